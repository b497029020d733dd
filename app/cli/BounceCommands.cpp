#include "BounceCommands.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include "bounce/BounceOrigin.h"
#include "bounce/BounceParser.h"

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
            if (!r.token.isEmpty()) {
                storage::Database *db = ctx.database();
                if (!db)
                    return ExitFailure;
                auto found = bounce::BounceOrigin::resolve(*db, r.token);
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

} // namespace

QList<Command> bounceCommands() {
    return {
        {{u"bounces"_s, u"parse"_s},
         u"FILE.eml [FILE.eml ...] [--json]"_s,
         u"Read bounces, complaints and auto-replies: recipient, status, reply code, reason, hard or soft."_s,
         bouncesParse},
    };
}

} // namespace hivepost::cli
