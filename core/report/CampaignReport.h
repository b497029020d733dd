#pragma once

// CampaignReport: what happened to a campaign, computed from the ledger (recipients) and the bounce
// log each time it is asked for, never stored twice: the counts by final state, who was skipped
// and why, what bounced after the server had accepted it, complaints and unsubscribes, the
// delivery and bounce rates, sends and failures per minute, each account (sent, failures, average
// transaction time, throttling replies), the top recipient domains, and the bounce reasons with an
// example of the server's words. Overview: the same headline numbers for every campaign, to compare.
// The per-recipient CSV streams from the database, so a campaign of any size exports in flat memory.

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "common/Result.h"
#include "storage/TrackingStore.h"

class QIODevice;

namespace hivepost::storage {
class Database;
}

namespace hivepost::report {

struct ReasonCount {
    QString reason; // Sisimai's taxonomy (bounce::BounceClassifier)
    qint64 count = 0;
    qint64 hard = 0;
    QString example; // what a server said, for one of them
};

struct AccountStats {
    QString account;
    qint64 sent = 0;
    qint64 failed = 0;
    qint64 deferred = 0;
    qint64 unknown = 0;
    qint64 throttled = 0;  // last reply 421 or X.7.x "rate limited": the server slowed this account
    double avgReplyMs = 0; // MAIL to the reply after ".", over the sent messages
};

struct DomainStats {
    QString domain;
    qint64 recipients = 0;
    qint64 sent = 0;
    qint64 bounced = 0; // failed, or sent and bounced later
    qint64 deferred = 0;
    qint64 rateLimited = 0;
};

struct MinuteStats {
    qint64 minuteMs = 0; // the minute's start, Unix ms (UTC)
    qint64 sent = 0;
    qint64 failed = 0;
};

struct CampaignSummary {
    qint64 campaignId = 0;
    QString name;
    QString state;
    qint64 createdAt = 0; // s
    qint64 recipients = 0;
    qint64 pending = 0; // pending or sending: not tried yet, or in flight
    qint64 sent = 0;
    qint64 failed = 0;
    qint64 deferred = 0;
    qint64 skipped = 0;
    qint64 unknown = 0;
    QHash<QString, qint64> skippedBy; // suppressed, unsubscribed, bounced, complained, cancelled, ...
    qint64 bouncedAfterSent = 0;      // accepted by the server, then a bounce came back
    qint64 complaints = 0;
    qint64 unsubscribes = 0;
    qint64 firstSentMs = 0;
    qint64 lastSentMs = 0;

    qint64 attempted() const { return sent + failed + unknown; }
    qint64 delivered() const { return sent - bouncedAfterSent; }
    double deliveryRate() const { return attempted() ? double(delivered()) / double(attempted()) : 0; }
    double bounceRate() const {
        return attempted() ? double(failed + bouncedAfterSent) / double(attempted()) : 0;
    }
    qint64 durationMs() const { return lastSentMs > firstSentMs ? lastSentMs - firstSentMs : 0; }
};

struct CampaignReport {
    CampaignSummary summary;
    QList<ReasonCount> failedByReason; // permanent refusals during the send, by reason
    QList<ReasonCount> bounceReasons;  // every bounce of the campaign (refusals and returned e-mails)
    QList<AccountStats> accounts;
    QList<DomainStats> domains; // the top 20 by recipients
    QList<MinuteStats> timeline;
    // Opens, clicks and unsubscribes pulled from the campaign's relay (all zero without one).
    storage::EngagementFigures engagement;
    bool tracked = false; // the campaign has a relay
};

// Which recipients a number stands for (drill-down): empty fields match all.
struct RecipientFilter {
    // all, sent, failed, deferred, unknown, skipped, pending; "bounced": sent, then bounced; "delivered":
    // sent and not bounced; "complained", "unsubscribed": by a returned e-mail
    QString state;
    QString domain;  // the recipient's domain
    QString reason;  // a bounce reason
    QString account; // the account that sent (or tried)
};

struct RecipientLine {
    QString email;
    QString state;
    QString reason; // the bounce reason, or why skipped
    QString said;   // the server's words
};

// A rate as the report writes it: "91.2%".
inline QString percentText(double rate) {
    return QString::number(rate * 100.0, 'f', 1) + QLatin1Char('%');
}

class ReportBuilder {
public:
    explicit ReportBuilder(storage::Database &db)
        : m_db(db) {}

    // The full report of one campaign (by name).
    Result<CampaignReport> campaign(const QString &name) const;
    // The headline numbers of every campaign, newest first.
    Result<QList<CampaignSummary>> overview() const;
    // Up to limit recipients behind a number of the report.
    Result<QList<RecipientLine>> recipients(qint64 campaignId, const RecipientFilter &filter,
                                            int limit) const;
    // One row per recipient: address, final state, why skipped, account, attempts, reply, bounce reason.
    Result<qint64> writeRecipientsCsv(qint64 campaignId, QIODevice &out) const;

    static QJsonObject toJson(const CampaignReport &report);
    static QJsonObject toJson(const CampaignSummary &summary);
    // The summary and its tables, one CSV section after another.
    static QByteArray summaryCsv(const CampaignReport &report);

private:
    Result<void> countStates(CampaignSummary &s, const QHash<QString, qint64> &counts) const;
    Result<void> countReturned(CampaignSummary &s) const; // bounced later, complaints, unsubscribes
    Result<void> scan(CampaignReport &report) const;      // accounts, domains, minutes
    storage::Database &m_db;
};

} // namespace hivepost::report
