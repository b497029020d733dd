#include "storage/ReportStore.h"

#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlErrors.h"
#include "storage/SqliteStatement.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

// A forward-only query with its binds, run at once; error() says what went wrong.
struct Query {
    QSqlQuery q;
    QString error;
    Query(const QSqlDatabase &db, const QString &sql, const QVariantList &binds)
        : q(db) {
        q.setForwardOnly(true);
        if (!q.prepare(sql)) {
            error = sqlErrorText(q.lastError());
            return;
        }
        for (const QVariant &v : binds)
            q.addBindValue(v);
        if (!q.exec())
            error = sqlErrorText(q.lastError());
    }
    bool ok() const { return error.isEmpty(); }
    Error failure() const { return makeError(ErrorCode::Sql, error); }
};

// The latest logged bounce's column of a recipient r.
QString latestBounce(const char *column) {
    return u"(SELECT b.%1 FROM bounces b WHERE b.recipient_id = r.id AND b.kind = 'bounce' ORDER BY "
           "b.received_at DESC LIMIT 1)"_s.arg(QLatin1StringView(column));
}

} // namespace

Result<QHash<QString, qint64>> ReportStore::skipReasons(qint64 campaignId) const {
    Query why(m_db.connection(),
              u"SELECT skip_reason, count(*) FROM recipients WHERE campaign_id = ? AND state = 'skipped' "
              "GROUP BY skip_reason"_s,
              {campaignId});
    if (!why.ok())
        return why.failure();
    QHash<QString, qint64> out;
    while (why.q.next())
        out[why.q.value(0).toString()] += why.q.value(1).toLongLong();
    return out;
}

Result<QPair<qint64, qint64>> ReportStore::sendWindow(qint64 campaignId) const {
    // Two queries: a lone min() or max() is one seek in recipients_sent_at; both in one are a scan.
    qint64 bounds[2] = {0, 0};
    const QString queries[2] = {
        u"SELECT min(sent_at) FROM recipients WHERE campaign_id = ? AND state = 'sent' AND sent_at > 0"_s,
        u"SELECT max(sent_at) FROM recipients WHERE campaign_id = ? AND state = 'sent' AND sent_at > 0"_s};
    for (int i = 0; i < 2; ++i) {
        Query when(m_db.connection(), queries[i], {campaignId});
        if (!when.ok())
            return when.failure();
        if (when.q.next())
            bounds[i] = when.q.value(0).toLongLong();
    }
    return qMakePair(bounds[0], bounds[1]);
}

Result<ReturnedCounts> ReportStore::returned(qint64 campaignId) const {
    Query returned(m_db.connection(),
                   u"SELECT count(DISTINCT b.recipient_id) FILTER (WHERE b.kind = 'bounce' AND b.source <> "
                   "'smtp' AND r.state = 'sent'), count(*) FILTER (WHERE b.kind = 'complaint'), count(*) "
                   "FILTER (WHERE b.kind = 'unsubscribe') FROM bounces b LEFT JOIN recipients r ON r.id = "
                   "b.recipient_id WHERE b.campaign_id = ?"_s,
                   {campaignId});
    if (!returned.ok())
        return returned.failure();
    ReturnedCounts out;
    if (returned.q.next()) {
        out.bouncedAfterSent = returned.q.value(0).toLongLong();
        out.complaints = returned.q.value(1).toLongLong();
        out.unsubscribes = returned.q.value(2).toLongLong();
    }
    return out;
}

Result<void> ReportStore::scanLedger(qint64 campaignId,
                                     const std::function<void(const LedgerScanRow &)> &row) const {
    // The sqlite3 API: a million rows in well under a second, where QSqlQuery's per-row cost shows.
    sqlite3 *handle = sqliteHandle(m_db.connection());
    SqliteStatement st;
    if (!handle ||
        !st.prepare(handle, "SELECT state, account_id, email, sent_at, updated_at, reply_ms, skip_reason, "
                            "reply_code, enhanced_status, reply_text FROM recipients WHERE campaign_id = ?"))
        return makeError(ErrorCode::Sql, st.errorString());
    st.bind(1, std::int64_t(campaignId));
    const LedgerScanRow r(st);
    while (st.step())
        row(r);
    if (!st.ok())
        return makeError(ErrorCode::Sql, st.errorString());
    return {};
}

