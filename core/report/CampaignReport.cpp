#include "report/CampaignReport.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

#include "bounce/BounceClassifier.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"
#include "storage/SqliteStatement.h"

using namespace Qt::StringLiterals;

namespace hivepost::report {

namespace {

struct Query {
    QSqlQuery q;
    QString error;
    Query(QSqlDatabase db, const QString &sql, qint64 campaignId)
        : q(db) {
        q.setForwardOnly(true);
        if (!q.prepare(sql)) {
            error = storage::sqlErrorText(q.lastError());
            return;
        }
        q.addBindValue(campaignId);
        if (!q.exec())
            error = storage::sqlErrorText(q.lastError());
    }
    bool ok() const { return error.isEmpty(); }
};

void addReason(QMap<QString, ReasonCount> &into, const QString &reason, bool hard, const QString &said) {
    ReasonCount &r = into[reason];
    r.reason = reason;
    ++r.count;
    r.hard += hard;
    if (r.example.isEmpty())
        r.example = said.simplified().left(300);
}

QList<ReasonCount> byCount(const QMap<QString, ReasonCount> &reasons) {
    QList<ReasonCount> out = reasons.values();
    std::stable_sort(out.begin(), out.end(),
                     [](const ReasonCount &a, const ReasonCount &b) { return a.count > b.count; });
    return out;
}

QString csvField(const QString &v) {
    // RFC 4180, and a leading = + - @ is kept from spreadsheet formulas.
    QString s = v;
    if (!s.isEmpty() && QStringLiteral("=+-@").contains(s.at(0)))
        s.prepend(u'\'');
    if (s.contains(u',') || s.contains(u'"') || s.contains(u'\n') || s.contains(u'\r'))
        return u'"' + QString(s).replace(u'"', u"\"\""_s) + u'"';
    return s;
}

QString isoMs(qint64 ms) {
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate) : QString();
}

} // namespace

Result<void> ReportBuilder::countStates(CampaignSummary &s, const QHash<QString, qint64> &counts) const {
    // The counts by state come with the campaign (CampaignStore); two small queries add the skip
    // reasons (the few skipped rows) and the send times (the sent rows).
    const QSqlDatabase db = m_db.connection();
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const QString &state = it.key();
        const qint64 n = it.value();
        s.recipients += n;
        (state == u"sent"       ? s.sent
         : state == u"failed"   ? s.failed
         : state == u"deferred" ? s.deferred
         : state == u"unknown"  ? s.unknown
         : state == u"skipped"  ? s.skipped
                                : s.pending) += n;
    }
    if (s.skipped > 0) {
        Query why(db,
                  u"SELECT skip_reason, count(*) FROM recipients WHERE campaign_id = ? AND state = 'skipped' "
                  "GROUP BY skip_reason"_s,
                  s.campaignId);
        if (!why.ok())
            return makeError(ErrorCode::Sql, why.error);
        while (why.q.next())
            s.skippedBy[why.q.value(0).toString()] += why.q.value(1).toLongLong();
    }
    if (s.sent > 0) {
        Query when(
            db,
            u"SELECT min(sent_at), max(sent_at) FROM recipients WHERE campaign_id = ? AND state = 'sent' AND "
            "sent_at > 0"_s,
            s.campaignId);
        if (!when.ok())
            return makeError(ErrorCode::Sql, when.error);
        if (when.q.next()) {
            s.firstSentMs = when.q.value(0).toLongLong();
            s.lastSentMs = when.q.value(1).toLongLong();
        }
    }
    return {};
}

Result<void> ReportBuilder::countReturned(CampaignSummary &s) const {
    const QSqlDatabase db = m_db.connection();
    Query returned(db,
                   u"SELECT count(DISTINCT b.recipient_id) FILTER (WHERE b.kind = 'bounce' AND b.source <> "
                   "'smtp' AND r.state = 'sent'), count(*) FILTER (WHERE b.kind = 'complaint'), count(*) "
                   "FILTER (WHERE b.kind = 'unsubscribe') FROM bounces b LEFT JOIN recipients r ON r.id = "
                   "b.recipient_id WHERE b.campaign_id = ?"_s,
                   s.campaignId);
    if (!returned.ok())
        return makeError(ErrorCode::Sql, returned.error);
    if (returned.q.next()) {
        s.bouncedAfterSent = returned.q.value(0).toLongLong();
        s.complaints = returned.q.value(1).toLongLong();
        s.unsubscribes = returned.q.value(2).toLongLong();
    }
    return {};
}

