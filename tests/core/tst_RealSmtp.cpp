// SmtpClient and the CLI against a real server: Postfix's smtp-sink on 127.0.0.1, started by the
// test (never the postfix daemon). Several messages over one connection, each written by the sink
// to a file we compare, then `account test` and `send-test` end to end.

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "ScriptedSmtpServer.h"
#include "TestSupport.h"
#include "smtp/SmtpClient.h"

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_RealSmtp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void manyMessagesOverOneConnection();
    void internationalAddressesPerRecipient();
    void cliAccountTestAndSendTest();
    void realTlsSubmission_data();
    void realTlsSubmission();

private:
    QByteArrayList dumped() const;
    smtp::SmtpSettings sinkSettings() const; // plain SMTP to the sink

    QTemporaryDir m_dir;
    QProcess m_sink;
    quint16 m_port = 0;
};

void tst_RealSmtp::initTestCase() {
    const QString sink = QStandardPaths::findExecutable(u"smtp-sink"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    QVERIFY2(!sink.isEmpty(), "smtp-sink is missing: packaging/deps-debian.sh test installs postfix");
    QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                            QFileDevice::WriteOther | QFileDevice::ExeOther);
    QDir().mkpath(m_dir.filePath(u"dump"_s));
    QFile::setPermissions(m_dir.filePath(u"dump"_s), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                         QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                         QFileDevice::WriteOther | QFileDevice::ExeOther);
    // smtp-sink cannot bind port 0: take a free port from the kernel, then hand it over (retried).
    for (int attempt = 0; attempt < 5 && m_port == 0; ++attempt) {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QStringList args;
        if (geteuid() == 0)
            args << u"-u"_s << u"nobody"_s;
        args << u"-d"_s << m_dir.filePath(u"dump/%M."_s) << u"127.0.0.1:%1"_s.arg(port) << u"64"_s;
        m_sink.start(sink, args);
        QVERIFY(m_sink.waitForStarted());
        for (int i = 0; i < 50; ++i) {
            QTcpSocket s;
            s.connectToHost(QHostAddress::LocalHost, port);
            if (s.waitForConnected(100)) {
                m_port = port;
                break;
            }
            if (m_sink.state() != QProcess::Running)
                break;
            QTest::qWait(20);
        }
        if (m_port == 0) {
            m_sink.kill();
            m_sink.waitForFinished();
        }
    }
    QVERIFY2(m_port != 0, "smtp-sink did not start");
}

void tst_RealSmtp::cleanupTestCase() {
    m_sink.kill();
    m_sink.waitForFinished();
}

smtp::SmtpSettings tst_RealSmtp::sinkSettings() const {
    smtp::SmtpSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = m_port;
    s.security = smtp::Security::None;
    return s;
}

QByteArrayList tst_RealSmtp::dumped() const {
    QByteArrayList files;
    const QDir dump(m_dir.filePath(u"dump"_s));
    for (const QString &name : dump.entryList(QDir::Files, QDir::Name))
        files << test::readAll(dump.filePath(name));
    return files;
}

void tst_RealSmtp::manyMessagesOverOneConnection() {
    smtp::SmtpClient client(sinkSettings());
    QSignalSpy ready(&client, &smtp::SmtpClient::ready);
    QSignalSpy finished(&client, &smtp::SmtpClient::messageFinished);
    QSignalSpy closed(&client, &smtp::SmtpClient::closed);
    int next = 0;
    const int count = 25;
    const auto sendNext = [&] {
        const QByteArray body =
            "Subject: message " + QByteArray::number(next) + "\r\n\r\n.dot first\r\nline\r\n";
        client.send({u"bounce@example.com"_s, {u"r%1@example.org"_s.arg(next)}, {}, true}, body);
        ++next;
    };
    connect(&client, &smtp::SmtpClient::ready, &client, sendNext);
    connect(&client, &smtp::SmtpClient::messageFinished, &client, [&](const smtp::SmtpResult &) {
        if (next < count)
            sendNext();
        else
            client.quit();
    });
    client.connectToServer();
    QVERIFY(closed.wait(30000));
    QCOMPARE(ready.count(), 1);
    QCOMPARE(finished.count(), count);
    for (const QList<QVariant> &r : std::as_const(finished))
        QVERIFY2(r.at(0).value<smtp::SmtpResult>().ok(),
                 qPrintable(r.at(0).value<smtp::SmtpResult>().errorString));
    QCOMPARE(client.messagesSent(), count);
    QTRY_COMPARE(dumped().size(), count);
    for (const QByteArray &file : dumped())
        QVERIFY2(file.contains("\r\n\r\n.dot first\r\nline\r\n") || file.contains("\n\n.dot first\nline\n"),
                 file.constData());
}

