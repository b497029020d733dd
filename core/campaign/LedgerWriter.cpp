#include "campaign/LedgerWriter.h"

#include "storage/Database.h"

namespace hivepost::campaign {

LedgerWriter::LedgerWriter(const storage::Database &db, const Clock &clock, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_clock(clock) {
    m_soon.setSingleShot(true);
    m_soon.setInterval(0);
    m_interval.setSingleShot(true);
    m_interval.setInterval(intervalMs);
    connect(&m_soon, &QTimer::timeout, this, &LedgerWriter::submit);
    connect(&m_interval, &QTimer::timeout, this, &LedgerWriter::submit);
    const QString path = db.path();
    m_thread = QThread::create([this, path] { run(path); });
    m_thread->setObjectName(QStringLiteral("ledger writer"));
    m_thread->start();
    // Its connection is opened before anything else reads or writes: opening one (probing the file,
    // checking the journal mode) beside a busy connection can fail with "database is locked".
    QMutexLocker lock(&m_mutex);
    while (!m_opened)
        m_done.wait(&m_mutex);
}

LedgerWriter::~LedgerWriter() {
    submit();
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_work.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
}

void LedgerWriter::releaseAfterCommit(qint64 recipientId, qint64 accountId, std::function<void()> release) {
    m_pending.dataSent.append(storage::DataSentMark(recipientId, accountId));
    m_pending.releases.append(std::move(release));
    if (!m_soon.isActive())
        m_soon.start();
}

void LedgerWriter::record(const storage::RecipientOutcome &outcome) {
    m_pending.outcomes.append(outcome);
    if (!m_interval.isActive())
        m_interval.start();
}

void LedgerWriter::submit() {
    m_soon.stop();
    m_interval.stop();
    if (m_pending.outcomes.isEmpty() && m_pending.dataSent.isEmpty())
        return;
    m_pending.nowMs = m_clock.nowMs();
    QMutexLocker lock(&m_mutex);
    m_queue.push_back(std::exchange(m_pending, {}));
    m_work.wakeOne();
}

bool LedgerWriter::flush() {
    submit();
    QMutexLocker lock(&m_mutex);
    while (!m_queue.empty() || m_busy)
        m_done.wait(&m_mutex);
    return m_error.isEmpty();
}

void LedgerWriter::run(const QString &path) {
    auto db = storage::Database::open(path);
    std::unique_ptr<storage::LedgerStore> ledger;
    if (db)
        ledger = std::make_unique<storage::LedgerStore>(*db.value());
    {
        QMutexLocker lock(&m_mutex);
        m_opened = true;
        m_done.wakeAll();
    }
    for (;;) {
        Batch batch;
        QString prior;
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stop)
                m_work.wait(&m_mutex);
            if (m_queue.empty())
                break;
            // Group commit: everything that queued up during the last disk flush goes in one.
            batch = std::move(m_queue.front());
            m_queue.pop_front();
            while (!m_queue.empty()) {
                Batch &next = m_queue.front();
                batch.outcomes += next.outcomes;
                batch.dataSent += next.dataSent;
                batch.releases += next.releases;
                batch.nowMs = next.nowMs;
                m_queue.pop_front();
            }
            m_busy = true;
            prior = m_error;
        }
        QString error;
        if (!db)
            error = db.errorString();
        else if (!prior.isEmpty())
            error = prior; // after one failure nothing more is written or released
        else if (auto r = ledger->record(batch.outcomes, batch.nowMs, batch.dataSent); !r)
            error = r.errorString();
        {
            QMutexLocker lock(&m_mutex);
            m_busy = false;
            if (!error.isEmpty() && m_error.isEmpty())
                m_error = error;
            m_done.wakeAll();
        }
        // Back on the engine's thread: release the final "."s, or report the failure once.
        QMetaObject::invokeMethod(
            this,
            [this, releases = std::move(batch.releases), error] {
                if (error.isEmpty()) {
                    for (const auto &release : releases)
                        release();
                } else if (!std::exchange(m_reported, true)) {
                    Q_EMIT failed(error);
                }
            },
            Qt::QueuedConnection);
    }
    ledger.reset();
    if (db)
        db.value().reset();
}

} // namespace hivepost::campaign