Result<void> ReportBuilder::scan(CampaignReport &report) const {
    // One pass over the campaign's ledger rows (the sqlite3 API: a million rows in well under a
    // second) for the accounts, the domains and the minutes; SQL GROUP BYs would sort each time.
    sqlite3 *handle = storage::sqliteHandle(m_db.connection());
    storage::SqliteStatement st;
    if (!handle ||
        !st.prepare(handle, "SELECT state, account_id, email, sent_at, updated_at, reply_ms, skip_reason, "
                            "reply_code, enhanced_status, reply_text FROM recipients WHERE campaign_id = ?"))
        return makeError(ErrorCode::Sql, st.errorString());
    st.bind(1, std::int64_t(report.summary.campaignId));
    struct Account {
        AccountStats stats;
        qint64 timed = 0;
        double totalMs = 0;
    };
    QHash<qint64, Account> accounts;
    // Domains found by their bytes without a copy for each row (C++20 heterogeneous lookup).
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view v) const { return std::hash<std::string_view>()(v); }
    };
    std::unordered_map<std::string, DomainStats, Hash, std::equal_to<>> domains;
    std::unordered_map<qint64, MinuteStats> minutes; // references stay valid as it grows
    MinuteStats *lastMinute = nullptr;
    char lower[256];
    while (st.step()) {
        const std::string_view state = st.columnText(0);
        const qint64 accountId = st.columnInt64(1);
        const std::string_view email = st.columnText(2);
        // A reply that slowed the sender down: 421, or an X.7.x that says "rate" or "too many".
        bool throttled = st.columnInt64(7) == 421;
        if (!throttled && st.columnText(8).substr(0, 4) == "4.7.") {
            const std::string_view text = st.columnText(9);
            const QByteArray said = QByteArray(text.data(), qsizetype(text.size())).toLower();
            throttled = said.contains("rate") || said.contains("too many");
        }
        const bool sent = state == "sent", failed = state == "failed", deferred = state == "deferred";
        CampaignSummary &s = report.summary;
        ++s.recipients;
        if (sent) {
            ++s.sent;
            const qint64 at = st.columnInt64(3);
            if (at > 0 && (s.firstSentMs == 0 || at < s.firstSentMs))
                s.firstSentMs = at;
            s.lastSentMs = std::max(s.lastSentMs, at);
        } else if (failed) {
            ++s.failed;
        } else if (deferred) {
            ++s.deferred;
        } else if (state == "unknown") {
            ++s.unknown;
        } else if (state == "skipped") {
            ++s.skipped;
            const std::string_view why = st.columnText(6);
            ++s.skippedBy[QString::fromUtf8(why.data(), qsizetype(why.size()))];
        } else {
            ++s.pending;
        }
        const size_t at = email.rfind('@');
        std::string_view domain = email.substr(at == std::string_view::npos ? 0 : at + 1);
        domain = domain.substr(0, sizeof lower);
        if (std::any_of(domain.begin(), domain.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
            for (size_t i = 0; i < domain.size(); ++i)
                lower[i] = char(std::tolower(static_cast<unsigned char>(domain[i])));
            domain = std::string_view(lower, domain.size());
        }
        auto found = domains.find(domain);
        if (found == domains.end())
            found = domains.emplace(std::string(domain), DomainStats{}).first;
        DomainStats &d = found->second;
        ++d.recipients;
        d.sent += sent;
        d.bounced += failed;
        d.deferred += deferred;
        d.rateLimited += throttled;
        if (accountId > 0) {
            Account &a = accounts[accountId];
            a.stats.sent += sent;
            a.stats.failed += failed;
            a.stats.deferred += deferred;
            a.stats.unknown += state == "unknown";
            a.stats.throttled += throttled;
            if (sent && st.columnInt64(5) > 0) {
                ++a.timed;
                a.totalMs += double(st.columnInt64(5));
            }
        }
        // Rows come in send order, mostly: the last minute is kept at hand.
        const auto minute = [&](qint64 m) -> MinuteStats & {
            if (!lastMinute || lastMinute->minuteMs != m * 60000) {
                lastMinute = &minutes[m];
                lastMinute->minuteMs = m * 60000;
            }
            return *lastMinute;
        };
        if (sent && st.columnInt64(3) > 0)
            ++minute(st.columnInt64(3) / 60000).sent;
        else if (failed)
            ++minute(st.columnInt64(4) / 60).failed;
    }
    if (!st.ok())
        return makeError(ErrorCode::Sql, st.errorString());
    report.timeline.reserve(qsizetype(minutes.size()));
    for (const auto &[m, stats] : minutes)
        report.timeline.append(stats);
    std::sort(report.timeline.begin(), report.timeline.end(),
              [](const MinuteStats &a, const MinuteStats &b) { return a.minuteMs < b.minuteMs; });

    QSqlQuery names(m_db.connection());
    if (!names.exec(u"SELECT id, name FROM accounts"_s))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(names.lastError()));
    while (names.next()) {
        if (auto it = accounts.find(names.value(0).toLongLong()); it != accounts.end()) {
            it->stats.account = names.value(1).toString();
            it->stats.avgReplyMs = it->timed ? it->totalMs / double(it->timed) : 0;
            report.accounts.append(it->stats);
        }
    }
    std::sort(report.accounts.begin(), report.accounts.end(),
              [](const AccountStats &a, const AccountStats &b) { return a.account < b.account; });

    // Bounced later, by domain: the few rows of the bounce log.
    Query later(
        m_db.connection(),
        u"SELECT lower(substr(r.email, instr(r.email, '@') + 1)), count(DISTINCT r.id) FROM bounces b "
        "JOIN recipients r ON r.id = b.recipient_id WHERE b.campaign_id = ? AND b.kind = 'bounce' AND "
        "b.source <> 'smtp' AND r.state = 'sent' GROUP BY 1"_s,
        report.summary.campaignId);
    if (!later.ok())
        return makeError(ErrorCode::Sql, later.error);
    while (later.q.next()) {
        if (auto it = domains.find(later.q.value(0).toString().toStdString()); it != domains.end())
            it->second.bounced += later.q.value(1).toLongLong();
    }
    QList<DomainStats> all;
    all.reserve(domains.size());
    for (auto &[name, stats] : domains) {
        stats.domain = QString::fromStdString(name);
        all.append(stats);
    }
    std::sort(all.begin(), all.end(), [](const DomainStats &a, const DomainStats &b) {
        return a.recipients != b.recipients ? a.recipients > b.recipients : a.domain < b.domain;
    });
    report.domains = all.mid(0, 20);
    return {};
}

