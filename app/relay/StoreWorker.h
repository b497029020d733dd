#pragma once

// StoreWorker: the one thread that owns the relay's database. The HTTP side hands it opens
// and clicks to write in batches (one transaction every flush interval, so at most that much is
// lost to a kill -9), and call() everything that must be durable before the response (an
// unsubscribe, a preference change, a signup), which waits for the commit.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include <QString>

#include "common/Result.h"
#include "storage/RelayStore.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::relay {

class StoreWorker {
public:
    StoreWorker(QString databasePath, int flushMs);
    ~StoreWorker();

    Result<void> start(); // opens (and migrates) the database on the worker thread
    void stop();          // writes what is queued, then closes

    void record(storage::TrackingEvent event);

    template <typename F>
    auto call(F f) -> decltype(f(std::declval<storage::RelayStore &>())) {
        using R = decltype(f(std::declval<storage::RelayStore &>()));
        auto task = std::make_shared<std::packaged_task<R(storage::RelayStore &)>>(std::move(f));
        std::future<R> result = task->get_future();
        post([task](storage::RelayStore &store) { (*task)(store); });
        return result.get();
    }

    qint64 queued() const;

private:
    void post(std::function<void(storage::RelayStore &)> job);
    void run(std::promise<Result<void>> opened);
    void flush(storage::RelayStore &store, std::deque<storage::TrackingEvent> &batch);

    QString m_path;
    int m_flushMs;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void(storage::RelayStore &)>> m_jobs;
    std::deque<storage::TrackingEvent> m_batch;
    bool m_stopping = false;
    bool m_running = false;
};

} // namespace hivepost::relay
