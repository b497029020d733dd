// Bounce mailboxes against a real Dovecot (dovecot-imapd) started by the test on 127.0.0.1 from a
// private configuration, with a test CA: IMAPS and STARTTLS, the certificate rules (untrusted refused,
// a pinned one accepted), refused logins, no password over a plain connection, and a poll that logs
// and acts on bounces and complaints, moves them, leaves other mail alone, and reads nothing twice.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "ScriptedSmtpServer.h"
#include "TestSupport.h"
#include "mailbox/ImapFetcher.h"
#include "mailbox/MailboxPoller.h"
#include "storage/BounceStore.h"
#include "storage/Database.h"
#include "storage/MailboxStore.h"
#include "storage/SuppressionStore.h"

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

quint16 freePort() {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool run(const QString &program, const QStringList &args) {
    QProcess p;
    p.start(program, args);
    return p.waitForFinished(30000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// One scripted IMAP session on a plain connection (ScriptedSmtpServer speaks any line protocol): the
// login and the folder, then the given steps. Messages go out as literals of their exact size.
QStringList imapSession(const QStringList &steps) {
    QStringList script{u"S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR MOVE] ready"_s,
                       u"C: H1 AUTHENTICATE PLAIN \\S+"_s, u"S: H1 OK logged in"_s,
                       u"C: H2 SELECT \"INBOX\""_s,
                       u"S: * OK [UIDVALIDITY 7] UIDs valid\\r\\nH2 OK [READ-WRITE] selected"_s};
    return script + steps;
}

QString literal(const QByteArray &message, qsizetype announced = -1) {
    return u"{%1}\\r\\n"_s.arg(announced < 0 ? message.size() : announced) +
           QString::fromLatin1(message).replace(u"\r\n"_s, u"\\r\\n"_s);
}

// Points a mailbox at another server (each scripted server has a port of its own).
bool setPort(storage::Database &db, const QString &mailbox, quint16 port) {
    QSqlQuery q(db.connection());
    q.prepare(u"UPDATE mailboxes SET port = ? WHERE name = ?"_s);
    q.addBindValue(port);
    q.addBindValue(mailbox);
    return q.exec();
}

QByteArray crlf(QByteArray text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
}

} // namespace

class tst_Mailbox : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void pollLogsActsMovesAndReadsNothingTwice();
    void startTlsAndCertificateRules();
    void refusedLoginAndNoPasswordInTheClear();
    void pop3ReadsEachMessageOnce();
    void testCountsAndTouchesNothing();
    void imapDropMidFetchAndOverlongLiteral();
    void mailboxChangingWhilePolled();
    void pop3DropMidMessage();

private:
    Result<mailbox::PollReport> poll(storage::Database &db, const QString &name) {
        mailbox::MailboxPoller poller(db);
        QSignalSpy done(&poller, &mailbox::MailboxPoller::finished);
        poller.poll(name);
        if (!done.wait(30000))
            return makeError(ErrorCode::Io, u"no answer"_s);
        return done.at(0).at(0).value<Result<mailbox::PollReport>>();
    }
    Result<int> testMailbox(storage::Database &db, const QString &name) {
        mailbox::MailboxPoller poller(db);
        QSignalSpy done(&poller, &mailbox::MailboxPoller::tested);
        poller.test(name);
        if (!done.wait(30000))
            return makeError(ErrorCode::Io, u"no answer"_s);
        return done.at(0).at(0).value<Result<int>>();
    }
    void deliver(const QString &file, const QByteArray &message) {
        QVERIFY(test::writeFile(m_maildir + u"/new/"_s + file, message));
        if (::geteuid() == 0)
            QVERIFY(run(u"chown"_s, {u"-R"_s, u"nobody:nogroup"_s, m_dir.filePath(u"home"_s)}));
    }
    QStringList inFolder(const QString &sub) {
        QStringList names;
        for (const char *d : {"/new", "/cur"})
            names += QDir(m_maildir + sub + QString::fromLatin1(d)).entryList(QDir::Files);
        return names;
    }
    std::unique_ptr<storage::Database> newDatabase(const QString &file) {
        auto db = storage::Database::open(m_dir.filePath(file));
        return db ? std::move(db).value() : nullptr;
    }
    storage::MailboxConfig config(const QString &name, quint16 port, const QString &security) {
        storage::MailboxConfig m;
        m.name = name;
        m.host = u"localhost"_s;
        m.port = port;
        m.security = security;
        m.user = u"bob"_s;
        m.secretRef = u"env:HIVEPOST_TEST_MAILBOX_PASSWORD"_s;
        m.caFile = m_dir.filePath(u"ca.pem"_s);
        m.moveTo = u"Processed"_s;
        return m;
    }

    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
    QProcess m_dovecot;
    QString m_maildir;
    quint16 m_imap = 0;  // STARTTLS
    quint16 m_imaps = 0; // implicit TLS
    quint16 m_pop3 = 0;  // STLS
    quint16 m_pop3s = 0; // implicit TLS
};

void tst_Mailbox::initTestCase() {
    QVERIFY2(QFile::exists(u"/usr/sbin/dovecot"_s),
             "Dovecot is not installed (packaging/deps-debian.sh test installs dovecot-imapd)");
    // Dovecot started as root drops to other users: they must reach the directory.
    QVERIFY(QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ExeOwner | QFileDevice::ReadOther |
                                                    QFileDevice::ExeOther | QFileDevice::ReadGroup |
                                                    QFileDevice::ExeGroup));
    QVERIFY(test::makeTestCertificates(m_dir.path(), &m_certs));
    for (const char *f : {"server.key", "server.pem", "ca.pem"})
        QVERIFY(QFile::setPermissions(m_dir.filePath(QString::fromLatin1(f)),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ReadOther | QFileDevice::ReadGroup));
    const bool root = ::geteuid() == 0;
    const QString user = qEnvironmentVariable("USER", u"root"_s);
    QVERIFY(test::writeFile(m_dir.filePath(u"passwd"_s),
                            "bob:{PLAIN}s3cret-pw\ncarl:{PLAIN}s3cret-pw\ndora:{PLAIN}s3cret-pw\n"));
    m_maildir = m_dir.filePath(u"home/bob/Maildir"_s);
    for (const char *d : {"/new", "/cur", "/tmp"}) {
        QVERIFY(QDir().mkpath(m_maildir + QString::fromLatin1(d)));
        QVERIFY(QDir().mkpath(m_dir.filePath(u"home/carl/Maildir"_s) + QString::fromLatin1(d)));
        QVERIFY(QDir().mkpath(m_dir.filePath(u"home/dora/Maildir"_s) + QString::fromLatin1(d)));
    }
    if (root)
        QVERIFY(run(u"chown"_s, {u"-R"_s, u"nobody:nogroup"_s, m_dir.filePath(u"home"_s)}));
    for (const char *d : {"run", "state"})
        QVERIFY(QDir().mkpath(m_dir.filePath(QString::fromLatin1(d))));
    m_imap = freePort();
    m_imaps = freePort();
    m_pop3 = freePort();
    m_pop3s = freePort();
    QVERIFY(m_imap && m_imaps && m_pop3 && m_pop3s &&
            QSet<quint16>({m_imap, m_imaps, m_pop3, m_pop3s}).size() == 4);
    const QString d = m_dir.path();
    QString conf = u"base_dir = %1/run\nstate_dir = %1/state\nlog_path = %1/log\nprotocols = imap pop3\n"
                   "listen = 127.0.0.1\nssl = yes\nssl_cert = <%1/server.pem\nssl_key = <%1/server.key\n"
                   "disable_plaintext_auth = yes\nauth_mechanisms = plain login\n"
                   "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u %1/passwd\n}\n"
                   "mail_location = maildir:~/Maildir\nfirst_valid_uid = 1\n"
                   "service imap-login {\n  chroot =\n  inet_listener imap {\n    port = %2\n  }\n"
                   "  inet_listener imaps {\n    port = %3\n    ssl = yes\n  }\n}\n"
                   "service anvil {\n  chroot =\n}\n"
                   "service pop3-login {\n  chroot =\n  inet_listener pop3 {\n    port = %4\n  }\n"
                   "  inet_listener pop3s {\n    port = %5\n    ssl = yes\n  }\n}\n"_s.arg(d)
                       .arg(m_imap)
                       .arg(m_imaps)
                       .arg(m_pop3)
                       .arg(m_pop3s);
    conf.replace(u"username_format=%u %1"_s, u"username_format=%u "_s + d); // %u is Dovecot's
    if (root) {
        conf += u"userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=%1/home/%u\n}\n"_s.arg(d);
    } else {
        conf += u"default_internal_user = %1\ndefault_login_user = %1\n"_s.arg(user);
        conf += u"userdb {\n  driver = static\n  args = uid=%1 gid=%2 home=%3/home/%u\n}\n"_s.arg(::getuid())
                    .arg(::getgid())
                    .arg(d);
    }
    QVERIFY(test::writeFile(m_dir.filePath(u"dovecot.conf"_s), conf.toUtf8()));
    m_dovecot.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_dovecot.start(u"/usr/sbin/dovecot"_s, {u"-F"_s, u"-c"_s, m_dir.filePath(u"dovecot.conf"_s)});
    QVERIFY(m_dovecot.waitForStarted());
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, m_imaps);
        up = s.waitForConnected(200);
        if (!up)
            QTest::qWait(100);
    }
    QVERIFY2(up, qPrintable(QString::fromUtf8(test::readAll(m_dir.filePath(u"log"_s)))));
    qputenv("HIVEPOST_TEST_MAILBOX_PASSWORD", "s3cret-pw");
}

