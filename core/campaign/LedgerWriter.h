#pragma once

// LedgerWriter: the engine's writes to the ledger, batched into transactions and committed on a
// thread of their own (with its own connection to the database), so that the thread that talks
// SMTP never waits for a disk flush. A message's final "." waits for the commit that marks it
// (releaseAfterCommit: its release() runs on the caller's thread once that commit is durable);
// outcomes are committed at least every interval. Batches are committed in the order they were
// made. A failed commit is reported once through failed() and nothing more is released.

#include <deque>
#include <functional>

#include <QList>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <QWaitCondition>

#include "common/Clock.h"
#include "storage/LedgerStore.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::campaign {

class LedgerWriter : public QObject {
    Q_OBJECT
public:
    LedgerWriter(const storage::Database &db, const Clock &clock, int intervalMs, QObject *parent = nullptr);
    ~LedgerWriter() override; // commits what is left

    void releaseAfterCommit(qint64 recipientId, qint64 accountId, std::function<void()> release);
    void record(const storage::RecipientOutcome &outcome);
    // Commits everything so far and waits for it (for a campaign's end, not for each message);
    // false after a database error.
    bool flush();

Q_SIGNALS:
    void failed(const QString &why);

private:
    struct Batch {
        QList<storage::RecipientOutcome> outcomes;
        QList<storage::DataSentMark> dataSent;
        QList<std::function<void()>> releases;
        qint64 nowMs = 0;
    };
    void submit();
    void run(const QString &path);

    const Clock &m_clock;
    QTimer m_soon;
    QTimer m_interval;
    Batch m_pending;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_work;
    QWaitCondition m_done;
    std::deque<Batch> m_queue; // guarded by m_mutex, like the three below
    bool m_busy = false;
    bool m_opened = false;
    bool m_stop = false;
    QString m_error;
    bool m_reported = false;
};

} // namespace hivepost::campaign
