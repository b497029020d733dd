// The fault matrix of the campaign engine (README "Reliability"): for each way an SMTP server can
// fail, a campaign of twelve recipients runs against it on 127.0.0.1 and the test checks, against the
// receiving servers' own record, that no recipient is lost or sent twice, that the ledger says what
// happened to each, and what the user is shown. Account faults run beside a healthy account (the
// campaign must finish there); replies to one message run on one account.

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

#include "EngineFixture.h"
#include "FakeSmtpServer.h"
#include "campaign/SendEngine.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using campaign::SendEngine;
using test::FakeSmtpServer;
using Fault = FakeSmtpServer::Fault;

Q_DECLARE_METATYPE(FakeSmtpServer::Fault)

class tst_FaultMatrix : public QObject, protected test::EngineFixture {
    Q_OBJECT

private Q_SLOTS:
    void init() { EngineFixture::init(); }
    void cleanup() { EngineFixture::cleanup(); }
    void accountFaultsFailOver_data();
    void accountFaultsFailOver();
    void repliesToAMessage_data();
    void repliesToAMessage();
    void serverClosingAfterEveryFewMessages();

private:
    struct Row {
        QString email;
        QString state;
        QString replyText;
    };
    QList<Row> ledger(qint64 campaignId);
    QStringList emails() const {
        QStringList out;
        for (int i = 0; i < 12; ++i)
            out << u"u%1@a.test"_s.arg(i);
        return out;
    }
};

QList<tst_FaultMatrix::Row> tst_FaultMatrix::ledger(qint64 campaignId) {
    QList<Row> out;
    QSqlQuery q(m_db->connection());
    q.prepare(u"SELECT email, state, reply_text FROM recipients WHERE campaign_id = ? ORDER BY id"_s);
    q.addBindValue(campaignId);
    q.exec();
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    return out;
}

void tst_FaultMatrix::accountFaultsFailOver_data() {
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<bool>("refused"); // nothing listens on the faulty account's port
    QTest::addColumn<int>("unknown");  // 0: none; 1: some (the data arrived, its reply did not); 2: maybe
    QTest::addColumn<QString>("seen"); // in the faulty account's last error

    QTest::newRow("connection refused") << Fault::None << true << 0 << u"refused"_s;
    QTest::newRow("421 at greeting") << Fault::Greeting421 << false << 0 << u"421"_s;
    QTest::newRow("421 after MAIL") << Fault::Mail421 << false << 0 << u"421"_s;
    QTest::newRow("421 mid-DATA") << Fault::Data421 << false << 2 << u"421"_s;
    QTest::newRow("dropped before the final dot") << Fault::DropInData << false << 2 << u"closed"_s;
    QTest::newRow("dropped after the final dot") << Fault::DropAfterDot << false << 1 << u"closed"_s;
    QTest::newRow("stalls at greeting") << Fault::StallAtGreeting << false << 0 << u"Timed out"_s;
    QTest::newRow("stalls after the final dot") << Fault::StallAtDot << false << 1 << u"Timed out"_s;
    QTest::newRow("554 at greeting (account paused)") << Fault::Greeting554 << false << 0 << u"554"_s;
    QTest::newRow("451 to MAIL") << Fault::Mail451 << false << 0 << u"sender verification"_s;
    QTest::newRow("550 to MAIL (account paused)")
        << Fault::Mail550 << false << 0 << u"Sender address rejected"_s;
}

