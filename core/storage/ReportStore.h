#pragma once

// ReportStore: the reads a campaign report is made of (report::ReportBuilder does the arithmetic):
// skip reasons, send times, what came back, one streaming pass over the ledger rows, refusals with
// their logged classification, the bounce log's later bounces, and the recipients behind a number.
// Streams where a campaign may be large (a million rows pass through in flat memory). Use from the
// thread that opened the Database.

#include <cstdint>
#include <functional>
#include <string_view>

#include <QHash>
#include <QList>
#include <QString>

#include "common/Result.h"
#include "storage/CampaignStore.h"
#include "storage/LedgerState.h"

namespace hivepost::storage {

class Database;
class SqliteStatement;

// One ledger row as the report's pass reads it, each column read only when asked for (a million
// rows: the columns most rows never need are not fetched); valid only during the callback.
class LedgerScanRow {
public:
    explicit LedgerScanRow(const SqliteStatement &st)
        : m_st(st) {}
    LedgerState state() const; // an unknown word reads as pending (not final)
    qint64 accountId() const;
    std::string_view email() const;
    qint64 sentAtMs() const;
    qint64 updatedAtS() const;
    qint64 replyMs() const;
    std::string_view skipReason() const;
    int replyCode() const;
    std::string_view enhancedStatus() const;
    std::string_view replyText() const;

private:
    const SqliteStatement &m_st;
};

struct ReturnedCounts {
    qint64 bouncedAfterSent = 0; // distinct recipients accepted by the server, then bounced
    qint64 complaints = 0;
    qint64 unsubscribes = 0;
};

// A permanent refusal, with the bounce log's classification when it has been logged.
struct RefusalRow {
    QString loggedReason; // empty: not in the log yet
    bool loggedHard = false;
    QString replyText;
    QString enhancedStatus;
    int replyCode = 0;
};

struct LaterBounceRow {
    QString reason;
    bool hard = false;
    QString diagnostic;
};

// Which recipients: state is a ledger state, "all", or one of the report's own words: "bounced"
// (sent, then bounced), "delivered" (sent, not bounced), "complained", "unsubscribed", "pending"
// (pending or sending). refusedOrBounced keeps only failed rows and rows with a logged bounce.
struct RecipientQuery {
    QString state;
    QString account;
    QString domain;
    bool refusedOrBounced = false;
};

// A recipient behind a number: its ledger row (recipients() fills the address, state, skip reason
// and reply; exportRows() also the account, attempts and send time) and its latest logged bounce.
struct RecipientReportRow {
    LedgerRow ledger;
    QString bounceReason;
    QString bounceDiagnostic; // recipients() only
    // From the relay's events (exportRows() only): human = not a proxy's prefetch or a scanner.
    qint64 opens = 0;
    qint64 humanOpens = 0;
    qint64 clicks = 0;
    qint64 humanClicks = 0;
    bool unsubscribed = false;
};

class ReportStore {
public:
    explicit ReportStore(Database &db)
        : m_db(db) {}

    Result<QHash<QString, qint64>> skipReasons(qint64 campaignId) const;
    // The first and last send times (ms) of the sent rows; 0, 0 when none.
    Result<QPair<qint64, qint64>> sendWindow(qint64 campaignId) const;
    Result<ReturnedCounts> returned(qint64 campaignId) const;
    // Every ledger row of the campaign, in storage order.
    Result<void> scanLedger(qint64 campaignId, const std::function<void(const LedgerScanRow &)> &row) const;
    Result<QHash<qint64, QString>> accountNames() const;
    // Recipients accepted by the server and bounced later, by lower-case domain.
    Result<QHash<QString, qint64>> bouncedLaterByDomain(qint64 campaignId) const;
    Result<QList<RefusalRow>> refusals(qint64 campaignId) const;
    Result<QList<LaterBounceRow>> laterBounces(qint64 campaignId) const;
    // In ledger order until row returns false.
    Result<void> recipients(qint64 campaignId, const RecipientQuery &query,
                            const std::function<bool(const RecipientReportRow &)> &row) const;
    Result<void> exportRows(qint64 campaignId,
                            const std::function<bool(const RecipientReportRow &)> &row) const;

private:
    Database &m_db;
};

} // namespace hivepost::storage
