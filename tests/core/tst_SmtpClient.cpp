// SmtpClient against scripted servers on 127.0.0.1 (port 0) with real TLS handshakes (a test CA
// made by openssl): pipelining, DSN and SIZE parameters, dot-stuffing, STARTTLS (refused, stripped,
// injected), certificates (untrusted, pinned), AUTH, 421, silence, a drop after ".", refusals,
// and the next message pipelined with the final "." (sendNext).

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "ScriptedSmtpServer.h"
#include "smtp/SmtpClient.h"
#include "smtp/SmtpCommands.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using smtp::SmtpClient;
using smtp::SmtpResult;
using test::ScriptedSmtpServer;

namespace {

const QString kEhloFull =
    u"S: 250-mx.test greets you\nS: 250-PIPELINING\nS: 250-SIZE 100000\nS: 250-8BITMIME\n"
    "S: 250-DSN\nS: 250-ENHANCEDSTATUSCODES\nS: 250 AUTH PLAIN LOGIN"_s;

QStringList script(const QString &text) {
    return text.split(u'\n');
}

smtp::SmtpSettings settingsFor(quint16 port, smtp::Security security = smtp::Security::None) {
    smtp::SmtpSettings s;
    s.host = u"localhost"_s;
    s.port = port;
    s.security = security;
    s.heloName = u"client.test"_s;
    s.timeouts.connect = s.timeouts.greeting = s.timeouts.command = 5000;
    s.timeouts.dataStart = s.timeouts.dataBlock = s.timeouts.dataEnd = 5000;
    return s;
}

smtp::Envelope envelope(const QString &to = u"ann@example.com"_s) {
    return {u"bounce@example.com"_s, {to}, "c1-r42", true};
}

// With the gate on: at the first held ".", the next message is given (if it may be), then every
// "." is released.
void pipelineOnce(SmtpClient &client, const smtp::Envelope &next, const QByteArray &message) {
    client.setDataEndGate(true);
    QObject::connect(&client, &SmtpClient::dataEndHeld, &client, [&client, next, message] {
        if (client.messagesSent() == 0 && client.canSendNext())
            client.sendNext(next, smtp::DataPayload::prepare(message));
        client.releaseDataEnd();
    });
}

bool connected(SmtpClient &client) {
    QSignalSpy ready(&client, &SmtpClient::ready);
    client.connectToServer();
    return ready.wait();
}

} // namespace

class tst_SmtpClient : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pipelinedSendWithDsnSizeAndDotStuffing();
    void dataPayloadMatchesLineByLineStuffing();
    void idnDomainsNeedNoSmtpUtf8();
    void withoutPipeliningOneCommandAtATime();
    void repliesSplitAcrossPackets();
    void startTlsThenAuthPlainRedacted();
    void startTlsRequiredButNotOffered();
    void startTlsRefusedNeverFallsBack();
    void bytesInjectedBeforeTlsAreDiscarded();
    void implicitTlsUntrustedCertificate();
    void implicitTlsPinnedCertificate();
    void tlsFailuresAreClearAndFinal_data();
    void tlsFailuresAreClearAndFinal();
    void connectionRefused();
    void authLoginAndFailure();
    void authRefusedWithoutEncryption();
    void authXOAuth2();
    void serviceClosing421MidSession();
    void serverNeverAnswers();
    void dropAfterFinalDotIsUnknown();
    void recipientRefusedThenNextMessage();
    void messageTooLargeForServer();
    void nextMessageGoesWithTheFinalDot();
    void dropWithTheNextInFlight();
    void nextRefusedBeforeItIsWritten();

private:
    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
};

void tst_SmtpClient::initTestCase() {
    QVERIFY(test::makeTestCertificates(m_dir.path(), &m_certs));
}

