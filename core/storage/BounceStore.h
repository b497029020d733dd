#pragma once

// BounceStore: the bounce log (table bounces): every bounce, complaint, auto-reply and unsubscribe
// e-mail, where it came from, and what was done about it, so that it can be undone. Also the SMTP-time
// refusals of campaign ledgers that are not in the log yet. Use from the thread that opened the Database.

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct BounceEvent {
    qint64 id = 0;
    qint64 receivedAt = 0; // Unix ms
    QString source;        // smtp, mailbox, file
    QString email;
    qint64 campaignId = 0;
    QString campaign; // name, when listed
    qint64 recipientId = 0;
    qint64 contactId = 0;
    QString kind; // bounce, complaint, autoreply, unsubscribe
    QString reason;
    bool hard = false;
    QString status;
    int replyCode = 0;
    QString diagnostic;
    QString feedbackType;
    QString evidence;
    QString action = QStringLiteral("none"); // suppressed, unsubscribed, none
    QString previousStatus;                  // the contact's status before the action
    QString suppressed;                      // the pattern this event added to the suppression list
    qint64 undoneAt = 0;
};

struct BounceFilter {
    qint64 campaignId = 0; // 0: all
    QString reason;        // empty: all
    int hard = -1;         // -1 all, 0 soft, 1 hard
    qint64 sinceMs = 0;
    int limit = 10000;
};

// A refusal in a campaign ledger (state failed, or deferred with a reply), not yet in the log.
struct LedgerRefusal {
    qint64 recipientId = 0;
    qint64 campaignId = 0;
    qint64 contactId = 0;
    QString email;
    int replyCode = 0;
    QString enhancedStatus;
    QString replyText;
    QString state;
    qint64 updatedAtMs = 0;
};

class BounceStore {
    Q_DECLARE_TR_FUNCTIONS(BounceStore)

public:
    explicit BounceStore(Database &db);

    // The new id; 0 when an SMTP refusal was logged before.
    Result<qint64> add(const BounceEvent &e);
    Result<bool> setAction(qint64 id, const QString &action, const QString &previousStatus,
                           const QString &suppressed);
    Result<bool> markUndone(qint64 id, qint64 nowMs);
    Result<QList<BounceEvent>> list(const BounceFilter &filter) const;
    Result<BounceEvent> byId(qint64 id) const;
    // Soft bounces of the address since then that are not undone.
    Result<int> softBounces(const QString &email, qint64 sinceMs) const;
    Result<QList<LedgerRefusal>> unloggedRefusals(int limit) const;

    // The contact's status ("" when there is no such contact) and setting it.
    Result<QString> contactStatus(const QString &email, qint64 *contactId = nullptr) const;
    Result<bool> setContactStatus(const QString &email, const QString &status);

private:
    Database &m_db;
};

} // namespace hivepost::storage