void tst_Mailbox::cleanupTestCase() {
    m_dovecot.terminate();
    if (!m_dovecot.waitForFinished(10000))
        m_dovecot.kill();
}

void tst_Mailbox::pollLogsActsMovesAndReadsNothingTwice() {
    auto db = newDatabase(u"poll.db"_s);
    QVERIFY(db);
    QVERIFY(storage::MailboxStore(*db).add(config(u"Bounces"_s, m_imaps, u"tls"_s)).ok());
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    deliver(u"1.test"_s, test::readAll(corpus + u"lhost-qmail-01.eml"_s)); // hard bounce
    deliver(u"2.test"_s, test::readAll(corpus + u"arf-01.eml"_s));         // complaint
    deliver(u"3.test"_s, "From: erin@example.net\nTo: news@example.com\nSubject: a question\n\nHello?\n");

    auto first = poll(*db, u"Bounces"_s);
    QVERIFY2(first.ok(), qPrintable(first.errorString()));
    QCOMPARE(first->summary.messages, 3);
    QCOMPARE(first->summary.bounces, 1);
    QCOMPARE(first->summary.complaints, 1);
    QCOMPARE(first->summary.other, 1);
    QCOMPARE(first->moved, 2);
    QVERIFY(storage::SuppressionStore(*db).snapshot().value().contains(u"kijitora@example.ne.jp"_s));
    const auto log = storage::BounceStore(*db).list({}).value();
    QCOMPARE(log.size(), 2);
    QVERIFY(log[0].evidence.contains(u"mailbox Bounces, UID"_s));
    // The question stays in the inbox, unread; the bounce and the complaint went to Processed.
    const QStringList inbox = inFolder({});
    QCOMPARE(inbox.size(), 1);
    QVERIFY2(inbox.constFirst().startsWith(u"3.test"_s) && !inbox.constFirst().contains(u"S"_s),
             qPrintable(inbox.join(u", "_s)));
    QCOMPARE(inFolder(u"/.Processed"_s).size(), 2);

    auto second = poll(*db, u"Bounces"_s);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QCOMPARE(second->summary.messages, 0); // the question is not read again
    deliver(u"4.test"_s, test::readAll(corpus + u"lhost-postfix-13.eml"_s));
    auto third = poll(*db, u"Bounces"_s);
    QCOMPARE(third->summary.messages, 1);
    QCOMPARE(third->summary.bounces, 2); // one e-mail, two recipients
    const storage::MailboxConfig saved = storage::MailboxStore(*db).byName(u"Bounces"_s).value();
    QVERIFY(saved.uidValidity != 0);
    QCOMPARE(saved.lastUid, quint32(4));
    QVERIFY(saved.lastPollAt > 0);
}

