#include <QDateTime>
#include <QPointer>

#include "accounts/AccountSettings.h"
#include "accounts/SettingsResolver.h"
#include "campaign/DeliveryPolicy.h"
#include "campaign/LedgerWriter.h"
#include "campaign/SendEngine.h"
#include "campaign/SendEnginePrivate.h"
#include "storage/CampaignStore.h"
#include "storage/LedgerStore.h"

using namespace Qt::StringLiterals;
using hivepost::smtp::SmtpResult;

// SendEngine, its runs seen from outside: the end of a run (completed, paused, cancelled, failed),
// what other processes asked for, the once-a-second tick, and progress reports. (Accounts are in
// SendEngineAccounts.cpp, connections in SendEngineConnections.cpp.)

namespace hivepost::campaign {

using namespace engine;

void SendEngine::onTick() {
    const qint64 now = m_clock.nowMs();
    // Ramp back up after a slow-down, a step every 30 s without another.
    for (auto &slot : m_accounts) {
        if (slot->health.rampUp(now))
            slot->limiter->setSlowdown(slot->health.slowdown());
        for (auto &c : slot->connections) {
            if (c->ready && !c->job && !c->closing && !c->closed &&
                now - c->idleSince > m_options.idleConnectionMs) {
                c->closing = true;
                c->client->quit();
            }
        }
    }
    pollExternalState();
    schedulePump();
}

void SendEngine::pollExternalState() {
    storage::CampaignStore campaigns(m_db);
    for (auto &run : m_runs) {
        (void)campaigns.heartbeat(run->info.id);
        auto stored = campaigns.state(run->info.id);
        if (!stored)
            continue;
        // Another process (the CLI) paused or cancelled it.
        if (stored.value() == u"paused"_s && run->phase == Run::Phase::Running)
            pause(run->info.id);
        else if (stored.value() == u"cancelled"_s && run->phase != Run::Phase::Cancelling)
            cancel(run->info.id);
    }
}

void SendEngine::noteError(Run &run, const QString &text) {
    run.errors.append(QDateTime::fromMSecsSinceEpoch(m_clock.nowMs()).toString(u"HH:mm:ss"_s) + u"  "_s +
                      text);
    while (run.errors.size() > RecentErrorCount)
        run.errors.removeFirst();
}

void SendEngine::emitProgressSoon(qint64 campaignId) {
    m_progressDirty.insert(campaignId);
    if (!m_progressTimer.isActive())
        m_progressTimer.start();
}

CampaignProgress SendEngine::snapshot(const Run &run, const QString &state, const QString &why) const {
    CampaignProgress p;
    p.id = run.info.id;
    p.name = run.info.name;
    p.state = state;
    p.why = why;
    p.counts = run.counts;
    p.total = storage::totalOf(run.counts);
    // "sending" in the ledger includes the batch claimed ahead; people mean the messages in flight.
    const QString &sending = storage::stateName(storage::LedgerState::Sending);
    const QString &pending = storage::stateName(storage::LedgerState::Pending);
    const qint64 claimedAhead = std::max<qint64>(0, run.counts.value(sending) - run.inFlight);
    p.counts[sending] = run.counts.value(sending) - claimedAhead;
    p.counts[pending] = run.counts.value(pending) + claimedAhead;
    const qint64 now = m_clock.nowMs();
    const qint64 from = now - 60'000;
    const auto first = std::upper_bound(run.recentSends.begin(), run.recentSends.end(), from);
    const qint64 inMinute = run.recentSends.end() - first;
    if (inMinute > 0) {
        const qint64 span = std::max<qint64>(1000, now - *first);
        p.ratePerSecond = double(inMinute) * 1000.0 / double(span);
    }
    const qint64 remaining = p.total - storage::finishedOf(run.counts);
    if (p.ratePerSecond > 0)
        p.etaSeconds = qint64(double(remaining) / p.ratePerSecond);
    else if (remaining == 0)
        p.etaSeconds = 0;
    p.nextRetryAt = run.nextRetryAt;
    for (const auto &slot : m_accounts) {
        if (!run.uses(*slot))
            continue;
        AccountProgress a;
        a.id = slot->account.id;
        a.name = slot->account.name;
        a.lastError = slot->lastError;
        a.sent = run.perAccount.value(slot->account.id).first;
        a.failed = run.perAccount.value(slot->account.id).second;
        a.connections = int(std::count_if(slot->connections.begin(), slot->connections.end(),
                                          [](const auto &c) { return !c->closed; }));
        a.slowdown = slot->health.slowdown();
        a.status = slot->paused                                              ? u"paused"_s
                   : slot->resolving                                         ? u"resolving"_s
                   : slot->health.backingOff(now)                            ? u"backoff"_s
                   : slot->busy() > 0 || slot->limiter->sentWithin(3000) > 0 ? u"sending"_s
                                                                             : u"idle"_s;
        p.accounts << a;
    }
    p.recentErrors = run.errors;
    return p;
}

CampaignProgress SendEngine::progress(qint64 campaignId) const {
    if (const Run *run = runFor(campaignId)) {
        QString state;
        switch (run->phase) {
        case Run::Phase::Scheduled:
            state = u"scheduled"_s;
            break;
        case Run::Phase::Running:
            state = run->exhausted && run->queue.empty() && run->inFlight == 0 ? u"waiting"_s : u"running"_s;
            break;
        case Run::Phase::Pausing:
            state = u"pausing"_s;
            break;
        case Run::Phase::Cancelling:
            state = u"cancelling"_s;
            break;
        }
        return snapshot(*run, state, run->why);
    }
    return m_lastProgress.value(campaignId);
}

void SendEngine::checkRuns() {
    const qint64 now = m_clock.nowMs();
    for (size_t i = 0; i < m_runs.size(); ++i) {
        Run &run = *m_runs[i];
        if (run.phase == Run::Phase::Pausing || run.phase == Run::Phase::Cancelling) {
            if (run.inFlight > 0)
                continue;
            QList<qint64> ids;
            for (const Job &job : run.queue)
                ids << job.r.id;
            m_writer->flush();
            stored(m_ledger->release(ids));
            if (run.phase == Run::Phase::Cancelling) {
                stored(m_ledger->cancelRemaining(run.info.id));
                finishRun(run.info.id, StopReason::Cancelled, tr("Cancelled."));
            } else {
                finishRun(run.info.id, StopReason::Paused, run.why.isEmpty() ? tr("Paused.") : run.why);
            }
            return checkRuns(); // m_runs changed
        }
        if (run.phase != Run::Phase::Running)
            continue;
        // No account left that can send: pause, and say why.
        bool anyAccount = false;
        QStringList reasons;
        for (const auto &slot : m_accounts) {
            if (!run.uses(*slot))
                continue;
            if (!slot->paused)
                anyAccount = true;
            else
                reasons << slot->account.name + u": "_s + slot->lastError;
        }
        if (!anyAccount) {
            run.phase = Run::Phase::Pausing;
            run.why = tr("No account can send. %1").arg(reasons.join(u"; "_s));
            return checkRuns();
        }
        if (!run.queue.empty() || run.inFlight > 0 || !run.exhausted)
            continue;
        if (!m_writer->flush())
            return;
        auto next = m_ledger->nextDeferredAt(run.info.id);
        if (!next) {
            fatal(next.errorString());
            return;
        }
        run.nextRetryAt = next.value();
        if (run.nextRetryAt == 0) {
            finishRun(run.info.id, StopReason::Completed, tr("Every recipient has been sent to."));
            return checkRuns();
        }
        if (m_options.stopWhenOnlyDeferred) {
            finishRun(run.info.id, StopReason::DeferredOnly,
                      tr("Only deferred recipients remain; the next retry is due at %1.")
                          .arg(QDateTime::fromMSecsSinceEpoch(run.nextRetryAt).toString(Qt::ISODate)));
            return checkRuns();
        }
        run.why = tr("Waiting to retry deferred recipients at %1.")
                      .arg(QDateTime::fromMSecsSinceEpoch(run.nextRetryAt).toString(Qt::ISODate));
        schedulePump(std::max<qint64>(0, run.nextRetryAt - now));
    }
}

void SendEngine::finishRun(qint64 campaignId, StopReason reason, const QString &why) {
    auto it =
        std::find_if(m_runs.begin(), m_runs.end(), [&](const auto &r) { return r->info.id == campaignId; });
    if (it == m_runs.end())
        return;
    std::unique_ptr<Run> run = std::move(*it);
    m_runs.erase(it);
    m_writer->flush();
    storage::CampaignStore campaigns(m_db);
    const QString state = reason == StopReason::Completed   ? u"done"_s
                          : reason == StopReason::Paused    ? u"paused"_s
                          : reason == StopReason::Cancelled ? u"cancelled"_s
                                                            : u"running"_s;
    stored(campaigns.setState(campaignId, state));
    stored(campaigns.releaseRunner(campaignId));
    m_lastProgress.insert(campaignId, snapshot(*run, state, why));
    if (m_runs.empty())
        m_tick.stop();
    schedulePump();
    Q_EMIT progressChanged(campaignId);
    Q_EMIT stopped(campaignId, reason, why);
}

void SendEngine::fatal(const QString &why) {
    if (!m_fatal.isNull())
        return;
    m_fatal = why.isEmpty() ? tr("unknown error") : why;
    // Not from under a caller that is walking the runs.
    QMetaObject::invokeMethod(
        this, [this] { failAll(m_fatal); }, Qt::QueuedConnection);
}

void SendEngine::failAll(const QString &why) {
    const std::vector<qint64> ids = [this] {
        std::vector<qint64> out;
        for (const auto &r : m_runs)
            out.push_back(r->info.id);
        return out;
    }();
    for (auto &slot : m_accounts) {
        for (auto &c : slot->connections) {
            if (c->client && !c->closed) {
                c->job.reset();
                c->client->abort();
            }
        }
    }
    for (qint64 id : ids) {
        auto it = std::find_if(m_runs.begin(), m_runs.end(), [&](const auto &r) { return r->info.id == id; });
        if (it == m_runs.end())
            continue;
        std::unique_ptr<Run> run = std::move(*it);
        m_runs.erase(it);
        (void)storage::CampaignStore(m_db).releaseRunner(id);
        m_lastProgress.insert(id, snapshot(*run, u"paused"_s, why));
        Q_EMIT stopped(id, StopReason::Error, tr("The ledger cannot be written: %1").arg(why));
    }
    m_tick.stop();
}

void SendEngine::composeAhead(Run &run) {
    // Enough for every connection to find its next message made, and some for the domain limits.
    int connections = 0;
    for (const auto &slot : m_accounts) {
        if (run.uses(*slot))
            connections += slot->maxConnections;
    }
    const qsizetype lookahead = std::min<qsizetype>(qsizetype(run.queue.size()), 2 * connections + 16);
    QList<storage::ClaimedRecipient> batch;
    for (qsizetype i = 0; i < lookahead; ++i) {
        Job &job = run.queue[size_t(i)];
        if (job.requested || !job.message.isEmpty())
            continue;
        job.requested = true;
        batch.append(job.r);
    }
    if (!batch.isEmpty())
        run.ahead->request(batch);
}

} // namespace hivepost::campaign
