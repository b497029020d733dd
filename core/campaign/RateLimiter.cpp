#include "campaign/RateLimiter.h"

#include <algorithm>
#include <cmath>

namespace hivepost::campaign {

namespace {
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;
} // namespace

RateLimiter::RateLimiter(const RateLimits &limits, const Clock &clock)
    : m_limits(limits)
    , m_clock(clock) {}

void RateLimiter::seed(std::deque<qint64> sentTimesMs) {
    std::sort(sentTimesMs.begin(), sentTimesMs.end());
    m_sent = std::move(sentTimesMs);
}

int RateLimiter::sentWithin(qint64 windowMs) const {
    const qint64 from = m_clock.nowMs() - windowMs; // the window is (now - window, now]
    return int(m_sent.end() - std::upper_bound(m_sent.begin(), m_sent.end(), from));
}

qint64 RateLimiter::pacingIntervalUs() const {
    double perSecond = m_limits.perSecond;
    if (perSecond <= 0 && m_slowdown > 1.0)
        perSecond = m_observedPerSecond; // no configured pace: the pace seen when it pushed back
    if (perSecond <= 0)
        return 0;
    return qint64(std::llround(1e6 * m_slowdown / perSecond));
}

qint64 RateLimiter::delayUntilNext() const {
    const qint64 now = m_clock.nowMs();
    // Pacing in microseconds keeps high rates exact; the one-second window below keeps the
    // millisecond rounding from ever putting more than N messages into one second.
    qint64 wait = std::max<qint64>(0, (m_nextPacedUs - now * 1000 + 999) / 1000);
    const qint64 interval = pacingIntervalUs();
    const double rate = (m_limits.perSecond > 0 ? m_limits.perSecond : m_observedPerSecond) / m_slowdown;
    const int perSecondCap = interval > 0 ? std::max(1, int(std::ceil(rate - 1e-9))) : 0;
    const std::pair<int, qint64> windows[] = {{perSecondCap, Second},
                                              {m_limits.perMinute, Minute},
                                              {m_limits.perHour, Hour},
                                              {m_limits.perDay, Day}};
    for (const auto &[limit, window] : windows) {
        if (limit <= 0)
            continue;
        const qint64 from = now - window;
        const auto first = std::upper_bound(m_sent.begin(), m_sent.end(), from);
        const qint64 inWindow = m_sent.end() - first;
        if (inWindow >= limit) {
            // The oldest message that must leave the window first.
            const qint64 leaving = *(first + (inWindow - limit));
            wait = std::max(wait, leaving + window - now);
        }
    }
    return wait;
}

void RateLimiter::record() {
    const qint64 now = m_clock.nowMs();
    m_sent.push_back(now);
    while (!m_sent.empty() && m_sent.front() <= now - Day)
        m_sent.pop_front();
    const qint64 interval = pacingIntervalUs();
    // Catch up at most one interval (the clock's rounding), never a burst after a pause.
    const qint64 base = m_nextPacedUs >= now * 1000 - interval ? m_nextPacedUs : now * 1000;
    m_nextPacedUs = interval > 0 ? base + interval : 0;
}

void RateLimiter::setSlowdown(double factor) {
    if (m_slowdown <= 1.0 && factor > 1.0)
        m_observedPerSecond = std::max(1.0, sentWithin(Minute) / 60.0);
    m_slowdown = std::max(1.0, factor);
}

} // namespace hivepost::campaign