void tst_FaultMatrix::accountFaultsFailOver() {
    QFETCH(Fault, fault);
    QFETCH(bool, refused);
    QFETCH(int, unknown);
    QFETCH(QString, seen);

    // First the faulty account alone: the campaign stops (paused, or only retries left) and the user
    // sees why. Then a healthy account is added and the campaign is started again: it finishes.
    makeDatabase(emails());
    FakeSmtpServer faulty, healthy;
    faulty.setFault(fault);
    quint16 faultyPort = faulty.listenLocal();
    if (refused)
        static_cast<QTcpServer &>(faulty).close(); // the port was free a moment ago; nothing listens now
    addAccount(u"Faulty"_s, faultyPort, 2);
    const qint64 id = createCampaign(u"C"_s);
    m_options.timeouts.connect = m_options.timeouts.greeting = m_options.timeouts.command = 300;
    m_options.timeouts.dataStart = m_options.timeouts.dataBlock = m_options.timeouts.dataEnd = 300;
    {
        SendEngine engine(*m_db, m_clock, m_options);
        QSignalSpy stopped(&engine, &SendEngine::stopped);
        QVERIFY(engine.start(u"C"_s).ok());
        QVERIFY(runUntilStopped(engine, stopped, 60'000, 1000)); // back-off passes in clock time
        const auto reason = stopped.constFirst().at(1).value<SendEngine::StopReason>();
        QVERIFY2(reason == SendEngine::StopReason::Paused || reason == SendEngine::StopReason::DeferredOnly,
                 qPrintable(stopped.constFirst().at(2).toString()));
        const campaign::CampaignProgress p = engine.progress(id);
        QCOMPARE(p.accounts.size(), 1);
        QVERIFY2(p.accounts.constFirst().lastError.contains(seen, Qt::CaseInsensitive),
                 qPrintable(p.accounts.constFirst().lastError));
        QCOMPARE(healthy.messages().size(), 0);
    }
    addAccount(u"Healthy"_s, healthy.listenLocal(), 1);
    {
        SendEngine engine(*m_db, m_clock, m_options);
        QSignalSpy stopped(&engine, &SendEngine::stopped);
        QVERIFY(engine.start(u"C"_s).ok());
        QVERIFY(runUntilStopped(engine, stopped, 60'000, 60'000)); // retries fall due in clock time
        QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(),
                 SendEngine::StopReason::Completed);
    }

    // Nobody lost, nobody twice. A recipient is sent (received exactly once, anywhere) or unknown:
    // the final "." went out and its reply never came, so it may have arrived (at most once) and is
    // not sent again. The faulty server kept only messages the ledger calls unknown.
    const QHash<QString, int> atFaulty = faulty.deliveries();
    const QHash<QString, int> atHealthy = healthy.deliveries();
    int unknowns = 0;
    for (const Row &r : ledger(id)) {
        const int received = atFaulty.value(r.email) + atHealthy.value(r.email);
        const QString what =
            r.email + u" received %1 times, "_s.arg(received) + r.state + u": "_s + r.replyText;
        if (r.state == u"unknown"_s) {
            ++unknowns;
            QVERIFY2(received <= 1 && atHealthy.value(r.email) == 0, qPrintable(what));
        } else {
            QVERIFY2(r.state == u"sent"_s && received == 1 && atFaulty.value(r.email) == 0, qPrintable(what));
        }
    }
    if (unknown == 0)
        QCOMPARE(unknowns, 0);
    if (unknown == 1)
        QVERIFY(unknowns >= 1); // the fault happened, and the ledger says so
}

void tst_FaultMatrix::repliesToAMessage_data() {
    QTest::addColumn<Fault>("fault");
    QTest::addColumn<QString>("state"); // of every recipient
    QTest::addColumn<QString>("seen");  // in each recipient's reply text

    QTest::newRow("452 mailbox full at RCPT") << Fault::Rcpt452Quota << u"deferred"_s << u"Mailbox full"_s;
    QTest::newRow("552 quota at RCPT") << Fault::Rcpt552Quota << u"failed"_s << u"quota exceeded"_s;
    QTest::newRow("451 to DATA") << Fault::DataCmd451 << u"deferred"_s << u"out of resources"_s;
    QTest::newRow("554 to DATA") << Fault::DataCmd554 << u"failed"_s << u"transaction refused"_s;
    QTest::newRow("451 to the final dot") << Fault::Dot451 << u"deferred"_s << u"queue file write error"_s;
    QTest::newRow("554 to the final dot") << Fault::Dot554 << u"failed"_s << u"content rejected"_s;
}

void tst_FaultMatrix::repliesToAMessage() {
    QFETCH(Fault, fault);
    QFETCH(QString, state);
    QFETCH(QString, seen);

    makeDatabase(emails());
    FakeSmtpServer server;
    server.setFault(fault);
    addAccount(u"A"_s, server.listenLocal(), 2);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped));
    // Deferred recipients wait for their retry (the campaign stops with only them left); refused
    // ones are final. Either way the server kept nothing and the ledger has the server's words.
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(),
             state == u"deferred"_s ? SendEngine::StopReason::DeferredOnly
                                    : SendEngine::StopReason::Completed);
    QCOMPARE(server.messages().size(), 0);
    const QList<Row> rows = ledger(id);
    QCOMPARE(rows.size(), 12);
    for (const Row &r : rows) {
        QCOMPARE(r.state, state);
        QVERIFY2(r.replyText.contains(seen, Qt::CaseInsensitive), qPrintable(r.replyText));
    }
}

void tst_FaultMatrix::serverClosingAfterEveryFewMessages() {
    // A server that accepts three messages per connection, then says 421 and closes: the engine opens
    // new connections and goes on, and every recipient arrives exactly once.
    makeDatabase(emails());
    FakeSmtpServer server;
    server.setFault(Fault::CloseAfterN, 3);
    addAccount(u"A"_s, server.listenLocal(), 2);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped, 30'000, 1000));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    for (const Row &r : ledger(id)) {
        QCOMPARE(r.state, u"sent"_s);
        QCOMPARE(server.deliveries().value(r.email), 1);
    }
    QVERIFY(server.connectionsSeen() >= 4);
}

QTEST_GUILESS_MAIN(tst_FaultMatrix)
#include "tst_FaultMatrix.moc"
