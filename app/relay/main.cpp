// hivepost-relay: the small self-hosted server that records opens, clicks, one-click
// unsubscribes, preference changes and double opt-in signups for Hivepost, which pulls them.
//   hivepost-relay init --data DIR --public-url URL [--listen HOST:PORT] [--json]
//   hivepost-relay serve --data DIR [--listen HOST:PORT]
//   hivepost-relay rotate-key --data DIR
//   hivepost-relay set-smtp --data DIR --host HOST ... | --off   (its own account for confirmations)
// Runs as an unprivileged user behind a reverse proxy that does TLS; binds 127.0.0.1 by default.

#include <csignal>
#include <cstdio>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QSocketNotifier>
#include <QUrl>

#include "RelayConfig.h"
#include "RelayServer.h"
#include "common/EmailAddress.h"
#include "common/Version.h"
#include "storage/Database.h"
#include "storage/Migration.h"

#include <malloc.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

void usage(FILE *to) {
    std::fputs("Usage:\n"
               "  hivepost-relay init --data DIR --public-url URL [--listen HOST:PORT] [--json]\n"
               "                      [--admin-key-file FILE] [--if-missing]\n"
               "  hivepost-relay serve --data DIR [--listen HOST:PORT]\n"
               "  hivepost-relay rotate-key --data DIR\n"
               "  hivepost-relay set-smtp --data DIR --host HOST [--port N] [--security tls|starttls|none]\n"
               "                          [--user USER --password-env VAR] --from ADDRESS\n"
               "                          [--from-name NAME] [--ca-file PEM]\n"
               "  hivepost-relay set-smtp --data DIR --off\n"
               "  hivepost-relay --version\n",
               to);
}

int fail(const QString &message) {
    std::fprintf(stderr, "hivepost-relay: %s\n", qPrintable(message));
    return 1;
}

QString option(const QStringList &args, const QString &name, bool *present = nullptr) {
    const qsizetype i = args.indexOf(name);
    if (present)
        *present = i >= 0;
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
}

bool parseListen(const QString &listen, QString *host, int *port) {
    const qsizetype colon = listen.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    *host = listen.left(colon);
    if (host->startsWith(u'[') && host->endsWith(u']'))
        *host = host->mid(1, host->size() - 2);
    bool ok = false;
    *port = listen.mid(colon + 1).toInt(&ok);
    return ok && *port >= 0 && *port <= 65535;
}

int init(const QStringList &args) {
    const QString dir = option(args, u"--data"_s);
    const QString publicUrl = option(args, u"--public-url"_s);
    const bool asJson = args.contains(u"--json"_s);
    if (dir.isEmpty() || publicUrl.isEmpty()) {
        usage(stderr);
        return 2;
    }
    const QUrl url(publicUrl, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s) || url.host().isEmpty())
        return fail(
            u"--public-url “%1”: expected an https:// URL (http:// only for testing)"_s.arg(publicUrl));
    relay::RelayConfig config;
    config.dataDir = QDir(dir).absolutePath();
    if (QFileInfo::exists(config.configPath())) {
        if (args.contains(u"--if-missing"_s))
            return 0; // the systemd unit's ExecStartPre: made once, kept after
        return fail(u"%1 exists already: this folder has a relay"_s.arg(config.configPath()));
    }
    if (!QDir().mkpath(config.dataDir))
        return fail(u"cannot create %1"_s.arg(config.dataDir));
    QFile::setPermissions(config.dataDir,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    config.publicUrl = publicUrl;
    bool hasListen = false;
    const QString listen = option(args, u"--listen"_s, &hasListen);
    if (hasListen) {
        QString host;
        int port = 0;
        if (!parseListen(listen, &host, &port))
            return fail(u"--listen “%1”: expected HOST:PORT, e.g. 127.0.0.1:8025"_s.arg(listen));
        config.listen = listen;
    }
    QByteArray raw(32, '\0');
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(raw.data()),
                                         reinterpret_cast<quint32 *>(raw.data() + raw.size()));
    const QByteArray adminKey =
        "hpr_" + raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    config.adminKeySha256 = QCryptographicHash::hash(adminKey, QCryptographicHash::Sha256).toHex();
    const tracking::KeyRing keys({tracking::KeyRing::generate(1, QDateTime::currentSecsSinceEpoch())});
    if (auto r = relay::RelayConfig::saveKeys(config.keysPath(), keys); !r)
        return fail(r.errorString());
    if (auto r = config.save(); !r)
        return fail(r.errorString());
    {
        auto db = storage::Database::open(config.databasePath(), storage::relayMigrations());
        if (!db)
            return fail(db.errorString());
    }
    const QString keyFile = option(args, u"--admin-key-file"_s);
    if (!keyFile.isEmpty()) {
        // For a service: the key goes to a file only its user may read, never to the journal.
        QFile f(keyFile);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
            f.write(adminKey + '\n') < 0)
            return fail(u"cannot write %1: %2"_s.arg(keyFile, f.errorString()));
        std::printf("Created the relay in %s; its admin key is in %s.\n", qPrintable(config.dataDir),
                    qPrintable(keyFile));
        return 0;
    }
    if (asJson) {
        const QJsonObject o{{u"admin_key"_s, QString::fromLatin1(adminKey)},
                            {u"data"_s, config.dataDir},
                            {u"public_url"_s, config.publicUrl},
                            {u"listen"_s, config.listen}};
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n').constData(), stdout);
    } else {
        std::printf("Created the relay in %s.\n"
                    "Admin key (shown once; give it to \"hivepost-cli relay add\"):\n%s\n",
                    qPrintable(config.dataDir), adminKey.constData());
    }
    return 0;
}