Result<CampaignReport> ReportBuilder::campaign(const QString &name) const {
    auto info = storage::CampaignStore(m_db).byName(name);
    if (!info)
        return info.error();
    CampaignReport report;
    CampaignSummary &s = report.summary;
    s.campaignId = info->id;
    s.name = info->name;
    s.state = info->state;
    s.createdAt = info->createdAt;
    // The states come from the same pass as the accounts, domains and minutes.
    if (auto returned = countReturned(s); !returned)
        return returned.error();
    const QSqlDatabase db = m_db.connection();

    // Permanent refusals by reason: the bounce log's classification when the refusal is logged there,
    // else the same classifier on the reply now.
    QMap<QString, ReasonCount> failed;
    QHash<QString, QPair<QString, bool>> classified;
    Query refusals(
        db,
        u"SELECT b.reason, b.hard, r.reply_text, r.enhanced_status, r.reply_code FROM recipients r "
        "LEFT JOIN bounces b ON b.recipient_id = r.id AND b.source = 'smtp' "
        "WHERE r.campaign_id = ? AND r.state = 'failed'"_s,
        s.campaignId);
    if (!refusals.ok())
        return makeError(ErrorCode::Sql, refusals.error);
    while (refusals.q.next()) {
        const QString said = refusals.q.value(2).toString();
        QString reason = refusals.q.value(0).toString();
        bool hard = refusals.q.value(1).toBool();
        if (reason.isEmpty()) { // not in the bounce log yet: classified here, each distinct reply once
            const QString status = refusals.q.value(3).toString();
            const int code = refusals.q.value(4).toInt();
            const QString key = status + u'\x1f' + QString::number(code) + u'\x1f' + said;
            auto known = classified.constFind(key);
            if (known == classified.cend()) {
                const QString r = bounce::BounceClassifier::reason(said, status, code);
                known = classified.insert(key, {r, bounce::BounceClassifier::isHard(r, status)});
            }
            reason = known->first;
            hard = known->second;
        }
        addReason(failed, reason, hard, said);
    }
    report.failedByReason = byCount(failed);
    QMap<QString, ReasonCount> all = failed;
    Query later(db,
                u"SELECT reason, hard, diagnostic FROM bounces WHERE campaign_id = ? AND kind = 'bounce' AND "
                "source <> 'smtp'"_s,
                s.campaignId);
    if (!later.ok())
        return makeError(ErrorCode::Sql, later.error);
    while (later.q.next())
        addReason(all, later.q.value(0).toString(), later.q.value(1).toBool(), later.q.value(2).toString());
    report.bounceReasons = byCount(all);

    if (auto scanned = scan(report); !scanned)
        return scanned.error();
    return report;
}

