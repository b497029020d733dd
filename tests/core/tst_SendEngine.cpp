// The campaign engine against in-process SMTP servers (FakeSmtpServer) that produce the faults a
// real server will not produce on demand, on a real SQLite file, with a ManualClock so that
// minutes, hours and a day of throttling and retries run in milliseconds.

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "EngineFixture.h"
#include "FakeSmtpServer.h"
#include "TestSupport.h"
#include "campaign/SendEngine.h"
#include "campaign/Verp.h"
#include "import/ContactImporter.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using campaign::SendEngine;
using test::FakeSmtpServer;

namespace {
constexpr qint64 Minute = 60'000;
constexpr qint64 Hour = 60 * Minute;
} // namespace

class tst_SendEngine : public QObject, protected test::EngineFixture {
    Q_OBJECT

private Q_SLOTS:
    void init() { EngineFixture::init(); }
    void cleanup() { EngineFixture::cleanup(); }
    void sendsEachRecipientOnceAcrossWeightedAccounts();
    void outcomesFollowTheReplies();
    void deferredRetriesGrowAndGiveUpAfterADay();
    void connectionFaultsSendAgainElsewhere();
    void failingSignInPausesTheAccountOnly();
    void noAccountLeftPausesTheCampaign();
    void accountLimitsHoldWithoutRealTime();
    void dailyBudgetSurvivesARestart();
    void domainLimitAndSlowDown();
    void tooManyConnectionsMeansFewer();
    void pauseReleasesAndResumeFinishes();
    void cancelSkipsTheRest();
    void scheduledStartWaits();
    void anotherProcessCannotSendTheSameCampaign();
};

void tst_SendEngine::sendsEachRecipientOnceAcrossWeightedAccounts() {
    QStringList emails;
    for (int i = 0; i < 300; ++i)
        emails << u"user%1@example%2.com"_s.arg(i).arg(i % 5);
    makeDatabase(emails);
    FakeSmtpServer big, small;
    const qint64 a = addAccount(u"Big"_s, big.listenLocal(), 3);
    addAccount(u"Small"_s, small.listenLocal(), 1);
    storage::CampaignSpec spec;
    spec.bounceDomain = u"bounces.example.com"_s;
    const qint64 id = createCampaign(u"C"_s, spec);
    QVERIFY(id > 0);

    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY2(engine.start(u"C"_s).ok(), "start");
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);

    // Everyone exactly once, across both servers.
    QHash<QString, int> got = big.deliveries();
    const QHash<QString, int> fromSmall = small.deliveries();
    for (auto it = fromSmall.cbegin(); it != fromSmall.cend(); ++it)
        got[it.key()] += it.value();
    QCOMPARE(got.size(), 300);
    for (auto it = got.cbegin(); it != got.cend(); ++it)
        QCOMPARE(it.value(), 1);
    // Weighted by connections (3:1): the big account sends about three quarters.
    const double share = double(big.messages().size()) / 300.0;
    QVERIFY2(share > 0.6 && share < 0.9, qPrintable(QString::number(share)));
    QVERIFY(big.mostAtOnce() <= 3);
    QCOMPARE(small.mostAtOnce(), 1);

    // The envelope sender maps back to campaign and recipient; the header carries the same token.
    const test::ReceivedMessage &m = big.messages().constFirst();
    auto secret = storage::TemplateStore(*m_db).unsubscribeSecret().value();
    const auto ids = campaign::Verp::parseAddress(m.from, "verp:" + secret.toUtf8());
    QVERIFY(ids.has_value());
    QCOMPARE(ids->campaignId, id);
    QSqlQuery q(m_db->connection());
    q.prepare(u"SELECT email, state, account_id, message_id, stage FROM recipients WHERE id = ?"_s);
    q.addBindValue(ids->recipientId);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toString(), m.to);
    QCOMPARE(q.value(1).toString(), u"sent"_s);
    QCOMPARE(q.value(2).toLongLong(), a);
    QVERIFY(m.data.contains(QByteArray("Message-ID: <" + q.value(3).toString().toLatin1() + '>')));
    QCOMPARE(q.value(4).toInt(), 0);
    QVERIFY(m.data.contains(
        QByteArray("X-Hivepost-ID: " + campaign::Verp::token(*ids, "verp:" + secret.toUtf8()).toLatin1())));
    QVERIFY(m.data.contains("Subject: Hello F"));
    QCOMPARE(storage::CampaignStore(*m_db).byId(id).value().state, u"done"_s);
    QVERIFY(storage::CampaignStore(*m_db).runner(id).value().isEmpty());
}

