#pragma once

// EngineFixture: what the campaign engine's tests share: a real SQLite database in a temporary
// folder with one imported list ("L") and one template ("T"), accounts pointing at servers on
// 127.0.0.1, a ManualClock, and a loop that runs an engine until it stops.

#include <memory>

#include <QHash>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "campaign/SendEngine.h"
#include "common/Clock.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"

namespace hivepost::test {

class EngineFixture {
protected:
    void init();
    void cleanup();
    void makeDatabase(const QStringList &emails);
    qint64 addAccount(const QString &name, quint16 port, int connections, double perSecond = 0,
                      int perMinute = 0, int perHour = 0, int perDay = 0, const QString &user = {});
    qint64 createCampaign(const QString &name, const storage::CampaignSpec &extra = {});
    // email -> ledger state of every recipient of the campaign.
    QHash<QString, QString> states(qint64 campaignId);
    // Runs until stopped() or the timeout (real time); advances the manual clock by stepMs each turn.
    bool runUntilStopped(campaign::SendEngine &engine, QSignalSpy &stopped, int timeoutMs = 20'000,
                         qint64 stepMs = 0);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<storage::Database> m_db;
    ManualClock m_clock;
    campaign::EngineOptions m_options;
};

} // namespace hivepost::test
