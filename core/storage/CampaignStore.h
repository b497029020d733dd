#pragma once

// CampaignStore: campaigns as the user sees them: their settings, their state (draft, scheduled,
// running, paused, cancelled, done), and their ledger rows and counts for status and reports. The
// ledger itself is written by LedgerStore. Use from the thread that opened the Database.

#include <optional>

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "common/Result.h"
#include "storage/LedgerState.h"

namespace hivepost::storage {

class Database;

// The recipient states of the ledger (LedgerState's names), in the order people read them.
const QStringList &ledgerStates();
// All recipients in counts by state, and those whose outcome is final (not pending, sending, deferred).
qint64 totalOf(const QHash<QString, qint64> &counts);
qint64 finishedOf(const QHash<QString, qint64> &counts);

// How much of a campaign to read: its row (settings and state), or also its lists, accounts and
// counts by state (a GROUP BY over its ledger: tenths of a second at a million recipients).
enum class CampaignDetail { Row, Full };

struct CampaignInfo {
    qint64 id = 0;
    QString name;
    QString templateName;
    QString fromAddress;
    QString bounceDomain;
    QString state;
    double maxRate = 0;
    qint64 startAt = 0; // seconds since the epoch
    QHash<QString, int> domainLimits;
    QList<qint64> listIds;
    QList<qint64> accountIds; // empty: every account
    qint64 relayId = 0;       // the hivepost-relay that tracks it; 0: none
    bool openTracking = true;
    bool clickTracking = true;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    QHash<QString, qint64> counts; // recipients by state
};

struct LedgerRow {
    qint64 id = 0;
    QString email;
    QString state;
    QString skipReason;
    QString account;
    int attempts = 0;
    int replyCode = 0;
    QString enhancedStatus;
    QString replyText;
    QString messageId;
    qint64 nextAttemptAt = 0; // ms
    qint64 sentAt = 0;        // ms
    qint64 updatedAt = 0;     // s
};

// Whom a ledger row was for, and in which campaign.
struct RecipientOrigin {
    qint64 campaignId = 0;
    QString campaign;
    qint64 recipientId = 0;
    qint64 contactId = 0;
    QString email;
};

struct AccountTally {
    QString account;
    qint64 sent = 0;
    qint64 failed = 0;
    qint64 deferred = 0;
    qint64 unknown = 0;
};

class CampaignStore {
    Q_DECLARE_TR_FUNCTIONS(CampaignStore)

public:
    explicit CampaignStore(Database &db);

    Result<QList<CampaignInfo>> list(CampaignDetail detail = CampaignDetail::Full) const; // newest first
    Result<CampaignInfo> byName(const QString &name, CampaignDetail detail = CampaignDetail::Full) const;
    Result<CampaignInfo> byId(qint64 id, CampaignDetail detail = CampaignDetail::Full) const;
    Result<void> setState(qint64 id, const QString &state);
    Result<QString> state(qint64 id) const;

    // Takes the right to send a campaign for this process. Fails when a live process holds it.
    Result<void> acquireRunner(qint64 id);
    Result<void> heartbeat(qint64 id);
    Result<void> releaseRunner(qint64 id);
    // Who sends it now ("host:pid"), or empty.
    Result<QString> runner(qint64 id) const;
    static QString thisRunner();

    // Ledger rows in id order; state empty: all.
    Result<QList<LedgerRow>> recipients(qint64 id, const QString &state, qint64 offset, int limit) const;
    Result<QList<AccountTally>> accountTallies(qint64 id) const;
    // The ledger row that sent a Message-ID, or the row recipientId of campaign campaignId; none
    // when there is no such row.
    Result<std::optional<RecipientOrigin>> recipientByMessageId(const QString &messageId) const;
    Result<std::optional<RecipientOrigin>> recipient(qint64 campaignId, qint64 recipientId) const;

private:
    Result<CampaignInfo> load(const QString &where, const QVariant &key, CampaignDetail detail) const;
    Database &m_db;
};

} // namespace hivepost::storage
