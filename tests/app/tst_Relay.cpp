// hivepost-relay end to end: the real relay binary on 127.0.0.1 over real HTTP, the real CLI on a
// real database, and Postfix's smtp-sink as the mail server. A campaign is sent, the messages that
// arrived are parsed, the pixel fetched, a link followed, one-click unsubscribe POSTed; a pull
// brings it all to the desktop, and the report and the suppression list show it. Then bad input,
// a kill -9, signups with double opt-in, and a key rotation.

#include <csignal>

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "mime/MimeReader.h"
#include "storage/Database.h"
#include "storage/Migration.h"

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

struct Http {
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
};

quint16 freePort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

const mime::MimeEntity *partOfType(const mime::MimeEntity &e, const QByteArray &type) {
    if (e.type == type)
        return &e;
    for (const mime::MimeEntity &p : e.parts)
        if (const mime::MimeEntity *found = partOfType(p, type))
            return found;
    return nullptr;
}

} // namespace

class tst_Relay : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void initPrintsTheAdminKeyAndWritesPrivateKeys();
    void campaignEndToEnd();
    void trackingOffAndNoRelay();
    void badInput();
    void slowAndOversizedClients();
    void killedRelayKeepsWhatItAnswered();
    void signupWithDoubleOptIn();
    void keyRotationKeepsOldLinksWorking();
    void relayMailsConfirmationsItself();

private:
    quint16 startSink(QProcess &sink, const QStringList &extra, const QString &dump);
    bool startRelay();
    void stopRelay(bool kill = false);
    Http request(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                 const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Http api(const QByteArray &verb, const QString &path, const QJsonObject &body = {});
    test::ProcessRun cli(const QStringList &args);
    QList<mime::MimeEntity> arrived();
    void clearArrived();
    QJsonObject report(const QString &campaign);
    void sql(const QString &statement);
    QString queryOne(const QString &statement);
    void setUpDesktop();

    QTemporaryDir m_dir;
    QProcess m_sink;
    quint16 m_smtpPort = 0;
    QProcess m_relay;
    quint16 m_port = 0;
    QString m_adminKey;
    QString m_db;
    QProcessEnvironment m_env;
    QNetworkAccessManager m_net;
};

