// The application layer with no page or widget at all: a campaign with a permanently refused
// recipient, sent through Application, leaves that address suppressed and skipped by the next
// campaign, on every kind of stop; the mailbox schedule follows the injected clock; scheduled
// campaigns are taken up at start.

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "EngineFixture.h"
#include "FakeSmtpServer.h"
#include "MemoryTransport.h"
#include "application/Application.h"
#include "mime/DkimSigner.h"
#include "secrets/SecretStore.h"
#include "storage/BounceStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/MailboxStore.h"
#include "storage/SuppressionStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using application::Application;
using test::FakeSmtpServer;

class tst_Application : public QObject, protected test::EngineFixture {
    Q_OBJECT

private Q_SLOTS:
    void init() { EngineFixture::init(); }
    void cleanup() { EngineFixture::cleanup(); }
    void refusedAddressIsSuppressedAndSkippedNextTime();
    void refusalsAreProcessedWhenPausedToo();
    void refusalsAreProcessedWhenTheApplicationCloses();
    void mailboxScheduleFollowsTheClock();
    void scheduledCampaignsAreTakenUpAtStart();
    void dkimKeyComesFromTheSecretStore();
    void runsOnAnyTransportAndTheFakeClock();
    void clockTimersFireByTheirClock();

private:
    // 201 recipients, the first one refused, at 20/s through one connection to server: "Slow".
    void slowCampaignWithARefusalFirst(FakeSmtpServer &server);
    qint64 m_slowId = 0;
    // Runs until a campaignStopped, advancing the manual clock.
    bool runUntil(Application &app, QSignalSpy &spy, qsizetype count = 1);
    secrets::MemorySecretStore m_secrets;
    secrets::MemorySecretStore m_empty;
    application::ApplicationOptions options() const {
        application::ApplicationOptions o;
        o.engine = m_options;
        return o;
    }
};

bool tst_Application::runUntil(Application &app, QSignalSpy &spy, qsizetype count) {
    for (int turn = 0; turn < 4000 && spy.size() < count; ++turn) {
        QTest::qWait(5);
        m_clock.advance(50);
        app.wake();
    }
    return spy.size() >= count;
}

void tst_Application::slowCampaignWithARefusalFirst(FakeSmtpServer &server) {
    QStringList emails{u"reject-first@example.com"_s};
    for (int i = 0; i < 200; ++i)
        emails << u"u%1@example.com"_s.arg(i);
    makeDatabase(emails);
    QVERIFY(addAccount(u"A"_s, server.listenLocal(), 1, /*perSecond*/ 20) > 0);
    m_slowId = createCampaign(u"Slow"_s);
}

