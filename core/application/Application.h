#pragma once

// Application: the long-lived work of one Hivepost process, whatever its front end. Each composition
// root (the window, the CLI, a test, later a headless worker) creates one with the database, a
// clock, a secret store and (in its options) a transport factory, none of which it owns; it owns
// the send engine, the campaign scheduler, the
// bounce mailbox poll schedule and the after-send processing (ledger refusals -> bounce log -> suppression),
// and says what happened by signals that pages and commands observe. Pages never own any of it.
//
// Refusals are processed after every campaign stop (completed, deferred-only, paused, cancelled,
// failed) and when the Application is destroyed, so a permanently refused address is suppressed
// before the next campaign, whether or not anyone looks at the bounce log. Lives on the thread that
// created it (the GUI or the CLI's main thread); never blocks it.

#include <memory>

#include <QObject>
#include <QStringList>
#include <QTimer>

#include "bounce/BounceProcessor.h"
#include "campaign/DkimKeys.h"
#include "campaign/SendEngine.h"
#include "common/Clock.h"
#include "common/Result.h"
#include "mailbox/MailboxPoller.h"
#include "report/ReportService.h"
#include "storage/TrackingStore.h"
#include "tracking/RelayClient.h"

namespace hivepost::storage {
class Database;
}
namespace hivepost::secrets {
class SecretStore;
}
namespace hivepost::smtp {
class TransportFactory;
}

namespace hivepost::application {

struct ApplicationOptions {
    campaign::EngineOptions engine;
    int pollMinutes = 0;          // every mailbox this often (0: only when asked)
    int trackingPullMinutes = 0;  // every relay's events this often (0: only when asked)
    bool startScheduled = false;  // take up scheduled campaigns that no other process sends
    bool moveSecrets = false;     // at start, move DKIM keys an older Hivepost kept in the database
    bounce::BouncePolicy bounces; // what a refusal or a returned e-mail does to an address
    smtp::TransportFactory *transports = nullptr; // the connections the engine opens; null: SMTP
};

class Application : public QObject {
    Q_OBJECT
public:
    Application(storage::Database &db, const Clock &clock, secrets::SecretStore &secrets,
                ApplicationOptions options = {}, QObject *parent = nullptr);
    ~Application() override; // processes what the last runs refused

    storage::Database &database() { return m_db; }
    const Clock &clock() const { return m_clock; }
    secrets::SecretStore &secrets() { return m_secrets; }
    // Reports, read off this thread (the Reports page's numbers).
    report::ReportService &reports() { return *m_reports; }

    // Campaigns. start() resumes a paused or interrupted one, or waits for a scheduled one's time.
    // An error when it cannot start; when the From domain's DKIM key must first be read from the
    // secret store, it starts once the key is read, and campaignStartFailed() says why it did not.
    Result<void> startCampaign(const QString &name);
    void pauseCampaign(qint64 campaignId);
    void cancelCampaign(qint64 campaignId);
    void pauseAll();
    bool hasRunningCampaigns() const;
    bool isRunning(qint64 campaignId) const;
    QList<qint64> runningCampaigns() const;
    // The live progress of a campaign running here, or what this process last saw of it.
    campaign::CampaignProgress progress(qint64 campaignId) const;
    // Scheduled campaigns not yet taken up here nor sent by another process go to the engine,
    // which waits for their time. Returns how many were taken up.
    int startScheduled();

    // After-send processing: the ledgers' refusals not yet in the bounce log are logged and acted on.
    Result<bounce::ProcessSummary> processRefusals();
    // Puts back what a logged bounce changed.
    Result<bool> undoBounce(qint64 bounceId);

    // Bounce mailboxes. A round polls each in turn; poll() and test() one. One at a time: a
    // request while another runs is queued (polls) or refused (tests: false).
    void setPollMinutes(int minutes); // 0: no schedule
    int pollMinutes() const { return m_options.pollMinutes; }
    qint64 nextPollAtMs() const { return m_nextPollAt; } // 0: none scheduled
    void pollAll();
    void poll(const QString &mailboxName);
    bool testMailbox(const QString &mailboxName);
    bool isPolling() const { return m_poller != nullptr; }