void tst_Mailbox::startTlsAndCertificateRules() {
    auto db = newDatabase(u"tls.db"_s);
    QVERIFY(db);
    storage::MailboxConfig starttls = config(u"StartTls"_s, m_imap, u"starttls"_s);
    starttls.moveTo.clear();
    QVERIFY(storage::MailboxStore(*db).add(starttls).ok());
    auto ok = poll(*db, u"StartTls"_s);
    QVERIFY2(ok.ok(), qPrintable(ok.errorString()));

    storage::MailboxConfig untrusted = config(u"Untrusted"_s, m_imaps, u"tls"_s);
    untrusted.caFile.clear();
    QVERIFY(storage::MailboxStore(*db).add(untrusted).ok());
    auto refused = poll(*db, u"Untrusted"_s);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorString().contains(u"not trusted"_s), qPrintable(refused.errorString()));

    storage::MailboxConfig pinned = untrusted;
    pinned.name = u"Pinned"_s;
    pinned.pinnedSha256 = QString::fromLatin1(m_certs.server.digest(QCryptographicHash::Sha256).toHex());
    QVERIFY(storage::MailboxStore(*db).add(pinned).ok());
    auto trusted = poll(*db, u"Pinned"_s);
    QVERIFY2(trusted.ok(), qPrintable(trusted.errorString()));
}