Result<QList<CampaignSummary>> ReportBuilder::overview() const {
    auto list = storage::CampaignStore(m_db).list();
    if (!list)
        return list.error();
    QList<CampaignSummary> out;
    for (const storage::CampaignInfo &c : std::as_const(list.value())) {
        CampaignSummary s;
        s.campaignId = c.id;
        s.name = c.name;
        s.state = c.state;
        s.createdAt = c.createdAt;
        if (auto counted = countStates(s, c.counts); !counted)
            return counted.error();
        if (auto returned = countReturned(s); !returned)
            return returned.error();
        out.append(s);
    }
    return out;
}

Result<QList<RecipientLine>> ReportBuilder::recipients(qint64 campaignId, const RecipientFilter &filter,
                                                       int limit) const {
    QString sql =
        u"SELECT r.email, r.state, r.skip_reason, r.reply_text, r.enhanced_status, r.reply_code, "
        "(SELECT b.reason FROM bounces b WHERE b.recipient_id = r.id AND b.kind = 'bounce' ORDER BY "
        "b.received_at DESC LIMIT 1), (SELECT b.diagnostic FROM bounces b WHERE b.recipient_id = r.id "
        "AND b.kind = 'bounce' ORDER BY b.received_at DESC LIMIT 1) FROM recipients r "
        "WHERE r.campaign_id = :c"_s;
    const QString returned =
        u"EXISTS (SELECT 1 FROM bounces b WHERE b.recipient_id = r.id AND b.kind = '%1'%2)"_s;
    if (filter.state == u"bounced")
        sql += u" AND r.state = 'sent' AND "_s + returned.arg(u"bounce"_s, u" AND b.source <> 'smtp'"_s);
    else if (filter.state == u"delivered")
        sql += u" AND r.state = 'sent' AND NOT "_s + returned.arg(u"bounce"_s, u" AND b.source <> 'smtp'"_s);
    else if (filter.state == u"complained")
        sql += u" AND "_s + returned.arg(u"complaint"_s, QString());
    else if (filter.state == u"unsubscribed")
        sql += u" AND "_s + returned.arg(u"unsubscribe"_s, QString());
    else if (filter.state == u"pending")
        sql += u" AND r.state IN ('pending', 'sending')"_s;
    else if (!filter.state.isEmpty() && filter.state != u"all")
        sql += u" AND r.state = :s"_s;
    if (!filter.account.isEmpty())
        sql += u" AND r.account_id = (SELECT id FROM accounts WHERE name = :a)"_s;
    if (!filter.domain.isEmpty())
        sql += u" AND lower(substr(r.email, instr(r.email, '@') + 1)) = :d"_s;
    if (!filter.reason.isEmpty())
        sql += u" AND (r.state = 'failed' OR EXISTS (SELECT 1 FROM bounces b WHERE b.recipient_id = r.id AND "
               "b.kind = 'bounce'))"_s;
    sql += u" ORDER BY r.id"_s;
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(sql);
    q.bindValue(u":c"_s, campaignId);
    if (sql.contains(u":s"_s))
        q.bindValue(u":s"_s, filter.state);
    if (!filter.domain.isEmpty())
        q.bindValue(u":d"_s, filter.domain.toLower());
    if (!filter.account.isEmpty())
        q.bindValue(u":a"_s, filter.account);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<RecipientLine> out;
    while (q.next() && out.size() < limit) {
        RecipientLine line{q.value(0).toString(), q.value(1).toString(), q.value(6).toString(),
                           q.value(3).toString().simplified()};
        if (line.state == u"failed" && line.reason.isEmpty())
            line.reason =
                bounce::BounceClassifier::reason(line.said, q.value(4).toString(), q.value(5).toInt());
        if (line.state == u"sent" && !line.reason.isEmpty())
            line.said = q.value(7).toString().simplified();
        if (line.state == u"skipped")
            line.reason = q.value(2).toString();
        if (!filter.reason.isEmpty() && line.reason != filter.reason)
            continue;
        out.append(line);
    }
    return out;
}