void tst_SmtpClient::pipelinedSendWithDsnSizeAndDotStuffing() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx.test ESMTP\nC: EHLO client.test\n"_s + kEhloFull +
               u"\nC: MAIL FROM:<bounce@example.com> SIZE=\\d+ RET=HDRS ENVID=c1-r42"
               "\nC: RCPT TO:<ann@example.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;ann@example.com"
               "\nC: DATA\nS: 250 2.1.0 Ok\nS: 250 2.1.5 Ok\nS: 354 End data with <CR><LF>.<CR><LF>"
               "\nDATA\nS: 250 2.0.0 Ok: queued as ABC\nC: QUIT"
               "\nS: 221 2.0.0 Bye\nCLOSE"_s));
    const quint16 port = server.listenLocal();
    QVERIFY(port);
    SmtpClient client(settingsFor(port));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QSignalSpy closed(&client, &SmtpClient::closed);
    QVERIFY(connected(client));
    QVERIFY(client.hasCapability("PIPELINING"));
    const QByteArray message = "Subject: x\r\n\r\n.hidden line\r\nend\r\n";
    client.send(envelope(), message);
    QVERIFY(finished.wait());
    const auto result = finished.at(0).at(0).value<SmtpResult>();
    QVERIFY2(result.ok(), qPrintable(result.errorString + u" / "_s + server.failure()));
    QCOMPARE(result.reply.code, 250);
    QCOMPARE(result.reply.enhanced, QByteArray("2.0.0"));
    QVERIFY(client.isReady()); // a delivered message needs no RSET before the next
    client.quit();
    QVERIFY(closed.wait());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QVERIFY(server.scriptDone());
    QCOMPARE(server.messages().constFirst(), message); // dot-stuffing undone by the server
    QCOMPARE(finished.count(), 1);
}

void tst_SmtpClient::dataPayloadMatchesLineByLineStuffing() {
    // The reference: RFC 5321 4.5.2 read literally, one line at a time.
    const auto reference = [](const QByteArray &message) -> QByteArray {
        QByteArray out;
        const QList<QByteArray> lines = message.split('\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const bool lineStart = i == 0 || lines.at(i - 1).endsWith('\r');
            if (lineStart && lines.at(i).startsWith('.'))
                out += '.';
            out += lines.at(i);
            if (i + 1 < lines.size())
                out += '\n';
        }
        if (!out.endsWith("\r\n"))
            out += "\r\n";
        return out + ".\r\n";
    };
    QList<QByteArray> messages = {"", ".", "..", "\r\n.", "a\r\n.\r\n", "a\n.b", "a\r\n", "a\r", ".x\r\n..y"};
    QRandomGenerator random(20261127);
    const char alphabet[] = {'.', '.', '\r', '\n', 'a', ' ', char(0xE4)};
    for (int n = 0; n < 2000; ++n) {
        QByteArray m(random.bounded(40), Qt::Uninitialized);
        for (char &c : m)
            c = alphabet[random.bounded(int(sizeof alphabet))];
        messages << m;
    }
    for (const QByteArray &m : std::as_const(messages)) {
        const smtp::DataPayload d = smtp::DataPayload::prepare(m);
        QCOMPARE(d.wire, reference(m));
        QCOMPARE(d.messageSize, m.size());
        QCOMPARE(d.eightBit, m.contains(char(0xE4)));
        // Handed over (the engine's way): the same payload, whether or not the buffer is reused.
        QByteArray copy = m;
        copy.detach();
        const smtp::DataPayload moved = smtp::DataPayload::prepare(std::move(copy));
        QCOMPARE(moved.wire, d.wire);
        QCOMPARE(moved.messageSize, d.messageSize);
        QCOMPARE(moved.eightBit, d.eightBit);
    }
}

void tst_SmtpClient::withoutPipeliningOneCommandAtATime() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 SIZE\nC: MAIL FROM:<bounce@example.com> SIZE=\\d+"
               "\nS: 250 ok\nC: RCPT TO:<ann@example.com>\nS: 250 ok\nC: DATA\nS: 354 go\nDATA"
               "\nS: 250 queued"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    client.send(envelope(), "Subject: y\r\n\r\nbody");
    QVERIFY(finished.wait());
    QVERIFY2(finished.at(0).at(0).value<SmtpResult>().ok(), qPrintable(server.failure()));
    QTRY_VERIFY(server.scriptDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(server.messages().constFirst(), QByteArray("Subject: y\r\n\r\nbody\r\n"));
}