void tst_Mailbox::refusedLoginAndNoPasswordInTheClear() {
    auto db = newDatabase(u"auth.db"_s);
    QVERIFY(db);
    storage::MailboxConfig wrong = config(u"Wrong"_s, m_imaps, u"tls"_s);
    wrong.secretRef = u"env:HIVEPOST_TEST_WRONG_PASSWORD"_s;
    qputenv("HIVEPOST_TEST_WRONG_PASSWORD", "not-it");
    QVERIFY(storage::MailboxStore(*db).add(wrong).ok());
    auto refused = poll(*db, u"Wrong"_s);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorString().contains(u"refused the login"_s), qPrintable(refused.errorString()));

    QVERIFY(storage::MailboxStore(*db).add(config(u"Plain"_s, m_imap, u"none"_s)).ok());
    auto plain = poll(*db, u"Plain"_s);
    QVERIFY(!plain.ok());
    QVERIFY2(plain.errorString().contains(u"not encrypted"_s), qPrintable(plain.errorString()));
    QVERIFY(!test::readAll(m_dir.filePath(u"log"_s)).contains("s3cret-pw"));
}

void tst_Mailbox::pop3ReadsEachMessageOnce() {
    auto db = newDatabase(u"pop3.db"_s);
    QVERIFY(db);
    storage::MailboxConfig pop3s = config(u"Pop3s"_s, m_pop3s, u"tls"_s);
    pop3s.protocol = u"pop3"_s;
    pop3s.user = u"carl"_s;
    pop3s.moveTo.clear();
    QVERIFY(storage::MailboxStore(*db).add(pop3s).ok());
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    const QString carl = m_dir.filePath(u"home/carl/Maildir/new/"_s);
    QVERIFY(test::writeFile(carl + u"1.test"_s, test::readAll(corpus + u"lhost-exim-01.eml"_s)));
    QVERIFY(test::writeFile(carl + u"2.test"_s,
                            "From: erin@example.net\nTo: b@example.com\nSubject: hi\n\n.hi\n"));
    if (::geteuid() == 0)
        QVERIFY(run(u"chown"_s, {u"-R"_s, u"nobody:nogroup"_s, m_dir.filePath(u"home"_s)}));
    auto first = poll(*db, u"Pop3s"_s);
    QVERIFY2(first.ok(), qPrintable(first.errorString()));
    QCOMPARE(first->summary.messages, 2);
    QCOMPARE(first->summary.bounces, 1);
    QCOMPARE(first->summary.other, 1);
    auto second = poll(*db, u"Pop3s"_s);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QCOMPARE(second->summary.messages, 0); // by UIDL, nothing twice
    QCOMPARE(QDir(carl).entryList(QDir::Files).size() +
                 QDir(m_dir.filePath(u"home/carl/Maildir/cur"_s)).entryList(QDir::Files).size(),
             2); // nothing deleted

    storage::MailboxConfig stls = pop3s;
    stls.name = u"Stls"_s;
    stls.port = m_pop3;
    stls.security = u"starttls"_s;
    QVERIFY(storage::MailboxStore(*db).add(stls).ok());
    auto viaStls = poll(*db, u"Stls"_s);
    QVERIFY2(viaStls.ok(), qPrintable(viaStls.errorString()));
    QCOMPARE(viaStls->summary.messages, 2); // a mailbox of its own: it has seen nothing yet
}

