#include "StoreWorker.h"

#include <cstdio>

#include "storage/Database.h"
#include "storage/Migration.h"

namespace hivepost::relay {

StoreWorker::StoreWorker(QString databasePath, int flushMs)
    : m_path(std::move(databasePath))
    , m_flushMs(flushMs) {}

StoreWorker::~StoreWorker() {
    stop();
}

Result<void> StoreWorker::start() {
    std::promise<Result<void>> opened;
    std::future<Result<void>> result = opened.get_future();
    m_thread = std::thread([this, p = std::move(opened)]() mutable { run(std::move(p)); });
    Result<void> r = result.get();
    if (!r && m_thread.joinable())
        m_thread.join();
    return r;
}

void StoreWorker::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void StoreWorker::record(storage::TrackingEvent event) {
    {
        std::lock_guard lock(m_mutex);
        m_batch.push_back(std::move(event));
    }
    // No wake-up: the worker writes the batch at its next flush, many events in one transaction.
}

qint64 StoreWorker::queued() const {
    std::lock_guard lock(m_mutex);
    return qint64(m_batch.size());
}

void StoreWorker::post(std::function<void(storage::RelayStore &)> job) {
    {
        std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void StoreWorker::flush(storage::RelayStore &store, std::deque<storage::TrackingEvent> &batch) {
    if (batch.empty())
        return;
    QList<storage::TrackingEvent> events(batch.begin(), batch.end());
    batch.clear();
    if (auto r = store.append(events); !r)
        std::fprintf(stderr, "hivepost-relay: %d events not stored: %s\n", int(events.size()),
                     qPrintable(r.errorString()));
}

void StoreWorker::run(std::promise<Result<void>> opened) {
    auto db = storage::Database::open(m_path, storage::relayMigrations());
    if (!db) {
        opened.set_value(db.error());
        return;
    }
    storage::RelayStore store(*db.value());
    opened.set_value({});
    std::unique_lock lock(m_mutex);
    auto nextFlush = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_flushMs);
    for (;;) {
        m_wake.wait_until(lock, nextFlush, [this] { return m_stopping || !m_jobs.empty(); });
        std::deque<std::function<void(storage::RelayStore &)>> jobs;
        jobs.swap(m_jobs);
        std::deque<storage::TrackingEvent> batch;
        const bool due = std::chrono::steady_clock::now() >= nextFlush;
        // Events recorded before a job are written before it, so that a pull sees them in order.
        if (due || !jobs.empty() || m_stopping)
            batch.swap(m_batch);
        const bool stopping = m_stopping;
        lock.unlock();
        flush(store, batch);
        for (auto &job : jobs)
            job(store);
        lock.lock();
        if (due)
            nextFlush = std::chrono::steady_clock::now() + std::chrono::milliseconds(m_flushMs);
        if (stopping && m_jobs.empty() && m_batch.empty())
            break;
    }
}

} // namespace hivepost::relay
