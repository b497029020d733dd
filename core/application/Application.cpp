#include "application/Application.h"

#include <algorithm>

#include "campaign/CampaignMessages.h"
#include "secrets/SecretStore.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/MailboxStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::application {

Application::Application(storage::Database &db, const Clock &clock, secrets::SecretStore &secrets,
                         ApplicationOptions options, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_secrets(secrets)
    , m_options(options)
    , m_engine(std::make_unique<campaign::SendEngine>(db, clock, options.engine))
    , m_reports(std::make_unique<report::ReportService>(db.path()))
    , m_dkim(new campaign::DkimKeys(db, secrets, this))
    , m_pollTimer(clock.createTimer()) {
    m_engine->setSecretStore(&m_secrets);
    m_engine->setTransportFactory(m_options.transports);
    qRegisterMetaType<bounce::ProcessSummary>();
    connect(m_engine.get(), &campaign::SendEngine::progressChanged, this, &Application::campaignProgress);
    connect(m_engine.get(), &campaign::SendEngine::stopped, this, &Application::onStopped);
    connect(m_pollTimer.get(), &ClockTimer::timeout, this, &Application::wake);
    setPollMinutes(m_options.pollMinutes);
    setTrackingPullMinutes(m_options.trackingPullMinutes);
    if (m_options.startScheduled)
        QTimer::singleShot(0, this, [this] { startScheduled(); });
    if (m_options.moveSecrets) {
        m_dkim->moveAll([this](const Result<int> &moved) {
            if (!moved)
                Q_EMIT warning(tr("The DKIM keys could not all be moved to %1; they still sign from the "
                                  "database: %2")
                                   .arg(m_secrets.description(), moved.errorString()));
        });
    }
}

Application::~Application() {
    // Messages in flight are lost to the engine's destructor as "unknown" at worst; what the runs
    // refused so far still reaches the bounce log now, not at the next start.
    m_engine.reset();
    if (m_refusalsPending)
        (void)bounce::BounceProcessor(m_db, m_options.bounces).processLedger(m_clock.nowMs());
}

Result<void> Application::startCampaign(const QString &name) {
    // The campaign's row only: the engine reads it with its counts when it starts.
    auto info = storage::CampaignStore(m_db).byName(name, storage::CampaignDetail::Row);
    if (!info)
        return info.error();
    const QString domain = campaign::CampaignMessages::signingDomain(m_db, info->fromAddress);
    auto key = storage::TemplateStore(m_db).dkimKey(domain);
    if (!key)
        return key.error();
    if (m_engine->isRunning(info->id) || !key->has_value() || !key->value().inSecretStore() ||
        m_engine->hasDkimKey(domain))
        return startNow(name);
    // The key is read once per process, then the campaign starts as usual.
    m_dkim->fetch(domain, [this, name, domain](const Result<QByteArray> &pem) {
        if (!pem) {
            Q_EMIT campaignStartFailed(name, pem.errorString());
            return;
        }
        m_engine->setDkimKey(domain, pem.value());
        if (auto started = startNow(name); !started)
            Q_EMIT campaignStartFailed(name, started.errorString());
    });
    return {};
}

Result<void> Application::startNow(const QString &name) {
    auto info = storage::CampaignStore(m_db).byName(name, storage::CampaignDetail::Row);
    if (!info)
        return info.error();
    if (info->relayId > 0 && !m_engine->isRunning(info->id)) {
        // The relay must know the campaign's links before the first message goes.
        prepareRelay(info.value(), [this, name](const Result<void> &prepared) {
            if (!prepared) {
                Q_EMIT campaignStartFailed(name, prepared.errorString());
                return;
            }
            auto started = m_engine->start(name);
            if (started)
                m_refusalsPending = true;
            else
                Q_EMIT campaignStartFailed(name, started.errorString());
        });
        return {};
    }
    auto started = m_engine->start(name);
    if (started)
        m_refusalsPending = true;
    return started;
}

void Application::pauseCampaign(qint64 campaignId) {
    if (m_engine->isRunning(campaignId))
        m_engine->pause(campaignId);
}

void Application::cancelCampaign(qint64 campaignId) {
    m_engine->cancel(campaignId);
}

void Application::pauseAll() {
    m_engine->pauseAll();
}

bool Application::hasRunningCampaigns() const {
    return !m_engine->runningCampaigns().isEmpty();
}

bool Application::isRunning(qint64 campaignId) const {
    return m_engine->isRunning(campaignId);
}

QList<qint64> Application::runningCampaigns() const {
    return m_engine->runningCampaigns();
}

campaign::CampaignProgress Application::progress(qint64 campaignId) const {
    return m_engine->progress(campaignId);
}

int Application::startScheduled() {
    storage::CampaignStore campaigns(m_db);
    auto list = campaigns.list(storage::CampaignDetail::Row); // no counts at start-up
    if (!list) {
        Q_EMIT warning(list.errorString());
        return 0;
    }
    int taken = 0;
    for (const storage::CampaignInfo &c : std::as_const(list.value())) {
        if (c.state != u"scheduled"_s || m_engine->isRunning(c.id))
            continue;
        if (auto runner = campaigns.runner(c.id); !runner || !runner->isEmpty())
            continue; // another process has it (a dead one's claim is taken over on a manual start)
        if (auto started = startCampaign(c.name); !started)
            Q_EMIT warning(started.errorString());
        else
            ++taken;
    }
    return taken;
}

void Application::onStopped(qint64 campaignId, campaign::StopReason reason, const QString &why) {
    // First the refusals, so that whoever reacts to the stop already sees them suppressed.
    auto summary = processRefusals();
    Q_EMIT campaignStopped(campaignId, reason, why);
    if (summary)
        Q_EMIT refusalsProcessed(summary.value());
}

Result<bounce::ProcessSummary> Application::processRefusals() {
    auto done = bounce::BounceProcessor(m_db, m_options.bounces).processLedger(m_clock.nowMs());
    if (!done) {
        Q_EMIT warning(tr("The campaign's refusals were not logged as bounces: %1").arg(done.errorString()));
        return done;
    }
    m_refusalsPending = hasRunningCampaigns();
    if (done->bounces + done->complaints + done->unsubscribes + done->suppressed > 0)
        Q_EMIT bouncesChanged();
    return done;
}

Result<bool> Application::undoBounce(qint64 bounceId) {
    auto done = bounce::BounceProcessor(m_db, m_options.bounces).undo(bounceId, m_clock.nowMs());
    if (done)
        Q_EMIT bouncesChanged();
    return done;
}

void Application::setPollMinutes(int minutes) {
    m_options.pollMinutes = std::max(0, minutes);
    m_nextPollAt = m_options.pollMinutes > 0 ? m_clock.nowMs() + qint64(m_options.pollMinutes) * 60'000 : 0;
    schedulePollTimer();
}

void Application::schedulePollTimer() {
    m_pollTimer->stop();
    qint64 next = m_nextPollAt;
    if (m_nextPullAt > 0 && (next == 0 || m_nextPullAt < next))
        next = m_nextPullAt;
    if (next > 0)
        m_pollTimer->start(std::max<qint64>(0, next - m_clock.nowMs()));
}

void Application::wake() {
    m_engine->wake();
    if (m_nextPollAt > 0 && m_clock.nowMs() >= m_nextPollAt) {
        m_nextPollAt = m_clock.nowMs() + qint64(m_options.pollMinutes) * 60'000;
        pollAll();
    }
    if (m_nextPullAt > 0 && m_clock.nowMs() >= m_nextPullAt) {
        m_nextPullAt = m_clock.nowMs() + qint64(m_options.trackingPullMinutes) * 60'000;
        pullTracking();
    }
    schedulePollTimer();
}

void Application::pollAll() {
    if (m_roundOpen)
        return; // a round is on
    auto list = storage::MailboxStore(m_db).list();
    if (!list) {
        Q_EMIT warning(list.errorString());
        return;
    }
    for (const storage::MailboxConfig &m : std::as_const(list.value()))
        if (!m_pollQueue.contains(m.name))
            m_pollQueue << m.name;
    m_roundOpen = true;
    startNextPoll();
}

void Application::poll(const QString &mailboxName) {
    if (!m_pollQueue.contains(mailboxName))
        m_pollQueue << mailboxName;
    startNextPoll();
}

bool Application::testMailbox(const QString &mailboxName) {
    if (m_poller)
        return false;
    m_poller = new mailbox::MailboxPoller(m_db, this);
    connect(m_poller, &mailbox::MailboxPoller::tested, this, [this, mailboxName](const Result<int> &r) {
        m_poller->deleteLater();
        m_poller = nullptr;
        Q_EMIT mailboxTested(mailboxName, r);
        startNextPoll();
    });
    m_poller->test(mailboxName);
    return true;
}

void Application::startNextPoll() {
    if (m_poller)
        return; // the next starts when this one is done
    if (m_pollQueue.isEmpty()) {
        if (m_roundOpen) {
            m_roundOpen = false;
            Q_EMIT pollRoundFinished();
        }
        return;
    }
    const QString name = m_pollQueue.takeFirst();
    m_poller = new mailbox::MailboxPoller(m_db, this);
    connect(m_poller, &mailbox::MailboxPoller::finished, this,
            [this, name](const Result<mailbox::PollReport> &r) {
                m_poller->deleteLater();
                m_poller = nullptr;
                Q_EMIT pollFinished(name, r);
                if (r)
                    Q_EMIT bouncesChanged();
                // Queued, so a slot that reacts to this one may ask for another first.
                QTimer::singleShot(0, this, &Application::startNextPoll);
            });
    Q_EMIT pollStarted(name);
    m_poller->poll(name);
}

} // namespace hivepost::application
