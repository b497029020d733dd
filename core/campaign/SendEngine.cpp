#include "campaign/SendEngine.h"

#include <algorithm>
#include <limits>

#include <QPointer>

#include "accounts/AccountSettings.h"
#include "accounts/SettingsResolver.h"
#include "campaign/CampaignMessages.h"
#include "campaign/ComposeAhead.h"
#include "campaign/LedgerWriter.h"
#include "campaign/RateLimiter.h"
#include "campaign/Verp.h"
#include "common/EmailAddress.h"
#include "smtp/SmtpClient.h"
#include "storage/AccountStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"

using namespace Qt::StringLiterals;
using hivepost::smtp::SmtpResult;
using hivepost::storage::LedgerState;
using hivepost::storage::stateName;

#include "campaign/SendEnginePrivate.h"

namespace hivepost::campaign {

using namespace engine;

SendEngine::SendEngine(storage::Database &db, const Clock &clock, const EngineOptions &options,
                       QObject *parent)
    : QObject(parent)
    , m_own([&db]() -> std::unique_ptr<storage::Database> {
        auto own = storage::Database::open(db.path());
        return own ? std::move(own).value() : nullptr;
    }())
    , m_db(m_own ? *m_own : db)
    , m_clock(clock)
    , m_options(options)
    , m_transports(&smtp::SmtpTransportFactory::instance())
    , m_pumpTimer(clock.createTimer()) {
    qRegisterMetaType<hivepost::campaign::StopReason>();
    m_ledger = std::make_unique<storage::LedgerStore>(m_db);
    m_writer = std::make_unique<LedgerWriter>(m_db, clock, options.flushIntervalMs);
    connect(m_writer.get(), &LedgerWriter::failed, this, &SendEngine::fatal);
    connect(m_pumpTimer.get(), &ClockTimer::timeout, this, &SendEngine::pump);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &SendEngine::onTick);
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        const QSet<qint64> dirty = std::exchange(m_progressDirty, {});
        for (qint64 id : dirty)
            Q_EMIT progressChanged(id);
    });
}

SendEngine::~SendEngine() {
    m_writer->flush();
    for (auto &slot : m_accounts) {
        for (auto &conn : slot->connections) {
            if (conn->client) {
                conn->client->disconnect(this);
                conn->client->abort();
            }
        }
    }
    for (auto &run : m_runs)
        (void)storage::CampaignStore(m_db).releaseRunner(run->info.id);
}

void SendEngine::setAccountSecret(qint64 accountId, const QString &secret) {
    m_secrets.insert(accountId, secret);
}

void SendEngine::setTransportFactory(smtp::TransportFactory *factory) {
    m_transports = factory ? factory : &smtp::SmtpTransportFactory::instance();
}

void SendEngine::setSecretStore(secrets::SecretStore *store) {
    m_secretStore = store;
}

void SendEngine::setDkimKey(const QString &domain, const QByteArray &pem) {
    m_dkimPems.insert(domain.toLower(), pem);
}

SendEngine::Run *SendEngine::runFor(qint64 campaignId) const {
    for (const auto &run : m_runs) {
        if (run->info.id == campaignId)
            return run.get();
    }
    return nullptr;
}

bool SendEngine::isRunning(qint64 campaignId) const {
    return runFor(campaignId) != nullptr;
}

void SendEngine::setRelayTracking(qint64 campaignId, const templating::RelayTracking &tracking) {
    m_relayTracking.insert(campaignId, tracking);
}

QList<qint64> SendEngine::runningCampaigns() const {
    QList<qint64> ids;
    for (const auto &run : m_runs)
        ids << run->info.id;
    return ids;
}