void tst_SendEngine::outcomesFollowTheReplies() {
    makeDatabase(
        {u"ok@a.test"_s, u"reject1@a.test"_s, u"defer1@a.test"_s, u"lost1@a.test"_s, u"deferonce1@a.test"_s});
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(),
             SendEngine::StopReason::DeferredOnly);
    const auto s = states(id);
    QCOMPARE(s.value(u"ok@a.test"_s), u"sent"_s);
    QCOMPARE(s.value(u"reject1@a.test"_s), u"failed"_s);
    QCOMPARE(s.value(u"defer1@a.test"_s), u"deferred"_s);
    QCOMPARE(s.value(u"deferonce1@a.test"_s), u"deferred"_s);
    QCOMPARE(s.value(u"lost1@a.test"_s), u"unknown"_s); // arrived, but its reply was lost: not resent
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(
        u"SELECT reply_code, enhanced_status, next_attempt_at FROM recipients WHERE email LIKE 'reject%' "
        "OR email = 'defer1@a.test' ORDER BY email"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 451);
    QCOMPARE(q.value(2).toLongLong(), m_clock.nowMs() + 5 * Minute);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 550);
    QCOMPARE(q.value(1).toString(), u"5.1.1"_s);
    q.finish(); // an open statement would keep this connection on an old snapshot

    // Five minutes later: the retry goes; the one that was deferred once is now sent.
    m_clock.advance(5 * Minute);
    SendEngine again(*m_db, m_clock, m_options);
    QSignalSpy stopped2(&again, &SendEngine::stopped);
    const auto restarted = again.start(u"C"_s);
    QVERIFY2(restarted.ok(), qPrintable(restarted.errorString()));
    QVERIFY(runUntilStopped(again, stopped2));
    QCOMPARE(states(id).value(u"deferonce1@a.test"_s), u"sent"_s);
    QCOMPARE(states(id).value(u"defer1@a.test"_s), u"deferred"_s);
    QCOMPARE(server.deliveries().value(u"ok@a.test"_s), 1);
    QCOMPARE(server.deliveries().value(u"lost1@a.test"_s), 1);
}

void tst_SendEngine::deferredRetriesGrowAndGiveUpAfterADay() {
    makeDatabase({u"defer@a.test"_s});
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1);
    const qint64 id = createCampaign(u"C"_s);
    m_options.stopWhenOnlyDeferred = false; // one engine waits for each retry itself
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    const qint64 start = m_clock.nowMs();
    QVERIFY(engine.start(u"C"_s).ok());
    // Attempt times, read from the ledger as the clock runs a minute per turn.
    QList<qint64> attemptsAt;
    QElapsedTimer t;
    t.start();
    int lastAttempts = 0;
    while (stopped.isEmpty() && t.elapsed() < 60'000) {
        QTest::qWait(2);
        QSqlQuery q(m_db->connection());
        q.exec(u"SELECT attempts, state FROM recipients"_s);
        q.next();
        if (q.value(0).toInt() != lastAttempts) {
            lastAttempts = q.value(0).toInt();
            attemptsAt << (m_clock.nowMs() - start) / Minute;
        }
        if (q.value(1).toString() == u"sending"_s)
            continue; // the clock stands still while a message is in flight
        m_clock.advance(Minute);
        engine.wake();
    }
    QVERIFY(!stopped.isEmpty());
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    QCOMPARE(states(id).value(u"defer@a.test"_s), u"failed"_s);
    // 0, +5 min, +15, +1 h, +3 h, then every 3 h until a day has passed.
    QVERIFY2(attemptsAt.size() >= 8, qPrintable(QString::number(attemptsAt.size())));
    const QList<qint64> gaps = {attemptsAt[1] - attemptsAt[0], attemptsAt[2] - attemptsAt[1],
                                attemptsAt[3] - attemptsAt[2], attemptsAt[4] - attemptsAt[3]};
    QCOMPARE(gaps, (QList<qint64>{5, 15, 60, 180}));
    QVERIFY(attemptsAt.constLast() >= 24 * 60 && attemptsAt.constLast() <= 27 * 60);
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"SELECT reply_text FROM recipients"_s) && q.next());
    QVERIFY2(q.value(0).toString().startsWith(u"Gave up after 24 hours"_s),
             qPrintable(q.value(0).toString()));
}

