#include "MailboxCommands.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

#include "application/Application.h"
#include "mailbox/MailboxPoller.h"
#include "storage/MailboxStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

int mailboxAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self, {{u"protocol"_s, u"imap or pop3."_s, u"P"_s, u"imap"_s},
               {u"host"_s, u"The server."_s, u"H"_s},
               {u"port"_s, u"Default: 993 (tls), 143 (starttls, none)."_s, u"P"_s},
               {u"security"_s, u"tls, starttls or none."_s, u"S"_s, u"tls"_s},
               {u"user"_s, u"The login."_s, u"U"_s},
               {u"password-env"_s, u"The environment variable that holds the password."_s, u"VAR"_s},
               {u"password-file"_s, u"A private file (mode 600) that holds the password."_s, u"FILE"_s},
               {u"ca-file"_s, u"Also trust the CA certificates in this PEM file."_s, u"PEM"_s},
               {u"trust-sha256"_s, u"Trust exactly the certificate with this SHA-256 (hex)."_s, u"HEX"_s},
               {u"folder"_s, u"The folder to read (default INBOX)."_s, u"F"_s, u"INBOX"_s},
               {u"move-to"_s, u"Move bounces and complaints here after processing."_s, u"F"_s},
               {u"allow-plaintext-auth"_s, u"Log in over a connection without TLS."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::MailboxConfig m;
    m.name = line.positional().constFirst().trimmed();
    m.protocol = line.value(u"protocol"_s).toLower();
    m.host = line.value(u"host"_s).trimmed();
    m.security = line.value(u"security"_s).toLower();
    m.user = line.value(u"user"_s);
    m.folder = line.value(u"folder"_s);
    m.moveTo = line.value(u"move-to"_s);
    m.pinnedSha256 = line.value(u"trust-sha256"_s).remove(u':').toLower();
    m.allowPlaintextAuth = line.isSet(u"allow-plaintext-auth"_s);
    if (m.protocol != u"imap"_s && m.protocol != u"pop3"_s)
        return ctx.usageError(u"mailbox add: --protocol must be imap or pop3"_s);
    if (m.host.isEmpty())
        return ctx.usageError(u"mailbox add: --host is required"_s);
    if (m.security != u"tls"_s && m.security != u"starttls"_s && m.security != u"none"_s)
        return ctx.usageError(u"mailbox add: --security must be tls, starttls or none"_s);
    bool portOk = true;
    m.port = line.isSet(u"port"_s)     ? line.value(u"port"_s).toInt(&portOk)
             : m.protocol == u"pop3"_s ? (m.security == u"tls"_s ? 995 : 110)
                                       : (m.security == u"tls"_s ? 993 : 143);
    if (!portOk || m.port <= 0 || m.port > 65535)
        return ctx.usageError(u"mailbox add: --port must be 1 to 65535"_s);
    if (line.isSet(u"password-env"_s))
        m.secretRef = u"env:"_s + line.value(u"password-env"_s);
    else if (line.isSet(u"password-file"_s))
        m.secretRef = u"file:"_s + QFileInfo(line.value(u"password-file"_s)).absoluteFilePath();
    if (line.isSet(u"ca-file"_s))
        m.caFile = QFileInfo(line.value(u"ca-file"_s)).absoluteFilePath();
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto id = storage::MailboxStore(*db).add(m);
    if (!id)
        return ctx.fail(id.errorString());
    if (ctx.json())
        ctx.printJson({{u"mailbox"_s, m.name}, {u"id"_s, id.value()}});
    else
        ctx.out() << "Added mailbox " << m.name << " (" << m.user << " at " << m.host << ':' << m.port
                  << ")\n";
    ctx.out().flush();
    return ExitSuccess;
}

int mailboxList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto list = storage::MailboxStore(*db).list();
    if (!list)
        return ctx.fail(list.errorString());
    QJsonArray array;
    for (const storage::MailboxConfig &m : std::as_const(list.value())) {
        array.append(QJsonObject{{u"name"_s, m.name},
                                 {u"protocol"_s, m.protocol},
                                 {u"host"_s, m.host},
                                 {u"port"_s, m.port},
                                 {u"security"_s, m.security},
                                 {u"user"_s, m.user},
                                 {u"folder"_s, m.folder},
                                 {u"move_to"_s, m.moveTo},
                                 {u"last_uid"_s, qint64(m.lastUid)},
                                 {u"last_poll_at"_s, m.lastPollAt},
                                 {u"last_result"_s, m.lastResult}});
    }
    if (ctx.json()) {
        ctx.printJson({{u"mailboxes"_s, array}});
        return ExitSuccess;
    }
    for (const storage::MailboxConfig &m : std::as_const(list.value()))
        ctx.out() << m.name << "  " << m.protocol << "://" << m.user << '@' << m.host << ':' << m.port << " ("
                  << m.security << ") " << m.folder << (m.moveTo.isEmpty() ? QString() : u" -> "_s + m.moveTo)
                  << "  last: " << (m.lastResult.isEmpty() ? u"never polled"_s : m.lastResult) << '\n';
    ctx.out().flush();
    return ExitSuccess;
}

