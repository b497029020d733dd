#include "BounceCommands.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimeZone>

#include "bounce/BounceOrigin.h"
#include "bounce/BounceParser.h"
#include "bounce/BounceProcessor.h"
#include "storage/CampaignStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

QJsonObject recordJson(const bounce::BounceRecord &r, const std::optional<bounce::Origin> &origin) {
    QJsonObject o{{u"recipient"_s, r.recipient},
                  {u"status"_s, r.status.isEmpty() ? QJsonValue() : QJsonValue(r.status)},
                  {u"reply_code"_s, r.replyCode ? QJsonValue(r.replyCode) : QJsonValue()},
                  {u"reason"_s, r.reason},
                  {u"hard"_s, r.hard},
                  {u"action"_s, r.action},
                  {u"diagnostic"_s, r.diagnostic},
                  {u"remote_mta"_s, r.remoteMta},
                  {u"feedback_type"_s, r.feedbackType.isEmpty() ? QJsonValue() : QJsonValue(r.feedbackType)},
                  {u"message_id"_s, r.messageId},
                  {u"campaign"_s, origin ? QJsonValue(origin->campaign) : QJsonValue()},
                  {u"contact"_s, origin ? QJsonValue(origin->email) : QJsonValue()}};
    return o;
}

int bouncesParse(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1 << 20))
        return *exit;
    int status = ExitSuccess;
    std::optional<bounce::BounceOrigin> origins; // opened at the first VERP token or Message-ID
    for (const QString &path : line.positional()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            status = ctx.fail(u"%1: %2"_s.arg(path, file.errorString()));
            continue;
        }
        const QList<bounce::BounceRecord> records = bounce::BounceParser::parse(file.readAll());
        QJsonArray list;
        for (const bounce::BounceRecord &r : records) {
            std::optional<bounce::Origin> origin;
            if (!r.token.isEmpty() || !r.messageId.isEmpty()) {
                if (!origins) {
                    storage::Database *db = ctx.database();
                    if (!db)
                        return ExitFailure;
                    origins.emplace(*db);
                }
                auto found = origins->resolve(r.token, r.messageId);
                if (!found)
                    return ctx.fail(found.errorString());
                origin = found.value();
            }
            list.append(recordJson(r, origin));
        }
        if (ctx.json()) {
            QJsonObject o{{u"records"_s, list}};
            if (line.positional().size() > 1)
                o.insert(u"file"_s, path);
            ctx.printJson(o);
            continue;
        }
        QTextStream &out = ctx.out();
        if (line.positional().size() > 1)
            out << path << ":\n";
        if (records.isEmpty())
            out << "  not a bounce, complaint or auto-reply\n";
        for (const QJsonValue &v : std::as_const(list)) {
            const QJsonObject r = v.toObject();
            out << "  " << r.value(u"recipient"_s).toString() << "  " << r.value(u"reason"_s).toString()
                << "  " << (r.value(u"hard"_s).toBool() ? "hard" : "soft") << "  "
                << r.value(u"status"_s).toString() << "  " << r.value(u"reply_code"_s).toInt() << "  "
                << r.value(u"diagnostic"_s).toString().left(100) << '\n';
        }
        out.flush();
    }
    return status;
}

QJsonObject summaryJson(const bounce::ProcessSummary &s) {
    return {{u"fetched"_s, s.messages},         {u"bounces"_s, s.bounces},
            {u"complaints"_s, s.complaints},    {u"unsubscribes"_s, s.unsubscribes},
            {u"auto_replies"_s, s.autoReplies}, {u"other"_s, s.other},
            {u"suppressed"_s, s.suppressed}};
}

void printSummary(CliContext &ctx, const bounce::ProcessSummary &s) {
    if (ctx.json()) {
        ctx.printJson(summaryJson(s));
        return;
    }
    ctx.out() << "E-mails: " << s.messages << "; bounces " << s.bounces << ", complaints " << s.complaints
              << ", unsubscribes " << s.unsubscribes << ", auto-replies " << s.autoReplies << ", other "
              << s.other << "; addresses suppressed or unsubscribed: " << s.suppressed << '\n';
    ctx.out().flush();
}

int bouncesImport(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1 << 20))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    bounce::BounceProcessor processor(*db);
    bounce::ProcessSummary total;
    for (const QString &path : line.positional()) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return ctx.fail(u"%1: %2"_s.arg(path, file.errorString()));
        auto done =
            processor.processMessage(file.readAll(), u"file"_s, path, QDateTime::currentMSecsSinceEpoch());
        if (!done)
            return ctx.fail(u"%1: %2"_s.arg(path, done.errorString()));
        total += done.value();
    }
    auto ledger = processor.processLedger(QDateTime::currentMSecsSinceEpoch());
    if (!ledger)
        return ctx.fail(ledger.errorString());
    ledger->messages = 0;
    total += ledger.value();
    printSummary(ctx, total);
    return ExitSuccess;
}