    // Tracking: events pulled from every relay (or one), imported once each; unsubscribes,
    // preference changes and confirmed signups take effect at once. One pull at a time; a request
    // while one runs is queued.
    void pullTracking(const QString &relayName = {});
    bool isPullingTracking() const { return m_pulling; }
    void setTrackingPullMinutes(int minutes); // 0: no schedule
    int trackingPullMinutes() const { return m_options.trackingPullMinutes; }
    // The relay's categories (the lists, and which offer a signup form) and the sender's name.
    void publishRelaySettings(const QString &relayName);
    // Relays: added once the relay takes the admin key (its keys then go to the secret store);
    // tested (a rotated signing key is taken up); removed with their keys.
    // keyEnv: where the admin key came from (the CLI's variable name), for the record.
    void addRelay(const QString &name, const QString &url, const QString &adminKey,
                  const QString &keyEnv = {});
    void testRelay(const QString &name);
    Result<void> removeRelay(const QString &name);

    // Re-reads the clock: the engine sends what may go now, and a poll round that is due starts.
    void wake();

Q_SIGNALS:
    void campaignProgress(qint64 campaignId);
    void campaignStartFailed(const QString &campaign, const QString &why);
    void campaignStopped(qint64 campaignId, hivepost::campaign::StopReason reason, const QString &why);
    // After a stop's refusals were processed (also when there were none).
    void refusalsProcessed(const hivepost::bounce::ProcessSummary &summary);
    // The bounce log, the suppression list or a contact's status may have changed.
    void bouncesChanged();
    void pollStarted(const QString &mailbox);
    void pollFinished(const QString &mailbox, const hivepost::Result<hivepost::mailbox::PollReport> &report);
    void pollRoundFinished(); // every mailbox of a round was polled
    void mailboxTested(const QString &mailbox, const hivepost::Result<int> &newMessages);
    void warning(const QString &text); // work that failed in the background, in words
    void trackingPulled(const QString &relay,
                        const hivepost::Result<hivepost::storage::TrackingImport> &result);
    // Confirmations of pending signups that this desktop mailed after a pull (the relays without
    // an SMTP account of their own); also when there were none.
    void signupConfirmationsSent(int sent, int failed);
    void trackingPullFinished(); // every relay of a pull was asked, its confirmations mailed
    void trackingChanged();      // new opens, clicks, unsubscribes or signups are in the database
    void relaySettingsPublished(const QString &relay, const hivepost::Result<void> &result);
    void relayAdded(const QString &relay, const hivepost::Result<hivepost::tracking::RelayCheck> &result);
    // The relay answered with the admin key (Auth when it refused it), and the signing key in use.
    void relayTested(const QString &relay, const hivepost::Result<hivepost::tracking::RelayCheck> &result);
    void relaysChanged();

private:
    void onStopped(qint64 campaignId, campaign::StopReason reason, const QString &why);
    void startNextPoll();
    Result<void> startNow(const QString &name);
    void schedulePollTimer();
    // Reads the relay's keys, publishes the campaign's links, then hands the engine its tracking.
    void prepareRelay(const storage::CampaignInfo &info, std::function<void(const Result<void> &)> done);
    void withRelaySecret(const storage::Relay &relay,
                         std::function<void(const Result<tracking::RelaySecret> &)> done);
    void startNextPull();
    // Mails the confirmations that pulls brought (ApplicationSignups.cpp), then done().
    void sendSignupConfirmations(std::function<void()> done);
    Result<QList<storage::RelayCategory>> relayCategories(const QString &relayName) const;

    storage::Database &m_db;
    const Clock &m_clock;
    secrets::SecretStore &m_secrets;
    ApplicationOptions m_options;
    std::unique_ptr<campaign::SendEngine> m_engine;
    std::unique_ptr<report::ReportService> m_reports;
    campaign::DkimKeys *m_dkim;
    mailbox::MailboxPoller *m_poller = nullptr; // the poll or test under way
    QStringList m_pollQueue;
    bool m_roundOpen = false;
    qint64 m_nextPollAt = 0;
    std::unique_ptr<ClockTimer> m_pollTimer; // the next round is due, by the clock
    bool m_refusalsPending = false;
    QStringList m_pullQueue;
    bool m_pullOpen = false;
    tracking::RelayPull *m_pull = nullptr;
    bool m_pulling = false;
    qint64 m_nextPullAt = 0;
    bool m_confirming = false;
    QHash<qint64, tracking::RelaySecret> m_relaySecrets; // by relay id, read once per process
};

} // namespace hivepost::application

Q_DECLARE_METATYPE(hivepost::bounce::ProcessSummary)
Q_DECLARE_METATYPE(hivepost::Result<hivepost::storage::TrackingImport>)