int mailboxTest(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const QString name = line.positional().constFirst();
    auto services = ctx.makeApplication();
    if (!services)
        return ExitFailure;
    QEventLoop loop;
    Result<int> result = makeError(ErrorCode::Io, u"no answer"_s);
    QObject::connect(services.get(), &application::Application::mailboxTested, &loop,
                     [&](const QString &, const Result<int> &r) {
                         result = r;
                         loop.quit();
                     });
    services->testMailbox(name);
    loop.exec();
    if (!result)
        return ctx.fail(u"%1: %2"_s.arg(name, result.errorString()));
    if (ctx.json()) {
        ctx.printJson({{u"mailbox"_s, name}, {u"ok"_s, true}, {u"new_messages"_s, result.value()}});
    } else {
        ctx.out() << "Mailbox " << name << ": logged in; " << result.value() << " new message(s) to read\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int bouncesFetch(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    QStringList names;
    if (!line.positional().isEmpty()) {
        names << line.positional().constFirst();
    } else {
        auto list = storage::MailboxStore(*db).list();
        if (!list)
            return ctx.fail(list.errorString());
        for (const storage::MailboxConfig &m : std::as_const(list.value()))
            names << m.name;
        if (names.isEmpty())
            return ctx.fail(u"There is no bounce mailbox; add one with “mailbox add”."_s);
    }
    bounce::ProcessSummary total;
    int moved = 0;
    QStringList errors;
    auto services = ctx.makeApplication();
    if (!services)
        return ExitFailure;
    QEventLoop loop;
    int left = int(names.size());
    QObject::connect(services.get(), &application::Application::pollFinished, &loop,
                     [&](const QString &name, const Result<mailbox::PollReport> &r) {
                         if (r) {
                             total += r->summary;
                             moved += r->moved;
                         } else {
                             errors << u"%1: %2"_s.arg(name, r.errorString());
                         }
                         if (--left == 0)
                             loop.quit();
                     });
    for (const QString &name : std::as_const(names))
        services->poll(name); // one after the other
    loop.exec();
    if (ctx.json()) {
        QJsonObject o{{u"fetched"_s, total.messages},         {u"bounces"_s, total.bounces},
                      {u"complaints"_s, total.complaints},    {u"unsubscribes"_s, total.unsubscribes},
                      {u"auto_replies"_s, total.autoReplies}, {u"other"_s, total.other},
                      {u"suppressed"_s, total.suppressed},    {u"moved"_s, moved}};
        if (!errors.isEmpty())
            o.insert(u"errors"_s, QJsonArray::fromStringList(errors));
        ctx.printJson(o);
    } else {
        ctx.out() << "Fetched " << total.messages << ": bounces " << total.bounces << ", complaints "
                  << total.complaints << ", unsubscribes " << total.unsubscribes << ", auto-replies "
                  << total.autoReplies << ", other " << total.other << "; suppressed " << total.suppressed
                  << ", moved " << moved << '\n';
        ctx.out().flush();
    }
    if (!errors.isEmpty())
        return ctx.json() ? ctx.failAfterResult(errors.join(u"; "_s)) : ctx.fail(errors.join(u"; "_s));
    return ExitSuccess;
}

} // namespace

QList<Command> mailboxCommands() {
    return {
        {{u"mailbox"_s, u"add"_s},
         u"NAME [--protocol imap|pop3] --host H [--port P] [--security tls|starttls|none] --user U "
         u"[--password-env VAR | "
         u"--password-file F] "
         "[--ca-file PEM] [--trust-sha256 HEX] [--folder INBOX] [--move-to Processed] [--json]"_s,
         u"Add a bounce mailbox (IMAP or POP3) to poll for bounces, complaints and unsubscribe e-mails."_s,
         mailboxAdd},
        {{u"mailbox"_s, u"list"_s},
         u"[--json]"_s,
         u"The bounce mailboxes and how their last poll went."_s,
         mailboxList},
        {{u"mailbox"_s, u"test"_s},
         u"NAME [--json]"_s,
         u"Log in to a bounce mailbox and count the new messages, reading and moving nothing."_s,
         mailboxTest},
        {{u"bounces"_s, u"fetch"_s},
         u"[NAME] [--json]"_s,
         u"Poll the bounce mailboxes (or one) once: log and act on what came back; other mail is left alone."_s,
         bouncesFetch},
    };
}

} // namespace hivepost::cli