void tst_Application::refusedAddressIsSuppressedAndSkippedNextTime() {
    makeDatabase({u"ann@example.com"_s, u"reject-bob@example.com"_s, u"carol@example.org"_s});
    FakeSmtpServer server;
    QVERIFY(addAccount(u"A"_s, server.listenLocal(), 2) > 0);
    const qint64 first = createCampaign(u"First"_s);

    Application app(*m_db, m_clock, m_secrets, options());
    QSignalSpy stopped(&app, &Application::campaignStopped);
    QSignalSpy processed(&app, &Application::refusalsProcessed);
    QSignalSpy changed(&app, &Application::bouncesChanged);
    // Whoever reacts to the stop already finds the refusal processed.
    bool suppressedAtStop = false;
    connect(&app, &Application::campaignStopped, this, [&] {
        suppressedAtStop =
            storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-bob@example.com"_s);
    });
    QVERIFY(app.startCampaign(u"First"_s).ok());
    QVERIFY(runUntil(app, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<campaign::StopReason>(), campaign::StopReason::Completed);
    QCOMPARE(states(first).value(u"reject-bob@example.com"_s), u"failed"_s);
    QVERIFY(suppressedAtStop);
    QCOMPARE(processed.size(), 1);
    const auto summary = processed.constFirst().at(0).value<bounce::ProcessSummary>();
    QCOMPARE(summary.bounces, 1);
    QCOMPARE(summary.suppressed, 1);
    QVERIFY(!changed.isEmpty());

    // In the log once, with the server's words, and the contact marked bounced.
    auto log = storage::BounceStore(*m_db).list({});
    QVERIFY(log.ok());
    QCOMPARE(log->size(), 1);
    QCOMPARE(log->constFirst().email, u"reject-bob@example.com"_s);
    QVERIFY(log->constFirst().hard);
    storage::ContactFilter bob;
    bob.search = u"reject-bob"_s;
    auto contact = storage::ContactStore(*m_db).page(bob, 0, 0, 10);
    QVERIFY(contact.ok());
    QCOMPARE(contact->size(), 1);
    QCOMPARE(contact->constFirst().status, u"bounced"_s);

    // The next campaign skips the address and mails the others.
    const qint64 second = createCampaign(u"Second"_s);
    QCOMPARE(states(second).value(u"reject-bob@example.com"_s), u"skipped"_s);
    stopped.clear();
    QVERIFY(app.startCampaign(u"Second"_s).ok());
    QVERIFY(runUntil(app, stopped));
    QCOMPARE(server.deliveries().value(u"reject-bob@example.com"_s), 0);
    QCOMPARE(server.deliveries().value(u"ann@example.com"_s), 2);
    QCOMPARE(storage::BounceStore(*m_db).list({})->size(), 1); // nothing logged twice
}

void tst_Application::refusalsAreProcessedWhenPausedToo() {
    FakeSmtpServer server;
    slowCampaignWithARefusalFirst(server);
    Application app(*m_db, m_clock, m_secrets, options());
    QSignalSpy stopped(&app, &Application::campaignStopped);
    QVERIFY(app.startCampaign(u"Slow"_s).ok());
    for (int turn = 0; turn < 2000 && server.messages().size() < 5; ++turn) {
        QTest::qWait(5);
        m_clock.advance(50);
        app.wake();
    }
    QVERIFY(server.messages().size() >= 5);
    app.pauseAll();
    QVERIFY(runUntil(app, stopped));
    QCOMPARE(stopped.constFirst().at(1).value<campaign::StopReason>(), campaign::StopReason::Paused);
    QVERIFY(storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-first@example.com"_s));
}

void tst_Application::refusalsAreProcessedWhenTheApplicationCloses() {
    FakeSmtpServer server;
    slowCampaignWithARefusalFirst(server);
    const qint64 id = m_slowId;
    {
        Application app(*m_db, m_clock, m_secrets, options());
        QVERIFY(app.startCampaign(u"Slow"_s).ok());
        for (int turn = 0; turn < 2000 && states(id).value(u"reject-first@example.com"_s) != u"failed"_s;
             ++turn) {
            QTest::qWait(5);
            m_clock.advance(50);
            app.wake();
        }
        QCOMPARE(states(id).value(u"reject-first@example.com"_s), u"failed"_s);
        QVERIFY(app.hasRunningCampaigns()); // quits while sending
    }
    QVERIFY(storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-first@example.com"_s));
}

void tst_Application::mailboxScheduleFollowsTheClock() {
    makeDatabase({u"ann@example.com"_s});
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    storage::MailboxConfig m;
    m.name = u"Returns"_s;
    m.host = u"127.0.0.1"_s;
    m.port = closedPort;
    m.security = u"none"_s;
    m.user = u"bob"_s;
    m.secretRef = u"env:HIVEPOST_TEST_NO_SUCH_VARIABLE"_s;
    QVERIFY(storage::MailboxStore(*m_db).add(m).ok());

    auto o = options();
    o.pollMinutes = 10;
    Application app(*m_db, m_clock, m_secrets, o);
    QSignalSpy started(&app, &Application::pollStarted);
    QSignalSpy finished(&app, &Application::pollFinished);
    QSignalSpy round(&app, &Application::pollRoundFinished);
    QCOMPARE(app.nextPollAtMs(), m_clock.nowMs() + 10 * 60'000);
    m_clock.advance(9 * 60'000 + 59'000);
    app.wake();
    QCOMPARE(started.size(), 0); // not yet
    m_clock.advance(1'000);      // the schedule's own timer runs on this clock: no wake() needed
    QCOMPARE(started.size(), 1);
    QCOMPARE(started.constFirst().at(0).toString(), u"Returns"_s);
    QVERIFY(finished.wait(20'000));
    QVERIFY(!finished.constFirst().at(1).value<Result<mailbox::PollReport>>().ok()); // nothing listens
    QTRY_COMPARE(round.size(), 1);
    QCOMPARE(app.nextPollAtMs(), m_clock.nowMs() + 10 * 60'000);

    // "Never": no round however late it gets.
    app.setPollMinutes(0);
    QCOMPARE(app.nextPollAtMs(), 0);
    m_clock.advance(24 * 60 * 60'000);
    app.wake();
    QCOMPARE(started.size(), 1);
}

void tst_Application::scheduledCampaignsAreTakenUpAtStart() {
    makeDatabase({u"ann@example.com"_s, u"reject-bob@example.com"_s});
    FakeSmtpServer server;
    QVERIFY(addAccount(u"A"_s, server.listenLocal(), 1) > 0);
    storage::CampaignSpec spec;
    spec.startAt = m_clock.nowMs() / 1000 + 3600; // in an hour
    const qint64 id = createCampaign(u"Later"_s, spec);
    QCOMPARE(storage::CampaignStore(*m_db).state(id).value(), u"scheduled"_s);

    auto o = options();
    o.startScheduled = true;
    Application app(*m_db, m_clock, m_secrets, o);
    QSignalSpy stopped(&app, &Application::campaignStopped);
    QTRY_VERIFY(app.isRunning(id));
    QTest::qWait(50);
    QCOMPARE(server.messages().size(), 0); // waits for its time
    m_clock.advance(3600 * 1000);
    QVERIFY(runUntil(app, stopped));
    QCOMPARE(server.deliveries().value(u"ann@example.com"_s), 1);
    QVERIFY(storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-bob@example.com"_s));
}

void tst_Application::dkimKeyComesFromTheSecretStore() {
    makeDatabase({u"ann@example.com"_s, u"bob@example.com"_s});
    FakeSmtpServer server;
    QVERIFY(addAccount(u"A"_s, server.listenLocal(), 1) > 0);
    createCampaign(u"Signed"_s);
    // An older Hivepost kept the key in the database; the window's Application moves it at start.
    const auto pair = mime::DkimSigner::generate(mime::DkimSigner::Algorithm::Ed25519Sha256);
    QVERIFY(pair.ok());
    QVERIFY(storage::TemplateStore(*m_db)
                .setDkimKey({u"example.com"_s, u"s1"_s, u"ed25519-sha256"_s, pair->privateKeyPem})
                .ok());
    auto o = options();
    o.moveSecrets = true;
    Application app(*m_db, m_clock, m_secrets, o);
    QTRY_VERIFY(storage::TemplateStore(*m_db).dkimKeysInDatabase().value().isEmpty());
    QVERIFY(storage::TemplateStore(*m_db).dkimKey(u"example.com"_s).value()->inSecretStore());

    // Started: the key is read from the store first, then every message is signed with it.
    QSignalSpy stopped(&app, &Application::campaignStopped);
    QSignalSpy startFailed(&app, &Application::campaignStartFailed);
    QVERIFY(app.startCampaign(u"Signed"_s).ok());
    QVERIFY(runUntil(app, stopped));
    QCOMPARE(startFailed.size(), 0);
    QCOMPARE(server.messages().size(), 2);
    for (const test::ReceivedMessage &m : server.messages())
        QVERIFY(m.data.startsWith("DKIM-Signature: v=1; a=ed25519-sha256; "));

    // A store that cannot give the key: the campaign does not go out unsigned, and says why.
    createCampaign(u"Unsigned"_s);
    Application other(*m_db, m_clock, m_empty, options());
    QSignalSpy failed(&other, &Application::campaignStartFailed);
    QVERIFY(other.startCampaign(u"Unsigned"_s).ok());
    QVERIFY(failed.wait(5000));
    QCOMPARE(failed.constFirst().at(0).toString(), u"Unsigned"_s);
    QVERIFY2(failed.constFirst().at(1).toString().contains(u"DKIM"_s),
             qPrintable(failed.constFirst().at(1).toString()));
    QVERIFY(!other.hasRunningCampaigns());
    QCOMPARE(server.messages().size(), 2);
}

void tst_Application::runsOnAnyTransportAndTheFakeClock() {
    // The transport seam: no socket at all, and time only as the test moves the clock. An account
    // limited to 10 messages a second sends 50 in five clock seconds, however long they take for real.
    QStringList emails{u"reject-one@example.com"_s};
    for (int i = 0; i < 199; ++i)
        emails << u"u%1@example%2.com"_s.arg(i).arg(i % 7);
    makeDatabase(emails);
    QVERIFY(addAccount(u"A"_s, 25, 2, /*perSecond*/ 10) > 0);
    createCampaign(u"Fake"_s);
    test::MemoryTransportFactory transports;
    auto o = options();
    o.transports = &transports;
    Application app(*m_db, m_clock, m_secrets, o);
    QSignalSpy stopped(&app, &Application::campaignStopped);
    QVERIFY(app.startCampaign(u"Fake"_s).ok());
    // The transport answers on the next turns of the loop; the ledger's marks are committed on the
    // writer's thread (a real disk), which is all the real time this test waits for.
    const auto settle = [] {
        QTest::qWait(20);
    };
    settle();
    for (int second = 0; second < 5; ++second) {
        for (int step = 0; step < 10; ++step) {
            m_clock.advance(100);
            app.wake();
            settle();
        }
    }
    const int afterFive = int(transports.deliveries.size() + transports.refused.size());
    QVERIFY2(afterFive >= 40 && afterFive <= 56, qPrintable(QString::number(afterFive)));
    // The rest, then the refusal is processed as with SMTP.
    for (int turn = 0; turn < 2000 && stopped.isEmpty(); ++turn) {
        m_clock.advance(100);
        app.wake();
        settle();
    }
    QCOMPARE(stopped.size(), 1);
    QCOMPARE(transports.deliveries.size(), 199);
    for (int n : std::as_const(transports.deliveries))
        QCOMPARE(n, 1);
    QCOMPARE(transports.refused, QStringList{u"reject-one@example.com"_s});
    QVERIFY(transports.connections >= 1 && transports.connections <= 4);
    QVERIFY(storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-one@example.com"_s));
}

void tst_Application::clockTimersFireByTheirClock() {
    ManualClock clock(1'000'000);
    auto timer = clock.createTimer();
    int fired = 0;
    qint64 firedAt = 0;
    connect(timer.get(), &ClockTimer::timeout, this, [&] {
        ++fired;
        firedAt = clock.nowMs();
        if (fired < 10)
            timer->start(100); // a timer that starts itself again fires again within one advance()
    });
    timer->start(1'000);
    QCOMPARE(timer->remainingMs(), 1'000);
    QTest::qWait(20);
    QCOMPARE(fired, 0); // real time does not move it
    clock.advance(999);
    QCOMPARE(fired, 0);
    clock.advance(1);
    QCOMPARE(fired, 1);
    QCOMPARE(firedAt, 1'001'000); // it sees the time it asked for
    clock.advance(10'000);
    QCOMPARE(fired, 10);
    QCOMPARE(firedAt, 1'001'900);
    QVERIFY(!timer->isActive());
    // Due now: on the next turn of the event loop, as with a real timer; a stopped one never.
    timer->start(0);
    QCOMPARE(fired, 10);
    QTRY_COMPARE(fired, 11);
    timer->start(50);
    timer->stop();
    clock.advance(100);
    QCOMPARE(fired, 11);
}

QTEST_MAIN(tst_Application)
#include "tst_Application.moc"