int bouncesList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self,
                     {{u"campaign"_s, u"Only this campaign's."_s, u"NAME"_s},
                      {u"reason"_s, u"Only this reason (userunknown, mailboxfull, ...)."_s, u"REASON"_s},
                      {u"hard"_s, u"Only hard bounces."_s},
                      {u"soft"_s, u"Only soft bounces."_s},
                      {u"since"_s, u"Only those since this date (YYYY-MM-DD, UTC) or the last N days (Nd)."_s,
                       u"WHEN"_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    qint64 sinceMs = 0;
    if (line.isSet(u"since"_s)) {
        const QString when = line.value(u"since"_s).trimmed();
        bool ok = false;
        if (when.endsWith(u'd')) {
            const int days = when.chopped(1).toInt(&ok);
            ok = ok && days > 0;
            sinceMs = QDateTime::currentMSecsSinceEpoch() - qint64(days) * 86'400'000;
        } else {
            const QDate date = QDate::fromString(when, Qt::ISODate);
            ok = date.isValid();
            sinceMs = date.startOfDay(Qt::UTC).toMSecsSinceEpoch();
        }
        if (!ok)
            return ctx.usageError(u"bounces list: --since is YYYY-MM-DD or Nd (e.g. 7d)"_s);
    }
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    // SMTP-time refusals of campaigns land in the same log first.
    bounce::BounceProcessor processor(*db);
    if (auto r = processor.processLedger(QDateTime::currentMSecsSinceEpoch()); !r)
        return ctx.fail(r.errorString());
    storage::BounceFilter filter;
    if (line.isSet(u"campaign"_s)) {
        auto c = storage::CampaignStore(*db).byName(line.value(u"campaign"_s));
        if (!c)
            return ctx.fail(c.errorString());
        filter.campaignId = c->id;
    }
    filter.reason = line.value(u"reason"_s);
    filter.hard = line.isSet(u"hard"_s) ? 1 : line.isSet(u"soft"_s) ? 0 : -1;
    filter.sinceMs = sinceMs;
    auto events = storage::BounceStore(*db).list(filter);
    if (!events)
        return ctx.fail(events.errorString());
    QJsonArray list;
    for (const storage::BounceEvent &e : std::as_const(events.value())) {
        list.append(QJsonObject{
            {u"id"_s, e.id},
            {u"received_at"_s, QDateTime::fromMSecsSinceEpoch(e.receivedAt, Qt::UTC).toString(Qt::ISODate)},
            {u"source"_s, e.source},
            {u"email"_s, e.email},
            {u"campaign"_s, e.campaign.isEmpty() ? QJsonValue() : QJsonValue(e.campaign)},
            {u"kind"_s, e.kind},
            {u"reason"_s, e.reason},
            {u"hard"_s, e.hard},
            {u"status"_s, e.status},
            {u"reply_code"_s, e.replyCode},
            {u"diagnostic"_s, e.diagnostic},
            {u"action"_s, e.action},
            {u"evidence"_s, e.evidence},
            {u"undone"_s, e.undoneAt != 0}});
    }
    if (ctx.json()) {
        ctx.printJson({{u"bounces"_s, list}});
        return ExitSuccess;
    }
    for (const QJsonValue &v : std::as_const(list)) {
        const QJsonObject o = v.toObject();
        ctx.out() << o.value(u"id"_s).toInteger() << "  " << o.value(u"received_at"_s).toString() << "  "
                  << o.value(u"email"_s).toString() << "  " << o.value(u"reason"_s).toString() << "  "
                  << (o.value(u"hard"_s).toBool() ? "hard" : "soft") << "  "
                  << o.value(u"status"_s).toString() << "  " << o.value(u"action"_s).toString()
                  << (o.value(u"undone"_s).toBool() ? " (undone)" : "") << '\n';
    }
    ctx.out().flush();
    return ExitSuccess;
}

int bouncesUndo(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    bool ok = false;
    const qint64 id = line.positional().constFirst().toLongLong(&ok);
    if (!ok)
        return ctx.usageError(u"bounces undo: “%1” is not a bounce id"_s.arg(line.positional().constFirst()));
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto done = bounce::BounceProcessor(*db).undo(id, QDateTime::currentMSecsSinceEpoch());
    if (!done)
        return ctx.fail(done.errorString());
    if (ctx.json()) {
        ctx.printJson({{u"id"_s, id}, {u"undone"_s, done.value()}});
    } else {
        ctx.out() << (done.value() ? "Undone.\n" : "It was undone before.\n");
        ctx.out().flush();
    }
    return ExitSuccess;
}

} // namespace

QList<Command> bounceCommands() {
    return {
        {{u"bounces"_s, u"parse"_s},
         u"FILE.eml [FILE.eml ...] [--json]"_s,
         u"Read bounces, complaints and auto-replies: recipient, status, reply code, reason, hard or soft."_s,
         bouncesParse},
        {{u"bounces"_s, u"import"_s},
         u"FILE.eml [FILE.eml ...] [--json]"_s,
         u"Log and act on returned e-mails (hard bounce: suppress; 3 soft in 30 days: suppress; complaint: "
         "unsubscribe and suppress)."_s,
         bouncesImport},
        {{u"bounces"_s, u"list"_s},
         u"[--campaign C] [--reason R] [--hard|--soft] [--since YYYY-MM-DD|Nd] [--json]"_s,
         u"The bounce log, SMTP-time refusals included, with what was done about each."_s,
         bouncesList},
        {{u"bounces"_s, u"undo"_s},
         u"ID [--json]"_s,
         u"Put back what a bounce's action changed (the contact's status, the suppression)."_s,
         bouncesUndo},
    };
}

} // namespace hivepost::cli
