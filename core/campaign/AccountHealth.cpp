#include "campaign/AccountHealth.h"

#include <algorithm>

namespace hivepost::campaign {

AccountHealth::Verdict AccountHealth::failed(qint64 now, bool pauseNow) {
    ++m_failuresInRow;
    if (pauseNow || m_failuresInRow >= m_options.maxFailures)
        return Verdict::Pause;
    // One dropped connection is common: the next one may start at once. Then 30 s, 60 s, ... 10 min.
    const qint64 backoff =
        m_failuresInRow < 2
            ? 0
            : std::min(m_options.maxBackoffMs, m_options.backoffMs << std::min(m_failuresInRow - 2, 20));
    m_backoffUntil = now + backoff;
    return Verdict::GoOn;
}

AccountHealth::Verdict AccountHealth::throttled(qint64 now, bool connectionRefused) {
    if (connectionRefused)
        m_backoffUntil = now + m_options.throttleBackoffMs;
    // A server that answers every attempt with 421 and never takes a message in between is down,
    // not busy.
    return ++m_failuresInRow >= 2 * m_options.maxFailures ? Verdict::Pause : Verdict::GoOn;
}

bool AccountHealth::slowDown(qint64 now) {
    if (now - m_lastSlowdownAt < 1000)
        return false; // one event, many replies
    m_lastSlowdownAt = now;
    m_slowdown = std::min(64.0, m_slowdown * 2);
    return true;
}

bool AccountHealth::rampUp(qint64 now) {
    if (m_slowdown <= 1.0 || now - m_lastSlowdownAt < 30'000)
        return false;
    m_slowdown = std::max(1.0, m_slowdown / 1.5);
    m_lastSlowdownAt = now;
    return true;
}

} // namespace hivepost::campaign
