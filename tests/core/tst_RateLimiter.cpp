// RateLimiter with a ManualClock: a minute, an hour or a day of sending simulated in milliseconds.
// A sender that sends whenever the limiter allows must meet N/s within 2%, never put more than N
// messages in any one-second window, and never exceed a minute, hour or day budget, also after a
// restart that seeds what was already sent.

#include <QTest>

#include "campaign/RateLimiter.h"

using namespace hivepost;
using campaign::RateLimiter;
using campaign::RateLimits;

namespace {

// Sends as fast as the limiter allows until durationMs has passed; returns the send times.
std::vector<qint64> run(RateLimiter &limiter, ManualClock &clock, qint64 durationMs) {
    std::vector<qint64> times;
    const qint64 end = clock.nowMs() + durationMs;
    while (clock.nowMs() < end) {
        const qint64 wait = limiter.delayUntilNext();
        if (wait > 0) {
            clock.advance(wait);
            continue;
        }
        if (clock.nowMs() >= end)
            break;
        limiter.record();
        times.push_back(clock.nowMs());
    }
    return times;
}

int maxInWindow(const std::vector<qint64> &times, qint64 windowMs) {
    int best = 0;
    size_t start = 0;
    for (size_t i = 0; i < times.size(); ++i) {
        while (times[i] - times[start] >= windowMs) // half-open windows [t, t + window)
            ++start;
        best = std::max(best, int(i - start + 1));
    }
    return best;
}

} // namespace

class tst_RateLimiter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void perSecondPacing_data();
    void perSecondPacing();
    void minuteHourDayBudgets();
    void restartCountsWhatWasSent();
    void slowdownAndRecovery();
    void noLimitsMeansNoWait();
};

void tst_RateLimiter::perSecondPacing_data() {
    QTest::addColumn<double>("rate");
    QTest::newRow("1/s") << 1.0;
    QTest::newRow("7/s") << 7.0;
    QTest::newRow("50/s") << 50.0;
    QTest::newRow("333/s") << 333.0;
}

void tst_RateLimiter::perSecondPacing() {
    QFETCH(double, rate);
    ManualClock clock;
    RateLimiter limiter({rate, 0, 0, 0}, clock);
    const auto times = run(limiter, clock, 60'000);
    const double achieved = times.size() / 60.0;
    QVERIFY2(std::abs(achieved - rate) <= rate * 0.02, qPrintable(QString::number(achieved)));
    QVERIFY2(maxInWindow(times, 1000) <= int(std::ceil(rate)),
             qPrintable(QString::number(maxInWindow(times, 1000))));
}

void tst_RateLimiter::minuteHourDayBudgets() {
    ManualClock clock;
    RateLimiter limiter({0, 100, 1000, 5000}, clock);
    const auto times = run(limiter, clock, 2 * 24 * 3600 * 1000LL);
    QVERIFY(maxInWindow(times, 60'000) <= 100);
    QVERIFY(maxInWindow(times, 3'600'000) <= 1000);
    QVERIFY(maxInWindow(times, 24 * 3'600'000LL) <= 5000);
    QVERIFY(times.size() >= 9990); // and the budgets are used: 5,000 a day for two days
}

void tst_RateLimiter::restartCountsWhatWasSent() {
    ManualClock clock;
    std::deque<qint64> earlier;
    for (int i = 0; i < 95; ++i)
        earlier.push_back(clock.nowMs() - 30 * 60'000 + i * 1000); // 95 sent half an hour ago
    RateLimiter limiter({0, 0, 100, 0}, clock);
    limiter.seed(earlier);
    QCOMPARE(limiter.sentWithin(3'600'000), 95);
    const auto times = run(limiter, clock, 10 * 60'000);
    QCOMPARE(int(times.size()), 5); // only what is left of the hourly budget
    clock.advance(30 * 60'000);     // the first of those 95 leave the window
    QCOMPARE(limiter.delayUntilNext(), 0);
}

void tst_RateLimiter::slowdownAndRecovery() {
    ManualClock clock;
    RateLimiter limiter({20, 0, 0, 0}, clock);
    limiter.setSlowdown(4.0);
    const auto slow = run(limiter, clock, 10'000);
    QVERIFY(std::abs(slow.size() / 10.0 - 5.0) <= 0.2);
    limiter.setSlowdown(1.0);
    const auto normal = run(limiter, clock, 10'000);
    QVERIFY(std::abs(normal.size() / 10.0 - 20.0) <= 0.4);

    // Without a configured pace, a slow-down paces at the last minute's rate divided by it.
    RateLimiter free({0, 0, 0, 0}, clock);
    for (int i = 0; i < 600; ++i) {
        free.record();
        clock.advance(100); // 10/s
    }
    free.setSlowdown(2.0);
    const auto paced = run(free, clock, 20'000);
    QVERIFY2(std::abs(paced.size() / 20.0 - 5.0) <= 0.5, qPrintable(QString::number(paced.size())));
}

void tst_RateLimiter::noLimitsMeansNoWait() {
    ManualClock clock;
    RateLimiter limiter({}, clock);
    for (int i = 0; i < 1000; ++i) {
        QCOMPARE(limiter.delayUntilNext(), 0);
        limiter.record();
    }
}

QTEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_RateLimiter.moc"
