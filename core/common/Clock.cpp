#include "common/Clock.h"

namespace hivepost {

namespace {

class SystemTimer final : public ClockTimer {
public:
    SystemTimer() {
        m_timer.setSingleShot(true);
        connect(&m_timer, &QTimer::timeout, this, &ClockTimer::timeout);
    }
    void start(qint64 delayMs) override { m_timer.start(int(std::clamp<qint64>(delayMs, 0, INT_MAX))); }
    void stop() override { m_timer.stop(); }
    bool isActive() const override { return m_timer.isActive(); }
    qint64 remainingMs() const override { return m_timer.isActive() ? m_timer.remainingTime() : -1; }

private:
    QTimer m_timer;
};

} // namespace

std::unique_ptr<ClockTimer> SystemClock::createTimer() const {
    return std::make_unique<SystemTimer>();
}

class ManualTimer final : public ClockTimer {
public:
    explicit ManualTimer(const ManualClock &clock)
        : m_clock(&clock) {
        clock.m_timers.push_back(this);
    }
    ~ManualTimer() override {
        if (m_clock)
            std::erase(m_clock->m_timers, this);
    }
    void start(qint64 delayMs) override {
        m_deadline = m_clock ? m_clock->nowMs() + std::max<qint64>(0, delayMs) : 0;
        m_immediate = delayMs <= 0;
        m_active = true;
        ++m_generation;
        if (delayMs <= 0) { // due now: on the next turn of the loop, as a real timer would
            const quint64 generation = m_generation;
            QTimer::singleShot(0, this, [this, generation] {
                if (m_active && generation == m_generation)
                    fire();
            });
        }
    }
    void stop() override { m_active = false; }
    bool isActive() const override { return m_active; }
    qint64 remainingMs() const override {
        return m_active && m_clock ? std::max<qint64>(0, m_deadline - m_clock->nowMs()) : -1;
    }

    void fire() {
        m_active = false;
        Q_EMIT timeout();
    }
    void detach() { m_clock = nullptr; }
    qint64 deadline() const { return m_deadline; }
    bool immediate() const { return m_immediate; } // served by the event loop, not by advance()

private:
    const ManualClock *m_clock;
    qint64 m_deadline = 0;
    bool m_active = false;
    bool m_immediate = false;
    quint64 m_generation = 0;
};

ManualClock::~ManualClock() {
    for (ManualTimer *t : m_timers)
        t->detach();
}

std::unique_ptr<ClockTimer> ManualClock::createTimer() const {
    return std::make_unique<ManualTimer>(*this);
}

void ManualClock::set(qint64 ms) {
    // Time stops at each deadline on the way, so a timer sees the time it asked for.
    for (;;) {
        ManualTimer *next = nullptr;
        for (ManualTimer *t : m_timers) {
            if (t->isActive() && !t->immediate() && t->deadline() <= ms &&
                (!next || t->deadline() < next->deadline()))
                next = t;
        }
        if (!next)
            break;
        m_now = std::max(m_now, next->deadline());
        next->fire(); // may start, stop or delete timers
    }
    m_now = ms;
}

} // namespace hivepost