void tst_SmtpClient::repliesSplitAcrossPackets() {
    ScriptedSmtpServer server(
        script(u"P: 220 mx.te|st ESMTP\nC: EHLO .*\nP: 250-m|x\nP: 250-PIPEL|INING\nS: 250 8BITMIME"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QVERIFY(connected(client));
    QVERIFY(client.hasCapability("PIPELINING"));
    QVERIFY(client.hasCapability("8BITMIME"));
}

void tst_SmtpClient::startTlsThenAuthPlainRedacted() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO client.test\nS: 250-mx\nS: 250 STARTTLS\nC: STARTTLS"
               "\nS: 220 2.0.0 Ready to start TLS\nSTARTTLS\nC: EHLO client.test\n"_s +
               kEhloFull + u"\nC: AUTH PLAIN AHVzZXIAczNjcjN0\nS: 235 2.7.0 Authentication successful"_s));
    server.setCertificate(m_certs.server, m_certs.serverKey, false);
    smtp::SmtpSettings s = settingsFor(server.listenLocal(), smtp::Security::StartTls);
    s.extraCaCertificates = {m_certs.ca};
    s.auth = smtp::AuthMethod::Plain;
    s.user = u"user"_s;
    s.secret = u"s3cr3t"_s;
    SmtpClient client(s);
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    QSignalSpy log(&client, &SmtpClient::protocolLine);
    QVERIFY(connected(client));
    QCOMPARE(failed.count(), 0);
    QVERIFY(client.tlsDescription().startsWith(u"TLSv1."_s));
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    for (const QList<QVariant> &line : std::as_const(log)) {
        const QByteArray text = line.at(1).toByteArray();
        QVERIFY2(!text.contains("AHVzZXIAczNjcjN0") && !text.contains("s3cr3t"), text.constData());
    }
}

void tst_SmtpClient::startTlsRequiredButNotOffered() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 PIPELINING\nWAIT"_s));
    SmtpClient client(settingsFor(server.listenLocal(), smtp::Security::StartTls));
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    QSignalSpy ready(&client, &SmtpClient::ready);
    client.connectToServer();
    QVERIFY(failed.wait());
    const auto r = failed.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Permanent);
    QVERIFY2(r.errorString.contains(u"STARTTLS"_s), qPrintable(r.errorString));
    QCOMPARE(ready.count(), 0);
}

void tst_SmtpClient::startTlsRefusedNeverFallsBack() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 STARTTLS\nC: STARTTLS"
                                     "\nS: 454 4.7.0 TLS not available\nC: MAIL.*"_s));
    SmtpClient client(settingsFor(server.listenLocal(), smtp::Security::StartTls));
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    client.connectToServer();
    QVERIFY(failed.wait());
    QCOMPARE(failed.at(0).at(0).value<SmtpResult>().reply.code, 454);
    QTest::qWait(50);
    QVERIFY(!server.received().contains("MAIL FROM:<bounce@example.com>"));
    QCOMPARE(server.received().size(), 2); // EHLO, STARTTLS and nothing in plain text after
}

void tst_SmtpClient::bytesInjectedBeforeTlsAreDiscarded() {
    // A man in the middle appends a reply to "220 Ready"; it must not be taken as the answer to the
    // EHLO sent after TLS (RFC 3207 4.2; CVE-2011-0411 and friends).
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 STARTTLS\nC: STARTTLS"
               "\nS: 220 go ahead\\r\\n250-injected\\r\\n250 AUTH PLAIN\nSTARTTLS\nC: EHLO client.test"
               "\nS: 250-mx\nS: 250 PIPELINING"_s));
    server.setCertificate(m_certs.server, m_certs.serverKey, false);
    smtp::SmtpSettings s = settingsFor(server.listenLocal(), smtp::Security::StartTls);
    s.extraCaCertificates = {m_certs.ca};
    SmtpClient client(s);
    QVERIFY(connected(client));
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QVERIFY(client.hasCapability("PIPELINING"));
    QVERIFY(!client.hasCapability("AUTH"));
}

void tst_SmtpClient::implicitTlsUntrustedCertificate() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250 mx"_s));
    server.setCertificate(m_certs.selfSigned, m_certs.selfSignedKey, true);
    SmtpClient client(settingsFor(server.listenLocal(), smtp::Security::ImplicitTls));
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    client.connectToServer();
    QVERIFY(failed.wait());
    const auto r = failed.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Permanent);
    QVERIFY2(r.errorString.contains(u"certificate"_s), qPrintable(r.errorString));
    QCOMPARE(client.rejectedCertificate(), m_certs.selfSigned); // for the user to inspect and trust
}

void tst_SmtpClient::implicitTlsPinnedCertificate() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250 mx"_s));
    server.setCertificate(m_certs.selfSigned, m_certs.selfSignedKey, true);
    smtp::SmtpSettings s = settingsFor(server.listenLocal(), smtp::Security::ImplicitTls);
    s.pinnedSha256 = m_certs.selfSigned.digest(QCryptographicHash::Sha256);
    SmtpClient client(s);
    QVERIFY(connected(client));
    QCOMPARE(client.peerCertificate(), m_certs.selfSigned);
}