void tst_Mailbox::testCountsAndTouchesNothing() {
    // "Test" logs in and counts what a poll would read; it reads, moves and records nothing.
    auto db = newDatabase(u"probe.db"_s);
    QVERIFY(db);
    QVERIFY(storage::MailboxStore(*db).add(config(u"Probe"_s, m_imaps, u"tls"_s)).ok());
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    deliver(u"p1.test"_s, test::readAll(corpus + u"lhost-postfix-13.eml"_s));
    deliver(u"p2.test"_s, "From: ann@example.net\nTo: news@example.com\nSubject: hello\n\nHi\n");
    const QStringList inboxBefore = inFolder({});
    const QStringList processedBefore = inFolder(u"/.Processed"_s);
    auto counted = testMailbox(*db, u"Probe"_s);
    QVERIFY2(counted.ok(), qPrintable(counted.errorString()));
    QVERIFY(counted.value() >= 2);
    QCOMPARE(inFolder(u"/.Processed"_s), processedBefore);
    QCOMPARE(inFolder({}).size(), inboxBefore.size());
    const storage::MailboxConfig untouched = storage::MailboxStore(*db).byName(u"Probe"_s).value();
    QCOMPARE(untouched.lastUid, quint32(0));
    QCOMPARE(untouched.lastPollAt, qint64(0));
    QVERIFY(storage::BounceStore(*db).list({}).value().isEmpty());
    auto polled = poll(*db, u"Probe"_s);
    QVERIFY2(polled.ok(), qPrintable(polled.errorString()));
    QCOMPARE(polled->summary.messages, counted.value()); // the poll reads what the test counted

    storage::MailboxConfig pop3 = config(u"ProbePop3"_s, m_pop3s, u"tls"_s);
    pop3.protocol = u"pop3"_s;
    pop3.user = u"carl"_s;
    pop3.moveTo.clear();
    QVERIFY(storage::MailboxStore(*db).add(pop3).ok());
    auto pop3Count = testMailbox(*db, u"ProbePop3"_s);
    QVERIFY2(pop3Count.ok(), qPrintable(pop3Count.errorString()));
    auto pop3Poll = poll(*db, u"ProbePop3"_s);
    QVERIFY2(pop3Poll.ok(), qPrintable(pop3Poll.errorString()));
    QCOMPARE(pop3Poll->summary.messages, pop3Count.value());
    QCOMPARE(testMailbox(*db, u"ProbePop3"_s).value(), 0); // all read now

    storage::MailboxConfig wrong = config(u"ProbeWrong"_s, m_imaps, u"tls"_s);
    wrong.secretRef = u"env:HIVEPOST_TEST_WRONG_PASSWORD"_s;
    qputenv("HIVEPOST_TEST_WRONG_PASSWORD", "not-it");
    QVERIFY(storage::MailboxStore(*db).add(wrong).ok());
    auto refused = testMailbox(*db, u"ProbeWrong"_s);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorString().contains(u"refused the login"_s), qPrintable(refused.errorString()));
}

