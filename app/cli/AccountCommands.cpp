#include "AccountCommands.h"

#include <functional>

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTime>

#include "TemplateCommands.h"
#include "accounts/AccountSettings.h"
#include "accounts/ConnectionTest.h"
#include "accounts/SettingsResolver.h"
#include "campaign/CampaignMessages.h"
#include "campaign/TestSend.h"
#include "common/EmailAddress.h"
#include "secrets/SecretStore.h"
#include "smtp/SmtpClient.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

// The CLI has no event loop of its own; this runs one for a single asynchronous answer.
Result<smtp::SmtpSettings> resolveSettings(CliContext &ctx, const storage::Account &account) {
    accounts::SettingsResolver resolver(ctx.secrets());
    Result<smtp::SmtpSettings> result = makeError(ErrorCode::Io, QString());
    QEventLoop loop;
    QObject::connect(&resolver, &accounts::SettingsResolver::resolved, &loop,
                     [&](const smtp::SmtpSettings &s) {
                         result = s;
                         loop.quit();
                     });
    QObject::connect(&resolver, &accounts::SettingsResolver::failed, &loop, [&](const QString &message) {
        result = makeError(ErrorCode::NotFound, message);
        loop.quit();
    });
    resolver.resolve(account);
    loop.exec();
    return result;
}

QJsonObject accountJson(const storage::Account &a) {
    QJsonArray from;
    for (const QString &f : a.fromAddresses)
        from.append(f);
    return {
        {u"name"_s, a.name},
        {u"host"_s, a.host},
        {u"port"_s, a.port},
        {u"security"_s, a.security},
        {u"auth"_s, a.auth},
        {u"user"_s, a.user},
        {u"secret"_s, a.secretRef.isEmpty() ? u"none"_s : a.secretRef.section(u':', 0, 0)}, // never the value
        {u"from"_s, from},
        {u"connections"_s, a.connections},
        {u"per_connection"_s, a.perConnection},
        {u"per_second"_s, a.perSecond},
        {u"per_minute"_s, a.perMinute},
        {u"hourly"_s, a.perHour},
        {u"daily"_s, a.perDay},
        {u"last_test_ok"_s, a.lastTestOk},
        {u"last_test"_s, a.lastTestMessage}};
}

int accountAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self,
        {{u"host"_s, u"The SMTP server."_s, u"H"_s},
         {u"port"_s, u"Its port (465 for tls, 587 for starttls)."_s, u"P"_s},
         {u"security"_s, u"tls, starttls or none."_s, u"S"_s},
         {u"auth"_s, u"plain, login, xoauth2 or none."_s, u"A"_s},
         {u"user"_s, u"The user name to sign in with."_s, u"U"_s},
         {u"password-env"_s,
          u"Take the password from this environment variable and keep it in the system keychain (without a "
          "keychain: read the variable whenever sending)."_s,
          u"VAR"_s},
         {u"no-keychain"_s,
          u"With --password-env: never use the keychain; read the variable when sending."_s},
         {u"password-file"_s, u"Read the password from this file (it must be mode 0600)."_s, u"FILE"_s},
         {u"from"_s, u"An address or @domain this account may send as (repeatable)."_s, u"ADDR"_s},
         {u"connections"_s, u"Parallel connections (default 2)."_s, u"N"_s},
         {u"per-connection"_s, u"Messages per connection (default 100)."_s, u"N"_s},
         {u"rate"_s, u"N/s or N/min."_s, u"RATE"_s},
         {u"hourly"_s, u"Messages per hour."_s, u"N"_s},
         {u"daily"_s, u"Messages per day."_s, u"N"_s},
         {u"helo"_s, u"The name to greet the server with."_s, u"NAME"_s},
         {u"ca-file"_s, u"Also trust the CA certificates in this PEM file."_s, u"PEM"_s},
         {u"allow-plaintext-auth"_s, u"Allow signing in without encryption."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    if (!line.isSet(u"host"_s) || !line.isSet(u"security"_s))
        return ctx.usageError(u"account add: --host and --security are required"_s);
    storage::Account a;
    a.name = line.positional().constFirst();
    a.host = line.value(u"host"_s);
    a.security = line.value(u"security"_s).toLower();
    a.port = line.isSet(u"port"_s) ? line.value(u"port"_s).toInt() : (a.security == u"tls"_s ? 465 : 587);
    a.auth = line.isSet(u"auth"_s) ? line.value(u"auth"_s).toLower()
                                   : (line.isSet(u"user"_s) ? u"plain"_s : u"none"_s);
    a.user = line.value(u"user"_s);
    if (line.isSet(u"password-env"_s))
        a.secretRef = u"env:"_s + line.value(u"password-env"_s);
    else if (line.isSet(u"password-file"_s))
        a.secretRef = u"file:"_s + line.value(u"password-file"_s);
    a.fromAddresses = line.values(u"from"_s);
    if (line.isSet(u"connections"_s))
        a.connections = line.value(u"connections"_s).toInt();
    if (line.isSet(u"per-connection"_s))
        a.perConnection = line.value(u"per-connection"_s).toInt();
    if (line.isSet(u"rate"_s)) {
        const QString rate = line.value(u"rate"_s);
        bool ok = false;
        if (rate.endsWith(u"/s"_s))
            a.perSecond = rate.chopped(2).toDouble(&ok);
        else if (rate.endsWith(u"/min"_s))
            a.perMinute = rate.chopped(4).toInt(&ok);
        if (!ok)
            return ctx.usageError(u"account add: --rate is N/s or N/min"_s);
    }
    a.perHour = line.value(u"hourly"_s).toInt();
    a.perDay = line.value(u"daily"_s).toInt();
    a.heloName = line.value(u"helo"_s);
    a.allowPlaintextAuth = line.isSet(u"allow-plaintext-auth"_s);
    if (line.isSet(u"ca-file"_s)) {
        QFile f(line.value(u"ca-file"_s));
        if (!f.open(QIODevice::ReadOnly))
            return ctx.fail(u"cannot read %1: %2"_s.arg(f.fileName(), f.errorString()));
        const QByteArray pem = f.readAll();
        if (QSslCertificate::fromData(pem, QSsl::Pem).isEmpty())
            return ctx.fail(u"%1 holds no PEM certificate"_s.arg(f.fileName()));
        a.caPem = QString::fromLatin1(pem);
    }
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    if (const QString problem = storage::AccountStore::validate(a); !problem.isEmpty())
        return ctx.fail(problem);
    if (line.isSet(u"password-env"_s) && !line.isSet(u"no-keychain"_s)) {
        const QString var = line.value(u"password-env"_s);
        if (!qEnvironmentVariableIsSet(var.toLocal8Bit().constData()))
            return ctx.fail(u"the environment variable %1 is not set"_s.arg(var));
        const QString password = qEnvironmentVariable(var.toLocal8Bit().constData());
        const auto stored = ctx.writeSecret(secrets::SecretStore::accountKey(a.name), password);
        if (stored) {
            a.secretRef = u"keychain"_s;
        } else {
            QTextStream err(stderr);
            err << "note: " << stored.errorString() << "; the password will be read from $" << var
                << " each time this account sends\n";
        }
    }
    auto id = storage::AccountStore(*db).add(a);
    if (!id)
        return ctx.fail(id.errorString());
    if (ctx.json())
        ctx.printJson(accountJson(a));
    else
        ctx.out() << "Added account \"" << a.name << "\" (" << a.host << ':' << a.port << ", " << a.security
                  << ")\n";
    ctx.out().flush();
    return ExitSuccess;
}

int accountList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto accounts = storage::AccountStore(*db).list();
    if (!accounts)
        return ctx.fail(accounts.errorString());
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::Account &a : std::as_const(accounts.value()))
            array.append(accountJson(a));
        ctx.printJson({{u"accounts"_s, array}});
    } else {
        for (const storage::Account &a : std::as_const(accounts.value()))
            ctx.out() << a.name << "  " << a.host << ':' << a.port << ' ' << a.security
                      << (a.lastTestAt == 0 ? "  (not tested)"
                          : a.lastTestOk    ? "  (test passed)"
                                            : "  (test FAILED)")
                      << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int accountRemove(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    storage::AccountStore store(*db);
    auto account = store.byName(line.positional().constFirst());
    if (!account)
        return ctx.fail(account.errorString());
    if (auto r = store.remove(account->name); !r)
        return ctx.fail(r.errorString());
    if (account->secretRef == u"keychain"_s)
        (void)ctx.removeSecret(secrets::SecretStore::accountKey(account->name));
    if (ctx.json())
        ctx.printJson({{u"removed"_s, line.positional().constFirst()}});
    return ExitSuccess;
}

// Runs one SMTP session to completion on a local event loop (the CLI has no other).
struct Session {
    bool connected = false;
    smtp::SmtpResult failure;
    smtp::SmtpResult message;
    QStringList log;
    QStringList capabilities;
    QString tls;
    QSslCertificate certificate;
};

Session runSession(const smtp::SmtpSettings &settings, const smtp::Envelope *envelope, const QByteArray &data,
                   bool showLog, QTextStream &err) {
    Session s;
    smtp::SmtpClient client(settings);
    QEventLoop loop;
    QObject::connect(&client, &smtp::SmtpClient::protocolLine, &loop, [&](char dir, const QByteArray &l) {
        const QString stamp = QTime::currentTime().toString(u"HH:mm:ss.zzz"_s);
        s.log << stamp + u' ' + QLatin1Char(dir) + u": "_s + QString::fromUtf8(l);
        if (showLog) {
            err << stamp << ' ' << dir << ": " << l << '\n';
            err.flush();
        }
    });
    QObject::connect(&client, &smtp::SmtpClient::ready, &loop, [&] {
        s.connected = true;
        s.capabilities = client.capabilities();
        s.tls = client.tlsDescription();
        s.certificate = client.peerCertificate();
        if (envelope)
            client.send(*envelope, data);
        else
            client.quit();
    });
    QObject::connect(&client, &smtp::SmtpClient::messageFinished, &loop, [&](const smtp::SmtpResult &r) {
        s.message = r;
        client.quit();
    });
    QObject::connect(&client, &smtp::SmtpClient::connectionFailed, &loop,
                     [&](const smtp::SmtpResult &r) { s.failure = r; });
    QObject::connect(&client, &smtp::SmtpClient::closed, &loop, &QEventLoop::quit);
    client.connectToServer();
    loop.exec();
    return s;
}

int accountTest(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"log"_s, u"Print the protocol conversation on stderr (passwords hidden)."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    storage::AccountStore store(*db);
    auto account = store.byName(line.positional().constFirst());
    if (!account)
        return ctx.fail(account.errorString());
    // The same test as the Accounts page's "Test Connection" (accounts::ConnectionTest).
    accounts::ConnectionTest test(ctx.secrets());
    QEventLoop loop;
    accounts::ConnectionTestResult s;
    QTextStream err(stderr);
    const bool showLog = line.isSet(u"log"_s);
    QObject::connect(&test, &accounts::ConnectionTest::protocolLine, &loop,
                     [&](char dir, const QByteArray &l) {
                         if (showLog) {
                             err << accounts::ConnectionTest::stamped(dir, l) << '\n';
                             err.flush();
                         }
                     });
    QObject::connect(&test, &accounts::ConnectionTest::finished, &loop,
                     [&](const accounts::ConnectionTestResult &r) {
                         s = r;
                         loop.quit();
                     });
    test.start(account.value());
    loop.exec();
    if (!s.reachedServer())
        return ctx.fail(s.message);
    const QString message =
        s.ok ? u"connected"_s + (s.tls.isEmpty() ? QString() : u" with "_s + s.tls) : s.message;
    (void)store.recordTest(account->name, s.ok, message);
    if (ctx.json()) {
        QJsonObject o{{u"ok"_s, s.ok},
                      {u"capabilities"_s, QJsonArray::fromStringList(s.capabilities)},
                      {u"tls"_s, s.tls},
                      {u"log"_s, QJsonArray::fromStringList(s.log)}};
        if (!s.certificate.isNull()) {
            o.insert(
                u"certificate"_s,
                QJsonObject{{u"subject"_s, s.certificate.subjectDisplayName()},
                            {u"issuer"_s, s.certificate.issuerDisplayName()},
                            {u"expires"_s, s.certificate.expiryDate().toString(Qt::ISODate)},
                            {u"sha256"_s,
                             QString::fromLatin1(s.certificate.digest(QCryptographicHash::Sha256).toHex())}});
        }
        if (!s.ok)
            o.insert(u"error"_s, QJsonObject{{u"message"_s, s.message}, {u"reply_code"_s, s.replyCode}});
        ctx.printJson(o);
    } else if (s.ok) {
        QTextStream &out = ctx.out();
        out << "OK: " << account->host << ':' << account->port
            << (s.tls.isEmpty() ? QString() : u" ("_s + s.tls + u')') << '\n';
        if (!s.certificate.isNull())
            out << "Certificate: " << s.certificate.subjectDisplayName() << ", issued by "
                << s.certificate.issuerDisplayName() << ", valid until "
                << s.certificate.expiryDate().toString(Qt::ISODate) << '\n';
        out << "Capabilities: " << s.capabilities.join(u", "_s) << '\n';
        out.flush();
    }
    if (!s.ok)
        return ctx.failAfterResult(s.message);
    return ExitSuccess;
}

int sendTest(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self,
                     {{u"account"_s, u"The account to send through."_s, u"NAME"_s},
                      {u"template"_s, u"The template."_s, u"T"_s},
                      {u"campaign"_s, u"A campaign: its template, From and (first) account."_s, u"C"_s},
                      {u"to"_s, u"The address to send to (repeat, or separate with commas)."_s, u"ADDR"_s},
                      {u"log"_s, u"Print the protocol conversation on stderr (passwords hidden)."_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    if ((!line.isSet(u"template"_s) && !line.isSet(u"campaign"_s)) || !line.isSet(u"to"_s) ||
        (!line.isSet(u"account"_s) && !line.isSet(u"campaign"_s)))
        return ctx.usageError(
            u"send-test: --to and --account with --template, or --campaign, are required"_s);
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    QString templateName = line.value(u"template"_s);
    QString fromOverride;
    QString campaignName;
    QString accountName = line.value(u"account"_s);
    if (line.isSet(u"campaign"_s)) {
        auto info = storage::CampaignStore(*db).byName(line.value(u"campaign"_s));
        if (!info)
            return ctx.fail(info.errorString());
        templateName = info->templateName;
        fromOverride = info->fromAddress;
        campaignName = info->name;
        if (accountName.isEmpty()) {
            auto accounts = storage::AccountStore(*db).list();
            if (!accounts)
                return ctx.fail(accounts.errorString());
            for (const storage::Account &a : std::as_const(accounts.value())) {
                if (info->accountIds.isEmpty() || info->accountIds.contains(a.id)) {
                    accountName = a.name;
                    break;
                }
            }
            if (accountName.isEmpty())
                return ctx.fail(u"the campaign has no account to send with"_s);
        }
    }
    auto account = storage::AccountStore(*db).byName(accountName);
    if (!account)
        return ctx.fail(account.errorString());
    auto settings = resolveSettings(ctx, account.value());
    if (!settings)
        return ctx.fail(settings.errorString());
    QStringList recipients;
    for (const QString &value : line.values(u"to"_s))
        recipients += value.split(u',', Qt::SkipEmptyParts);
    QJsonArray results;
    QString firstFailure;
    QTextStream err(stderr);
    auto dkim = ctx.dkimPem(campaign::CampaignMessages::signingDomain(*db, fromOverride));
    if (!dkim)
        return ctx.fail(dkim.errorString());
    for (const QString &to : std::as_const(recipients)) {
        QString from;
        auto message = campaign::TestSend::compose(*db, templateName, to.trimmed(), true, &from, fromOverride,
                                                   campaignName, dkim.value());
        if (!message)
            return ctx.fail(message.errorString());
        const smtp::Envelope envelope{from, {EmailAddress::normalized(to)}, QByteArray(), true};
        const Session s = runSession(settings.value(), &envelope, message.value(), line.isSet(u"log"_s), err);
        const smtp::SmtpResult &r = s.connected ? s.message : s.failure;
        results.append(QJsonObject{{u"to"_s, EmailAddress::normalized(to)},
                                   {u"ok"_s, r.ok()},
                                   {u"reply_code"_s, r.reply.code},
                                   {u"enhanced_status"_s, QString::fromLatin1(r.reply.enhanced)},
                                   {u"reply"_s, QString::fromUtf8(r.reply.text())},
                                   {u"bytes"_s, message->size()}});
        if (!r.ok() && firstFailure.isEmpty())
            firstFailure = EmailAddress::normalized(to) + u": "_s +
                           (r.errorString.isEmpty() ? QString::fromUtf8(r.reply.text()) : r.errorString);
        if (!ctx.json() && r.ok()) {
            ctx.out() << "Sent to " << EmailAddress::normalized(to) << ": " << r.reply.code << ' '
                      << r.reply.enhanced << ' ' << r.reply.text() << '\n';
            ctx.out().flush();
        }
    }
    if (ctx.json()) {
        QJsonObject o = results.size() == 1 ? results.at(0).toObject() : QJsonObject();
        o.insert(u"results"_s, results);
        o.insert(u"ok"_s, firstFailure.isEmpty());
        ctx.printJson(o);
    }
    if (!firstFailure.isEmpty())
        return ctx.failAfterResult(firstFailure);
    return ExitSuccess;
}

} // namespace

QList<Command> accountCommands() {
    return {
        {{u"account"_s, u"add"_s},
         u"NAME --host H --port P --security tls|starttls|none [--auth plain|login|xoauth2|none] [--user U] "
         "[--password-env VAR [--no-keychain] | --password-file FILE] [--from ADDR ...] [--connections N] "
         "[--per-connection "
         "N] "
         "[--rate N/s|N/min] [--hourly N] [--daily N] [--ca-file PEM] [--allow-plaintext-auth]"_s,
         u"Add an SMTP account (its password is never stored in the database)."_s,
         accountAdd},
        {{u"account"_s, u"list"_s}, u"[--json]"_s, u"Show the accounts and their last test."_s, accountList},
        {{u"account"_s, u"remove"_s}, u"NAME"_s, u"Remove an account."_s, accountRemove},
        {{u"account"_s, u"test"_s},
         u"NAME [--log] [--json]"_s,
         u"Connect, EHLO, TLS, AUTH and QUIT; show the capabilities and certificate, or the exact failure."_s,
         accountTest},
        {{u"send-test"_s},
         u"(--account NAME --template T | --campaign C [--account NAME]) --to ADDR[,ADDR...] [--log] [--json]"_s,
         u"Send real test messages made from a template or a campaign (its From), e.g. to seed addresses."_s,
         sendTest},
    };
}

} // namespace hivepost::cli