int rotateKey(const QStringList &args) {
    const QString dir = option(args, u"--data"_s);
    auto config = relay::RelayConfig::load(dir);
    if (!config)
        return fail(config.errorString());
    auto keys = relay::RelayConfig::loadKeys(config->keysPath());
    if (!keys)
        return fail(keys.errorString());
    const tracking::SigningKey k =
        keys->rotate(QDateTime::currentSecsSinceEpoch(), qint64(config->keyGraceDays) * 86'400);
    if (auto r = relay::RelayConfig::saveKeys(config->keysPath(), keys.value()); !r)
        return fail(r.errorString());
    std::printf(
        "Key %u signs from now on; the previous one verifies for %d more days. Restart the relay, then "
        "run \"hivepost-cli relay test\" on the desktop to fetch it.\n",
        k.id, config->keyGraceDays);
    return 0;
}

// The relay's own SMTP account for signup confirmations; the password goes to a 0600 file, never to
// relay.json or the command line.
int setSmtp(const QStringList &args) {
    auto config = relay::RelayConfig::load(option(args, u"--data"_s));
    if (!config)
        return fail(config.errorString());
    const QString passwordPath = config->dataDir + u"/smtp-password"_s;
    if (args.contains(u"--off"_s)) {
        config->smtp = {};
        QFile::remove(passwordPath);
        if (auto r = config->save(); !r)
            return fail(r.errorString());
        std::puts(
            "The relay mails no confirmations now: the desktop does on its next pull. Restart the relay.");
        return 0;
    }
    relay::RelaySmtp smtp;
    smtp.host = option(args, u"--host"_s);
    smtp.from = option(args, u"--from"_s);
    smtp.fromName = option(args, u"--from-name"_s);
    smtp.user = option(args, u"--user"_s);
    smtp.caFile = option(args, u"--ca-file"_s);
    bool hasSecurity = false;
    const QString security = option(args, u"--security"_s, &hasSecurity);
    if (hasSecurity)
        smtp.security = security;
    bool hasPort = false;
    const QString port = option(args, u"--port"_s, &hasPort);
    smtp.port = hasPort ? port.toInt() : smtp.security == u"tls"_s ? 465 : 587;
    if (smtp.host.isEmpty() || smtp.from.isEmpty()) {
        usage(stderr);
        return 2;
    }
    if (EmailAddress::normalized(smtp.from).isEmpty())
        return fail(u"--from “%1”: not an email address"_s.arg(smtp.from));
    if (!QStringList{u"tls"_s, u"starttls"_s, u"none"_s}.contains(smtp.security))
        return fail(u"--security “%1”: expected tls, starttls or none"_s.arg(smtp.security));
    if (smtp.port <= 0 || smtp.port > 65535)
        return fail(u"--port “%1”: expected 1-65535"_s.arg(port));
    if (!smtp.user.isEmpty()) {
        const QString var = option(args, u"--password-env"_s);
        const QByteArray password = var.isEmpty() ? QByteArray() : qgetenv(var.toLocal8Bit().constData());
        if (password.isEmpty())
            return fail(u"--user needs --password-env VAR with the password in that variable"_s);
        QSaveFile f(passwordPath);
        if (!f.open(QIODevice::WriteOnly) ||
            !f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) || f.write(password) < 0 ||
            !f.commit())
            return fail(u"cannot write %1: %2"_s.arg(passwordPath, f.errorString()));
        smtp.passwordFile = u"smtp-password"_s;
    }
    config->smtp = smtp;
    if (auto settings = config->smtpSettings(); !settings)
        return fail(settings.errorString());
    if (auto r = config->save(); !r)
        return fail(r.errorString());
    // Run by root on a service's folder (the systemd unit's DynamicUser owns it): the files stay the
    // service's, or it could not read its own password.
    const QFileInfo folder(config->dataDir);
    if (::geteuid() == 0 && folder.ownerId() != 0) {
        for (const QString &path : {config->configPath(), passwordPath})
            if (QFileInfo::exists(path) &&
                ::chown(QFile::encodeName(path).constData(), folder.ownerId(), folder.groupId()) != 0)
                return fail(u"cannot give %1 to the relay's user"_s.arg(path));
    }
    std::printf("The relay mails signup confirmations through %s:%d from %s. Restart the relay.\n",
                qPrintable(smtp.host), smtp.port, qPrintable(smtp.from));
    return 0;
}