void tst_SendEngine::connectionFaultsSendAgainElsewhere() {
    QStringList emails{u"cutonce1@a.test"_s, u"cutonce2@a.test"_s};
    for (int i = 0; i < 20; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 2);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped, 20'000, 1000)); // backoff after each cut passes in clock time
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    const auto s = states(id);
    for (const QString &e : emails) {
        QCOMPARE(s.value(e), u"sent"_s);
        QCOMPARE(server.deliveries().value(e), 1);
    }
    QVERIFY(server.connectionsSeen() >= 3); // the cut connections were replaced
}

void tst_SendEngine::failingSignInPausesTheAccountOnly() {
    QStringList emails;
    for (int i = 0; i < 30; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer locked, open;
    locked.setPassword(u"me"_s, u"right"_s);
    const qint64 bad = addAccount(u"Locked"_s, locked.listenLocal(), 2, 0, 0, 0, 0, u"me"_s);
    addAccount(u"Open"_s, open.listenLocal(), 1);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    engine.setAccountSecret(bad, u"wrong"_s);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    QCOMPARE(open.messages().size(), 30);
    QCOMPARE(locked.messages().size(), 0);
    const campaign::CampaignProgress p = engine.progress(id);
    const auto lockedStatus = std::find_if(p.accounts.begin(), p.accounts.end(),
                                           [](const auto &a) { return a.name == u"Locked"_s; });
    QVERIFY(lockedStatus != p.accounts.end());
    QCOMPARE(lockedStatus->status, u"paused"_s);
    QVERIFY2(lockedStatus->lastError.contains(u"535"_s), qPrintable(lockedStatus->lastError));
}

void tst_SendEngine::noAccountLeftPausesTheCampaign() {
    makeDatabase({u"a@a.test"_s, u"b@a.test"_s});
    FakeSmtpServer locked;
    locked.setPassword(u"me"_s, u"right"_s);
    const qint64 bad = addAccount(u"Locked"_s, locked.listenLocal(), 1, 0, 0, 0, 0, u"me"_s);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    engine.setAccountSecret(bad, u"wrong"_s);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Paused);
    const QString why = stopped.constFirst().at(2).toString();
    QVERIFY2(why.contains(u"Locked"_s) && why.contains(u"535"_s), qPrintable(why));
    const auto s = states(id);
    QCOMPARE(s.value(u"a@a.test"_s), u"pending"_s); // given back, not lost
    QCOMPARE(s.value(u"b@a.test"_s), u"pending"_s);
    QCOMPARE(storage::CampaignStore(*m_db).byId(id).value().state, u"paused"_s);
}