void tst_RealSmtp::internationalAddressesPerRecipient() {
    // smtp-sink offers no SMTPUTF8: an IDN domain still goes (as A-labels), a non-ASCII local part is
    // refused for its own message only, and the connection carries on with the next recipient.
    smtp::SmtpClient client(sinkSettings());
    QSignalSpy closed(&client, &smtp::SmtpClient::closed);
    const QStringList to{u"ascii@example.org"_s, u"用户@example.org"_s, u"test@παράδειγμα.δοκιμή"_s,
                         u"test@xn--hxajbheg2az3al.xn--jxalpdlp"_s, u"after@example.org"_s};
    const qsizetype before = dumped().size();
    QList<smtp::SmtpResult> results;
    bool offered = true;
    const auto sendNext = [&] {
        offered = client.hasCapability("SMTPUTF8");
        client.send({u"bounce@example.com"_s, {to.at(results.size())}, {}, true},
                    QByteArray("Subject: idn\r\n\r\nbody\r\n"));
    };
    connect(&client, &smtp::SmtpClient::ready, &client, sendNext);
    connect(&client, &smtp::SmtpClient::messageFinished, &client, [&](const smtp::SmtpResult &r) {
        results << r;
        if (results.size() < to.size())
            sendNext();
        else
            client.quit();
    });
    client.connectToServer();
    QVERIFY(closed.wait(30000));
    QCOMPARE(results.size(), to.size());
    QVERIFY(!offered);
    for (int i : {0, 2, 3, 4})
        QVERIFY2(results.at(i).ok(), qPrintable(to.at(i) + u": "_s + results.at(i).errorString));
    const smtp::SmtpResult &refused = results.at(1);
    QCOMPARE(refused.status, smtp::SmtpResult::Status::Permanent);
    QCOMPARE(refused.reply.code, 0); // said by Hivepost, not by the server: never logged as a bounce
    QVERIFY2(refused.errorString.contains(u"用户@example.org"_s) &&
                 refused.errorString.contains(u"SMTPUTF8"_s),
             qPrintable(refused.errorString));
    QCOMPARE(client.messagesSent(), 4);
    QTRY_COMPARE(dumped().size(), before + 4);
    const QByteArray all = dumped().join();
    QCOMPARE(all.count("<test@xn--hxajbheg2az3al.xn--jxalpdlp>"), 2);
    QVERIFY(!all.contains("SMTPUTF8"));
}

void tst_RealSmtp::cliAccountTestAndSendTest() {
    const QString db = m_dir.filePath(u"cli.db"_s);
    const auto cli = [&db](const QStringList &args,
                           QProcessEnvironment env = QProcessEnvironment::systemEnvironment()) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(HIVEPOST_CLI_PATH), QStringList{u"--db"_s, db} + args);
        p.waitForFinished(60000);
        return std::make_pair(p.exitCode(), QByteArray(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    const QString html = m_dir.filePath(u"t.html"_s);
    QVERIFY(test::writeFile(html, "<p>Hello {{first_name|there}}</p>"));
    QCOMPARE(cli({u"template"_s, u"add"_s, u"T"_s, u"--subject"_s, u"Test"_s, u"--html"_s, html}).first, 0);
    QCOMPARE(cli({u"sender"_s, u"set"_s, u"--from"_s, u"Shop <shop@example.com>"_s}).first, 0);
    QCOMPARE(cli({u"account"_s, u"add"_s, u"sink"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                  QString::number(m_port), u"--security"_s, u"none"_s})
                 .first,
             0);
    auto tested = cli({u"account"_s, u"test"_s, u"sink"_s, u"--json"_s});
    QCOMPARE(tested.first, 0);
    const QJsonObject t = QJsonDocument::fromJson(tested.second).object();
    QVERIFY2(t.value(u"ok"_s).toBool(), tested.second.constData());
    QVERIFY(t.value(u"capabilities"_s).toArray().contains(u"PIPELINING"_s));

    const qsizetype before = dumped().size();
    auto sent = cli({u"send-test"_s, u"--account"_s, u"sink"_s, u"--template"_s, u"T"_s, u"--to"_s,
                     u"x@example.net"_s, u"--json"_s});
    QCOMPARE(sent.first, 0);
    QCOMPARE(QJsonDocument::fromJson(sent.second).object().value(u"reply_code"_s).toInt(), 250);
    QTRY_COMPARE(dumped().size(), before + 1);

    // An account whose password is in an unset variable fails clearly, and says nothing secret.
    QCOMPARE(cli({u"account"_s, u"add"_s, u"auth"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                  QString::number(m_port), u"--security"_s, u"none"_s, u"--user"_s, u"u"_s,
                  u"--password-env"_s, u"HP_TEST_PW"_s, u"--no-keychain"_s, u"--allow-plaintext-auth"_s})
                 .first,
             0);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"HP_TEST_PW"_s);
    auto unset = cli({u"account"_s, u"test"_s, u"auth"_s}, env);
    QCOMPARE(unset.first, 1);
    QVERIFY2(unset.second.contains("HP_TEST_PW"), unset.second.constData());
    env.insert(u"HP_TEST_PW"_s, u"hunter2"_s);
    auto withPassword = cli({u"account"_s, u"test"_s, u"auth"_s, u"--json"_s}, env);
    QCOMPARE(withPassword.first, 0); // smtp-sink accepts any AUTH PLAIN
    QVERIFY(!withPassword.second.contains("hunter2"));
    QVERIFY(!withPassword.second.contains(QByteArray("\0u\0hunter2", 10).toBase64()));
    QVERIFY(!test::readAll(db).contains("hunter2"));
    // Without a keychain (no session bus here, on purpose: never the developer's own keychain), the
    // password stays in the variable, and the user is told.
    env.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=/nonexistent/hivepost-test-bus"_s);
    env.insert(u"HIVEPOST_SECRETS"_s, u"keychain"_s); // the desktop's store, here with no bus behind it
    auto noKeychain = cli({u"account"_s, u"add"_s, u"auth2"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s,
                           QString::number(m_port), u"--security"_s, u"none"_s, u"--user"_s, u"u"_s,
                           u"--password-env"_s, u"HP_TEST_PW"_s, u"--allow-plaintext-auth"_s},
                          env);
    QCOMPARE(noKeychain.first, 0);
    QVERIFY2(noKeychain.second.contains("keychain") && noKeychain.second.contains("HP_TEST_PW"),
             noKeychain.second.constData());
    QCOMPARE(cli({u"account"_s, u"test"_s, u"auth2"_s}, env).first, 0);
    auto list = cli({u"account"_s, u"list"_s, u"--json"_s});
    QVERIFY(!list.second.contains("hunter2"));
    QVERIFY(list.second.contains("\"secret\":\"env\""));
}

