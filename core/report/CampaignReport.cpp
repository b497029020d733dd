#include "report/CampaignReport.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <unordered_map>

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>

#include "bounce/BounceClassifier.h"
#include "common/CsvWriter.h"
#include "smtp/SmtpReply.h"
#include "storage/CampaignStore.h"
#include "storage/ReportStore.h"

using namespace Qt::StringLiterals;
using hivepost::storage::LedgerState;
using hivepost::storage::ledgerStateFrom;

namespace hivepost::report {

namespace {

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
    return CsvWriter::quotedText(v); // RFC 4180, and safe for spreadsheets
}

// The summary's count for a ledger state (pending counts the ones in flight too).
qint64 &countInto(CampaignSummary &s, LedgerState state) {
    switch (state) {
    case LedgerState::Sent:
        return s.sent;
    case LedgerState::Failed:
        return s.failed;
    case LedgerState::Deferred:
        return s.deferred;
    case LedgerState::Unknown:
        return s.unknown;
    case LedgerState::Skipped:
        return s.skipped;
    case LedgerState::Pending:
    case LedgerState::Sending:
        break;
    }
    return s.pending;
}

QString isoMs(qint64 ms) {
    return ms > 0 ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate) : QString();
}

} // namespace

Result<void> ReportBuilder::countStates(CampaignSummary &s, const QHash<QString, qint64> &counts) const {
    // The counts by state come with the campaign (CampaignStore); two small queries add the skip
    // reasons (the few skipped rows) and the send times (the sent rows).
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        s.recipients += it.value();
        countInto(s, ledgerStateFrom(QStringView(it.key())).value_or(LedgerState::Pending)) += it.value();
    }
    storage::ReportStore store(m_db);
    if (s.skipped > 0) {
        auto why = store.skipReasons(s.campaignId);
        if (!why)
            return why.error();
        for (auto it = why->cbegin(); it != why->cend(); ++it)
            s.skippedBy[it.key()] += it.value();
    }
    if (s.sent > 0) {
        auto when = store.sendWindow(s.campaignId);
        if (!when)
            return when.error();
        s.firstSentMs = when->first;
        s.lastSentMs = when->second;
    }
    return {};
}

Result<void> ReportBuilder::countReturned(CampaignSummary &s) const {
    auto returned = storage::ReportStore(m_db).returned(s.campaignId);
    if (!returned)
        return returned.error();
    s.bouncedAfterSent = returned->bouncedAfterSent;
    s.complaints = returned->complaints;
    s.unsubscribes = returned->unsubscribes;
    return {};
}

