#include "campaign/LedgerWriter.h"

namespace hivepost::campaign {

LedgerWriter::LedgerWriter(storage::LedgerStore &ledger, const Clock &clock, int intervalMs, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
    , m_clock(clock) {
    m_soon.setSingleShot(true);
    m_soon.setInterval(0);
    m_interval.setSingleShot(true);
    m_interval.setInterval(intervalMs);
    connect(&m_soon, &QTimer::timeout, this, &LedgerWriter::flush);
    connect(&m_interval, &QTimer::timeout, this, &LedgerWriter::flush);
}

void LedgerWriter::releaseAfterCommit(qint64 recipientId, std::function<void()> release) {
    m_dataSent.append(recipientId);
    m_releases.append(std::move(release));
    if (!m_soon.isActive())
        m_soon.start();
}

void LedgerWriter::record(const storage::RecipientOutcome &outcome) {
    m_outcomes.append(outcome);
    if (!m_interval.isActive())
        m_interval.start();
}

bool LedgerWriter::flush() {
    m_soon.stop();
    m_interval.stop();
    if (m_broken)
        return false;
    if (idle())
        return true;
    const QList<storage::RecipientOutcome> outcomes = std::exchange(m_outcomes, {});
    const QList<qint64> dataSent = std::exchange(m_dataSent, {});
    const QList<std::function<void()>> releases = std::exchange(m_releases, {});
    if (auto r = m_ledger.record(outcomes, m_clock.nowMs(), dataSent); !r) {
        m_broken = true;
        Q_EMIT failed(r.errorString());
        return false;
    }
    for (const auto &release : releases)
        release();
    return true;
}

} // namespace hivepost::campaign