void tst_SmtpClient::tlsFailuresAreClearAndFinal_data() {
    QTest::addColumn<int>("which"); // 0 expired, 1 wrong host, 2 no TLS at all
    QTest::addColumn<bool>("implicitTls");
    QTest::addColumn<QString>("seen");
    QTest::newRow("expired certificate, implicit TLS") << 0 << true << u"expired"_s;
    QTest::newRow("expired certificate, STARTTLS") << 0 << false << u"expired"_s;
    QTest::newRow("certificate for another host") << 1 << true << u"host name"_s;
    QTest::newRow("handshake failure (plain text on a TLS port)") << 2 << true << u"localhost"_s;
}

void tst_SmtpClient::tlsFailuresAreClearAndFinal() {
    // Each is a permanent failure of the connection with the reason in words, the certificate kept
    // for the user to inspect (and, if they decide so, trust), and nothing sent unencrypted.
    QFETCH(int, which);
    QFETCH(bool, implicitTls);
    QFETCH(QString, seen);
    const QString plain = u"S: 220 mx\nC: EHLO client.test\nS: 250-mx\nS: 250 STARTTLS\nC: STARTTLS"
                          "\nS: 220 2.0.0 Ready to start TLS\nSTARTTLS\nC: EHLO client.test\nS: 250 mx"_s;
    ScriptedSmtpServer server(script(which == 2    ? u"S: 220 mx plain text, not TLS\nWAIT"_s
                                     : implicitTls ? u"S: 220 mx\nC: EHLO .*\nS: 250 mx"_s
                                                   : plain));
    if (which != 2)
        server.setCertificate(which == 0 ? m_certs.expired : m_certs.wrongHost, m_certs.serverKey,
                              implicitTls);
    smtp::SmtpSettings s = settingsFor(server.listenLocal(),
                                       implicitTls ? smtp::Security::ImplicitTls : smtp::Security::StartTls);
    s.extraCaCertificates = {m_certs.ca};
    s.auth = smtp::AuthMethod::Plain;
    s.user = u"user"_s;
    s.secret = u"s3cr3t"_s;
    SmtpClient client(s);
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    QSignalSpy ready(&client, &SmtpClient::ready);
    client.connectToServer();
    QVERIFY(failed.wait());
    const auto r = failed.at(0).at(0).value<SmtpResult>();
    QVERIFY2(r.errorString.contains(seen, Qt::CaseInsensitive), qPrintable(r.errorString));
    QCOMPARE(ready.size(), 0);
    if (which != 2) {
        QCOMPARE(r.status, SmtpResult::Status::Permanent); // retrying will not change a certificate
        QCOMPARE(client.rejectedCertificate(), which == 0 ? m_certs.expired : m_certs.wrongHost);
    }
    for (const QByteArray &line : server.received())
        QVERIFY2(!line.startsWith("AUTH") && !line.contains("s3cr3t"), line.constData());
}

void tst_SmtpClient::connectionRefused() {
    QTcpServer probe; // a port that was free a moment ago, and nothing listens on it now
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    SmtpClient client(settingsFor(port));
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    client.connectToServer();
    QVERIFY(failed.wait());
    QCOMPARE(failed.size(), 1);
    const auto r = failed.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Transient); // the server may be back soon
    QVERIFY2(r.errorString.contains(u"refused"_s), qPrintable(r.errorString));
}

void tst_SmtpClient::authLoginAndFailure() {
    ScriptedSmtpServer ok(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 AUTH LOGIN\nC: AUTH LOGIN\nS: 334 VXNlcm5hbWU6"
               "\nC: dXNlcg==\nS: 334 UGFzc3dvcmQ6\nC: cGFzcw==\nS: 235 ok"_s));
    smtp::SmtpSettings s = settingsFor(ok.listenLocal());
    s.auth = smtp::AuthMethod::Login;
    s.allowPlaintextAuth = true;
    s.user = u"user"_s;
    s.secret = u"pass"_s;
    SmtpClient client(s);
    QVERIFY(connected(client));

    ScriptedSmtpServer bad(script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 AUTH PLAIN\nC: AUTH PLAIN .*"
                                  "\nS: 535 5.7.8 Authentication credentials invalid"_s));
    s.port = bad.listenLocal();
    s.auth = smtp::AuthMethod::Plain;
    SmtpClient refused(s);
    QSignalSpy failed(&refused, &SmtpClient::connectionFailed);
    refused.connectToServer();
    QVERIFY(failed.wait());
    const auto r = failed.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Permanent);
    QCOMPARE(r.reply.enhanced, QByteArray("5.7.8"));
}

