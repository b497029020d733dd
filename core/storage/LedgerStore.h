#pragma once

// LedgerStore: a campaign's durable per-recipient ledger. Recipients are written once from the
// campaign's lists (suppressed, unsubscribed and bounced contacts as skipped, each address once);
// the engine claims a batch (pending, or deferred and due) as "sending" in one transaction before
// any of it reaches a connection, and records the outcomes in batches. After a crash, recover()
// puts claimed rows whose data never went out back to pending and marks those whose final reply
// was lost as unknown. Use from the thread that opened the Database, and destroy it before the
// Database: record() keeps its prepared statements.

#include <deque>
#include <memory>

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include "common/Result.h"
#include "storage/LedgerState.h"

namespace hivepost::storage {

class Database;
class SqliteStatement;

struct CampaignSpec {
    QString name;
    QString templateName;
    QList<qint64> listIds;
    QList<qint64> accountIds;
    QString fromAddress;
    QString bounceDomain;
    double maxRate = 0;
    QHash<QString, int> domainLimits; // recipient domain -> messages per minute
    qint64 startAt = 0;               // seconds since the epoch; 0: when started
    qint64 relayId = 0;               // the hivepost-relay that tracks it; 0: none
    bool openTracking = true;         // with a relay only
    bool clickTracking = true;
};

struct ClaimedRecipient {
    qint64 id = 0;
    qint64 contactId = 0;
    QString email;
    int attempts = 0;
    QString name;
    QString firstName;
    QString lastName;
    QByteArray fields; // the contact's custom fields, JSON
    qint64 deferredSince = 0;
    bool wasDeferred = false; // claimed from deferred (not pending)
};

struct RecipientOutcome {
    qint64 id = 0;
    // Sent, Failed, Deferred, Unknown, or Pending (handed back, not the recipient's fault).
    LedgerState state = LedgerState::Pending;
    qint64 accountId = 0;
    int replyCode = 0;
    QString enhancedStatus;
    QString replyText;
    QString messageId;
    qint64 nextAttemptAt = 0; // for deferred
    qint64 deferredSince = 0; // for deferred: when it was first deferred (ms)
    qint64 replyMs = 0;       // how long the transaction took
};

// The mark that a recipient's final "." is about to be written, with the account that writes it (so
// that an outcome lost in a crash still belongs to its account).
struct DataSentMark {
    DataSentMark(qint64 id, qint64 account = 0)
        : recipientId(id)
        , accountId(account) {}
    qint64 recipientId = 0;
    qint64 accountId = 0;
};

class LedgerStore {
    Q_DECLARE_TR_FUNCTIONS(LedgerStore)

public:
    explicit LedgerStore(Database &db);
    ~LedgerStore();
    LedgerStore(const LedgerStore &) = delete;
    LedgerStore &operator=(const LedgerStore &) = delete;

    // Who a campaign to these lists would mail (each address once) and how many it would skip
    // (unsubscribed, bounced, complained or suppressed), without creating anything.
    Result<QPair<qint64, qint64>> audience(const QList<qint64> &listIds) const;
    // For each field (a standard contact field or a custom one), how many of those the campaign
    // would mail have no value for it, in the order given.
    Result<QList<qint64>> emptyValues(const QList<qint64> &listIds, const QStringList &fields) const;

    // Creates the campaign and its ledger in one transaction; returns the campaign id.
    Result<qint64> create(const CampaignSpec &spec);

    // Up to limit recipients that may go now (deferred ones that are due first, then pending ones in
    // order), marked sending: durable when this returns.
    Result<QList<ClaimedRecipient>> claim(qint64 campaignId, int limit, qint64 nowMs);
    // Claimed recipients that were not sent after all (a pause): pending again.
    Result<void> release(const QList<qint64> &recipientIds);
    // Outcomes, and (in the same transaction) the final "." of dataSent is about to be written.
    Result<void> record(const QList<RecipientOutcome> &outcomes, qint64 nowMs,
                        const QList<DataSentMark> &dataSent = {});
    // After a crash: returns how many went back to pending and how many became unknown.
    Result<QPair<int, int>> recover(qint64 campaignId);
    // The user chose to resend the unknown ones (they may receive the message twice).
    Result<int> resendUnknown(qint64 campaignId);
    // A cancelled campaign: whoever has not been sent to is skipped ("cancelled").
    Result<int> cancelRemaining(qint64 campaignId);
    // The earliest time (ms) a deferred recipient is due; 0 when none is deferred.
    Result<qint64> nextDeferredAt(qint64 campaignId) const;
    // The send times (ms) of what an account had accepted since sinceMs, across campaigns.
    Result<std::deque<qint64>> sentTimes(qint64 accountId, qint64 sinceMs) const;

    Result<QHash<QString, qint64>> countsByState(qint64 campaignId) const;

private:
    // SQL conditions on contacts c: in one of the lists; mailed by a campaign (create()'s rules).
    static QString inLists(const QList<qint64> &listIds);
    QString mailed() const;

    Database &m_db;
    std::unique_ptr<SqliteStatement> m_markSent; // record()'s statements, prepared on first use
    std::unique_ptr<SqliteStatement> m_outcome;
};

} // namespace hivepost::storage