Result<void> SendEngine::start(const QString &campaignName) {
    storage::CampaignStore campaigns(m_db);
    auto info = campaigns.byName(campaignName);
    if (!info)
        return info.error();
    if (Run *existing = runFor(info->id)) {
        if (existing->phase == Run::Phase::Pausing) {
            existing->phase = Run::Phase::Running;
            stored(campaigns.setState(existing->info.id, u"running"_s));
            schedulePump();
        }
        return {};
    }
    if (info->state == u"done"_s)
        return makeError(ErrorCode::InvalidInput, tr("The campaign “%1” has been sent.").arg(info->name));
    if (info->state == u"cancelled"_s)
        return makeError(ErrorCode::InvalidInput, tr("The campaign “%1” was cancelled.").arg(info->name));

    auto run = std::make_unique<Run>();
    run->info = info.value();
    const auto tracking = m_relayTracking.constFind(info->id);
    if (info->relayId > 0 && tracking == m_relayTracking.constEnd())
        return makeError(
            ErrorCode::InvalidInput,
            tr("The campaign “%1” is tracked by a relay that has not been prepared.").arg(info->name));
    auto messages =
        CampaignMessages::load(m_db, info->templateName, info->fromAddress, info->name,
                               m_dkimPems.value(CampaignMessages::signingDomain(m_db, info->fromAddress)),
                               info->relayId > 0 ? &tracking.value() : nullptr);
    if (!messages)
        return messages.error();
    if (messages->fromAddress().isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            tr("The campaign has no sender address: give it one, or set the sender in Settings."));
    run->messages = std::make_shared<const CampaignMessages>(std::move(messages).value());
    run->envelopeFrom = run->messages->fromAddress();
    run->ahead = std::make_unique<ComposeAhead>(run->messages, info->id);
    connect(run->ahead.get(), &ComposeAhead::ready, this, [this] { schedulePump(); });

    // The accounts: the campaign's own, or every account; only those that may send as its From.
    auto accounts = storage::AccountStore(m_db).list();
    if (!accounts)
        return accounts.error();
    QStringList refused;
    for (const storage::Account &a : std::as_const(accounts.value())) {
        if (!info->accountIds.isEmpty() && !info->accountIds.contains(a.id))
            continue;
        if (!maySendAs(a, run->envelopeFrom)) {
            refused << a.name;
            continue;
        }
        run->accountIds << a.id;
    }
    if (run->accountIds.isEmpty()) {
        return makeError(ErrorCode::InvalidInput, refused.isEmpty()
                                                      ? tr("There is no account to send with: add one first.")
                                                      : tr("None of the accounts (%1) may send as %2.")
                                                            .arg(refused.join(u", "_s), run->envelopeFrom));
    }
    if (auto r = campaigns.acquireRunner(info->id); !r)
        return r;

    // What a crash left behind.
    auto recovered = m_ledger->recover(info->id);
    if (!recovered) {
        (void)campaigns.releaseRunner(info->id);
        return recovered.error();
    }
    if (recovered->first > 0 || recovered->second > 0)
        noteError(*run, tr("Recovered after an interruption: %1 to send again, %2 with an unknown outcome.")
                            .arg(recovered->first)
                            .arg(recovered->second));
    if (m_options.resendUnknown)
        stored(m_ledger->resendUnknown(info->id));
    auto counts = m_ledger->countsByState(info->id);
    if (!counts) {
        (void)campaigns.releaseRunner(info->id);
        return counts.error();
    }
    run->counts = counts.value();

    for (const storage::Account &a : std::as_const(accounts.value())) {
        if (run->accountIds.contains(a.id))
            loadAccount(a);
    }
    run->global = std::make_unique<RateLimiter>(RateLimits{info->maxRate, 0, 0, 0}, m_clock);
    for (auto it = info->domainLimits.cbegin(); it != info->domainLimits.cend(); ++it)
        run->domains.insert(it.key().toLower(),
                            std::make_shared<RateLimiter>(RateLimits{0, it.value(), 0, 0}, m_clock));
    run->startAtMs = info->startAt * 1000;
    run->phase = run->startAtMs > m_clock.nowMs() ? Run::Phase::Scheduled : Run::Phase::Running;
    stored(campaigns.setState(info->id, run->phase == Run::Phase::Scheduled ? u"scheduled"_s : u"running"_s));
    run->info.state = run->phase == Run::Phase::Scheduled ? u"scheduled"_s : u"running"_s;
    m_runs.push_back(std::move(run));
    if (!m_tick.isActive())
        m_tick.start();
    schedulePump();
    emitProgressSoon(info->id);
    return {};
}

SendEngine::AccountSlot *SendEngine::slotFor(qint64 accountId) const {
    for (const auto &slot : m_accounts) {
        if (slot->account.id == accountId)
            return slot.get();
    }
    return nullptr;
}

void SendEngine::pause(qint64 campaignId) {
    Run *run = runFor(campaignId);
    if (!run || run->phase == Run::Phase::Cancelling)
        return;
    run->phase = Run::Phase::Pausing;
    run->why = tr("Pausing: finishing the messages in flight.");
    schedulePump();
}