int serve(QCoreApplication &app, const QStringList &args) {
    if (::geteuid() == 0)
        std::fputs(
            "hivepost-relay: warning: running as root; run it as an unprivileged user (the systemd unit "
            "uses DynamicUser)\n",
            stderr);
    auto config = relay::RelayConfig::load(option(args, u"--data"_s));
    if (!config)
        return fail(config.errorString());
    bool hasListen = false;
    const QString listen = option(args, u"--listen"_s, &hasListen);
    QString host;
    int port = 0;
    if (!parseListen(hasListen ? listen : config->listen, &host, &port))
        return fail(u"listen address “%1”: expected HOST:PORT"_s.arg(hasListen ? listen : config->listen));
    auto keys = relay::RelayConfig::loadKeys(config->keysPath());
    if (!keys)
        return fail(keys.errorString());
    relay::RelayServer server(config.value(), keys.value());
    if (auto r = server.open(); !r)
        return fail(r.errorString());
    auto bound = server.bind(host, port);
    if (!bound)
        return fail(bound.errorString());
    std::printf("hivepost-relay %s: listening on http://%s:%d/\n", HIVEPOST_VERSION,
                qPrintable(host.contains(u':') ? u"["_s + host + u"]"_s : host), bound.value());
    std::fflush(stdout);

    if (::pipe(g_signalPipe) != 0)
        return fail(u"cannot create a pipe"_s);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGPIPE, SIG_IGN);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char byte = 0;
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[0], &byte, 1);
        server.stop();
    });
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    const int rc = app.exec();
    server.stop();
    return rc; // the server's destructor writes the events still queued
}

} // namespace

int main(int argc, char *argv[]) {
    // Two malloc arenas at most (the event loop and the database thread): RSS stays small.
    mallopt(M_ARENA_MAX, 2);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hivepost-relay"_s);
    QCoreApplication::setApplicationVersion(QString::fromLatin1(HIVEPOST_VERSION));
    QStringList args = app.arguments().mid(1);
    if (args.isEmpty() || args.first() == u"--help"_s || args.first() == u"-h"_s) {
        usage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == u"--version"_s) {
        std::printf("hivepost-relay %s\n", HIVEPOST_VERSION);
        return 0;
    }
    const QString command = args.takeFirst();
    if (command == u"init"_s)
        return init(args);
    if (command == u"serve"_s)
        return serve(app, args);
    if (command == u"rotate-key"_s)
        return rotateKey(args);
    if (command == u"set-smtp"_s)
        return setSmtp(args);
    usage(stderr);
    return 2;
}