void tst_Relay::initTestCase() {
    m_db = m_dir.filePath(u"desk.db"_s);
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(u"HIVEPOST_SECRETS"_s, u"file:"_s + m_dir.filePath(u"secrets.json"_s));
    // smtp-sink writes each message it takes into dump/ (as nobody when the tests run as root).
    const auto open = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner |
                      QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    QFile::setPermissions(m_dir.path(), open);
    QDir().mkpath(m_dir.filePath(u"dump"_s));
    QFile::setPermissions(m_dir.filePath(u"dump"_s), open);
    m_smtpPort = startSink(m_sink, {}, m_dir.filePath(u"dump"_s));
    QVERIFY2(m_smtpPort != 0, "smtp-sink did not start");

    // The relay: init (the admin key once, on stdout), then serve on a free port of 127.0.0.1.
    m_port = freePort();
    const test::ProcessRun init = test::runProcess(
        QStringLiteral(HIVEPOST_RELAY_PATH),
        {u"init"_s, u"--data"_s, m_dir.filePath(u"relay"_s), u"--public-url"_s,
         u"http://127.0.0.1:%1"_s.arg(m_port), u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--json"_s},
        m_env);
    QVERIFY2(init.exitCode == 0, init.err.constData());
    m_adminKey = QJsonDocument::fromJson(init.out).object().value(u"admin_key"_s).toString();
    QVERIFY(m_adminKey.size() >= 40);
    // Short timeouts so that the slow-client test does not wait long; a limit the tests can reach.
    QFile config(m_dir.filePath(u"relay/relay.json"_s));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QJsonObject c = QJsonDocument::fromJson(config.readAll()).object();
    config.close();
    c.insert(u"read_timeout_s"_s, 1);
    c.insert(u"rate_per_ip"_s, 0);
    c.insert(u"signups_per_ip_hour"_s, 3);
    QVERIFY(test::writeFile(config.fileName(), QJsonDocument(c).toJson()));
    QVERIFY(startRelay());
    setUpDesktop();
}

quint16 tst_Relay::startSink(QProcess &sink, const QStringList &extra, const QString &dump) {
    const QString path = QStandardPaths::findExecutable(u"smtp-sink"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    if (path.isEmpty()) {
        qWarning("smtp-sink is missing: packaging/deps-debian.sh test installs postfix");
        return 0;
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        const quint16 port = freePort();
        QStringList args;
        if (geteuid() == 0)
            args << u"-u"_s << u"nobody"_s;
        args << extra << u"-d"_s << dump + u"/%M."_s << u"127.0.0.1:%1"_s.arg(port) << u"64"_s;
        sink.start(path, args);
        if (!sink.waitForStarted())
            return 0;
        for (int i = 0; i < 50 && sink.state() == QProcess::Running; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            if (s.waitForConnected(100))
                return port;
            QTest::qWait(20);
        }
        sink.kill();
        sink.waitForFinished();
    }
    return 0;
}

void tst_Relay::cleanupTestCase() {
    stopRelay();
    m_sink.kill();
    m_sink.waitForFinished();
}

bool tst_Relay::startRelay() {
    m_relay.setProcessEnvironment(m_env);
    m_relay.start(QStringLiteral(HIVEPOST_RELAY_PATH), {u"serve"_s, u"--data"_s, m_dir.filePath(u"relay"_s),
                                                        u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port)});
    if (!m_relay.waitForStarted())
        return false;
    // It says where it listens once it does.
    QByteArray said;
    for (int i = 0; i < 200 && !said.contains("listening on"); ++i) {
        if (m_relay.state() != QProcess::Running)
            break;
        m_relay.waitForReadyRead(50);
        said += m_relay.readAllStandardOutput();
    }
    if (!said.contains(u"http://127.0.0.1:%1/"_s.arg(m_port).toLatin1())) {
        qWarning() << said << m_relay.readAllStandardError();
        return false;
    }
    return true;
}

void tst_Relay::stopRelay(bool kill) {
    if (m_relay.state() == QProcess::NotRunning)
        return;
    if (kill)
        ::kill(pid_t(m_relay.processId()), SIGKILL);
    else
        m_relay.terminate(); // SIGTERM: it stops serving and writes what it queued
    QVERIFY(m_relay.waitForFinished(10'000));
    if (!kill)
        QCOMPARE(m_relay.exitCode(), 0);
}

Http tst_Relay::request(const QByteArray &verb, const QString &path, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers) {
    QNetworkRequest req(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    QNetworkReply *reply = m_net.sendCustomRequest(req, verb, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    Http out;
    if (!done.wait(15'000))
        return out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        out.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return out;
}

Http tst_Relay::api(const QByteArray &verb, const QString &path, const QJsonObject &body) {
    return request(
        verb, path, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(),
        {{"Authorization", "Bearer " + m_adminKey.toLatin1()}, {"Content-Type", "application/json"}});
}

test::ProcessRun tst_Relay::cli(const QStringList &args) {
    // Run without blocking this thread for long: the CLI talks to the relay and smtp-sink, both
    // other processes.
    return test::runProcess(QStringLiteral(HIVEPOST_CLI_PATH), QStringList{u"--db"_s, m_db} + args, m_env);
}

QList<mime::MimeEntity> tst_Relay::arrived() {
    QList<mime::MimeEntity> out;
    const QDir dump(m_dir.filePath(u"dump"_s));
    for (const QString &name : dump.entryList(QDir::Files, QDir::Name))
        out << mime::MimeReader::read(test::readAll(dump.filePath(name)));
    return out;
}

void tst_Relay::clearArrived() {
    QDir dump(m_dir.filePath(u"dump"_s));
    for (const QString &name : dump.entryList(QDir::Files))
        dump.remove(name);
}

QJsonObject tst_Relay::report(const QString &campaign) {
    const test::ProcessRun r = cli({u"report"_s, campaign, u"--json"_s});
    if (r.exitCode != 0)
        qWarning() << r.err;
    return QJsonDocument::fromJson(r.out).object();
}

void tst_Relay::sql(const QString &statement) {
    auto db = storage::Database::open(m_db);
    QVERIFY(db);
    QSqlQuery q(db.value()->connection());
    QVERIFY2(q.exec(statement), qPrintable(statement));
}

QString tst_Relay::queryOne(const QString &statement) {
    auto db = storage::Database::open(m_db);
    if (!db)
        return {};
    QSqlQuery q(db.value()->connection());
    if (!q.exec(statement) || !q.next())
        return {};
    return q.value(0).toString();
}

void tst_Relay::setUpDesktop() {
    QByteArray csv = "email,first_name\n";
    for (const char *who : {"ann", "bob", "cat", "dan"})
        csv += QByteArray(who) + "@example.net," + QByteArray(who).toUpper() + "\n";
    QVERIFY(test::writeFile(m_dir.filePath(u"c.csv"_s), csv));
    QVERIFY(test::writeFile(m_dir.filePath(u"t.html"_s),
                            "<html><body><p>Hello {{first_name}}</p>"
                            "<p><a href=\"https://shop.example.com/sale?a=1&amp;b=2\">Sale</a> "
                            "<a href=\"https://blog.example.com/\">Blog</a> "
                            "<a href=\"mailto:help@example.com\">Help</a> "
                            "<a data-hp-notrack href=\"https://private.example.com/\">Private</a></p>"
                            "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p></body></html>"));
    QCOMPARE(cli({u"import"_s, m_dir.filePath(u"c.csv"_s), u"--list"_s, u"News"_s}).exitCode, 0);
    QCOMPARE(cli({u"template"_s, u"add"_s, u"T"_s, u"--subject"_s, u"Hi {{first_name}}"_s, u"--html"_s,
                  m_dir.filePath(u"t.html"_s)})
                 .exitCode,
             0);
    QCOMPARE(cli({u"sender"_s, u"set"_s, u"--from"_s, u"Acme <news@example.com>"_s, u"--unsubscribe-mailto"_s,
                  u"leave@example.com"_s})
                 .exitCode,
             0);
    QCOMPARE(cli({u"account"_s, u"add"_s, u"Sink"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                  QString::number(m_smtpPort), u"--security"_s, u"none"_s})
                 .exitCode,
             0);
    // A wrong key is refused before anything is stored.
    m_env.insert(u"RELAY_KEY"_s, u"hpr_wrong"_s);
    const test::ProcessRun wrong =
        cli({u"relay"_s, u"add"_s, u"R"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(m_port),
             u"--admin-key-env"_s, u"RELAY_KEY"_s});
    QCOMPARE(wrong.exitCode, 1);
    QVERIFY2(wrong.err.contains("admin key"), wrong.err.constData());
    m_env.insert(u"RELAY_KEY"_s, m_adminKey);
    const test::ProcessRun added =
        cli({u"relay"_s, u"add"_s, u"R"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(m_port),
             u"--admin-key-env"_s, u"RELAY_KEY"_s, u"--json"_s});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    QCOMPARE(QJsonDocument::fromJson(added.out).object().value(u"key_id"_s).toInt(), 1);
    // The admin key is in the secret store, never in the database.
    QVERIFY(!test::readAll(m_db).contains(m_adminKey.toLatin1()));
    QVERIFY(test::readAll(m_dir.filePath(u"secrets.json"_s)).contains(m_adminKey.toLatin1()));
    const test::ProcessRun tested = cli({u"relay"_s, u"test"_s, u"R"_s, u"--json"_s});
    QVERIFY2(tested.exitCode == 0, tested.err.constData());
    QCOMPARE(QJsonDocument::fromJson(tested.out).object().value(u"ok"_s).toBool(), true);
    const test::ProcessRun listed = cli({u"relay"_s, u"list"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(listed.out).object().value(u"relays"_s).toArray().size(), 1);
}

void tst_Relay::initPrintsTheAdminKeyAndWritesPrivateKeys() {
    const QFileInfo keys(m_dir.filePath(u"relay/keys.json"_s));
    QVERIFY(keys.exists());
    QCOMPARE(keys.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    // The config has the key's hash only.
    const QByteArray config = test::readAll(m_dir.filePath(u"relay/relay.json"_s));
    QVERIFY(!config.contains(m_adminKey.toLatin1()));
    QVERIFY(config.contains("admin_key_sha256"));
    // A second init of the same folder is refused: the keys are not replaced.
    const test::ProcessRun again = test::runProcess(
        QStringLiteral(HIVEPOST_RELAY_PATH),
        {u"init"_s, u"--data"_s, m_dir.filePath(u"relay"_s), u"--public-url"_s, u"https://x.example"_s});
    QCOMPARE(again.exitCode, 1);
    const Http health = request("GET", u"/healthz"_s);
    QCOMPARE(health.status, 200);
}

void tst_Relay::campaignEndToEnd() {
    clearArrived();
    const test::ProcessRun created = cli({u"campaign"_s, u"create"_s, u"Launch"_s, u"--list"_s, u"News"_s,
                                          u"--template"_s, u"T"_s, u"--relay"_s, u"R"_s, u"--json"_s});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const test::ProcessRun sent = cli({u"campaign"_s, u"send"_s, u"Launch"_s, u"--json"_s});
    QVERIFY2(sent.exitCode == 0, sent.err.constData());
    QCOMPARE(QJsonDocument::fromJson(sent.out).object().value(u"sent"_s).toInt(), 4);

    // What arrived: every message with a pixel, rewritten links, and the one-click header.
    QHash<QString, mime::MimeEntity> byRecipient;
    for (const mime::MimeEntity &m : arrived())
        byRecipient.insert(m.value("To").section(u'<', 1).section(u'>', 0, 0), m);
    QCOMPARE(byRecipient.size(), 4);
    const QString base = u"http://127.0.0.1:%1"_s.arg(m_port);
    struct Urls {
        QString pixel, sale, blog, unsubscribe, trap;
    };
    QHash<QString, Urls> urls;
    for (auto it = byRecipient.cbegin(); it != byRecipient.cend(); ++it) {
        const mime::MimeEntity &m = it.value();
        const QString header = m.value("List-Unsubscribe");
        QVERIFY2(header.startsWith(u"<"_s + base + u"/u/"_s) &&
                     header.contains(u"<mailto:leave@example.com>"_s),
                 qPrintable(header));
        QCOMPARE(m.value("List-Unsubscribe-Post"), u"List-Unsubscribe=One-Click"_s);
        QVERIFY(!header.contains(it.key()));
        const QString html = partOfType(m, "text/html")->text();
        const QString text = partOfType(m, "text/plain")->text();
        QVERIFY(!html.contains(u"shop.example.com"_s) && !html.contains(u"blog.example.com"_s));
        QVERIFY(html.contains(u"mailto:help@example.com"_s) &&
                html.contains(u"https://private.example.com/"_s));
        QVERIFY(!text.contains(u"shop.example.com"_s));
        QVERIFY(!text.contains(u"/o/"_s));
        Urls u;
        u.pixel = QRegularExpression(u"<img src=\"([^\"]+/o/[^\"]+)\""_s).match(html).captured(1);
        const QRegularExpression link(u"href=\"([^\"]+/c/[^\"]+)\"[^>]*>([^<]*)</a>"_s);
        for (auto l = link.globalMatch(html); l.hasNext();) {
            const auto found = l.next();
            if (found.captured(2) == u"Sale"_s)
                u.sale = found.captured(1);
            else if (found.captured(2) == u"Blog"_s)
                u.blog = found.captured(1);
            else if (found.captured(2).isEmpty())
                u.trap = found.captured(1);
        }
        u.unsubscribe = QRegularExpression(u"<([^>]+/u/[^>]+)>"_s).match(header).captured(1);
        QVERIFY(!u.pixel.isEmpty() && !u.sale.isEmpty() && !u.blog.isEmpty() && !u.trap.isEmpty());
        QVERIFY(html.contains(u"href=\""_s + u.unsubscribe + u"\""_s)); // the body's link is the same page
        for (QString *s : {&u.pixel, &u.sale, &u.blog, &u.unsubscribe, &u.trap})
            *s = s->mid(base.size());
        urls.insert(it.key(), u);
    }

    // Ann and Bob read it an hour after it was sent (as far as the desktop knows).
    sql(u"UPDATE recipients SET sent_at = sent_at - 3600000 WHERE email IN ('ann@example.net', 'bob@example.net')"_s);
    const Http pixel =
        request("GET", urls[u"ann@example.net"_s].pixel, {}, {{"User-Agent", "Thunderbird/115"}});
    QCOMPARE(pixel.status, 200);
    QCOMPARE(pixel.body.size(), 43);
    QVERIFY(pixel.body.startsWith("GIF89a"));
    QCOMPARE(pixel.headers.value("content-type"), QByteArray("image/gif"));
    QVERIFY(pixel.headers.value("cache-control").contains("no-store"));
    QCOMPARE(request("GET", urls[u"ann@example.net"_s].pixel).status, 200); // a repeat open
    // Apple Mail Privacy Protection fetches Cat's on delivery: an open, flagged.
    QCOMPARE(request("GET", urls[u"cat@example.net"_s].pixel, {}, {{"User-Agent", "Mozilla/5.0"}}).status,
             200);
    const Http click = request("GET", urls[u"ann@example.net"_s].sale);
    QCOMPARE(click.status, 302);
    QCOMPARE(click.headers.value("location"), QByteArray("https://shop.example.com/sale?a=1&b=2"));
    QCOMPARE(request("GET", urls[u"bob@example.net"_s].blog).status, 302);
    // Dan's mail scanner follows every link seconds after delivery, the hidden one too.
    for (const QString &path : QStringList{urls[u"dan@example.net"_s].sale, urls[u"dan@example.net"_s].blog,
                                           urls[u"dan@example.net"_s].trap})
        QCOMPARE(request("GET", path).status, 302);

    // The unsubscribe page: a GET never unsubscribes (scanners follow GETs).
    const Http pageGet = request("GET", urls[u"bob@example.net"_s].unsubscribe);
    QCOMPARE(pageGet.status, 200);
    QVERIFY(pageGet.body.contains("<form method=\"post\""));
    QVERIFY(pageGet.body.contains("Acme"));
    QVERIFY(pageGet.body.contains("News")); // the category it was sent to
    // RFC 8058 one-click: POST with List-Unsubscribe=One-Click; twice (a replay changes nothing).
    for (int i = 0; i < 2; ++i) {
        const Http post =
            request("POST", urls[u"cat@example.net"_s].unsubscribe, "List-Unsubscribe=One-Click",
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(post.status, 200);
    }

    const test::ProcessRun pulled = cli({u"tracking"_s, u"pull"_s, u"--json"_s});
    QVERIFY2(pulled.exitCode == 0, pulled.err.constData());
    const QJsonObject p = QJsonDocument::fromJson(pulled.out).object();
    QCOMPARE(p.value(u"opens"_s).toInt(), 3);
    QCOMPARE(p.value(u"clicks"_s).toInt(), 5);
    QCOMPARE(p.value(u"unsubscribes"_s).toInt(), 1);
    QCOMPARE(p.value(u"events"_s).toInt(), 9);
    // A second pull brings nothing twice.
    const QJsonObject again =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(again.value(u"events"_s).toInt(), 0);

    const QJsonObject r = report(u"Launch"_s);
    QCOMPARE(r.value(u"unique_opens"_s).toInt(), 2);  // Ann, Cat
    QCOMPARE(r.value(u"human_opens"_s).toInt(), 1);   // not Cat's prefetch
    QCOMPARE(r.value(u"unique_clicks"_s).toInt(), 3); // Ann, Bob, Dan
    QCOMPARE(r.value(u"human_clicks"_s).toInt(), 2);  // not Dan's scanner
    QCOMPARE(r.value(u"unsubscribes"_s).toInt(), 1);
    const QJsonArray links = r.value(u"links"_s).toArray();
    QCOMPARE(links.size(), 2); // the trap is not a link of the report
    QHash<QString, int> clicks;
    for (const QJsonValue &l : links)
        clicks.insert(l.toObject().value(u"url"_s).toString(),
                      l.toObject().value(u"unique_clicks"_s).toInt());
    QCOMPARE(clicks.value(u"https://shop.example.com/sale?a=1&b=2"_s), 2);
    QCOMPARE(clicks.value(u"https://blog.example.com/"_s), 2);

    // Cat is suppressed and unsubscribed; the bounce log says why.
    QCOMPARE(queryOne(u"SELECT count(*) FROM suppressions WHERE pattern = 'cat@example.net'"_s), u"1"_s);
    QCOMPARE(queryOne(u"SELECT status FROM contacts WHERE email = 'cat@example.net'"_s), u"unsubscribed"_s);
    QCOMPARE(queryOne(u"SELECT status FROM contacts WHERE email = 'bob@example.net'"_s), u"subscribed"_s);
    QCOMPARE(queryOne(u"SELECT count(*) FROM bounces WHERE email = 'cat@example.net' AND source = 'relay'"_s),
             u"1"_s);
    // Each contact's history: sent, then what the relay saw, in order.
    const test::ProcessRun history = cli({u"contacts"_s, u"history"_s, u"ann@example.net"_s, u"--json"_s});
    QVERIFY2(history.exitCode == 0, history.err.constData());
    QStringList kinds;
    QString clicked;
    for (const QJsonValue &e : QJsonDocument::fromJson(history.out).object().value(u"events"_s).toArray()) {
        kinds << e.toObject().value(u"kind"_s).toString();
        QCOMPARE(e.toObject().value(u"campaign"_s).toString(), u"Launch"_s);
        if (kinds.last() == u"click"_s)
            clicked = e.toObject().value(u"url"_s).toString();
    }
    QCOMPARE(kinds, (QStringList{u"sent"_s, u"open"_s, u"open"_s, u"click"_s}));
    QCOMPARE(clicked, u"https://shop.example.com/sale?a=1&b=2"_s);
    const QJsonArray catHistory =
        QJsonDocument::fromJson(cli({u"contacts"_s, u"history"_s, u"cat@example.net"_s, u"--json"_s}).out)
            .object()
            .value(u"events"_s)
            .toArray();
    QCOMPARE(catHistory.size(), 3);
    QCOMPARE(catHistory.at(1).toObject().value(u"flags"_s).toString(), u"proxy"_s);
    QCOMPARE(catHistory.at(2).toObject().value(u"kind"_s).toString(), u"unsubscribe"_s);
    // The exports carry the engagement: the summary's sections and one row per recipient.
    QCOMPARE(cli({u"report"_s, u"Launch"_s, u"--csv"_s, m_dir.filePath(u"launch.csv"_s)}).exitCode, 0);
    const QString summary = QString::fromUtf8(test::readAll(m_dir.filePath(u"launch.csv"_s)));
    QVERIFY(summary.contains(u"\r\nhuman_opens,1\r\n"_s));
    QVERIFY(summary.contains(u"\r\nhuman_clicks,2\r\n"_s));
    QVERIFY(summary.contains(u"\r\nhttps://shop.example.com/sale?a=1&b=2,2,1,2\r\n"_s));
    QVERIFY(summary.contains(u"\r\nall,1\r\n"_s)); // Cat, from everything
    QCOMPARE(cli({u"report"_s, u"Launch"_s, u"--csv"_s, m_dir.filePath(u"launch-r.csv"_s), u"--recipients"_s})
                 .exitCode,
             0);
    QHash<QString, QStringList> perRecipient;
    const QStringList rows =
        QString::fromUtf8(test::readAll(m_dir.filePath(u"launch-r.csv"_s))).split(u"\r\n"_s);
    QVERIFY(rows.first().endsWith(u",opens,human_opens,clicks,human_clicks,unsubscribed"_s));
    for (const QString &row : rows.mid(1))
        if (!row.isEmpty())
            perRecipient.insert(row.section(u',', 0, 0), row.split(u','));
    // Ann's second open came with Qt's bare "Mozilla/5.0" agent, which is how Apple's proxy fetches.
    QCOMPARE(perRecipient.value(u"ann@example.net"_s).mid(10),
             (QStringList{u"2"_s, u"1"_s, u"1"_s, u"1"_s, QString()}));
    QCOMPARE(perRecipient.value(u"cat@example.net"_s).mid(10),
             (QStringList{u"1"_s, u"0"_s, u"0"_s, u"0"_s, u"yes"_s}));
    QCOMPARE(perRecipient.value(u"dan@example.net"_s).mid(10),
             (QStringList{u"0"_s, u"0"_s, u"3"_s, u"0"_s, QString()}));
    // The next campaign skips her.
    const test::ProcessRun next = cli({u"campaign"_s, u"create"_s, u"Next"_s, u"--list"_s, u"News"_s,
                                       u"--template"_s, u"T"_s, u"--relay"_s, u"R"_s, u"--json"_s});
    QCOMPARE(
        QJsonDocument::fromJson(next.out).object().value(u"counts"_s).toObject().value(u"skipped"_s).toInt(),
        1);
    // The relay stored no address: ids and truncated IPs only.
    QVERIFY(!test::readAll(m_dir.filePath(u"relay/relay.db"_s)).contains("example.net"));
    const QJsonArray events = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=100"_s).body)
                                  .object()
                                  .value(u"events"_s)
                                  .toArray();
    QVERIFY(!events.isEmpty());
    for (const QJsonValue &e : events)
        QVERIFY2(e.toObject().value(u"ip"_s).toString() == u"127.0.0.0/24"_s,
                 qPrintable(e.toObject().value(u"ip"_s).toString()));
}

void tst_Relay::trackingOffAndNoRelay() {
    clearArrived();
    QCOMPARE(cli({u"campaign"_s, u"create"_s, u"Plain"_s, u"--list"_s, u"News"_s, u"--template"_s, u"T"_s,
                  u"--relay"_s, u"R"_s, u"--no-open-tracking"_s, u"--no-click-tracking"_s})
                 .exitCode,
             0);
    QCOMPARE(cli({u"campaign"_s, u"send"_s, u"Plain"_s}).exitCode, 0);
    QCOMPARE(
        cli({u"campaign"_s, u"create"_s, u"Untracked"_s, u"--list"_s, u"News"_s, u"--template"_s, u"T"_s})
            .exitCode,
        0);
    QCOMPARE(cli({u"campaign"_s, u"send"_s, u"Untracked"_s}).exitCode, 0);
    const QList<mime::MimeEntity> messages = arrived();
    QCOMPARE(messages.size(), 6); // 3 each: Cat unsubscribed
    int withRelayHeader = 0;
    for (const mime::MimeEntity &m : messages) {
        const QString html = partOfType(m, "text/html")->text();
        QVERIFY(!html.contains(u"/o/"_s) && !html.contains(u"/c/"_s) && !html.contains(u"<img"_s));
        QVERIFY(html.contains(u"https://shop.example.com/sale?a=1&amp;b=2"_s));
        if (m.value("List-Unsubscribe").contains(u"/u/"_s)) {
            ++withRelayHeader;
            QCOMPARE(m.value("List-Unsubscribe-Post"), u"List-Unsubscribe=One-Click"_s);
        } else {
            // Without a relay: today's mailto-only header, and no one-click claim.
            QCOMPARE(m.value("List-Unsubscribe"), u"<mailto:leave@example.com>"_s);
            QVERIFY(m.raw("List-Unsubscribe-Post").isEmpty());
        }
    }
    QCOMPARE(withRelayHeader, 3);
}

void tst_Relay::badInput() {
    // Tokens: tampered, truncated, of another kind, unknown campaign link: 404 and never a Location.
    const QJsonArray events = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=1"_s).body)
                                  .object()
                                  .value(u"events"_s)
                                  .toArray();
    QVERIFY(!events.isEmpty());
    for (const QString &path : QStringList{u"/c/EQEBAQEByC-weKYqtoPqs5-x"_s, u"/c/AAAA"_s,
                                           u"/c/"_s + QString(96, u'A'), u"/c/"_s + QString(97, u'A'),
                                           u"/c/%00"_s, u"/o/zzzz"_s, u"/u/EgEBAQEAjJlkIQJxlyqLQz4"_s}) {
        const Http r = request("GET", path);
        QVERIFY2(r.status == 404, qPrintable(path + u" "_s + QString::number(r.status)));
        QVERIFY(!r.headers.contains("location"));
    }
    // A link token signed right but for a link the desktop never registered.
    // (A valid open token reused on /c/ is refused by its kind.)
    const QString pixelPath = [&] {
        for (const mime::MimeEntity &m : arrived()) {
            const QString html = partOfType(m, "text/html")->text();
            const QString p = QRegularExpression(u"/o/([A-Za-z0-9_-]+)"_s).match(html).captured(1);
            if (!p.isEmpty())
                return p;
        }
        return QString();
    }();
    // Wrong or missing admin key.
    QCOMPARE(request("GET", u"/api/v1/events?after=0"_s).status, 401);
    QCOMPARE(request("GET", u"/api/v1/events?after=0"_s, {}, {{"Authorization", "Bearer nope"}}).status, 401);
    QCOMPARE(
        request("GET", u"/api/v1/keys"_s, {}, {{"Authorization", "Basic " + m_adminKey.toLatin1()}}).status,
        401);
    QCOMPARE(request("PUT", u"/api/v1/settings"_s, "{}",
                     {{"Authorization", "Bearer " + m_adminKey.toLatin1() + "x"}})
                 .status,
             401);
    // Malformed API input.
    QCOMPARE(api("GET", u"/api/v1/events?after=abc"_s).status, 400);
    QCOMPARE(
        request("PUT", u"/api/v1/settings"_s, "{not json",
                {{"Authorization", "Bearer " + m_adminKey.toLatin1()}, {"Content-Type", "application/json"}})
            .status,
        400);
    QCOMPARE(api("PUT", u"/api/v1/campaigns/5"_s,
                 {{u"links"_s, QJsonArray{QJsonObject{{u"id"_s, 1}, {u"url"_s, u"javascript:alert(1)"_s}}}}})
                 .status,
             400);
    // Script in what the desktop publishes is escaped on every page.
    QCOMPARE(api("PUT", u"/api/v1/settings"_s,
                 {{u"sender_name"_s, u"<script>alert(1)</script>"_s},
                  {u"categories"_s,
                   QJsonArray{QJsonObject{
                       {u"id"_s, 1}, {u"name"_s, u"<b onmouseover=x>News</b>"_s}, {u"signup"_s, true}}}}})
                 .status,
             200);
    const QString unsubscribe = [&] {
        for (const mime::MimeEntity &m : arrived()) {
            const QString p =
                QRegularExpression(u"/u/([A-Za-z0-9_-]+)"_s).match(m.value("List-Unsubscribe")).captured(0);
            if (!p.isEmpty())
                return p;
        }
        return QString();
    }();
    QVERIFY(!unsubscribe.isEmpty());
    for (const QString &path : QStringList{unsubscribe, u"/s/1"_s}) {
        const Http page = request("GET", path);
        QCOMPARE(page.status, 200);
        QVERIFY2(!page.body.contains("<script>") && !page.body.contains("<b onmouseover"),
                 page.body.constData());
        QVERIFY(page.headers.value("content-security-policy").contains("default-src 'none'"));
    }
    QVERIFY(request("GET", u"/s/1"_s).body.contains("&lt;b onmouseover=x&gt;News&lt;/b&gt;"));
    // Non-UTF-8 form values are refused, and nothing is recorded.
    const qint64 before = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=10000"_s).body)
                              .object()
                              .value(u"last_id"_s)
                              .toInteger();
    const Http latin1 = request("POST", unsubscribe, "action=save&cat=%FF%FE",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(latin1.status, 400);
    const Http signup = request("POST", u"/s/1"_s, "email=a%E9@example.com",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(signup.status, 400);
    QCOMPARE(QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=10000"_s).body)
                 .object()
                 .value(u"last_id"_s)
                 .toInteger(),
             before);
    Q_UNUSED(pixelPath)
    // Put the published settings back for the tests that follow.
    QCOMPARE(api("PUT", u"/api/v1/settings"_s,
                 {{u"sender_name"_s, u"Acme"_s},
                  {u"categories"_s,
                   QJsonArray{QJsonObject{{u"id"_s, 1}, {u"name"_s, u"News"_s}, {u"signup"_s, true}}}}})
                 .status,
             200);
}

void tst_Relay::slowAndOversizedClients() {
    // A body over the limit (64 KiB) is refused with 413.
    const Http big = request("POST", u"/s/1"_s, QByteArray(200 * 1024, 'a'),
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(big.status, 413);
    // A client that sends half a request and stops is dropped after the read timeout (1 s here),
    // and the relay answers others meanwhile.
    QTcpSocket slow;
    slow.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(slow.waitForConnected(2000));
    slow.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
    QVERIFY(slow.waitForBytesWritten(1000));
    QCOMPARE(request("GET", u"/healthz"_s).status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(slow.state() == QAbstractSocket::UnconnectedState, 8000);
    // Garbage instead of HTTP gets a 400 or a closed connection, never a crash.
    QTcpSocket junk;
    junk.connectToHost(QHostAddress::LocalHost, m_port);
    QVERIFY(junk.waitForConnected(2000));
    junk.write(QByteArray(20000, '\x01') + "\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(junk.state() == QAbstractSocket::UnconnectedState || junk.bytesAvailable() > 0,
                             8000);
    QCOMPARE(request("GET", u"/healthz"_s).status, 200);
    QCOMPARE(m_relay.state(), QProcess::Running);
}

void tst_Relay::killedRelayKeepsWhatItAnswered() {
    // A pixel from the campaign.
    QString pixel, unsubscribe;
    for (const mime::MimeEntity &m : arrived()) {
        const QString html = partOfType(m, "text/html")->text();
        const QString p = QRegularExpression(u"/o/[A-Za-z0-9_-]+"_s).match(html).captured(0);
        if (!p.isEmpty())
            pixel = p;
    }
    clearArrived();
    QVERIFY(cli({u"campaign"_s, u"create"_s, u"Kill"_s, u"--list"_s, u"News"_s, u"--template"_s, u"T"_s,
                 u"--relay"_s, u"R"_s})
                .exitCode == 0);
    QCOMPARE(cli({u"campaign"_s, u"send"_s, u"Kill"_s}).exitCode, 0);
    for (const mime::MimeEntity &m : arrived()) {
        if (m.value("To").contains(u"ann@"_s)) {
            pixel = QRegularExpression(u"/o/[A-Za-z0-9_-]+"_s)
                        .match(partOfType(m, "text/html")->text())
                        .captured(0);
            unsubscribe =
                QRegularExpression(u"/u/[A-Za-z0-9_-]+"_s).match(m.value("List-Unsubscribe")).captured(0);
        }
    }
    QVERIFY(!pixel.isEmpty() && !unsubscribe.isEmpty());
    const qint64 before = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=10000"_s).body)
                              .object()
                              .value(u"last_id"_s)
                              .toInteger();
    // 50 opens are written within a second without any further request (the batch interval)...
    for (int i = 0; i < 50; ++i)
        QCOMPARE(request("GET", pixel).status, 200);
    const auto storedOpens = [&] {
        auto db = storage::Database::open(m_dir.filePath(u"relay/relay.db"_s), storage::relayMigrations());
        if (!db)
            return -1;
        QSqlQuery q(db.value()->connection());
        q.exec(u"SELECT count(*) FROM events WHERE id > %1"_s.arg(before));
        return q.next() ? q.value(0).toInt() : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(storedOpens(), 50, 1000);
    // ...and an unsubscribe is committed before its 200: kill -9 right after it.
    QCOMPARE(request("POST", unsubscribe, "List-Unsubscribe=One-Click",
                     {{"Content-Type", "application/x-www-form-urlencoded"}})
                 .status,
             200);
    stopRelay(true);
    QVERIFY(startRelay());
    const QJsonObject after =
        QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=%1&limit=10000"_s.arg(before)).body)
            .object();
    const QJsonArray events = after.value(u"events"_s).toArray();
    QCOMPARE(events.size(), 51);
    QCOMPARE(events.last().toObject().value(u"kind"_s).toString(), u"unsubscribe"_s);
    const QJsonObject pulled =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(pulled.value(u"opens"_s).toInt(), 50);
    QCOMPARE(pulled.value(u"unsubscribes"_s).toInt(), 1);
    QCOMPARE(queryOne(u"SELECT status FROM contacts WHERE email = 'ann@example.net'"_s), u"unsubscribed"_s);
}

void tst_Relay::signupWithDoubleOptIn() {
    const qint64 before = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=10000"_s).body)
                              .object()
                              .value(u"last_id"_s)
                              .toInteger();
    // The desktop says which lists offer a signup form (it publishes the categories).
    QCOMPARE(request("GET", u"/s/1"_s).status, 404);
    const test::ProcessRun readded =
        cli({u"relay"_s, u"add"_s, u"R"_s, u"--url"_s, u"http://127.0.0.1:%1"_s.arg(m_port),
             u"--admin-key-env"_s, u"RELAY_KEY"_s, u"--signup-list"_s, u"News"_s});
    QVERIFY2(readded.exitCode == 0, readded.err.constData());
    QCOMPARE(request("GET", u"/s/999"_s).status, 404);
    const Http form = request("GET", u"/s/1"_s, {}, {{"Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5"}});
    QCOMPARE(form.status, 200);
    QVERIFY(form.body.contains("lang=\"zh-CN\""));
    QVERIFY(QString::fromUtf8(form.body).contains(u"电子邮件地址"_s));
    QVERIFY(request("GET", u"/s/1"_s, {}, {{"Accept-Language", "en-GB"}}).body.contains("Email address"));
    // A bot fills the hidden field: told the same, nothing stored.
    const Http bot = request("POST", u"/s/1"_s, "email=bot%40example.org&website=http%3A%2F%2Fspam",
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(bot.status, 200);
    // A person, by the form, and one by JSON.
    const Http person = request("POST", u"/s/1"_s, "email=New.Person%40Example.ORG&name=New+Person",
                                {{"Content-Type", "application/x-www-form-urlencoded"}});
    QCOMPARE(person.status, 200);
    const Http json = request("POST", u"/s/1"_s, R"({"email":"json@example.org"})",
                              {{"Content-Type", "application/json"}, {"Accept-Language", "zh-CN"}});
    QCOMPARE(json.status, 202);
    QCOMPARE(
        request("POST", u"/s/1"_s, R"({"email":"not an address"})", {{"Content-Type", "application/json"}})
            .status,
        422);
    // The per-address limit (3 an hour here).
    QCOMPARE(
        request("POST", u"/s/1"_s, R"({"email":"third@example.org"})", {{"Content-Type", "application/json"}})
            .status,
        202);
    QCOMPARE(request("POST", u"/s/1"_s, R"({"email":"fourth@example.org"})",
                     {{"Content-Type", "application/json"}})
                 .status,
             429);
    const QJsonArray pending =
        QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=%1"_s.arg(before)).body)
            .object()
            .value(u"events"_s)
            .toArray();
    QCOMPARE(pending.size(), 3);
    for (const QJsonValue &e : pending) {
        QCOMPARE(e.toObject().value(u"kind"_s).toString(), u"signup_pending"_s);
        // No SMTP account on this relay: the desktop mails the confirmations.
        QCOMPARE(e.toObject().value(u"detail"_s).toObject().value(u"mailer"_s).toString(), u"desktop"_s);
    }
    // The pull mails them through the desktop's account; not on the desktop until confirmed.
    const QJsonObject first =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(first.value(u"pending_signups"_s).toInt(), 3);
    QCOMPARE(first.value(u"confirmations_sent"_s).toInt(), 3);
    QCOMPARE(queryOne(u"SELECT count(*) FROM contacts WHERE email = 'new.person@example.org'"_s), u"0"_s);
    // A second pull mails nobody twice.
    QCOMPARE(QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out)
                 .object()
                 .value(u"confirmations_sent"_s)
                 .toInt(),
             0);
    QString confirm;
    int mails = 0;
    for (const mime::MimeEntity &m : arrived()) {
        const QString to = m.value("To");
        if (!to.contains(u"example.org"_s))
            continue;
        ++mails;
        QCOMPARE(m.value("Auto-Submitted"), u"auto-generated"_s);
        const QString text = partOfType(m, "text/plain")->text();
        const QString link = QRegularExpression(u"http://127\\.0\\.0\\.1:[0-9]+/confirm/[A-Za-z0-9_-]+"_s)
                                 .match(text)
                                 .captured(0);
        QVERIFY2(!link.isEmpty(), qPrintable(text));
        if (to.contains(u"new.person@example.org"_s)) {
            confirm = link;
            QVERIFY(text.contains(u"News"_s));
            QVERIFY(text.contains(u"Hello New Person"_s));
        } else if (to.contains(u"json@example.org"_s)) {
            // Asked in Chinese: answered in Chinese.
            QVERIFY2(text.contains(u"请打开下面的链接确认订阅"_s), qPrintable(text));
            QVERIFY(m.value("Subject").contains(u"请确认订阅"_s));
        }
    }
    QCOMPARE(mails, 3);
    QVERIFY(confirm.startsWith(u"http://127.0.0.1:%1/confirm/"_s.arg(m_port)));
    const QString path = QUrl(confirm).path();
    QCOMPARE(request("GET", path).status, 200);
    QCOMPARE(request("GET", path).status, 200); // opened twice: confirmed once
    QString tampered = path;
    tampered[tampered.size() - 2] = tampered.at(tampered.size() - 2) == u'A' ? u'B' : u'A';
    QCOMPARE(request("GET", tampered).status, 404);
    const QJsonObject pulled =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(pulled.value(u"signups"_s).toInt(), 1);
    QCOMPARE(queryOne(u"SELECT status FROM contacts WHERE email = 'new.person@example.org'"_s),
             u"subscribed"_s);
    QCOMPARE(
        queryOne(
            u"SELECT count(*) FROM list_members m JOIN contacts c ON c.id = m.contact_id JOIN lists l ON "
            "l.id = m.list_id WHERE c.email = 'new.person@example.org' AND l.name = 'News'"_s),
        u"1"_s);
    QCOMPARE(
        queryOne(u"SELECT source || ' ' || ip FROM consents c JOIN contacts p ON p.id = c.contact_id WHERE "
                 "p.email = 'new.person@example.org'"_s),
        u"double opt-in 127.0.0.0/24"_s);
}

void tst_Relay::keyRotationKeepsOldLinksWorking() {
    QString oldClick;
    for (const mime::MimeEntity &m : arrived()) {
        const QString c =
            QRegularExpression(u"/c/[A-Za-z0-9_-]+"_s).match(partOfType(m, "text/html")->text()).captured(0);
        if (!c.isEmpty())
            oldClick = c;
    }
    QVERIFY(!oldClick.isEmpty());
    const Http rotated = api("POST", u"/api/v1/keys/rotate"_s);
    QCOMPARE(rotated.status, 200);
    QCOMPARE(QJsonDocument::fromJson(rotated.body).object().value(u"current"_s).toInt(), 2);
    const QJsonObject tested =
        QJsonDocument::fromJson(cli({u"relay"_s, u"test"_s, u"R"_s, u"--json"_s}).out).object();
    QCOMPARE(tested.value(u"key_id"_s).toInt(), 2);
    QCOMPARE(tested.value(u"keys_refreshed"_s).toBool(), true);
    // Links already out verify under the old key during the grace period.
    QCOMPARE(request("GET", oldClick).status, 302);
    // New messages are signed with the new key and work too.
    clearArrived();
    QCOMPARE(cli({u"campaign"_s, u"send"_s, u"Next"_s}).exitCode, 0);
    QString fresh;
    for (const mime::MimeEntity &m : arrived()) {
        const QString c =
            QRegularExpression(u"/c/[A-Za-z0-9_-]+"_s).match(partOfType(m, "text/html")->text()).captured(0);
        if (!c.isEmpty())
            fresh = c;
    }
    QVERIFY(!fresh.isEmpty());
    QCOMPARE(request("GET", fresh).status, 302);
    // The relay restarted reads the rotated keys from its folder.
    stopRelay();
    QVERIFY(startRelay());
    QCOMPARE(request("GET", fresh).status, 302);
    QCOMPARE(request("GET", oldClick).status, 302);
}

void tst_Relay::relayMailsConfirmationsItself() {
    // The relay's own account (smtp-sink here): the confirmation arrives without a pull.
    const QString relayDir = m_dir.filePath(u"relay"_s);
    test::ProcessRun set = test::runProcess(
        QStringLiteral(HIVEPOST_RELAY_PATH),
        {u"set-smtp"_s, u"--data"_s, relayDir, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
         QString::number(m_smtpPort), u"--security"_s, u"none"_s, u"--from"_s, u"signup@example.com"_s},
        m_env);
    QVERIFY2(set.exitCode == 0, set.err.constData());
    // A password never goes to relay.json: it is read from a variable into a 0600 file.
    QProcessEnvironment env = m_env;
    env.insert(u"RELAY_SMTP_PASSWORD"_s, u"s3cret-pw"_s);
    const test::ProcessRun withUser = test::runProcess(
        QStringLiteral(HIVEPOST_RELAY_PATH),
        {u"set-smtp"_s, u"--data"_s, relayDir, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
         QString::number(m_smtpPort), u"--security"_s, u"none"_s, u"--from"_s, u"signup@example.com"_s,
         u"--user"_s, u"relay"_s, u"--password-env"_s, u"RELAY_SMTP_PASSWORD"_s},
        env);
    QVERIFY2(withUser.exitCode == 0, withUser.err.constData());
    QVERIFY(!test::readAll(relayDir + u"/relay.json"_s).contains("s3cret-pw"));
    QCOMPARE(QFileInfo(relayDir + u"/smtp-password"_s).permissions() &
                 (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    // smtp-sink offers no AUTH: back to the account without a user.
    set = test::runProcess(QStringLiteral(HIVEPOST_RELAY_PATH),
                           {u"set-smtp"_s, u"--data"_s, relayDir, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                            QString::number(m_smtpPort), u"--security"_s, u"none"_s, u"--from"_s,
                            u"signup@example.com"_s, u"--from-name"_s, u"Acme Signups"_s},
                           m_env);
    QVERIFY2(set.exitCode == 0, set.err.constData());
    stopRelay();
    QVERIFY(startRelay());
    clearArrived();
    QElapsedTimer clock;
    clock.start();
    QCOMPARE(request("POST", u"/s/1"_s, "email=fast%40example.org&name=Fast",
                     {{"Content-Type", "application/x-www-form-urlencoded"}})
                 .status,
             200);
    QTRY_COMPARE_WITH_TIMEOUT(arrived().size(), 1, 10'000);
    const qint64 tookMs = clock.elapsed();
    qInfo("the relay's confirmation arrived %lld ms after the signup", tookMs);
    const mime::MimeEntity mail = arrived().constFirst();
    QVERIFY(mail.value("To").contains(u"fast@example.org"_s));
    QVERIFY(mail.value("From").contains(u"Acme Signups"_s));
    const QString link = QRegularExpression(u"/confirm/[A-Za-z0-9_-]+"_s)
                             .match(partOfType(mail, "text/plain")->text())
                             .captured(0);
    QVERIFY(!link.isEmpty());
    // The desktop sees it pending and mails nothing itself.
    const QJsonObject pulled =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(pulled.value(u"pending_signups"_s).toInt(), 1);
    QCOMPARE(pulled.value(u"confirmations_sent"_s).toInt(), 0);
    QCOMPARE(request("GET", link).status, 200);
    QCOMPARE(QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out)
                 .object()
                 .value(u"signups"_s)
                 .toInt(),
             1);
    QCOMPARE(queryOne(u"SELECT status FROM contacts WHERE email = 'fast@example.org'"_s), u"subscribed"_s);

    // A server that refuses the relay's mail (smtp-sink -f: MAIL answered 5xx): the signup is handed
    // to the desktop, which mails it on its next pull.
    QProcess refusing;
    QDir().mkpath(m_dir.filePath(u"refused"_s));
    QFile::setPermissions(m_dir.filePath(u"refused"_s), QFileInfo(m_dir.filePath(u"dump"_s)).permissions());
    const quint16 refusingPort = startSink(refusing, {u"-f"_s, u"mail"_s}, m_dir.filePath(u"refused"_s));
    QVERIFY(refusingPort != 0);
    set = test::runProcess(QStringLiteral(HIVEPOST_RELAY_PATH),
                           {u"set-smtp"_s, u"--data"_s, relayDir, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                            QString::number(refusingPort), u"--security"_s, u"none"_s, u"--from"_s,
                            u"signup@example.com"_s},
                           m_env);
    QVERIFY2(set.exitCode == 0, set.err.constData());
    stopRelay();
    QVERIFY(startRelay());
    clearArrived();
    QCOMPARE(request("POST", u"/s/1"_s, "email=later%40example.org",
                     {{"Content-Type", "application/x-www-form-urlencoded"}})
                 .status,
             200);
    QJsonArray handed;
    QString relayError;
    for (int i = 0; i < 100 && relayError.isEmpty(); ++i) {
        handed = QJsonDocument::fromJson(api("GET", u"/api/v1/events?after=0&limit=10000"_s).body)
                     .object()
                     .value(u"events"_s)
                     .toArray();
        for (const QJsonValue &e : std::as_const(handed)) {
            const QJsonObject d = e.toObject().value(u"detail"_s).toObject();
            if (d.value(u"email"_s).toString() == u"later@example.org"_s &&
                d.value(u"mailer"_s).toString() == u"desktop"_s)
                relayError = d.value(u"relay_error"_s).toString();
        }
        if (relayError.isEmpty())
            QTest::qWait(100); // the relay's SMTP session, another process
    }
    if (relayError.isEmpty())
        qWarning() << handed.last() << m_relay.readAllStandardError();
    QVERIFY2(relayError.contains(u"500 5.3.0"_s), qPrintable(relayError));
    const QJsonObject fallback =
        QJsonDocument::fromJson(cli({u"tracking"_s, u"pull"_s, u"--json"_s}).out).object();
    QCOMPARE(fallback.value(u"confirmations_sent"_s).toInt(), 1);
    QCOMPARE(arrived().size(), 1);
    QVERIFY(arrived().constFirst().value("To").contains(u"later@example.org"_s));
    refusing.kill();
    refusing.waitForFinished();
    // Off again: the relay mails nothing.
    set = test::runProcess(QStringLiteral(HIVEPOST_RELAY_PATH),
                           {u"set-smtp"_s, u"--data"_s, relayDir, u"--off"_s}, m_env);
    QCOMPARE(set.exitCode, 0);
    QVERIFY(!QFileInfo::exists(relayDir + u"/smtp-password"_s));
}

QTEST_GUILESS_MAIN(tst_Relay)
#include "tst_Relay.moc"
