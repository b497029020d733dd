#include "campaign/SendEngine.h"

#include <algorithm>
#include <limits>

#include <QPointer>
#include <QSqlQuery>

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

namespace hivepost::campaign {

namespace {
constexpr qint64 Never = std::numeric_limits<qint64>::max();
constexpr int MaxRequeues = 5; // connection faults one message may meet before it is deferred
constexpr int QueueScan = 64;  // how far down the queue a domain-limited recipient may be passed over
constexpr int RecentErrorCount = 20;
} // namespace

struct SendEngine::Job {
    qint64 campaignId = 0;
    storage::ClaimedRecipient r;
    QString domain;
    QByteArray messageId;
    QByteArray message; // kept while in flight, and when it goes back to the queue
    QString token;
    qint64 startedMs = 0;
    int requeues = 0;
    bool requested = false; // handed to ComposeAhead
};

struct SendEngine::Connection {
    smtp::SmtpClient *client = nullptr;
    bool ready = false;
    bool closing = false;
    bool closed = false;
    int sent = 0;
    qint64 idleSince = 0;
    std::optional<Job> job;
};

struct SendEngine::AccountSlot {
    storage::Account account;
    std::optional<smtp::SmtpSettings> settings;
    accounts::SettingsResolver *resolver = nullptr;
    bool resolving = false;
    std::unique_ptr<RateLimiter> limiter;
    std::vector<std::unique_ptr<Connection>> connections;
    int maxConnections = 1;
    bool paused = false;
    qint64 backoffUntil = 0;
    int failuresInRow = 0;
    QString lastError;
    double slowdown = 1.0;
    qint64 lastSlowdownAt = 0;
    qint64 sent = 0;
    qint64 failed = 0;
    double handed = 0; // messages handed over, divided by the weight: the least-served account goes next
    double weight = 1;

    bool usable(qint64 now) const { return !paused && settings && backoffUntil <= now; }
    int busy() const {
        return int(std::count_if(connections.begin(), connections.end(),
                                 [](const auto &c) { return c->job.has_value(); }));
    }
};

struct SendEngine::Run {
    enum class Phase { Scheduled, Running, Pausing, Cancelling };
    storage::CampaignInfo info;
    std::shared_ptr<const CampaignMessages> messages;
    std::unique_ptr<ComposeAhead> ahead;
    QString envelopeFrom; // when there is no bounce domain
    Phase phase = Phase::Running;
    std::deque<Job> queue;
    bool exhausted = false;
    int inFlight = 0;
    std::unique_ptr<RateLimiter> global;
    QHash<QString, std::shared_ptr<RateLimiter>> domains;
    QHash<QString, qint64> counts;
    std::deque<qint64> recentSends;
    QStringList errors;
    QString why;
    qint64 nextRetryAt = 0;
    qint64 startAtMs = 0;
    QList<qint64> accountIds;
    QHash<qint64, QPair<qint64, qint64>> perAccount; // sent, failed