QTEST_GUILESS_MAIN(tst_Mailbox)
void tst_Mailbox::imapDropMidFetchAndOverlongLiteral() {
    // A server that drops the connection in the middle of a message, then one that sends a message
    // longer than it announced: each poll fails with the reason, keeps what it finished, uses nothing
    // of the broken message, and the next poll reads it once.
    auto db = newDatabase(u"imap-faults.db"_s);
    QVERIFY(db);
    storage::MailboxConfig c = config(u"Faults"_s, 1, u"none"_s);
    c.allowPlaintextAuth = true;
    QVERIFY(storage::MailboxStore(*db).add(c).ok());
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    const QByteArray one = crlf(test::readAll(corpus + u"lhost-qmail-01.eml"_s));   // one record
    const QByteArray two = crlf(test::readAll(corpus + u"lhost-postfix-13.eml"_s)); // two records
    const auto usePort = [&db](quint16 port) {
        return setPort(*db, u"Faults"_s, port);
    };
    const auto logged = [&db] {
        return storage::BounceStore(*db).list({}).value().size();
    };

    test::ScriptedSmtpServer dropping(
        imapSession({u"C: H3 UID SEARCH UID 1:\\*"_s, u"S: * SEARCH 1 2\\r\\nH3 OK done"_s,
                     u"C: H4 UID FETCH 1 \\(UID BODY.PEEK\\[\\]\\)"_s,
                     u"S: * 1 FETCH (UID 1 BODY[] "_s + literal(one) + u")\\r\\nH4 OK done"_s,
                     u"C: H5 UID MOVE 1 \"Processed\""_s, u"S: H5 OK moved"_s,
                     u"C: H6 UID FETCH 2 \\(UID BODY.PEEK\\[\\]\\)"_s,
                     u"S: * 2 FETCH (UID 2 BODY[] "_s + literal(two).left(600), u"CLOSE"_s}));
    QVERIFY(usePort(dropping.listenLocal()));
    auto first = poll(*db, u"Faults"_s);
    QVERIFY(!first.ok());
    QVERIFY2(first.errorString().contains(u"closed the connection"_s), qPrintable(first.errorString()));
    QVERIFY2(dropping.failure().isEmpty(), qPrintable(dropping.failure()));
    QCOMPARE(logged(), 1); // the first message, finished before the drop
    QCOMPARE(storage::MailboxStore(*db).byName(u"Faults"_s)->lastUid, quint32(1));

    test::ScriptedSmtpServer overlong(imapSession(
        {u"C: H3 UID SEARCH UID 2:\\*"_s, u"S: * SEARCH 2\\r\\nH3 OK done"_s,
         u"C: H4 UID FETCH 2 \\(UID BODY.PEEK\\[\\]\\)"_s,
         u"S: * 2 FETCH (UID 2 BODY[] "_s + literal(two, 400) + u")\\r\\nH4 OK done"_s, u"WAIT"_s}));
    QVERIFY(usePort(overlong.listenLocal()));
    auto second = poll(*db, u"Faults"_s);
    QVERIFY(!second.ok());
    QVERIFY2(second.errorString().contains(u"longer than it announced"_s), qPrintable(second.errorString()));
    QCOMPARE(logged(), 1); // nothing of the cut message was used
    QCOMPARE(storage::MailboxStore(*db).byName(u"Faults"_s)->lastUid, quint32(1));

    test::ScriptedSmtpServer good(
        imapSession({u"C: H3 UID SEARCH UID 2:\\*"_s, u"S: * SEARCH 2\\r\\nH3 OK done"_s,
                     u"C: H4 UID FETCH 2 \\(UID BODY.PEEK\\[\\]\\)"_s,
                     u"S: * 2 FETCH (UID 2 BODY[] "_s + literal(two) + u")\\r\\nH4 OK done"_s,
                     u"C: H5 UID MOVE 2 \"Processed\""_s, u"S: H5 OK moved"_s, u"C: H6 LOGOUT"_s,
                     u"S: * BYE\\r\\nH6 OK bye"_s}));
    QVERIFY(usePort(good.listenLocal()));
    auto third = poll(*db, u"Faults"_s);
    QVERIFY2(third.ok(), qPrintable(third.errorString()));
    QVERIFY2(good.scriptDone() && good.failure().isEmpty(), qPrintable(good.failure()));
    QCOMPARE(third->summary.bounces, 2);
    QCOMPARE(logged(), 3); // each message once
    QCOMPARE(storage::MailboxStore(*db).byName(u"Faults"_s)->lastUid, quint32(2));
}

void tst_Mailbox::mailboxChangingWhilePolled() {
    // Real Dovecot. While the first message is handled, another client removes the second and a new one
    // arrives: the session ends well, the removed one is skipped, and the next session reads the new one.
    auto db = newDatabase(u"changing.db"_s);
    QVERIFY(db);
    storage::MailboxConfig c = config(u"Changing"_s, m_imaps, u"tls"_s);
    c.user = u"dora"_s; // a mailbox of its own
    QVERIFY(storage::MailboxStore(*db).add(c).ok());
    auto settings = mailbox::MailboxPoller(*db).settingsFor(c);
    QVERIFY2(settings.ok(), qPrintable(settings.errorString()));
    mailbox::MailboxSettings s = settings.value();
    s.moveTo.clear();
    const QString maildir = m_dir.filePath(u"home/dora/Maildir"_s);
    const auto put = [&](const QString &name, const QByteArray &subject) {
        QVERIFY(test::writeFile(maildir + u"/new/"_s + name,
                                "From: a@example.com\nSubject: " + subject + "\n\nHi\n"));
        if (::geteuid() == 0)
            QVERIFY(run(u"chown"_s, {u"-R"_s, u"nobody:nogroup"_s, m_dir.filePath(u"home/dora"_s)}));
    };
    put(u"a.test"_s, "first");
    put(u"b.test"_s, "second");
    QStringList subjects;
    bool changed = false;
    const auto handle = [&](quint32, const QByteArray &message) {
        subjects << QString::fromLatin1(message.mid(message.indexOf("Subject: ") + 9).split('\r').first());
        if (!std::exchange(changed, true)) {
            for (const char *d : {"/new", "/cur"})
                for (const QString &f : QDir(maildir + QString::fromLatin1(d)).entryList({u"b.test*"_s}))
                    QFile::remove(maildir + QString::fromLatin1(d) + u'/' + f);
            put(u"c.test"_s, "third");
        }
        return false;
    };
    mailbox::ImapFetcher first(s, 0, 0, handle);
    QSignalSpy done(&first, &mailbox::ImapFetcher::finished);
    first.start();
    QVERIFY(done.wait(30000));
    const auto outcome = done.at(0).at(0).value<Result<mailbox::FetchOutcome>>();
    QVERIFY2(outcome.ok(), qPrintable(outcome.errorString()));
    QVERIFY2(subjects == QStringList{u"first"_s},
             qPrintable(subjects.join(u"|"_s))); // the removed one was skipped, not read as empty
    mailbox::ImapFetcher second(s, outcome->uidValidity, outcome->lastUid, handle);
    QSignalSpy done2(&second, &mailbox::ImapFetcher::finished);
    second.start();
    QVERIFY(done2.wait(30000));
    QVERIFY(done2.at(0).at(0).value<Result<mailbox::FetchOutcome>>().ok());
    QCOMPARE(subjects, (QStringList{u"first"_s, u"third"_s}));
}

