#pragma once

// LedgerWriter: the engine's writes to the ledger, batched into transactions. A message's final "."
// waits for the commit that marks it (releaseAfterCommit: committed at the next turn of the event
// loop, together with whatever else is due); outcomes are committed at least every interval. A
// failed commit is reported once through failed() and nothing is released.

#include <functional>

#include <QList>
#include <QObject>
#include <QTimer>

#include "common/Clock.h"
#include "storage/LedgerStore.h"

namespace hivepost::campaign {

class LedgerWriter : public QObject {
    Q_OBJECT
public:
    LedgerWriter(storage::LedgerStore &ledger, const Clock &clock, int intervalMs, QObject *parent = nullptr);

    // The final "." of recipient may go once this is durable; release() is then called.
    void releaseAfterCommit(qint64 recipientId, std::function<void()> release);
    void record(const storage::RecipientOutcome &outcome);
    bool flush(); // commits now; false after a database error
    bool idle() const { return m_outcomes.isEmpty() && m_dataSent.isEmpty(); }

Q_SIGNALS:
    void failed(const QString &why);

private:
    storage::LedgerStore &m_ledger;
    const Clock &m_clock;
    QTimer m_soon;
    QTimer m_interval;
    QList<storage::RecipientOutcome> m_outcomes;
    QList<qint64> m_dataSent;
    QList<std::function<void()>> m_releases;
    bool m_broken = false;
};

} // namespace hivepost::campaign
