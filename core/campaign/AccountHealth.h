#pragma once

// AccountHealth: how one sending account is doing, and what the engine does about it: a run of
// connection or account failures backs off (the first at once, then 30 s, 60 s, ... 10 min) and
// pauses the account at the fifth; throttling replies count too, more patiently (the tenth pauses);
// "rate limited" replies slow it down (2x, at most 64x, once a second at most), and every 30 s
// without another it speeds up again (/1.5). A value on the engine's thread; time is passed in.

#include <QtGlobal>

namespace hivepost::campaign {

struct AccountHealthOptions {
    int maxFailures = 5;       // in a row, before the account is paused
    qint64 backoffMs = 30'000; // after the second failure in a row; doubles
    qint64 maxBackoffMs = 10 * 60'000;
    qint64 throttleBackoffMs = 5'000; // after "421 too many connections"
};

class AccountHealth {
public:
    enum class Verdict { GoOn, Pause };

    explicit AccountHealth(AccountHealthOptions options = {})
        : m_options(options) {}

    // A connection or account fault at now; pauseNow: one that will not go away (sign-in refused).
    Verdict failed(qint64 now, bool pauseNow);
    // A throttling reply at now; one that refused the connection itself also backs off shortly.
    Verdict throttled(qint64 now, bool connectionRefused);
    // A message went through: the run of failures is over.
    void succeeded() { m_failuresInRow = 0; }
    // A "rate limited" reply at now; true when the slow-down changed (once per second at most).
    bool slowDown(qint64 now);
    // Once in a while: true when, 30 s after the last change, it speeds up again.
    bool rampUp(qint64 now);

    bool backingOff(qint64 now) const { return m_backoffUntil > now; }
    qint64 backoffUntil() const { return m_backoffUntil; }
    int failuresInRow() const { return m_failuresInRow; }
    double slowdown() const { return m_slowdown; }

private:
    AccountHealthOptions m_options;
    qint64 m_backoffUntil = 0;
    int m_failuresInRow = 0;
    double m_slowdown = 1.0;
    qint64 m_lastSlowdownAt = 0;
};

} // namespace hivepost::campaign
