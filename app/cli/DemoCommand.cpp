#include "DemoCommand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "Cli.h"
#include "DemoServer.h"
#include "storage/CampaignStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

const QString Campaign = u"Spring demo"_s;

// Runs one hivepost-cli command on the demo's database; its JSON answer, or an error.
struct Runner {
    QString db;
    QTextStream &err;
    QString error;

    QJsonObject operator()(QStringList args) {
        QString captured;
        QTextStream out(&captured);
        Cli cli(out, err);
        const int rc = cli.run(QStringList{u"--db"_s, db} + args + QStringList{u"--json"_s});
        out.flush();
        const QJsonObject answer = QJsonDocument::fromJson(captured.toUtf8()).object();
        if (rc != ExitSuccess && error.isEmpty())
            error = u"%1: %2"_s.arg(args.mid(0, 2).join(u' '),
                                    answer.value(u"error"_s).toObject().value(u"message"_s).toString());
        return answer;
    }
};

bool copyResource(const QString &resource, const QString &to) {
    QFile::remove(to);
    return QFile::copy(resource, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

int demoCommand(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"keep"_s, u"Keep the demo's database in this file."_s, u"FILE"_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    QTemporaryDir dir;
    if (!dir.isValid())
        return ctx.fail(dir.errorString());
    const QString db = line.isSet(u"keep"_s) ? line.value(u"keep"_s) : dir.filePath(u"demo.db"_s);
    if (line.isSet(u"keep"_s) && QFile::exists(db))
        return ctx.fail(u"%1 exists already; the demo starts from an empty database."_s.arg(db));
    for (const char *f : {"contacts.csv", "newsletter.html", "newsletter.txt"}) {
        const QString name = QString::fromLatin1(f);
        if (!copyResource(u":/samples/"_s + name, dir.filePath(name)))
            return ctx.fail(u"Cannot unpack the sample %1."_s.arg(name));
    }
    DemoServer server;
    if (!server.start())
        return ctx.fail(u"The demo server cannot listen on 127.0.0.1: %1"_s.arg(server.errorString()));
    const QString port = QString::number(server.serverPort());
    QTextStream &say = ctx.err(); // the story on stderr; the report (or JSON) on stdout
    Runner run{db, ctx.err(), {}};

    say << "Hivepost demo, in " << (line.isSet(u"keep"_s) ? db : u"a temporary database"_s) << ".\n";
    const QJsonObject imported = run({u"import"_s, dir.filePath(u"contacts.csv"_s), u"--list"_s, u"Demo"_s});
    say << "1. Imported the sample list (" << imported.value(u"rows"_s).toInt()
        << " rows): " << imported.value(u"imported"_s).toInt() << " contacts, "
        << imported.value(u"duplicates"_s).toInt() << " duplicates and "
        << imported.value(u"invalid"_s).toInt() << " invalid addresses left out.\n";
    run({u"template"_s, u"add"_s, u"Newsletter"_s, u"--subject"_s, u"Spring news for {{first_name|you}}"_s,
         u"--html"_s, dir.filePath(u"newsletter.html"_s), u"--text"_s, dir.filePath(u"newsletter.txt"_s)});
    run({u"sender"_s, u"set"_s, u"--from"_s, u"Hivepost Demo <news@demo.example>"_s});
    say << "2. Added the template \"Newsletter\" (HTML and text) and the sender news@demo.example.\n";
    run({u"account"_s, u"add"_s, u"Primary"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s, port,
         u"--security"_s, u"none"_s, u"--connections"_s, u"3"_s, u"--rate"_s, u"60/s"_s});
    run({u"account"_s, u"add"_s, u"Backup"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s, port, u"--security"_s,
         u"none"_s, u"--connections"_s, u"2"_s, u"--rate"_s, u"30/s"_s});
    say << "3. Added two accounts on the built-in server (127.0.0.1:" << port
        << "): Primary at 60 messages/s, Backup at 30/s.\n";
    run({u"campaign"_s, u"create"_s, Campaign, u"--list"_s, u"Demo"_s, u"--template"_s, u"Newsletter"_s});
    if (!run.error.isEmpty())
        return ctx.fail(run.error);
    say << "4. Sending \"" << Campaign << "\" through both accounts:\n";
    say.flush();
    const QJsonObject sent = run({u"campaign"_s, u"send"_s, Campaign});
    if (sent.isEmpty())
        return ctx.fail(run.error.isEmpty() ? u"The campaign did not run."_s : run.error);
    using storage::LedgerState;
    const auto count = [&sent](LedgerState s) {
        return sent.value(storage::stateName(s)).toInt();
    };
    say << "   sent " << count(LedgerState::Sent) << ", refused " << count(LedgerState::Failed)
        << ", to try again later " << count(LedgerState::Deferred) << ", skipped "
        << count(LedgerState::Skipped) << "; the server received " << server.messages() << " messages over "
        << server.connections() << " connections.\n";

    // Days later, some mail comes back: the bundled bounces, for recipients the server had accepted.
    auto opened = storage::Database::open(db);
    if (!opened)
        return ctx.fail(opened.errorString());
    storage::CampaignStore campaigns(*opened.value());
    auto info = campaigns.byName(Campaign);
    auto rows = info ? campaigns.recipients(info->id, storage::stateName(storage::LedgerState::Sent), 0, 3)
                     : Result<QList<storage::LedgerRow>>(info.error());
    if (!rows)
        return ctx.fail(rows.errorString());
    QStringList files;
    const QStringList samples{u"mailbox-full"_s, u"user-unknown"_s, u"complaint"_s};
    for (qsizetype i = 0; i < rows->size() && i < samples.size(); ++i) {
        QFile in(u":/samples/bounces/%1.eml"_s.arg(samples[i]));
        if (!in.open(QIODevice::ReadOnly))
            return ctx.fail(u"Cannot read the sample bounce %1."_s.arg(samples[i]));
        QByteArray mail = in.readAll();
        mail.replace("{{recipient}}", rows->at(i).email.toUtf8())
            .replace("{{message_id}}", rows->at(i).messageId.toUtf8())
            .replace("{{bounce_address}}", "bounces@demo.example");
        QFile out(dir.filePath(samples[i] + u".eml"_s));
        if (!out.open(QIODevice::WriteOnly) || out.write(mail) != mail.size())
            return ctx.fail(out.errorString());
        files << out.fileName();
    }
    opened.value().reset();
    const QJsonObject back = run(QStringList{u"bounces"_s, u"import"_s} + files);
    say << "5. Three e-mails came back later: " << back.value(u"bounces"_s).toInt() << " bounces and "
        << back.value(u"complaints"_s).toInt() << " complaint, each matched to its recipient by Message-ID; "
        << back.value(u"suppressed"_s).toInt() << " addresses are now suppressed.\n\n";
    say.flush();
    if (!run.error.isEmpty())
        return ctx.fail(run.error);

    // The report, as "hivepost-cli report" prints it.
    Cli cli(ctx.out(), ctx.err());
    QStringList report{u"--db"_s, db, u"report"_s, Campaign};
    if (ctx.json())
        report << u"--json"_s;
    const int rc = cli.run(report);
    server.close();
    return rc;
}

} // namespace

QList<Command> demoCommands() {
    return {
        {{u"demo"_s},
         u"[--keep FILE] [--json]"_s,
         u"The main job in a temporary database: import the sample list, send a campaign through two "
         u"accounts "
         u"to a built-in server on 127.0.0.1, take back a few bounces, print the report."_s,
         demoCommand},
    };
}

} // namespace hivepost::cli