// The columns of scanLedger()'s statement, in its order.
LedgerState LedgerScanRow::state() const {
    return ledgerStateFrom(m_st.columnText(0)).value_or(LedgerState::Pending);
}
qint64 LedgerScanRow::accountId() const {
    return m_st.columnInt64(1);
}
std::string_view LedgerScanRow::email() const {
    return m_st.columnText(2);
}
qint64 LedgerScanRow::sentAtMs() const {
    return m_st.columnInt64(3);
}
qint64 LedgerScanRow::updatedAtS() const {
    return m_st.columnInt64(4);
}
qint64 LedgerScanRow::replyMs() const {
    return m_st.columnInt64(5);
}
std::string_view LedgerScanRow::skipReason() const {
    return m_st.columnText(6);
}
int LedgerScanRow::replyCode() const {
    return int(m_st.columnInt64(7));
}
std::string_view LedgerScanRow::enhancedStatus() const {
    return m_st.columnText(8);
}
std::string_view LedgerScanRow::replyText() const {
    return m_st.columnText(9);
}

Result<QHash<qint64, QString>> ReportStore::accountNames() const {
    Query names(m_db.connection(), u"SELECT id, name FROM accounts"_s, {});
    if (!names.ok())
        return names.failure();
    QHash<qint64, QString> out;
    while (names.q.next())
        out.insert(names.q.value(0).toLongLong(), names.q.value(1).toString());
    return out;
}

Result<QHash<QString, qint64>> ReportStore::bouncedLaterByDomain(qint64 campaignId) const {
    Query later(m_db.connection(),
                u"SELECT %1, count(DISTINCT r.id) FROM bounces b JOIN recipients r ON r.id = b.recipient_id "
                "WHERE b.campaign_id = ? AND b.kind = 'bounce' AND b.source <> 'smtp' AND r.state = 'sent' "
                "GROUP BY 1"_s.arg(m_db.dialect().emailDomain(u"r.email"_s)),
                {campaignId});
    if (!later.ok())
        return later.failure();
    QHash<QString, qint64> out;
    while (later.q.next())
        out[later.q.value(0).toString()] += later.q.value(1).toLongLong();
    return out;
}

Result<QList<RefusalRow>> ReportStore::refusals(qint64 campaignId) const {
    Query refusals(m_db.connection(),
                   u"SELECT coalesce(b.reason, ''), coalesce(b.hard, 0), r.reply_text, r.enhanced_status, "
                   "r.reply_code FROM recipients r LEFT JOIN bounces b ON b.recipient_id = r.id AND "
                   "b.source = 'smtp' WHERE r.campaign_id = ? AND r.state = 'failed'"_s,
                   {campaignId});
    if (!refusals.ok())
        return refusals.failure();
    QList<RefusalRow> out;
    while (refusals.q.next())
        out.append({refusals.q.value(0).toString(), refusals.q.value(1).toBool(),
                    refusals.q.value(2).toString(), refusals.q.value(3).toString(),
                    refusals.q.value(4).toInt()});
    return out;
}

Result<QList<LaterBounceRow>> ReportStore::laterBounces(qint64 campaignId) const {
    Query later(m_db.connection(),
                u"SELECT reason, hard, diagnostic FROM bounces WHERE campaign_id = ? AND kind = 'bounce' AND "
                "source <> 'smtp'"_s,
                {campaignId});
    if (!later.ok())
        return later.failure();
    QList<LaterBounceRow> out;
    while (later.q.next())
        out.append({later.q.value(0).toString(), later.q.value(1).toBool(), later.q.value(2).toString()});
    return out;
}