void tst_Mailbox::pop3DropMidMessage() {
    // POP3: the connection drops in the middle of the second message. The first stays handled (and
    // is not read again); the second is read whole, once, by the next poll.
    auto db = newDatabase(u"pop3-faults.db"_s);
    QVERIFY(db);
    storage::MailboxConfig c = config(u"Pop"_s, 1, u"none"_s);
    c.protocol = u"pop3"_s;
    c.allowPlaintextAuth = true;
    c.moveTo.clear();
    QVERIFY(storage::MailboxStore(*db).add(c).ok());
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    const auto stuffed = [](const QByteArray &m) {
        return QString::fromLatin1(QByteArray(m).replace("\r\n.", "\r\n..")).replace(u"\r\n"_s, u"\\r\\n"_s);
    };
    const QString one = stuffed(crlf(test::readAll(corpus + u"lhost-qmail-01.eml"_s)));
    const QString two = stuffed(crlf(test::readAll(corpus + u"lhost-postfix-13.eml"_s)));
    const QStringList login{u"S: +OK ready"_s,
                            u"C: CAPA"_s,
                            u"S: +OK\\r\\nSASL PLAIN\\r\\nUIDL\\r\\n."_s,
                            u"C: AUTH PLAIN \\S+"_s,
                            u"S: +OK logged in"_s,
                            u"C: UIDL"_s,
                            u"S: +OK\\r\\n1 u-one\\r\\n2 u-two\\r\\n."_s};
    const auto usePort = [&db](quint16 port) {
        return setPort(*db, u"Pop"_s, port);
    };
    const auto logged = [&db] {
        return storage::BounceStore(*db).list({}).value().size();
    };

    test::ScriptedSmtpServer dropping(login + QStringList{u"C: RETR 1"_s, u"S: +OK\\r\\n"_s + one + u"."_s,
                                                          u"C: RETR 2"_s, u"S: +OK\\r\\n"_s + two.left(500),
                                                          u"CLOSE"_s});
    QVERIFY(usePort(dropping.listenLocal()));
    auto first = poll(*db, u"Pop"_s);
    QVERIFY(!first.ok());
    QVERIFY2(first.errorString().contains(u"closed the connection"_s), qPrintable(first.errorString()));
    QCOMPARE(logged(), 1);

    test::ScriptedSmtpServer good(login + QStringList{u"C: RETR 2"_s, u"S: +OK\\r\\n"_s + two + u"."_s,
                                                      u"C: QUIT"_s, u"S: +OK bye"_s, u"CLOSE"_s});
    QVERIFY(usePort(good.listenLocal()));
    auto second = poll(*db, u"Pop"_s);
    QVERIFY2(second.ok(), qPrintable(second.errorString()));
    QVERIFY2(good.scriptDone() && good.failure().isEmpty(), qPrintable(good.failure()));
    QCOMPARE(logged(), 3); // each message once
}

#include "tst_Mailbox.moc"