void tst_SendEngine::accountLimitsHoldWithoutRealTime() {
    QStringList emails;
    for (int i = 0; i < 40; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 4, 2.0, 0, 30); // 2/s, 30/hour
    createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    // With the clock standing still only the first message may go.
    QTest::qWait(400);
    QCOMPARE(server.messages().size(), 1);
    // Ten seconds of clock time, 100 ms a turn: 2/s gives 20 more (21 in all, pacing allows the one at t=10
    // s). Each half second of clock time waits until the engine has sent what it may, however slow the
    // machine: the limits are on the clock, not on real time.
    for (int i = 1; i <= 100; ++i) {
        m_clock.advance(100);
        engine.wake();
        if (i % 5 == 0)
            QTRY_VERIFY_WITH_TIMEOUT(server.messages().size() >= i / 5, 10000);
        QVERIFY2(server.messages().size() <= 1 + i / 5,
                 qPrintable(QString::number(server.messages().size())));
    }
    QVERIFY2(server.messages().size() >= 20 && server.messages().size() <= 21,
             qPrintable(QString::number(server.messages().size())));
    // The hourly budget (30) stops it; nothing more until the hour has passed.
    for (int i = 0; i < 60; ++i) {
        m_clock.advance(1000);
        engine.wake();
        QTest::qWait(3);
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 30, 10000);
    QTest::qWait(200);
    QCOMPARE(server.messages().size(), 30);
    m_clock.advance(Hour);
    engine.wake();
    QVERIFY(runUntilStopped(engine, stopped, 20'000, 1000));
    QCOMPARE(server.messages().size(), 40);
}

void tst_SendEngine::dailyBudgetSurvivesARestart() {
    QStringList emails;
    for (int i = 0; i < 8; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1, 0, 0, 0, 5); // 5 a day
    createCampaign(u"C1"_s);
    {
        SendEngine engine(*m_db, m_clock, m_options);
        QVERIFY(engine.start(u"C1"_s).ok());
        QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 5, 5000);
        QTest::qWait(200);
        QCOMPARE(server.messages().size(), 5);
    }                        // the process ends
    createCampaign(u"C2"_s); // the same contacts again, another campaign, the same account
    m_clock.advance(Hour);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C2"_s).ok());
    QTest::qWait(300);
    QCOMPARE(server.messages().size(), 5); // the day's budget was spent before the restart
    m_clock.advance(23 * Hour + Minute);
    engine.wake();
    QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 10, 5000);
}

