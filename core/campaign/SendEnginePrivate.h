#pragma once

// The private parts of SendEngine, shared by its two source files: the state of one job, one
// connection, one account and one running campaign. Not part of core's public interface.

#include <deque>
#include <limits>
#include <memory>
#include <optional>

#include "campaign/AccountHealth.h"
#include "campaign/CampaignMessages.h"
#include "campaign/ComposeAhead.h"
#include "campaign/RateLimiter.h"
#include "campaign/SendEngine.h"
#include "common/EmailAddress.h"
#include "smtp/MessageTransport.h"
#include "storage/AccountStore.h"

namespace hivepost::accounts {
class SettingsResolver;
}

namespace hivepost::campaign {

namespace engine {
constexpr qint64 Never = std::numeric_limits<qint64>::max();
constexpr int MaxRequeues = 5; // connection faults one message may meet before it is deferred
constexpr int QueueScan = 64;  // how far down the queue a domain-limited recipient may be passed over
constexpr int RecentErrorCount = 20;
} // namespace engine

struct SendEngine::Job {
    qint64 campaignId = 0;
    storage::ClaimedRecipient r;
    QString domain;
    QByteArray messageId;
    smtp::DataPayload message; // kept while in flight, and when it goes back to the queue
    QString token;
    qint64 startedMs = 0;
    int requeues = 0;
    bool requested = false; // handed to ComposeAhead
    bool marked = false;    // its "may be delivered" mark is durable
    bool held = false;      // its final "." waits for that mark
};

struct SendEngine::Connection {
    smtp::MessageTransport *client = nullptr; // from the engine's TransportFactory
    bool ready = false;
    bool closing = false;
    bool closed = false;
    int sent = 0;
    qint64 idleSince = 0;
    std::optional<Job> job;
    std::optional<Job> next; // its MAIL, RCPT and DATA went with job's final "." (pipelined)
    AccountSlot *slot = nullptr;
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
    AccountHealth health; // failures in a row, back-off, slow-down
    QString lastError;
    qint64 sent = 0;
    qint64 failed = 0;
    double handed = 0; // messages handed over, divided by the weight: the least-served account goes next
    double weight = 1;

    bool usable(qint64 now) const { return !paused && settings && !health.backingOff(now); }
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

namespace engine {

inline bool maySendAs(const storage::Account &a, const QString &from) {
    if (a.fromAddresses.isEmpty())
        return true;
    const QString domain = EmailAddress::domainOf(from);
    return std::any_of(a.fromAddresses.begin(), a.fromAddresses.end(), [&](const QString &allowed) {
        return allowed.compare(from, Qt::CaseInsensitive) == 0 ||
               (allowed.startsWith(u'@') && allowed.mid(1).compare(domain, Qt::CaseInsensitive) == 0);
    });
}

inline QString replyLine(const smtp::SmtpResult &r) {
    if (!r.errorString.isEmpty())
        return r.errorString;
    return QString::number(r.reply.code) + u' ' + QString::fromUtf8(r.reply.text());
}

} // namespace engine

} // namespace hivepost::campaign