void tst_SmtpClient::authRefusedWithoutEncryption() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 AUTH PLAIN\nC: AUTH.*"_s));
    smtp::SmtpSettings s = settingsFor(server.listenLocal());
    s.auth = smtp::AuthMethod::Plain;
    s.user = u"u"_s;
    s.secret = u"p"_s;
    SmtpClient client(s);
    QSignalSpy failed(&client, &SmtpClient::connectionFailed);
    client.connectToServer();
    QVERIFY(failed.wait());
    QVERIFY(failed.at(0).at(0).value<SmtpResult>().errorString.contains(u"without encryption"_s));
    QCOMPARE(server.received().size(), 1); // only EHLO: the password never left
}

void tst_SmtpClient::authXOAuth2() {
    // RFC 7628 / Google's XOAUTH2: the initial response; on an error challenge (334) an empty line.
    const QString initial = QString::fromLatin1(QByteArray("user=ann@example.com\x01"
                                                           "auth=Bearer ya29.token\x01\x01")
                                                    .toBase64());
    ScriptedSmtpServer ok(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 AUTH XOAUTH2 PLAIN\nC: AUTH XOAUTH2 "_s + initial +
               u"\nS: 235 2.7.0 Accepted"_s));
    smtp::SmtpSettings s = settingsFor(ok.listenLocal());
    s.auth = smtp::AuthMethod::XOAuth2;
    s.allowPlaintextAuth = true;
    s.user = u"ann@example.com"_s;
    s.secret = u"ya29.token"_s;
    SmtpClient client(s);
    QVERIFY(connected(client));
    QVERIFY2(ok.failure().isEmpty(), qPrintable(ok.failure()));

    ScriptedSmtpServer expired(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 AUTH XOAUTH2\nC: AUTH XOAUTH2 .*"
               "\nS: 334 eyJzdGF0dXMiOiI0MDEifQ==\nC: \nS: 535 5.7.8 Username and Password not accepted"_s));
    s.port = expired.listenLocal();
    SmtpClient refused(s);
    QSignalSpy failed(&refused, &SmtpClient::connectionFailed);
    refused.connectToServer();
    QVERIFY(failed.wait());
    QCOMPARE(failed.at(0).at(0).value<SmtpResult>().reply.code, 535);
    QVERIFY2(expired.failure().isEmpty(), qPrintable(expired.failure()));
}

void tst_SmtpClient::serviceClosing421MidSession() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250 mx\nC: MAIL .*\nS: 421 4.7.0 Too many connections\nCLOSE"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QSignalSpy closed(&client, &SmtpClient::closed);
    QVERIFY(connected(client));
    client.send(envelope(), "x");
    QVERIFY(finished.wait());
    const auto r = finished.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Transient);
    QCOMPARE(r.reply.code, 421);
    QTRY_COMPARE(closed.count(), 1);
    QCOMPARE(finished.count(), 1);
}

void tst_SmtpClient::serverNeverAnswers() {
    ScriptedSmtpServer server(script(u"S: 220 mx\nC: EHLO .*\nS: 250 mx\nC: MAIL .*\nWAIT"_s));
    smtp::SmtpSettings s = settingsFor(server.listenLocal());
    s.timeouts.command = 300;
    SmtpClient client(s);
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    client.send(envelope(), "x");
    QVERIFY(finished.wait());
    const auto r = finished.at(0).at(0).value<SmtpResult>();
    QCOMPARE(r.status, SmtpResult::Status::Transient);
    QVERIFY(r.connectionProblem);
    QVERIFY(r.errorString.contains(u"Timed out"_s));
}

void tst_SmtpClient::dropAfterFinalDotIsUnknown() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 PIPELINING\nC: MAIL .*\nC: RCPT .*\nC: DATA"
               "\nS: 250 ok\nS: 250 ok\nS: 354 go\nDATA\nCLOSE"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    client.send(envelope(), "Subject: z\r\n\r\nbody\r\n");
    QVERIFY(finished.wait());
    QCOMPARE(finished.at(0).at(0).value<SmtpResult>().status, SmtpResult::Status::Unknown);
    QCOMPARE(server.messages().size(), 1);
}