Result<void> ReportStore::recipients(qint64 campaignId, const RecipientQuery &query,
                                     const std::function<bool(const RecipientReportRow &)> &row) const {
    QString sql = u"SELECT r.email, r.state, r.skip_reason, r.reply_text, r.enhanced_status, r.reply_code, "
                  "%1, %2 FROM recipients r WHERE r.campaign_id = ?"_s.arg(latestBounce("reason"),
                                                                           latestBounce("diagnostic"));
    QVariantList binds{campaignId};
    const QString returned =
        u"EXISTS (SELECT 1 FROM bounces b WHERE b.recipient_id = r.id AND b.kind = '%1'%2)"_s;
    const auto state = ledgerStateFrom(QStringView(query.state));
    if (query.state == u"bounced")
        sql += u" AND r.state = 'sent' AND "_s + returned.arg(u"bounce"_s, u" AND b.source <> 'smtp'"_s);
    else if (query.state == u"delivered")
        sql += u" AND r.state = 'sent' AND NOT "_s + returned.arg(u"bounce"_s, u" AND b.source <> 'smtp'"_s);
    else if (query.state == u"complained")
        sql += u" AND "_s + returned.arg(u"complaint"_s, QString());
    else if (query.state == u"unsubscribed")
        sql += u" AND "_s + returned.arg(u"unsubscribe"_s, QString());
    else if (state == LedgerState::Pending) // not yet sent: also the ones claimed right now
        sql += u" AND r.state IN (?, ?)"_s,
            binds << stateName(LedgerState::Pending) << stateName(LedgerState::Sending);
    else if (!query.state.isEmpty() && query.state != u"all") {
        sql += u" AND r.state = ?"_s;
        binds << query.state;
    }
    if (!query.account.isEmpty()) {
        sql += u" AND r.account_id = (SELECT id FROM accounts WHERE name = ?)"_s;
        binds << query.account;
    }
    if (!query.domain.isEmpty()) {
        sql += u" AND %1 = ?"_s.arg(m_db.dialect().emailDomain(u"r.email"_s));
        binds << query.domain.toLower();
    }
    if (query.refusedOrBounced)
        sql += u" AND (r.state = 'failed' OR "_s + returned.arg(u"bounce"_s, QString()) + u')';
    sql += u" ORDER BY r.id"_s;
    Query rows(m_db.connection(), sql, binds);
    if (!rows.ok())
        return rows.failure();
    while (rows.q.next()) {
        RecipientReportRow r;
        r.ledger.email = rows.q.value(0).toString();
        r.ledger.state = rows.q.value(1).toString();
        r.ledger.skipReason = rows.q.value(2).toString();
        r.ledger.replyText = rows.q.value(3).toString();
        r.ledger.enhancedStatus = rows.q.value(4).toString();
        r.ledger.replyCode = rows.q.value(5).toInt();
        r.bounceReason = rows.q.value(6).toString();
        r.bounceDiagnostic = rows.q.value(7).toString();
        if (!row(r))
            break;
    }
    return {};
}

Result<void> ReportStore::exportRows(qint64 campaignId,
                                     const std::function<bool(const RecipientReportRow &)> &row) const {
    Query rows(
        m_db.connection(),
        u"SELECT r.email, r.state, r.skip_reason, coalesce(a.name, ''), r.attempts, r.reply_code, "
        "r.enhanced_status, r.reply_text, r.sent_at, %1, coalesce(t.opens, 0), coalesce(t.human_opens, 0), "
        "coalesce(t.clicks, 0), coalesce(t.human_clicks, 0), coalesce(t.unsubscribes, 0) "
        "FROM recipients r LEFT JOIN accounts a ON a.id = r.account_id LEFT JOIN ("
        "SELECT recipient_id, count(*) FILTER (WHERE kind = 'open') AS opens, "
        "count(*) FILTER (WHERE kind = 'open' AND flags NOT LIKE '%proxy%') AS human_opens, "
        "count(*) FILTER (WHERE kind = 'click') AS clicks, "
        "count(*) FILTER (WHERE kind = 'click' AND flags NOT LIKE '%scanner%') AS human_clicks, "
        "count(*) FILTER (WHERE kind = 'unsubscribe') AS unsubscribes FROM tracking_events "
        "WHERE campaign_id = ? "
        "GROUP BY recipient_id) t ON t.recipient_id = r.id WHERE r.campaign_id = ? "
        "ORDER BY r.id"_s.arg(latestBounce("reason")),
        {campaignId, campaignId});
    if (!rows.ok())
        return rows.failure();
    while (rows.q.next()) {
        RecipientReportRow r;
        r.ledger.email = rows.q.value(0).toString();
        r.ledger.state = rows.q.value(1).toString();
        r.ledger.skipReason = rows.q.value(2).toString();
        r.ledger.account = rows.q.value(3).toString();
        r.ledger.attempts = rows.q.value(4).toInt();
        r.ledger.replyCode = rows.q.value(5).toInt();
        r.ledger.enhancedStatus = rows.q.value(6).toString();
        r.ledger.replyText = rows.q.value(7).toString();
        r.ledger.sentAt = rows.q.value(8).toLongLong();
        r.bounceReason = rows.q.value(9).toString();
        r.opens = rows.q.value(10).toLongLong();
        r.humanOpens = rows.q.value(11).toLongLong();
        r.clicks = rows.q.value(12).toLongLong();
        r.humanClicks = rows.q.value(13).toLongLong();
        r.unsubscribed = rows.q.value(14).toLongLong() > 0;
        if (!row(r))
            break;
    }
    return {};
}

} // namespace hivepost::storage