void SendEngine::cancel(qint64 campaignId) {
    Run *run = runFor(campaignId);
    if (!run) {
        // Not running here: cancel what is stored.
        storage::CampaignStore campaigns(m_db);
        if (auto who = campaigns.runner(campaignId); who && who->isEmpty()) {
            stored(m_ledger->cancelRemaining(campaignId));
            stored(campaigns.setState(campaignId, u"cancelled"_s));
        }
        return;
    }
    run->phase = Run::Phase::Cancelling;
    run->why = tr("Cancelling: finishing the messages in flight.");
    schedulePump();
}

void SendEngine::pauseAll() {
    for (const auto &run : m_runs)
        pause(run->info.id);
}

void SendEngine::wake() {
    pump();
}

void SendEngine::schedulePump(qint64 delayMs) {
    delayMs = std::clamp<qint64>(delayMs, 0, 3'600'000);
    if (m_pumpTimer->isActive() && m_pumpTimer->remainingMs() <= delayMs)
        return;
    m_pumpTimer->start(delayMs);
}

void SendEngine::pump() {
    if (m_pumping) { // a signal emitted while handing over: go round again afterwards
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    qint64 wakeIn = Never;
    do {
        m_pumpAgain = false;
        wakeIn = Never;
        pumpOnce(wakeIn);
    } while (m_pumpAgain);
    m_pumping = false;
    checkRuns();
    if (!m_runs.empty() && wakeIn != Never)
        schedulePump(wakeIn);
}

void SendEngine::pumpOnce(qint64 &wakeIn) {
    const qint64 now = m_clock.nowMs();
    // Closed connections go; their clients delete themselves.
    for (auto &slot : m_accounts) {
        std::erase_if(slot->connections, [](const auto &c) { return c->closed && !c->job; });
    }
    for (auto &run : m_runs) {
        if (run->phase == Run::Phase::Scheduled) {
            if (run->startAtMs > now) {
                wakeIn = std::min(wakeIn, run->startAtMs - now);
                continue;
            }
            run->phase = Run::Phase::Running;
            run->info.state = u"running"_s;
            stored(storage::CampaignStore(m_db).setState(run->info.id, u"running"_s));
        }
        if (run->phase != Run::Phase::Running)
            continue;
        if (run->exhausted && run->nextRetryAt > 0 && run->nextRetryAt <= now)
            run->exhausted = false;
        if (!run->exhausted && run->queue.size() < size_t(m_options.claimBatch / 2) && !refill(*run))
            return;
        if (run->exhausted && run->nextRetryAt > now)
            wakeIn = std::min(wakeIn, run->nextRetryAt - now);
    }

    // Hand messages to idle connections, the least-served account (by weight) first.
    std::vector<AccountSlot *> candidates;
    for (auto &slot : m_accounts) {
        if (slot->paused || !slot->settings)
            continue;
        const qint64 delay = slot->limiter->delayUntilNext();
        if (delay > 0) {
            wakeIn = std::min(wakeIn, delay);
            continue;
        }
        candidates.push_back(slot.get());
    }
    while (!candidates.empty()) {
        auto it = std::min_element(
            candidates.begin(), candidates.end(),
            [](const AccountSlot *a, const AccountSlot *b) { return a->handed < b->handed; });
        AccountSlot &slot = **it;
        Connection *idle = nullptr;
        for (auto &c : slot.connections) {
            if (c->ready && !c->closing && !c->closed && !c->job) {
                idle = c.get();
                break;
            }
        }
        if (!idle || !feed(slot, *idle, now, wakeIn)) {
            candidates.erase(it);
            continue;
        }
        if (const qint64 delay = slot.limiter->delayUntilNext(); delay > 0) {
            wakeIn = std::min(wakeIn, delay);
            candidates.erase(it);
        }
    }

    // Open connections where there is work and room; close idle ones where there is none.
    for (auto &slot : m_accounts) {
        size_t waiting = 0;
        for (const auto &run : m_runs) {
            if (run->phase == Run::Phase::Running && run->uses(*slot))
                waiting += run->queue.size();
        }
        if (slot->health.backingOff(now))
            wakeIn = std::min(wakeIn, slot->health.backoffUntil() - now);
        int open = 0;
        int idle = 0;
        for (const auto &c : slot->connections) {
            if (c->closed || c->closing)
                continue;
            ++open;
            if (!c->job && c->ready)
                ++idle;
        }
        if (waiting == 0) {
            if (m_runs.empty() || std::none_of(m_runs.begin(), m_runs.end(), [&](const auto &r) {
                    return r->uses(*slot) && r->phase != Run::Phase::Cancelling &&
                           r->phase != Run::Phase::Pausing;
                })) {
                for (auto &c : slot->connections) {
                    if (!c->job && !c->closed && !c->closing && c->ready) {
                        c->closing = true;
                        c->client->quit();
                    }
                }
            }
            continue;
        }
        if (!slot->usable(now) || idle > 0 || slot->limiter->delayUntilNext() > 2000)
            continue;
        const int opening = open - idle - slot->busy();
        const qint64 wanted = std::min<qint64>(qint64(waiting) - opening, slot->maxConnections - open);
        for (qint64 i = 0; i < wanted; ++i)
            openConnection(*slot);
    }
}

bool SendEngine::refill(Run &run) {
    auto claimed = m_ledger->claim(run.info.id, m_options.claimBatch, m_clock.nowMs());
    if (!claimed) {
        fatal(claimed.errorString());
        return false;
    }
    for (storage::ClaimedRecipient &r : claimed.value()) {
        --run.counts[stateName(r.wasDeferred ? LedgerState::Deferred : LedgerState::Pending)];
        ++run.counts[stateName(LedgerState::Sending)];
        Job job;
        job.campaignId = run.info.id;
        job.domain = EmailAddress::domainOf(r.email).toLower();
        job.r = std::move(r);
        run.queue.push_back(std::move(job));
    }
    composeAhead(run);
    if (claimed->size() < m_options.claimBatch) {
        run.exhausted = true;
        auto next = m_ledger->nextDeferredAt(run.info.id);
        run.nextRetryAt = next ? next.value() : 0;
    }
    return true;
}

bool SendEngine::feed(AccountSlot &slot, Connection &conn, qint64 now, qint64 &wakeIn, bool asNext) {
    if (m_runs.empty())
        return false;
    const int n = int(m_runs.size());
    for (int i = 0; i < n; ++i) {
        Run &run = *m_runs[size_t((m_nextRun + i) % n)];
        if (run.phase != Run::Phase::Running || !run.uses(slot) || run.queue.empty())
            continue;
        if (const qint64 delay = run.global->delayUntilNext(); delay > 0) {
            wakeIn = std::min(wakeIn, delay);
            continue;
        }
        // The first recipient whose domain may take a message now and whose message is made.
        auto pick = run.queue.end();
        const auto scanEnd = run.queue.begin() + std::min<qsizetype>(QueueScan, qsizetype(run.queue.size()));
        for (auto it = run.queue.begin(); it != scanEnd; ++it) {
            if (it->requested && it->message.isEmpty() && !run.ahead->isReady(it->r.id))
                continue; // still being composed: ready() pumps again
            const auto limiter = run.domains.constFind(it->domain);
            if (limiter == run.domains.constEnd()) {
                pick = it;
                break;
            }
            const qint64 delay = (*limiter)->delayUntilNext();
            if (delay == 0) {
                pick = it;
                break;
            }
            wakeIn = std::min(wakeIn, delay);
        }
        if (pick == run.queue.end())
            continue;
        Job job = std::move(*pick);
        run.queue.erase(pick);
        m_nextRun = (m_nextRun + i + 1) % n;
        send(slot, conn, run, std::move(job), now, asNext);
        return true;
    }
    return false;
}

void SendEngine::send(AccountSlot &slot, Connection &conn, Run &run, Job job, qint64 now, bool asNext) {
    slot.limiter->record();
    slot.handed += 1.0 / slot.weight;
    run.global->record();
    if (const auto limiter = run.domains.constFind(job.domain); limiter != run.domains.constEnd())
        (*limiter)->record();

    if (job.message.isEmpty()) {
        std::optional<ComposedMessage> made = job.requested ? run.ahead->take(job.r.id) : std::nullopt;
        if (!made)
            made = run.ahead->composeNow(job.r);
        if (!made->error.isEmpty()) {
            ++run.counts[stateName(LedgerState::Failed)];
            --run.counts[stateName(LedgerState::Sending)];
            storage::RecipientOutcome o;
            o.id = job.r.id;
            o.state = LedgerState::Failed;
            o.replyText = made->error;
            m_writer->record(o);
            noteError(run, tr("%1: %2").arg(job.r.email, made->error));
            return;
        }
        job.message = std::move(made->message);
        job.messageId = std::move(made->messageId);
        job.token = std::move(made->token);
    }
    composeAhead(run);
    smtp::Envelope envelope;
    // The token ComposeAhead made for the header: the HMAC is not computed twice.
    envelope.from = run.info.bounceDomain.isEmpty() ? run.envelopeFrom
                                                    : Verp::addressFor(job.token, run.info.bounceDomain);
    envelope.recipients = {job.r.email};
    envelope.envelopeId = job.token.toLatin1();
    job.startedMs = now;
    job.marked = false;
    job.held = false;
    const smtp::DataPayload message = job.message;
    (asNext ? conn.next : conn.job) = std::move(job);
    ++run.inFlight;
    if (asNext) {
        conn.client->sendNext(envelope, message); // marked when it becomes the one in flight
    } else {
        requestMark(slot, conn);
        conn.client->send(envelope, message);
    }
}

void SendEngine::onMessageFinished(AccountSlot &slot, Connection &conn, const SmtpResult &result) {
    if (!conn.job)
        return;
    Job job = std::move(*conn.job);
    conn.job = std::exchange(conn.next, std::nullopt); // in flight already: its MAIL went with the "."
    if (conn.job)
        requestMark(slot, conn);
    ++conn.sent;
    const qint64 now = m_clock.nowMs();
    conn.idleSince = now;
    Run *run = runFor(job.campaignId);
    if (!run)
        return;
    --run->inFlight;
    const Judgement j = DeliveryPolicy::judge(result);
    storage::RecipientOutcome o;
    o.id = job.r.id;
    o.accountId = slot.account.id;
    o.replyCode = result.reply.code;
    o.enhancedStatus = QString::fromLatin1(result.reply.enhanced);
    o.replyText = result.ok() ? QString::fromUtf8(result.reply.text()) : replyLine(result);
    o.messageId = QString::fromLatin1(job.messageId);
    o.replyMs = now - job.startedMs;
    Verdict verdict = j.verdict;
    if (verdict == Verdict::Requeue && ++job.requeues > MaxRequeues)
        verdict = Verdict::Deferred;
    switch (verdict) {
    case Verdict::Sent:
        o.state = LedgerState::Sent;
        ++slot.sent;
        ++run->perAccount[slot.account.id].first;
        slot.health.succeeded();
        run->recentSends.push_back(now);
        break;
    case Verdict::Requeue:
        run->queue.push_front(std::move(job));
        break;
    case Verdict::Deferred: {
        const qint64 since = job.r.deferredSince > 0 ? job.r.deferredSince : now;
        if (now - since >= m_options.retry.giveUpAfterMs) {
            o.state = LedgerState::Failed;
            o.replyText = tr("Gave up after %1 hours: %2")
                              .arg(m_options.retry.giveUpAfterMs / 3'600'000)
                              .arg(replyLine(result));
        } else {
            o.state = LedgerState::Deferred;
            o.deferredSince = since;
            o.nextAttemptAt = now + m_options.retry.delayAfter(job.r.attempts);
            if (run->nextRetryAt == 0 || o.nextAttemptAt < run->nextRetryAt)
                run->nextRetryAt = o.nextAttemptAt;
        }
        break;
    }
    case Verdict::Failed:
        o.state = LedgerState::Failed;
        break;
    case Verdict::Unknown:
        o.state = LedgerState::Unknown;
        break;
    }
    if (verdict != Verdict::Requeue) { // an outcome for the ledger
        --run->counts[stateName(LedgerState::Sending)];
        ++run->counts[stateName(o.state)];
        if (o.state == LedgerState::Failed) {
            ++slot.failed;
            ++run->perAccount[slot.account.id].second;
        }
        if (o.state != LedgerState::Sent)
            noteError(*run, tr("%1 (%2): %3").arg(job.r.email, slot.account.name, o.replyText));
        m_writer->record(o);
    } else {
        noteError(*run, tr("%1: %2 (the message goes out again)").arg(slot.account.name, replyLine(result)));
    }
    if (j.rateLimited) {
        if (result.reply.code == 421 ||
            (result.stage != SmtpResult::Stage::Rcpt && result.stage != SmtpResult::Stage::Data))
            slot.lastError = replyLine(result); // the account is slowed down: say why
        slowDown(slot, run,
                 result.stage == SmtpResult::Stage::Rcpt || result.stage == SmtpResult::Stage::Data
                     ? job.domain
                     : QString());
    }
    if (j.accountFault && !j.rateLimited)
        accountFailure(slot, result, j.pauseAccount);
    else if (j.accountFault)
        throttledAgain(slot, result, false);
    if (conn.sent >= slot.account.perConnection && !conn.job && !conn.closing && !conn.closed) {
        conn.closing = true;
        conn.client->quit();
    }
    emitProgressSoon(run->info.id);
    schedulePump();
}

} // namespace hivepost::campaign