Result<qint64> ReportBuilder::writeRecipientsCsv(qint64 campaignId, QIODevice &out) const {
    Query rows(m_db.connection(),
               u"SELECT r.email, r.state, r.skip_reason, coalesce(a.name, ''), r.attempts, r.reply_code, "
               "r.enhanced_status, r.reply_text, r.sent_at, "
               "(SELECT b.reason FROM bounces b WHERE b.recipient_id = r.id AND b.kind = 'bounce' "
               " ORDER BY b.received_at DESC LIMIT 1) "
               "FROM recipients r LEFT JOIN accounts a ON a.id = r.account_id WHERE r.campaign_id = ? "
               "ORDER BY r.id"_s,
               campaignId);
    if (!rows.ok())
        return makeError(ErrorCode::Sql, rows.error);
    const auto put = [&out](const QString &line) {
        return out.write(line.toUtf8()) >= 0;
    };
    if (!put(u"email,state,skip_reason,account,attempts,reply_code,status,reply,sent_at,bounce_reason\r\n"_s))
        return makeError(ErrorCode::Io, out.errorString());
    qint64 n = 0;
    while (rows.q.next()) {
        QStringList f;
        for (int i : {0, 1, 2, 3})
            f << csvField(rows.q.value(i).toString());
        f << rows.q.value(4).toString();
        f << (rows.q.value(5).toInt() ? rows.q.value(5).toString() : QString());
        f << csvField(rows.q.value(6).toString()) << csvField(rows.q.value(7).toString().simplified());
        f << isoMs(rows.q.value(8).toLongLong()) << csvField(rows.q.value(9).toString());
        if (!put(f.join(u',') + u"\r\n"_s))
            return makeError(ErrorCode::Io, out.errorString());
        ++n;
    }
    return n;
}

QJsonObject ReportBuilder::toJson(const CampaignSummary &s) {
    QJsonObject skipped;
    for (auto it = s.skippedBy.cbegin(); it != s.skippedBy.cend(); ++it)
        skipped.insert(it.key().isEmpty() ? u"other"_s : it.key(), it.value());
    return {{u"campaign"_s, s.name},
            {u"state"_s, s.state},
            {u"recipients"_s, s.recipients},
            {u"sent"_s, s.sent},
            {u"delivered"_s, s.delivered()},
            {u"bounced_after_sent"_s, s.bouncedAfterSent},
            {u"failed"_s, s.failed},
            {u"deferred"_s, s.deferred},
            {u"unknown"_s, s.unknown},
            {u"pending"_s, s.pending},
            {u"skipped"_s, s.skipped},
            {u"skipped_by"_s, skipped},
            {u"complaints"_s, s.complaints},
            {u"unsubscribes"_s, s.unsubscribes},
            {u"delivery_rate"_s, qRound(s.deliveryRate() * 10000) / 10000.0},
            {u"bounce_rate"_s, qRound(s.bounceRate() * 10000) / 10000.0},
            {u"first_sent_at"_s, isoMs(s.firstSentMs)},
            {u"last_sent_at"_s, isoMs(s.lastSentMs)},
            {u"duration_s"_s, s.durationMs() / 1000.0}};
}

