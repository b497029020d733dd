// AccountHealth alone, on plain numbers for time: the back-off after failures in a row, the pause at
// the fifth (or at once when it will not go away), the patience with throttling, and the slow-down
// with its ramp back up.

#include <QTest>

#include "campaign/AccountHealth.h"

using hivepost::campaign::AccountHealth;
using Verdict = AccountHealth::Verdict;

class tst_AccountHealth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void failuresBackOffThenPause_data();
    void failuresBackOffThenPause();
    void permanentFaultPausesAtOnce();
    void aSuccessEndsTheRun();
    void throttlingIsCountedMorePatiently();
    void slowDownAndRampUp();
};

void tst_AccountHealth::failuresBackOffThenPause_data() {
    QTest::addColumn<int>("failure");
    QTest::addColumn<qint64>("backoffMs");
    QTest::addColumn<bool>("paused");
    QTest::newRow("first: again at once") << 1 << qint64(0) << false;
    QTest::newRow("second: 30 s") << 2 << qint64(30'000) << false;
    QTest::newRow("third: 60 s") << 3 << qint64(60'000) << false;
    QTest::newRow("fourth: 120 s") << 4 << qint64(120'000) << false;
    QTest::newRow("fifth: paused") << 5 << qint64(-1) << true;
}

void tst_AccountHealth::failuresBackOffThenPause() {
    QFETCH(int, failure);
    QFETCH(qint64, backoffMs);
    QFETCH(bool, paused);
    AccountHealth h;
    const qint64 now = 1'000'000;
    Verdict v = Verdict::GoOn;
    for (int i = 0; i < failure; ++i)
        v = h.failed(now, false);
    QCOMPARE(v == Verdict::Pause, paused);
    QCOMPARE(h.failuresInRow(), failure);
    if (!paused) {
        QCOMPARE(h.backoffUntil() - now, backoffMs);
        QCOMPARE(h.backingOff(now), backoffMs > 0);
        QVERIFY(!h.backingOff(now + backoffMs));
    }
}

void tst_AccountHealth::permanentFaultPausesAtOnce() {
    AccountHealth h;
    QCOMPARE(h.failed(0, true), Verdict::Pause);
    // The back-off is capped: a long run waits 10 minutes at most.
    AccountHealth patient({100, 30'000, 600'000});
    for (int i = 0; i < 50; ++i)
        QCOMPARE(patient.failed(0, false), Verdict::GoOn);
    QCOMPARE(patient.backoffUntil(), 600'000);
}

void tst_AccountHealth::aSuccessEndsTheRun() {
    AccountHealth h;
    for (int i = 0; i < 4; ++i)
        h.failed(0, false);
    h.succeeded();
    QCOMPARE(h.failuresInRow(), 0);
    QCOMPARE(h.failed(0, false), Verdict::GoOn); // the fifth failure overall, but the first in a row
    QCOMPARE(h.backoffUntil(), 0);
}

void tst_AccountHealth::throttlingIsCountedMorePatiently() {
    AccountHealth h;
    for (int i = 1; i < 10; ++i)
        QCOMPARE(h.throttled(1000, false), Verdict::GoOn);
    QVERIFY(!h.backingOff(1000));                      // a reply to a message: no back-off, only slower
    QCOMPARE(h.throttled(1000, true), Verdict::Pause); // the tenth in a row
    AccountHealth refused;
    QCOMPARE(refused.throttled(1000, true), Verdict::GoOn);
    QCOMPARE(refused.backoffUntil(), 6000); // "421 too many connections": 5 s
}

void tst_AccountHealth::slowDownAndRampUp() {
    AccountHealth h;
    QVERIFY(h.slowDown(10'000));
    QCOMPARE(h.slowdown(), 2.0);
    QVERIFY(!h.slowDown(10'500)); // the same event's other replies
    QVERIFY(h.slowDown(11'000));
    QCOMPARE(h.slowdown(), 4.0);
    for (qint64 t = 12'000; t < 30'000; t += 1000)
        h.slowDown(t);
    QCOMPARE(h.slowdown(), 64.0); // at most
    QVERIFY(!h.rampUp(29'000 + 29'999));
    QVERIFY(h.rampUp(29'000 + 30'000));
    QCOMPARE(h.slowdown(), 64.0 / 1.5);
    qint64 t = 59'000;
    while (h.rampUp(t += 30'000)) {
    }
    QCOMPARE(h.slowdown(), 1.0);
    QVERIFY(!h.rampUp(t + 60'000)); // at full speed there is nothing to ramp
}

QTEST_GUILESS_MAIN(tst_AccountHealth)
#include "tst_AccountHealth.moc"
