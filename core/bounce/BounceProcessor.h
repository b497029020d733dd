#pragma once

// BounceProcessor: learns from every refusal. It logs each bounce, complaint, auto-reply and
// unsubscribe e-mail (storage::BounceStore) with its evidence, and acts on it by the policy (defaults
// after listmonk's): a hard bounce suppresses the address at once, a soft one after 3 in 30 days, a
// complaint unsubscribes and suppresses, an e-mail to the unsubscribe address unsubscribes. Every
// action can be undone, putting back exactly what was there. SMTP-time refusals from the campaign
// ledgers go through the same classifier and land in the same log.

#include <QCoreApplication>
#include <QString>

#include "bounce/BounceOrigin.h"
#include "common/Result.h"
#include "storage/BounceStore.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::bounce {

struct BouncePolicy {
    bool suppressHard = true;
    int softLimit = 3; // soft bounces within softWindowDays that suppress; 0: never
    int softWindowDays = 30;
    bool complaintUnsubscribes = true;
};

struct ProcessSummary {
    int messages = 0;
    int bounces = 0;
    int complaints = 0;
    int autoReplies = 0;
    int unsubscribes = 0;
    int other = 0;      // not a bounce, complaint, auto-reply or unsubscribe: left alone
    int suppressed = 0; // addresses this run suppressed or unsubscribed
    ProcessSummary &operator+=(const ProcessSummary &o);
};

class BounceProcessor {
    Q_DECLARE_TR_FUNCTIONS(BounceProcessor)

public:
    BounceProcessor(storage::Database &db, BouncePolicy policy = {});

    // One returned e-mail; source "mailbox" or "file", evidence says where it came from.
    Result<ProcessSummary> processMessage(const QByteArray &message, const QString &source,
                                          const QString &evidence, qint64 nowMs);
    // The refusals in campaign ledgers that are not in the log yet.
    Result<ProcessSummary> processLedger(qint64 nowMs);
    // Puts back what the bounce's action changed (contact status, suppression) and marks it undone.
    Result<bool> undo(qint64 bounceId, qint64 nowMs);

private:
    Result<bool> act(storage::BounceEvent &e, qint64 nowMs);
    // Logs e (false when it was logged before), counts it in sum and acts on it.
    Result<bool> logAndAct(storage::BounceEvent &e, ProcessSummary &sum, qint64 nowMs);

    storage::Database &m_db;
    storage::BounceStore m_store;
    BounceOrigin m_origins;
    BouncePolicy m_policy;
};

} // namespace hivepost::bounce
