#pragma once

// RateLimiter: when the next message may go for one sender (an account, or a recipient domain).
// Per second: even pacing (one message every 1/N s, so no one-second window sees more than N);
// per minute, hour and day: sliding windows over what was really sent, seeded after a restart so
// hourly and daily budgets count what was already sent. An adaptive slow-down stretches the pacing
// after "421 too many" and similar replies. Reads time from an injected Clock; not thread-safe.

#include <deque>

#include "common/Clock.h"

namespace hivepost::campaign {

struct RateLimits {
    double perSecond = 0; // 0: no limit
    int perMinute = 0;
    int perHour = 0;
    int perDay = 0;
};

class RateLimiter {
public:
    RateLimiter(const RateLimits &limits, const Clock &clock);

    // Milliseconds to wait before one more message may be handed over (0: now).
    qint64 delayUntilNext() const;
    // A message was handed over now.
    void record();
    // After a restart: the times (ms since the epoch) of what was sent in the last day.
    void seed(std::deque<qint64> sentTimesMs);

    // 1 = as configured; 2 = half the speed. Applies to the per-second pacing (and, with no
    // per-second limit, paces at the rate seen over the last minute divided by the factor).
    void setSlowdown(double factor);

    int sentWithin(qint64 windowMs) const;

private:
    qint64 pacingIntervalUs() const;

    RateLimits m_limits;
    const Clock &m_clock;
    std::deque<qint64> m_sent; // the last day's send times, oldest first
    qint64 m_nextPacedUs = 0;  // the earliest time (µs since the epoch) the pacing allows the next message
    double m_slowdown = 1.0;
    double m_observedPerSecond = 1.0; // the last minute's pace when a slow-down began
};

} // namespace hivepost::campaign