void tst_SmtpClient::recipientRefusedThenNextMessage() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\n"_s + kEhloFull +
               u"\nC: MAIL .*\nC: RCPT TO:<nobody@example.com>.*\nC: DATA\nS: 250 2.1.0 ok"
               "\nS: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown"
               "\nS: 554 5.5.1 Error: no valid recipients\nC: RSET\nS: 250 ok"
               "\nC: MAIL .*\nC: RCPT TO:<ann@example.com>.*\nC: DATA\nS: 250 ok\nS: 250 ok\nS: 354 go"
               "\nDATA\nS: 250 2.0.0 queued"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    // The next message is handed over from the slot that received the first result.
    connect(
        &client, &SmtpClient::messageFinished, &client,
        [&client](const SmtpResult &) {
            if (client.messagesSent() == 0)
                client.send(envelope(), "Subject: 2\r\n\r\nsecond\r\n");
        },
        Qt::SingleShotConnection);
    client.send(envelope(u"nobody@example.com"_s), "Subject: 1\r\n\r\nfirst\r\n");
    QTRY_COMPARE(finished.count(), 2);
    const auto first = finished.at(0).at(0).value<SmtpResult>();
    QCOMPARE(first.status, SmtpResult::Status::Permanent);
    QCOMPARE(first.reply.code, 550);
    QCOMPARE(first.reply.enhanced, QByteArray("5.1.1"));
    QVERIFY(!first.connectionProblem);
    QVERIFY(finished.at(1).at(0).value<SmtpResult>().ok());
    QTRY_VERIFY(server.scriptDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void tst_SmtpClient::messageTooLargeForServer() {
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 SIZE 1000\nC: QUIT\nS: 221 bye"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    client.send(envelope(), QByteArray(5000, 'x'));
    QCOMPARE(finished.count(), 1); // decided before anything is sent
    QCOMPARE(finished.at(0).at(0).value<SmtpResult>().status, SmtpResult::Status::Permanent);
    client.quit();
    QTRY_VERIFY(server.scriptDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void tst_SmtpClient::nextMessageGoesWithTheFinalDot() {
    // The server answers the first "." only once the next MAIL, RCPT and DATA have arrived: they
    // must come with the "." (RFC 2920), not after its reply.
    ScriptedSmtpServer server(script(
        u"S: 220 mx\nC: EHLO .*\n"_s + kEhloFull +
        u"\nC: MAIL .*\nC: RCPT TO:<ann@example.com>.*\nC: DATA\nS: 250 ok\nS: 250 ok\nS: 354 go"
        "\nDATA\nC: MAIL FROM:<bounce@example.com>.*\nC: RCPT TO:<bob@example.com>.*\nC: DATA"
        "\nS: 250 2.0.0 first queued\nS: 250 ok\nS: 250 ok\nS: 354 go\nDATA\nS: 250 2.0.0 second queued"
        "\nC: QUIT\nS: 221 bye"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    QVERIFY(!client.canSendNext()); // nothing held
    pipelineOnce(client, envelope(u"bob@example.com"_s), "Subject: 2\r\n\r\nsecond\r\n");
    client.send(envelope(), "Subject: 1\r\n\r\nfirst\r\n");
    QTRY_COMPARE(finished.count(), 2);
    const auto first = finished.at(0).at(0).value<SmtpResult>();
    const auto second = finished.at(1).at(0).value<SmtpResult>();
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(first.reply.text(), QByteArray("first queued"));
    QCOMPARE(second.reply.text(), QByteArray("second queued"));
    QCOMPARE(client.messagesSent(), 2);
    QVERIFY(client.isReady());
    client.quit();
    QTRY_VERIFY(server.scriptDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    QCOMPARE(server.messages().size(), 2);
    QVERIFY(server.messages().at(1).contains("second"));
}

void tst_SmtpClient::dropWithTheNextInFlight() {
    // Lost after the "." and the next envelope: the first may have arrived (unknown); the next
    // never had its data sent, and the fault is not counted against it again.
    ScriptedSmtpServer server(script(
        u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250 PIPELINING\nC: MAIL .*\nC: RCPT .*\nC: DATA"
        "\nS: 250 ok\nS: 250 ok\nS: 354 go\nDATA\nC: MAIL .*\nC: RCPT TO:<bob@example.com>\nC: DATA\nCLOSE"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QSignalSpy closed(&client, &SmtpClient::closed);
    QVERIFY(connected(client));
    pipelineOnce(client, envelope(u"bob@example.com"_s), "Subject: 2\r\n\r\nsecond\r\n");
    client.send(envelope(), "Subject: 1\r\n\r\nfirst\r\n");
    QVERIFY(closed.wait());
    QCOMPARE(finished.count(), 2); // exactly one each, in order
    const auto first = finished.at(0).at(0).value<SmtpResult>();
    const auto next = finished.at(1).at(0).value<SmtpResult>();
    QCOMPARE(first.status, SmtpResult::Status::Unknown);
    QVERIFY(!first.behindFailure);
    QCOMPARE(next.status, SmtpResult::Status::Transient);
    QVERIFY(next.connectionProblem && next.behindFailure);
    QCOMPARE(server.messages().size(), 1);
}

void tst_SmtpClient::nextRefusedBeforeItIsWritten() {
    // Too big for the server's SIZE: not written with the "."; it fails after the first is answered.
    ScriptedSmtpServer server(
        script(u"S: 220 mx\nC: EHLO .*\nS: 250-mx\nS: 250-PIPELINING\nS: 250 SIZE 1000\nC: MAIL .*"
               "\nC: RCPT .*\nC: DATA\nS: 250 ok\nS: 250 ok\nS: 354 go\nDATA\nS: 250 2.0.0 queued"
               "\nC: QUIT\nS: 221 bye"_s));
    SmtpClient client(settingsFor(server.listenLocal()));
    QSignalSpy finished(&client, &SmtpClient::messageFinished);
    QVERIFY(connected(client));
    pipelineOnce(client, envelope(u"bob@example.com"_s), QByteArray(5000, 'x'));
    client.send(envelope(), "Subject: 1\r\n\r\nfirst\r\n");
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY(finished.at(0).at(0).value<SmtpResult>().ok());
    const auto next = finished.at(1).at(0).value<SmtpResult>();
    QCOMPARE(next.status, SmtpResult::Status::Permanent);
    QVERIFY2(next.errorString.contains(u"larger"_s), qPrintable(next.errorString));
    QVERIFY(client.isReady());
    client.quit();
    QTRY_VERIFY(server.scriptDone());
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
}

void tst_SmtpClient::idnDomainsNeedNoSmtpUtf8() {
    // An IDN domain, in U-label or A-label form, goes out as A-labels and needs no SMTPUTF8; only a
    // UTF-8 local part does (RFC 6531 3.4).
    using hivepost::smtp::Envelope;
    const QSet<QByteArray> keywords{"DSN", "SIZE"};
    for (const QString &to : {u"test@xn--hxajbheg2az3al.xn--jxalpdlp"_s, u"test@παράδειγμα.δοκιμή"_s}) {
        const Envelope e{u"news@example.com"_s, {to}, QByteArray(), true};
        QCOMPARE(hivepost::smtp::smtpAddress(to), QByteArray("test@xn--hxajbheg2az3al.xn--jxalpdlp"));
        QVERIFY(!hivepost::smtp::mailParameters(keywords, 0, e, 100, false).contains("SMTPUTF8"));
        QCOMPARE(hivepost::smtp::rcptParameters(keywords, e, to),
                 QByteArray(" NOTIFY=FAILURE,DELAY ORCPT=rfc822;test@xn--hxajbheg2az3al.xn--jxalpdlp"));
    }
    const Envelope utf8{u"news@example.com"_s, {u"用户@例子.广告"_s}, QByteArray(), true};
    QVERIFY(hivepost::smtp::mailParameters(keywords, 0, utf8, 100, false).contains("SMTPUTF8"));
    // ORCPT of an internationalised address is of the utf-8 type, "+" "=" "\\" escaped (RFC 6533 3).
    QCOMPARE(hivepost::smtp::rcptParameters(keywords, utf8, u"用户+a=b@example.com"_s),
             u" NOTIFY=FAILURE,DELAY ORCPT=utf-8;用户\\x{2B}a\\x{3D}b@example.com"_s.toUtf8());
}

QTEST_GUILESS_MAIN(tst_SmtpClient)
#include "tst_SmtpClient.moc"
