#pragma once

// SendEngine: sends campaigns through their SMTP accounts on the Qt event loop, never faster than
// the accounts' limits (per second, minute, hour and day, shared by every campaign that uses an
// account), the campaign's own speed limit and its per-domain limits, and never blocking.
//
// Each recipient is claimed ("sending", durable) before any connection sees it; the final "." of
// its message is written only after the ledger says so (LedgerWriter), and outcomes are committed
// in batches. A connection or account fault sends the message again through another connection
// or account; a 4xx to the recipient defers it with growing delays; an account that cannot sign
// in or keeps failing is paused and the campaign goes on with the others. Many campaigns may run
// at once. Reads time from an injected Clock: with a ManualClock, advance it and call wake().
//
// Exactly one stopped() per start(): when every recipient is final (Completed), when only deferred
// recipients wait and stopWhenOnlyDeferred is set (DeferredOnly), on pause, cancel, or an error.

#include <deque>
#include <memory>

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include "campaign/CampaignProgress.h"
#include "campaign/DeliveryPolicy.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "smtp/SmtpTypes.h"
#include "storage/CampaignStore.h"
#include "template/MessageComposer.h"

namespace hivepost::smtp {
class MessageTransport;
class TransportFactory;
} // namespace hivepost::smtp
namespace hivepost::secrets {
class SecretStore;
}

namespace hivepost::storage {
class Database;
class LedgerStore;
struct Account;
} // namespace hivepost::storage

namespace hivepost::campaign {

class LedgerWriter;

struct EngineOptions {
    RetrySchedule retry;
    int claimBatch = 256;          // recipients claimed from the ledger at a time, per campaign
    int flushIntervalMs = 100;     // outcomes are committed at least this often
    int maxConnectionFailures = 5; // in a row, before an account is paused
    qint64 backoffMs = 30'000;     // after a connection failure; doubles, at most maxBackoffMs
    qint64 maxBackoffMs = 10 * 60'000;
    int idleConnectionMs = 15'000; // an idle connection is closed after this
    bool stopWhenOnlyDeferred = false;
    bool resendUnknown = false; // on start, send again to recipients whose outcome is unknown
    smtp::Timeouts timeouts;    // of every account's SMTP commands (RFC 5321 4.5.3.2 by default)
};

class SendEngine : public QObject {
    Q_OBJECT
public:
    using StopReason = campaign::StopReason;

    SendEngine(storage::Database &db, const Clock &clock, const EngineOptions &options = {},
               QObject *parent = nullptr);
    ~SendEngine() override;

    // Starts (or resumes) a campaign: recovers what a crash left, then sends, or waits for its start
    // time. An error when it cannot start (then no stopped() follows).
    Result<void> start(const QString &campaignName);
    void pause(qint64 campaignId); // finishes messages in flight, then stopped(Paused)
    void cancel(qint64 campaignId);
    void pauseAll();

    bool isRunning(qint64 campaignId) const;
    CampaignProgress progress(qint64 campaignId) const;
    QList<qint64> runningCampaigns() const;

    // Re-reads the clock and sends whatever may go now.
    void wake();

    // The secret of an account whose secret reference is "keychain" or "session", for this run.
    void setAccountSecret(qint64 accountId, const QString &secret);
    // Where "keychain" account secrets are read from (the application's secret store); not owned.
    void setSecretStore(secrets::SecretStore *store);
    // A sending domain's DKIM key as read from the secret store (campaign::DkimKeys), for start().
    void setDkimKey(const QString &domain, const QByteArray &pem);
    bool hasDkimKey(const QString &domain) const { return m_dkimPems.contains(domain.toLower()); }
    // How a campaign with a relay is tracked (its signing key, which tracking is on); set before
    // start() by whoever published the campaign's links to the relay.
    void setRelayTracking(qint64 campaignId, const templating::RelayTracking &tracking);
    // What makes the connections (SMTP by default); not owned. Set before the first start().
    void setTransportFactory(smtp::TransportFactory *factory);

Q_SIGNALS:
    void progressChanged(qint64 campaignId);
    void stopped(qint64 campaignId, hivepost::campaign::StopReason reason, const QString &why);

private:
    struct Job;
    struct Connection;
    struct AccountSlot;
    struct Run;

    Run *runFor(qint64 campaignId) const;
    AccountSlot *slotFor(qint64 accountId) const;
    Connection *connectionOf(const smtp::MessageTransport *client) const;
    void loadAccount(const storage::Account &account);
    void schedulePump(qint64 delayMs = 0);
    void pump();
    void pumpOnce(qint64 &wakeIn);
    bool refill(Run &run);
    // asNext: the connection's next message, pipelined with the current one's final "." (offerNext).
    bool feed(AccountSlot &slot, Connection &conn, qint64 now, qint64 &wakeIn, bool asNext = false);
    void send(AccountSlot &slot, Connection &conn, Run &run, Job job, qint64 now, bool asNext);
    void requestMark(AccountSlot &slot, Connection &conn);
    void offerNext(Connection &conn);
    void releaseDataEnd(Connection &conn);
    void composeAhead(Run &run);
    void openConnection(AccountSlot &slot);
    void onMessageFinished(AccountSlot &slot, Connection &conn, const smtp::SmtpResult &result);
    void onConnectionFailed(AccountSlot &slot, const smtp::SmtpResult &result);
    void throttledAgain(AccountSlot &slot, const smtp::SmtpResult &result, bool connectionRefused);
    void accountFailure(AccountSlot &slot, const smtp::SmtpResult &result, bool pause);
    void pauseAccount(AccountSlot &slot, const QString &why);
    void slowDown(AccountSlot &slot, Run *run, const QString &domain);
    void onTick();
    void pollExternalState();
    void checkRuns();
    void finishRun(qint64 campaignId, StopReason reason, const QString &why);
    void fatal(const QString &why); // a database error: every run stops (queued)
    void failAll(const QString &why);
    template <typename T>
    bool stored(const Result<T> &r) {
        if (!r)
            fatal(r.errorString());
        return r.ok();
    }
    void noteError(Run &run, const QString &text);
    void emitProgressSoon(qint64 campaignId);
    CampaignProgress snapshot(const Run &run, const QString &state, const QString &why) const;

    // Its own connection: a statement left open on a shared one (a view's query) would hold an old
    // snapshot, and writes from it would fail while the ledger writer commits.
    std::unique_ptr<storage::Database> m_own;
    storage::Database &m_db;
    const Clock &m_clock;
    EngineOptions m_options;
    std::unique_ptr<storage::LedgerStore> m_ledger;
    std::unique_ptr<LedgerWriter> m_writer;
    std::vector<std::unique_ptr<AccountSlot>> m_accounts;
    std::vector<std::unique_ptr<Run>> m_runs;
    QHash<qint64, CampaignProgress> m_lastProgress; // of campaigns that stopped
    QHash<qint64, QString> m_secrets;
    secrets::SecretStore *m_secretStore = nullptr;
    smtp::TransportFactory *m_transports;
    QHash<QString, QByteArray> m_dkimPems;                    // by lower-case domain
    QHash<qint64, templating::RelayTracking> m_relayTracking; // by campaign
    std::unique_ptr<ClockTimer> m_pumpTimer;                  // the next send is due by the engine's clock
    QTimer m_tick; // once a second: pause/cancel from another process, idle connections, ramp-up
    QTimer m_progressTimer;
    QSet<qint64> m_progressDirty;
    bool m_pumping = false;
    bool m_pumpAgain = false;
    int m_nextRun = 0;
    QString m_fatal;
};

} // namespace hivepost::campaign