Result<void> ReportBuilder::scan(CampaignReport &report) const {
    // One pass over the campaign's ledger rows (streamed: a million rows in well under a second)
    // for the accounts, the domains and the minutes; SQL GROUP BYs would sort each time.
    storage::ReportStore store(m_db);
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
    const auto row = [&](const storage::LedgerScanRow &r) {
        const LedgerState state = r.state();
        const qint64 accountId = r.accountId();
        const std::string_view email = r.email();
        // A reply that slowed the sender down, by the engine's own rule (smtp::isThrottling).
        const int code = r.replyCode();
        bool throttled = false;
        if (code >= 400 && code < 500) { // the few rows that can be (their text is read only then)
            const std::string_view status = r.enhancedStatus(), text = r.replyText();
            throttled = smtp::isThrottling(code, QByteArrayView(status.data(), qsizetype(status.size())),
                                           QByteArrayView(text.data(), qsizetype(text.size())));
        }
        const bool sent = state == LedgerState::Sent, failed = state == LedgerState::Failed,
                   deferred = state == LedgerState::Deferred;
        CampaignSummary &s = report.summary;
        ++s.recipients;
        ++countInto(s, state);
        if (sent) {
            const qint64 at = r.sentAtMs();
            if (at > 0 && (s.firstSentMs == 0 || at < s.firstSentMs))
                s.firstSentMs = at;
            s.lastSentMs = std::max(s.lastSentMs, at);
        } else if (state == LedgerState::Skipped) {
            const std::string_view why = r.skipReason();
            ++s.skippedBy[QString::fromUtf8(why.data(), qsizetype(why.size()))];
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
            a.stats.unknown += state == LedgerState::Unknown;
            a.stats.throttled += throttled;
            if (sent && r.replyMs() > 0) {
                ++a.timed;
                a.totalMs += double(r.replyMs());
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
        if (sent && r.sentAtMs() > 0)
            ++minute(r.sentAtMs() / 60000).sent;
        else if (failed)
            ++minute(r.updatedAtS() / 60).failed;
    };
    if (auto scanned = store.scanLedger(report.summary.campaignId, row); !scanned)
        return scanned.error();
    report.timeline.reserve(qsizetype(minutes.size()));
    for (const auto &[m, stats] : minutes)
        report.timeline.append(stats);
    std::sort(report.timeline.begin(), report.timeline.end(),
              [](const MinuteStats &a, const MinuteStats &b) { return a.minuteMs < b.minuteMs; });

    auto names = store.accountNames();
    if (!names)
        return names.error();
    for (auto name = names->cbegin(); name != names->cend(); ++name) {
        if (auto it = accounts.find(name.key()); it != accounts.end()) {
            it->stats.account = name.value();
            it->stats.avgReplyMs = it->timed ? it->totalMs / double(it->timed) : 0;
            report.accounts.append(it->stats);
        }
    }
    std::sort(report.accounts.begin(), report.accounts.end(),
              [](const AccountStats &a, const AccountStats &b) { return a.account < b.account; });

    // Bounced later, by domain: the few rows of the bounce log.
    auto later = store.bouncedLaterByDomain(report.summary.campaignId);
    if (!later)
        return later.error();
    for (auto it = later->cbegin(); it != later->cend(); ++it) {
        if (auto found = domains.find(it.key().toStdString()); found != domains.end())
            found->second.bounced += it.value();
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
    // The row only: the counts by state come from the scan below, not from a GROUP BY first.
    auto info = storage::CampaignStore(m_db).byName(name, storage::CampaignDetail::Row);
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

    // Permanent refusals by reason: the bounce log's classification when the refusal is logged there,
    // else the same classifier on the reply now.
    storage::ReportStore store(m_db);
    auto refusals = store.refusals(s.campaignId);
    if (!refusals)
        return refusals.error();
    QMap<QString, ReasonCount> failed;
    QHash<QString, QPair<QString, bool>> classified;
    for (const storage::RefusalRow &row : std::as_const(refusals.value())) {
        QString reason = row.loggedReason;
        bool hard = row.loggedHard;
        if (reason.isEmpty()) { // not in the bounce log yet: classified here, each distinct reply once
            const QString key =
                row.enhancedStatus + u'\x1f' + QString::number(row.replyCode) + u'\x1f' + row.replyText;
            auto known = classified.constFind(key);
            if (known == classified.cend()) {
                const QString r =
                    bounce::BounceClassifier::reason(row.replyText, row.enhancedStatus, row.replyCode);
                known = classified.insert(key, {r, bounce::BounceClassifier::isHard(r, row.enhancedStatus)});
            }
            reason = known->first;
            hard = known->second;
        }
        addReason(failed, reason, hard, row.replyText);
    }
    report.failedByReason = byCount(failed);
    QMap<QString, ReasonCount> all = failed;
    auto later = store.laterBounces(s.campaignId);
    if (!later)
        return later.error();
    for (const storage::LaterBounceRow &row : std::as_const(later.value()))
        addReason(all, row.reason, row.hard, row.diagnostic);
    report.bounceReasons = byCount(all);

    if (auto scanned = scan(report); !scanned)
        return scanned.error();
    report.tracked = info->relayId > 0;
    auto engagement = storage::TrackingStore(m_db).figures(s.campaignId);
    if (!engagement)
        return engagement.error();
    report.engagement = std::move(engagement).value();
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
    storage::RecipientQuery query{filter.state, filter.account, filter.domain, !filter.reason.isEmpty()};
    QList<RecipientLine> out;
    auto listed =
        storage::ReportStore(m_db).recipients(campaignId, query, [&](const storage::RecipientReportRow &r) {
            if (out.size() >= limit)
                return false;
            const storage::LedgerRow &l = r.ledger;
            RecipientLine line{l.email, l.state, r.bounceReason, l.replyText.simplified()};
            const auto state = ledgerStateFrom(QStringView(line.state));
            if (state == LedgerState::Failed && line.reason.isEmpty())
                line.reason = bounce::BounceClassifier::reason(line.said, l.enhancedStatus, l.replyCode);
            if (state == LedgerState::Sent && !line.reason.isEmpty())
                line.said = r.bounceDiagnostic.simplified();
            if (state == LedgerState::Skipped)
                line.reason = l.skipReason;
            if (filter.reason.isEmpty() || line.reason == filter.reason)
                out.append(line);
            return true;
        });
    if (!listed)
        return listed.error();
    return out;
}

Result<qint64> ReportBuilder::writeRecipientsCsv(qint64 campaignId, QIODevice &out) const {
    const auto put = [&out](const QString &line) {
        return out.write(line.toUtf8()) >= 0;
    };
    if (!put(u"email,state,skip_reason,account,attempts,reply_code,status,reply,sent_at,bounce_reason,opens,"
             "human_opens,clicks,human_clicks,unsubscribed\r\n"_s))
        return makeError(ErrorCode::Io, out.errorString());
    qint64 n = 0;
    bool written = true;
    auto rows =
        storage::ReportStore(m_db).exportRows(campaignId, [&](const storage::RecipientReportRow &row) {
            const storage::LedgerRow &r = row.ledger;
            QStringList f;
            for (const QString *v : {&r.email, &r.state, &r.skipReason, &r.account})
                f << csvField(*v);
            f << QString::number(r.attempts);
            f << (r.replyCode ? QString::number(r.replyCode) : QString());
            f << csvField(r.enhancedStatus) << csvField(r.replyText.simplified());
            f << isoMs(r.sentAt) << csvField(row.bounceReason);
            f << QString::number(row.opens) << QString::number(row.humanOpens) << QString::number(row.clicks)
              << QString::number(row.humanClicks) << (row.unsubscribed ? u"yes"_s : QString());
            written = put(f.join(u',') + u"\r\n"_s);
            n += written;
            return written;
        });
    if (!rows)
        return rows.error();
    if (!written)
        return makeError(ErrorCode::Io, out.errorString());
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
    const storage::EngagementFigures &e = r.engagement;
    o.insert(u"tracked"_s, r.tracked);
    o.insert(u"opens"_s, e.opens);
    o.insert(u"unique_opens"_s, e.uniqueOpens);
    o.insert(u"human_opens"_s, e.humanOpens);
    o.insert(u"clicks"_s, e.clicks);
    o.insert(u"unique_clicks"_s, e.uniqueClicks);
    o.insert(u"human_clicks"_s, e.humanClicks);
    o.insert(u"open_rate"_s,
             r.summary.delivered() > 0
                 ? qRound(double(e.humanOpens) / double(r.summary.delivered()) * 10000) / 10000.0
                 : 0.0);
    o.insert(u"click_to_open"_s,
             e.humanOpens > 0 ? qRound(double(e.humanClicks) / double(e.humanOpens) * 10000) / 10000.0 : 0.0);
    QJsonArray links;
    for (const storage::LinkClicks &l : e.links)
        links.append(QJsonObject{{u"url"_s, l.url},
                                 {u"unique_clicks"_s, l.uniqueClicks},
                                 {u"human_clicks"_s, l.humanClicks},
                                 {u"clicks"_s, l.clicks}});
    o.insert(u"links"_s, links);
    QJsonArray byCategory;
    for (const auto &[category, count] : e.unsubscribesByCategory)
        byCategory.append(QJsonObject{{u"category"_s, category.isEmpty() ? u"all"_s : category},
                                      {u"unsubscribes"_s, count}});
    o.insert(u"unsubscribes_by_category"_s, byCategory);
    QJsonArray opensByHour;
    for (const storage::HourActivity &h : e.byHour)
        if (h.openers > 0)
            opensByHour.append(QJsonObject{{u"hour"_s, isoMs(h.hour * 1000)}, {u"human_opens"_s, h.openers}});
    o.insert(u"opens_by_hour"_s, opensByHour);
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
    if (r.tracked) {
        // Engagement from the relay: the same keys as report --json.
        const QJsonObject o = toJson(r);
        lines << QString() << u"engagement,value"_s;
        for (const char *k : {"opens", "unique_opens", "human_opens", "clicks", "unique_clicks",
                              "human_clicks", "open_rate", "click_to_open"})
            lines << QString::fromLatin1(k) + u',' +
                         QString::number(o.value(QLatin1StringView(k)).toDouble());
        lines << u"relay_unsubscribes,"_s + QString::number(r.engagement.unsubscribes);
        lines << QString() << u"link,unique_clicks,human_clicks,clicks"_s;
        for (const storage::LinkClicks &l : r.engagement.links)
            lines << QStringList{csvField(l.url), QString::number(l.uniqueClicks),
                                 QString::number(l.humanClicks), QString::number(l.clicks)}
                         .join(u',');
        lines << QString() << u"unsubscribed_from,unsubscribes"_s;
        for (const auto &[category, count] : r.engagement.unsubscribesByCategory)
            lines << csvField(category.isEmpty() ? u"all"_s : category) + u',' + QString::number(count);
        lines << QString() << u"hour,human_opens,human_clickers"_s;
        for (const storage::HourActivity &h : r.engagement.byHour)
            lines << QStringList{isoMs(h.hour * 1000), QString::number(h.openers),
                                 QString::number(h.clickers)}
                         .join(u',');
    }
    return (lines.join(u"\r\n"_s) + u"\r\n"_s).toUtf8();
}

} // namespace hivepost::report