void tst_SendEngine::domainLimitAndSlowDown() {
    QStringList emails;
    for (int i = 0; i < 10; ++i)
        emails << u"q%1@qq.com"_s.arg(i);
    for (int i = 0; i < 10; ++i)
        emails << u"o%1@other.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 2);
    storage::CampaignSpec spec;
    spec.domainLimits.insert(u"qq.com"_s, 3);
    createCampaign(u"C"_s, spec);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    // The clock stands still: every other.test recipient goes, only 3 to qq.com.
    QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 13, 5000);
    QTest::qWait(200);
    QCOMPARE(server.messages().size(), 13);
    int qq = 0;
    for (const auto &m : server.messages())
        qq += m.to.endsWith(u"@qq.com"_s);
    QCOMPARE(qq, 3);
    m_clock.advance(Minute);
    engine.wake();
    QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 16, 5000);
    QVERIFY(runUntilStopped(engine, stopped, 20'000, 5000));
    QCOMPARE(server.messages().size(), 20);
}

void tst_SendEngine::tooManyConnectionsMeansFewer() {
    QStringList emails;
    for (int i = 0; i < 60; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    server.setMaxConnections(2);
    addAccount(u"A"_s, server.listenLocal(), 6);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped, 20'000, 1000));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    QCOMPARE(server.messages().size(), 60);
    // Refused once or twice, then it keeps to the two connections the server takes.
    QVERIFY(server.refusedConnections() >= 1);
    QVERIFY2(server.refusedConnections() <= 6, qPrintable(QString::number(server.refusedConnections())));
    const auto p = engine.progress(id);
    QCOMPARE(p.counts.value(u"sent"_s), 60);
}

void tst_SendEngine::pauseReleasesAndResumeFinishes() {
    QStringList emails;
    for (int i = 0; i < 50; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1, 1.0); // 1/s: the clock decides how many go
    const qint64 id = createCampaign(u"C"_s);
    {
        SendEngine engine(*m_db, m_clock, m_options);
        QSignalSpy stopped(&engine, &SendEngine::stopped);
        QVERIFY(engine.start(u"C"_s).ok());
        for (int i = 0; i < 10; ++i) {
            QTest::qWait(20);
            m_clock.advance(1000);
            engine.wake();
        }
        engine.pause(id);
        QVERIFY(runUntilStopped(engine, stopped));
        QCOMPARE(stopped.size(), 1);
        QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Paused);
    }
    const auto counts = storage::LedgerStore(*m_db).countsByState(id).value();
    QCOMPARE(counts.value(u"sending"_s), 0); // nothing left claimed
    const qint64 sentBefore = counts.value(u"sent"_s);
    QVERIFY(sentBefore >= 5 && sentBefore < 50);
    QCOMPARE(counts.value(u"pending"_s), 50 - sentBefore);
    QCOMPARE(storage::CampaignStore(*m_db).byId(id).value().state, u"paused"_s);

    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QVERIFY(runUntilStopped(engine, stopped, 20'000, 1000));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Completed);
    QCOMPARE(server.messages().size(), 50);
    const QHash<QString, int> deliveries = server.deliveries();
    for (int n : deliveries)
        QCOMPARE(n, 1);
}

void tst_SendEngine::cancelSkipsTheRest() {
    QStringList emails;
    for (int i = 0; i < 20; ++i)
        emails << u"u%1@a.test"_s.arg(i);
    makeDatabase(emails);
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1, 1.0);
    const qint64 id = createCampaign(u"C"_s);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(server.messages().size(), 1, 5000);
    engine.cancel(id);
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<SendEngine::StopReason>(), SendEngine::StopReason::Cancelled);
    const auto counts = storage::LedgerStore(*m_db).countsByState(id).value();
    QCOMPARE(counts.value(u"sent"_s), server.messages().size());
    QCOMPARE(counts.value(u"skipped"_s), 20 - server.messages().size());
    QCOMPARE(storage::CampaignStore(*m_db).byId(id).value().state, u"cancelled"_s);
    QVERIFY(!engine.start(u"C"_s).ok()); // a cancelled campaign stays cancelled
}

void tst_SendEngine::scheduledStartWaits() {
    makeDatabase({u"a@a.test"_s});
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1);
    storage::CampaignSpec spec;
    spec.startAt = m_clock.nowMs() / 1000 + 3600;
    const qint64 id = createCampaign(u"C"_s, spec);
    SendEngine engine(*m_db, m_clock, m_options);
    QSignalSpy stopped(&engine, &SendEngine::stopped);
    QVERIFY(engine.start(u"C"_s).ok());
    QCOMPARE(engine.progress(id).state, u"scheduled"_s);
    QTest::qWait(200);
    QCOMPARE(server.messages().size(), 0);
    m_clock.advance(Hour);
    engine.wake();
    QVERIFY(runUntilStopped(engine, stopped));
    QCOMPARE(server.messages().size(), 1);
}

void tst_SendEngine::anotherProcessCannotSendTheSameCampaign() {
    makeDatabase({u"a@a.test"_s});
    FakeSmtpServer server;
    addAccount(u"A"_s, server.listenLocal(), 1);
    const qint64 id = createCampaign(u"C"_s);
    // A live process (our parent, on this machine) holds it.
    QSqlQuery q(m_db->connection());
    q.prepare(u"UPDATE campaigns SET runner = ? WHERE id = ?"_s);
    q.addBindValue(QString(QSysInfo::machineHostName() + u":1"_s));
    q.addBindValue(id);
    QVERIFY(q.exec());
    SendEngine engine(*m_db, m_clock, m_options);
    auto started = engine.start(u"C"_s);
    QVERIFY(!started.ok());
    QVERIFY2(started.errorString().contains(u"Another Hivepost"_s), qPrintable(started.errorString()));
    // A dead one does not block.
    q.prepare(u"UPDATE campaigns SET runner = ? WHERE id = ?"_s);
    q.addBindValue(QString(QSysInfo::machineHostName() + u":999999999"_s));
    q.addBindValue(id);
    QVERIFY(q.exec());
    QVERIFY(engine.start(u"C"_s).ok());
}

QTEST_GUILESS_MAIN(tst_SendEngine)
#include "tst_SendEngine.moc"