QJsonObject ReportBuilder::toJson(const CampaignReport &r) {
    QJsonObject o = toJson(r.summary);
    const auto reasons = [](const QList<ReasonCount> &list) {
        QJsonArray a;
        for (const ReasonCount &c : list)
            a.append(QJsonObject{{u"reason"_s, c.reason},
                                 {u"count"_s, c.count},
                                 {u"hard"_s, c.hard},
                                 {u"example"_s, c.example}});
        return a;
    };
    o.insert(u"failed_by_reason"_s, reasons(r.failedByReason));
    o.insert(u"bounce_reasons"_s, reasons(r.bounceReasons));
    QJsonArray accounts;
    for (const AccountStats &a : r.accounts)
        accounts.append(QJsonObject{{u"account"_s, a.account},
                                    {u"sent"_s, a.sent},
                                    {u"failed"_s, a.failed},
                                    {u"deferred"_s, a.deferred},
                                    {u"unknown"_s, a.unknown},
                                    {u"throttled"_s, a.throttled},
                                    {u"avg_reply_ms"_s, qRound(a.avgReplyMs)}});
    o.insert(u"accounts"_s, accounts);
    QJsonArray domains;
    for (const DomainStats &d : r.domains)
        domains.append(QJsonObject{{u"domain"_s, d.domain},
                                   {u"recipients"_s, d.recipients},
                                   {u"sent"_s, d.sent},
                                   {u"bounced"_s, d.bounced},
                                   {u"deferred"_s, d.deferred},
                                   {u"rate_limited"_s, d.rateLimited}});
    o.insert(u"domains"_s, domains);
    QJsonArray timeline;
    for (const MinuteStats &m : r.timeline)
        timeline.append(
            QJsonObject{{u"minute"_s, isoMs(m.minuteMs)}, {u"sent"_s, m.sent}, {u"failed"_s, m.failed}});
    o.insert(u"timeline"_s, timeline);
    return o;
}

QByteArray ReportBuilder::summaryCsv(const CampaignReport &r) {
    QStringList lines;
    const QJsonObject head = toJson(r.summary);
    lines << u"measure,value"_s;
    for (const char *k : {"campaign", "state", "recipients", "sent", "delivered", "bounced_after_sent",
                          "failed", "deferred", "unknown", "pending", "skipped", "complaints", "unsubscribes",
                          "delivery_rate", "bounce_rate", "first_sent_at", "last_sent_at", "duration_s"}) {
        const QJsonValue v = head.value(QLatin1StringView(k));
        lines << QString::fromLatin1(k) + u',' +
                     csvField(v.isString() ? v.toString() : QString::number(v.toDouble()));
    }
    for (auto it = r.summary.skippedBy.cbegin(); it != r.summary.skippedBy.cend(); ++it)
        lines << u"skipped_"_s + (it.key().isEmpty() ? u"other"_s : it.key()) + u',' +
                     QString::number(it.value());
    lines << QString() << u"reason,bounces,hard,example"_s;
    for (const ReasonCount &c : r.bounceReasons)
        lines << QStringList{c.reason, QString::number(c.count), QString::number(c.hard), csvField(c.example)}
                     .join(u',');
    lines << QString() << u"account,sent,failed,deferred,unknown,throttled,avg_reply_ms"_s;
    for (const AccountStats &a : r.accounts)
        lines << QStringList{csvField(a.account),
                             QString::number(a.sent),
                             QString::number(a.failed),
                             QString::number(a.deferred),
                             QString::number(a.unknown),
                             QString::number(a.throttled),
                             QString::number(qRound(a.avgReplyMs))}
                     .join(u',');
    lines << QString() << u"domain,recipients,sent,bounced,deferred,rate_limited"_s;
    for (const DomainStats &d : r.domains)
        lines << QStringList{csvField(d.domain),          QString::number(d.recipients),
                             QString::number(d.sent),     QString::number(d.bounced),
                             QString::number(d.deferred), QString::number(d.rateLimited)}
                     .join(u',');
    lines << QString() << u"minute,sent,failed"_s;
    for (const MinuteStats &m : r.timeline)
        lines << QStringList{isoMs(m.minuteMs), QString::number(m.sent), QString::number(m.failed)}.join(
            u',');
    return (lines.join(u"\r\n"_s) + u"\r\n"_s).toUtf8();
}

} // namespace hivepost::report