void tst_RealSmtp::realTlsSubmission_data() {
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("STARTTLS, AUTH PLAIN") << u"starttls"_s << u"s3cret"_s << true;
    QTest::newRow("implicit TLS, AUTH PLAIN") << u"tls"_s << u"s3cret"_s << true;
    QTest::newRow("wrong password") << u"starttls"_s << u"guess"_s << false;
}

// aiosmtpd (python3-aiosmtpd) as a real submission server with STARTTLS or implicit TLS and AUTH.
void tst_RealSmtp::realTlsSubmission() {
    QFETCH(QString, mode);
    QFETCH(QString, password);
    QFETCH(bool, accepted);
    test::TestCertificates certs;
    QTemporaryDir dir;
    QVERIFY(test::makeTestCertificates(dir.path(), &certs));
    QProcess server;
    server.start(u"/usr/bin/python3"_s,
                 {QStringLiteral(HIVEPOST_TEST_SUPPORT_DIR "/tls_submission_server.py"), mode,
                  dir.filePath(u"server.pem"_s), dir.filePath(u"server.key"_s), u"ann"_s, u"s3cret"_s,
                  dir.path()});
    QVERIFY(server.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine() || server.state() != QProcess::Running, 20000);
    const QByteArray first = server.readLine().trimmed();
    QVERIFY2(first.startsWith("PORT "), QByteArray(first + server.readAllStandardError()).constData());

    smtp::SmtpSettings s;
    s.host = u"localhost"_s;
    s.port = quint16(first.mid(5).toUInt());
    s.security = mode == u"tls"_s ? smtp::Security::ImplicitTls : smtp::Security::StartTls;
    s.extraCaCertificates = {certs.ca};
    s.auth = smtp::AuthMethod::Plain;
    s.user = u"ann"_s;
    s.secret = password;
    smtp::SmtpClient client(s);
    QSignalSpy ready(&client, &smtp::SmtpClient::ready);
    QSignalSpy failed(&client, &smtp::SmtpClient::connectionFailed);
    QSignalSpy finished(&client, &smtp::SmtpClient::messageFinished);
    client.connectToServer();
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() + failed.count() == 1, 20000);
    if (!accepted) {
        QCOMPARE(failed.count(), 1);
        const auto r = failed.at(0).at(0).value<smtp::SmtpResult>();
        QCOMPARE(r.status, smtp::SmtpResult::Status::Permanent);
        QCOMPARE(r.reply.code, 535);
    } else {
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? ""
                                  : qPrintable(failed.at(0).at(0).value<smtp::SmtpResult>().errorString));
        QVERIFY(client.tlsDescription().startsWith(u"TLSv1."_s));
        client.send({u"ann@example.com"_s, {u"bob@example.org"_s}, "e1", true},
                    "Subject: over TLS\r\n\r\nhello\r\n");
        QVERIFY(finished.wait(20000));
        QVERIFY2(finished.at(0).at(0).value<smtp::SmtpResult>().ok(),
                 qPrintable(finished.at(0).at(0).value<smtp::SmtpResult>().errorString));
        QTRY_VERIFY(QFile::exists(dir.filePath(u"1.eml"_s)));
        QVERIFY(test::readAll(dir.filePath(u"1.eml"_s)).contains("hello"));
    }
    server.kill();
    server.waitForFinished();
}

QTEST_GUILESS_MAIN(tst_RealSmtp)
#include "tst_RealSmtp.moc"