    bool uses(const AccountSlot &slot) const { return accountIds.contains(slot.account.id); }
};

namespace {

bool maySendAs(const storage::Account &a, const QString &from) {
    if (a.fromAddresses.isEmpty())
        return true;
    const QString domain = EmailAddress::domainOf(from);
    return std::any_of(a.fromAddresses.begin(), a.fromAddresses.end(), [&](const QString &allowed) {
        return allowed.compare(from, Qt::CaseInsensitive) == 0 ||
               (allowed.startsWith(u'@') && allowed.mid(1).compare(domain, Qt::CaseInsensitive) == 0);
    });
}

QString replyLine(const SmtpResult &r) {
    if (!r.errorString.isEmpty())
        return r.errorString;
    return QString::number(r.reply.code) + u' ' + QString::fromUtf8(r.reply.text());
}

} // namespace

SendEngine::SendEngine(storage::Database &db, const Clock &clock, const EngineOptions &options,
                       QObject *parent)
    : QObject(parent)
    , m_own([&db]() -> std::unique_ptr<storage::Database> {
        auto own = storage::Database::open(db.path());
        return own ? std::move(own).value() : nullptr;
    }())
    , m_db(m_own ? *m_own : db)
    , m_clock(clock)
    , m_options(options) {
    qRegisterMetaType<hivepost::campaign::SendEngine::StopReason>();
    m_ledger = std::make_unique<storage::LedgerStore>(m_db);
    m_writer = std::make_unique<LedgerWriter>(m_db, clock, options.flushIntervalMs);
    connect(m_writer.get(), &LedgerWriter::failed, this, &SendEngine::fatal);
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &SendEngine::pump);
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
    auto messages = CampaignMessages::load(m_db, info->templateName, info->fromAddress, info->name);
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

void SendEngine::loadAccount(const storage::Account &account) {
    if (slotFor(account.id))
        return;
    auto slot = std::make_unique<AccountSlot>();
    slot->account = account;
    slot->maxConnections = std::max(1, account.connections);
    slot->weight = account.perSecond > 0 ? account.perSecond : double(slot->maxConnections);
    // The lowest share so far, so that a new account does not take everything until it catches up.
    for (const auto &other : m_accounts)
        slot->handed = std::max(slot->handed, other->handed);
    slot->limiter = std::make_unique<RateLimiter>(
        RateLimits{account.perSecond, account.perMinute, account.perHour, account.perDay}, m_clock);
    if (account.perMinute > 0 || account.perHour > 0 || account.perDay > 0) {
        // Budgets count what was already sent, by any campaign, before this start.
        if (auto times = m_ledger->sentTimes(account.id, m_clock.nowMs() - 24 * 3600'000); times)
            slot->limiter->seed(std::move(times).value());
    }
    AccountSlot *raw = slot.get();
    if (m_secrets.contains(account.id)) {
        auto settings = accounts::smtpSettings(account, m_secrets.value(account.id));
        if (settings)
            raw->settings = settings.value();
        else
            pauseAccount(*raw, settings.errorString());
    } else {
        raw->resolver = new accounts::SettingsResolver(this);
        raw->resolving = true;
        connect(raw->resolver, &accounts::SettingsResolver::resolved, this,
                [this, raw](const smtp::SmtpSettings &settings) {
                    raw->resolving = false;
                    raw->settings = settings;
                    schedulePump();
                });
        connect(raw->resolver, &accounts::SettingsResolver::failed, this, [this, raw](const QString &why) {
            raw->resolving = false;
            pauseAccount(*raw, why);
            schedulePump();
        });
        raw->resolver->resolve(account);
    }
    m_accounts.push_back(std::move(slot));
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
    if (m_pumpTimer.isActive() && m_pumpTimer.remainingTime() <= delayMs)
        return;
    m_pumpTimer.start(int(delayMs));
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
        if (slot->backoffUntil > now)
            wakeIn = std::min(wakeIn, slot->backoffUntil - now);
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
        --run.counts[r.wasDeferred ? u"deferred"_s : u"pending"_s];
        ++run.counts[u"sending"_s];
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

bool SendEngine::feed(AccountSlot &slot, Connection &conn, qint64 now, qint64 &wakeIn) {
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
        send(slot, conn, run, std::move(job), now);
        return true;
    }
    return false;
}

void SendEngine::send(AccountSlot &slot, Connection &conn, Run &run, Job job, qint64 now) {
    slot.limiter->record();
    slot.handed += 1.0 / slot.weight;
    run.global->record();
    if (const auto limiter = run.domains.constFind(job.domain); limiter != run.domains.constEnd())
        (*limiter)->record();

    const VerpIds ids{run.info.id, job.r.id};
    if (job.message.isEmpty()) {
        std::optional<ComposedMessage> made = job.requested ? run.ahead->take(job.r.id) : std::nullopt;
        if (!made)
            made = run.ahead->composeNow(job.r);
        if (!made->error.isEmpty()) {
            ++run.counts[u"failed"_s];
            --run.counts[u"sending"_s];
            storage::RecipientOutcome o;
            o.id = job.r.id;
            o.state = u"failed"_s;
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
    envelope.from = run.info.bounceDomain.isEmpty()
                        ? run.envelopeFrom
                        : Verp::address(ids, run.messages->verpSecret(), run.info.bounceDomain);
    envelope.recipients = {job.r.email};
    envelope.envelopeId = job.token.toLatin1();
    job.startedMs = now;
    const QByteArray message = job.message;
    conn.job = std::move(job);
    ++run.inFlight;
    conn.client->send(envelope, message);
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

void SendEngine::openConnection(AccountSlot &slot) {
    auto conn = std::make_unique<Connection>();
    Connection *c = conn.get();
    AccountSlot *s = &slot;
    c->client = new smtp::SmtpClient(*slot.settings, this);
    c->client->setDataEndGate(true);
    connect(c->client, &smtp::SmtpClient::ready, this, [this, c] {
        c->ready = true;
        c->idleSince = m_clock.nowMs();
        schedulePump();
    });
    connect(c->client, &smtp::SmtpClient::dataEndHeld, this, [this, c] {
        if (!c->job)
            return;
        QPointer<smtp::SmtpClient> client = c->client;
        m_writer->releaseAfterCommit(c->job->r.id, [client] {
            if (client)
                client->releaseDataEnd();
        });
    });
    connect(c->client, &smtp::SmtpClient::messageFinished, this,
            [this, s, c](const SmtpResult &result) { onMessageFinished(*s, *c, result); });
    connect(c->client, &smtp::SmtpClient::connectionFailed, this,
            [this, s, c](const SmtpResult &result) { onConnectionFailed(*s, result); });
    connect(c->client, &smtp::SmtpClient::closed, this, [this, c] {
        c->closed = true;
        c->client->disconnect(this);
        c->client->deleteLater();
        c->client = nullptr;
        schedulePump();
    });
    slot.connections.push_back(std::move(conn));
    c->client->connectToServer();
}

void SendEngine::onMessageFinished(AccountSlot &slot, Connection &conn, const SmtpResult &result) {
    if (!conn.job)
        return;
    Job job = std::move(*conn.job);
    conn.job.reset();
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
        o.state = u"sent"_s;
        ++slot.sent;
        ++run->perAccount[slot.account.id].first;
        slot.failuresInRow = 0;
        run->recentSends.push_back(now);
        break;
    case Verdict::Requeue:
        run->queue.push_front(std::move(job));
        break;
    case Verdict::Deferred: {
        const qint64 since = job.r.deferredSince > 0 ? job.r.deferredSince : now;
        if (now - since >= m_options.retry.giveUpAfterMs) {
            o.state = u"failed"_s;
            o.replyText = tr("Gave up after %1 hours: %2")
                              .arg(m_options.retry.giveUpAfterMs / 3'600'000)
                              .arg(replyLine(result));
        } else {
            o.state = u"deferred"_s;
            o.deferredSince = since;
            o.nextAttemptAt = now + m_options.retry.delayAfter(job.r.attempts);
            if (run->nextRetryAt == 0 || o.nextAttemptAt < run->nextRetryAt)
                run->nextRetryAt = o.nextAttemptAt;
        }
        break;
    }
    case Verdict::Failed:
        o.state = u"failed"_s;
        break;
    case Verdict::Unknown:
        o.state = u"unknown"_s;
        break;
    }
    if (!o.state.isEmpty()) {
        --run->counts[u"sending"_s];
        ++run->counts[o.state];
        if (o.state == u"failed"_s) {
            ++slot.failed;
            ++run->perAccount[slot.account.id].second;
        }
        if (o.state != u"sent"_s)
            noteError(*run, tr("%1 (%2): %3").arg(job.r.email, slot.account.name, o.replyText));
        m_writer->record(o);
    } else {
        noteError(*run, tr("%1: %2 (the message goes out again)").arg(slot.account.name, replyLine(result)));
    }
    if (j.rateLimited)
        slowDown(slot, run,
                 result.stage == SmtpResult::Stage::Rcpt || result.stage == SmtpResult::Stage::Data
                     ? job.domain
                     : QString());
    if (j.accountFault && !j.rateLimited)
        accountFailure(slot, result, j.pauseAccount);
    if (conn.sent >= slot.account.perConnection && !conn.closing && !conn.closed) {
        conn.closing = true;
        conn.client->quit();
    }
    emitProgressSoon(run->info.id);
    schedulePump();
}

void SendEngine::onConnectionFailed(AccountSlot &slot, const SmtpResult &result) {
    if (slot.paused)
        return; // its connections closing: the reason it was paused stands
    if (DeliveryPolicy::isRateLimited(result.reply)) {
        // "421 too many connections": fewer connections from now on, and a short pause.
        const int open = int(std::count_if(slot.connections.begin(), slot.connections.end(),
                                           [](const auto &c) { return c->ready && !c->closed; }));
        slot.maxConnections = std::max(1, std::min(slot.maxConnections - 1, std::max(open, 1)));
        slot.backoffUntil = m_clock.nowMs() + 5'000;
        slot.lastError = replyLine(result);
        slowDown(slot, nullptr, QString());
        schedulePump();
        return;
    }
    accountFailure(slot, result, result.status == SmtpResult::Status::Permanent);
    schedulePump();
}

void SendEngine::accountFailure(AccountSlot &slot, const SmtpResult &result, bool pause) {
    slot.lastError = replyLine(result);
    ++slot.failuresInRow;
    if (pause || slot.failuresInRow >= m_options.maxConnectionFailures) {
        pauseAccount(slot, slot.lastError);
        return;
    }
    // One dropped connection is common: the next one may start at once. Then 30 s, 60 s, ... 10 min.
    const qint64 backoff =
        slot.failuresInRow < 2
            ? 0
            : std::min(m_options.maxBackoffMs, m_options.backoffMs << std::min(slot.failuresInRow - 2, 20));
    slot.backoffUntil = m_clock.nowMs() + backoff;
}

void SendEngine::pauseAccount(AccountSlot &slot, const QString &why) {
    slot.paused = true;
    slot.lastError = why;
    for (auto &run : m_runs) {
        if (run->uses(slot))
            noteError(*run, tr("Account %1 is paused: %2").arg(slot.account.name, why));
    }
    for (auto &c : slot.connections) {
        if (!c->job && !c->closed && !c->closing && c->client) {
            c->closing = true;
            c->client->quit();
        }
    }
}

void SendEngine::slowDown(AccountSlot &slot, Run *run, const QString &domain) {
    const qint64 now = m_clock.nowMs();
    if (!domain.isEmpty() && run) {
        auto &limiter = run->domains[domain];
        if (!limiter)
            limiter = std::make_shared<RateLimiter>(RateLimits{}, m_clock);
        limiter->setSlowdown(2.0);
        return;
    }
    if (now - slot.lastSlowdownAt < 1000)
        return; // one event, many replies
    slot.lastSlowdownAt = now;
    slot.slowdown = std::min(64.0, slot.slowdown * 2);
    slot.limiter->setSlowdown(slot.slowdown);
}

void SendEngine::onTick() {
    const qint64 now = m_clock.nowMs();
    // Ramp back up after a slow-down, a step every 30 s without another.
    for (auto &slot : m_accounts) {
        if (slot->slowdown > 1.0 && now - slot->lastSlowdownAt >= 30'000) {
            slot->slowdown = std::max(1.0, slot->slowdown / 1.5);
            slot->limiter->setSlowdown(slot->slowdown);
            slot->lastSlowdownAt = now;
        }
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
    for (auto it = run.counts.cbegin(); it != run.counts.cend(); ++it)
        p.total += it.value();
    const qint64 now = m_clock.nowMs();
    const qint64 from = now - 60'000;
    const auto first = std::upper_bound(run.recentSends.begin(), run.recentSends.end(), from);
    const qint64 inMinute = run.recentSends.end() - first;
    if (inMinute > 0) {
        const qint64 span = std::max<qint64>(1000, now - *first);
        p.ratePerSecond = double(inMinute) * 1000.0 / double(span);
    }
    const qint64 remaining =
        run.counts.value(u"pending"_s) + run.counts.value(u"sending"_s) + run.counts.value(u"deferred"_s);
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
        a.slowdown = slot->slowdown;
        a.status = slot->paused               ? u"paused"_s
                   : slot->resolving          ? u"resolving"_s
                   : slot->backoffUntil > now ? u"backoff"_s
                   : slot->busy() > 0         ? u"sending"_s
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

} // namespace hivepost::campaign
