#pragma once

// Clock: the time core reads, and the timers it waits with, so that throttling, back-off and
// schedules can be tested without waiting: SystemClock in the application, ManualClock in tests
// (hours of sending in milliseconds). A Clock's timers fire by that clock: a SystemClock's after
// real milliseconds, a ManualClock's when advance() or set() passes their deadline (and one due
// now, on the next turn of the event loop). Timers belong to the thread that made them.

#include <algorithm>
#include <memory>
#include <vector>

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace hivepost {

// A single-shot timer made by a Clock: start() again restarts it.
class ClockTimer : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start(qint64 delayMs) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
    virtual qint64 remainingMs() const = 0; // -1 when inactive

Q_SIGNALS:
    void timeout();
};

class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // milliseconds since the epoch
    virtual std::unique_ptr<ClockTimer> createTimer() const = 0;
};

class SystemClock final : public Clock {
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
    std::unique_ptr<ClockTimer> createTimer() const override;
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(qint64 startMs = 1'700'000'000'000)
        : m_now(startMs) {}
    ~ManualClock() override;
    qint64 nowMs() const override { return m_now; }
    std::unique_ptr<ClockTimer> createTimer() const override;
    // Moves time on and fires, in deadline order, every timer it passes (also ones they start).
    void advance(qint64 ms) { set(m_now + ms); }
    void set(qint64 ms);

private:
    friend class ManualTimer;
    qint64 m_now;
    mutable std::vector<class ManualTimer *> m_timers;
};

} // namespace hivepost
