#include "SignupMailer.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

#include "StoreWorker.h"
#include "smtp/MailOut.h"
#include "tracking/SignupMail.h"

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

constexpr int MaxAttempts = 3;
constexpr qint64 RetryAfterMs[] = {30'000, 120'000};
constexpr int BatchSize = 50;
constexpr qint64 ResumeWindowMs = 2 * 86'400'000LL;

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

SignupMailer::SignupMailer(const RelayConfig &config, StoreWorker &store, ConfirmUrl confirmUrl,
                           QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_store(store)
    , m_confirmUrl(std::move(confirmUrl)) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SignupMailer::kick);
}

SignupMailer::~SignupMailer() = default;

storage::TrackingEvent SignupMailer::pendingEvent(const storage::RelaySignup &signup, const QString &listName,
                                                  const QString &confirmUrl, const QString &relayError) {
    storage::TrackingEvent e;
    e.kind = u"signup_pending"_s;
    e.at = signup.createdAt;
    e.recipientId = signup.id;
    e.ip = signup.ip;
    QJsonObject d{{u"signup_id"_s, signup.id},      {u"email"_s, signup.email},
                  {u"name"_s, signup.name},         {u"list_id"_s, signup.categoryId},
                  {u"list_name"_s, listName},       {u"confirm_url"_s, confirmUrl},
                  {u"language"_s, signup.language}, {u"mailer"_s, signup.mailer}};
    if (!relayError.isEmpty())
        d.insert(u"relay_error"_s, relayError);
    e.detail = QString::fromUtf8(QJsonDocument(d).toJson(QJsonDocument::Compact));
    return e;
}

void SignupMailer::enqueue(const storage::RelaySignup &signup) {
    m_queue.append({signup, 0, 0, {}});
    kick();
}

void SignupMailer::resume() {
    if (!enabled())
        return;
    auto unmailed = m_store.call(
        [since = nowMs() - ResumeWindowMs](storage::RelayStore &s) { return s.unmailedSignups(since); });
    if (!unmailed) {
        qWarning("hivepost-relay: unmailed signups not read: %s", qPrintable(unmailed.errorString()));
        return;
    }
    for (const storage::RelaySignup &s : std::as_const(unmailed.value()))
        m_queue.append({s, 0, 0, {}});
    kick();
}

void SignupMailer::kick() {
    if (m_out || m_queue.isEmpty())
        return;
    const qint64 now = nowMs();
    qint64 nextDue = 0;
    m_batch.clear();
    for (qsizetype i = 0; i < m_queue.size() && m_batch.size() < BatchSize;) {
        if (m_queue.at(i).dueMs <= now) {
            m_batch.append(m_queue.takeAt(i));
        } else {
            nextDue = nextDue == 0 ? m_queue.at(i).dueMs : std::min(nextDue, m_queue.at(i).dueMs);
            ++i;
        }
    }
    if (m_batch.isEmpty()) {
        m_timer.start(int(std::clamp<qint64>(nextDue - now, 0, 600'000)));
        return;
    }
    auto settings = m_config.smtpSettings();
    // One read of the database for the whole batch: the sender's name and the lists' names.
    const auto [sender, listNames] = m_store.call([](storage::RelayStore &s) {
        QHash<qint64, QString> names;
        for (const storage::RelayCategory &c : s.categories().value_or({}))
            names.insert(c.id, c.name);
        return std::pair{s.setting(u"sender_name"_s).value_or(QString()), names};
    });
    QList<smtp::MailOut::Message> messages;
    for (Job &job : m_batch) {
        job.listName = listNames.value(job.signup.categoryId);
        tracking::SignupMailFields f;
        f.language = job.signup.language;
        f.senderName = m_config.smtp.fromName.isEmpty() ? sender : m_config.smtp.fromName;
        f.fromAddress = m_config.smtp.from;
        f.to = job.signup.email;
        f.name = job.signup.name;
        f.listName = job.listName;
        f.confirmUrl = m_confirmUrl(job.signup.categoryId, job.signup.id);
        smtp::Envelope envelope;
        envelope.from = m_config.smtp.from;
        envelope.recipients = {job.signup.email};
        envelope.requestDsn = false;
        messages.append({envelope, tracking::SignupMail::compose(f)});
    }
    if (!settings) {
        // A broken account: the desktop mails them instead.
        smtp::SmtpResult r;
        r.status = smtp::SmtpResult::Status::Permanent;
        r.connectionProblem = true;
        r.errorString = settings.errorString();
        const QList<Job> batch = std::exchange(m_batch, {});
        for (const Job &job : batch)
            done(job, r);
        return;
    }
    m_out = new smtp::MailOut(settings.value(), messages, this);
    connect(m_out, &smtp::MailOut::messageFinished, this,
            [this](int index, const smtp::SmtpResult &r) { done(m_batch.at(index), r); });
    connect(m_out, &smtp::MailOut::finished, this, [this] {
        m_out->deleteLater();
        m_out = nullptr;
        m_batch.clear();
        QTimer::singleShot(0, this, &SignupMailer::kick);
    });
    m_out->start();
}

void SignupMailer::done(const Job &job, const smtp::SmtpResult &result) {
    const qint64 id = job.signup.id;
    if (result.ok()) {
        if (auto r = m_store.call([&](storage::RelayStore &s) { return s.markMailed(id, nowMs()); }); !r)
            qWarning("hivepost-relay: signup %lld mailed, not noted: %s", id, qPrintable(r.errorString()));
        Q_EMIT mailed(id);
        return;
    }
    const QString why = result.describe();
    const bool transient = result.status != smtp::SmtpResult::Status::Permanent;
    if (transient && job.attempts + 1 < MaxAttempts) {
        Job again = job;
        again.dueMs = nowMs() + RetryAfterMs[job.attempts];
        ++again.attempts;
        m_queue.append(again);
        if (!m_timer.isActive() || m_timer.remainingTime() > RetryAfterMs[job.attempts])
            m_timer.start(int(RetryAfterMs[job.attempts]));
        return;
    }
    // The address itself refused: nobody can mail it. Anything else: the desktop tries.
    const bool giveUp =
        !transient && !result.connectionProblem && result.stage == smtp::SmtpResult::Stage::Rcpt;
    storage::RelaySignup handed = job.signup;
    handed.mailer = u"desktop"_s;
    const storage::TrackingEvent event =
        pendingEvent(handed, job.listName, m_confirmUrl(handed.categoryId, id), why);
    if (auto r = m_store.call([&](storage::RelayStore &s) { return s.handOver(id, why, event, giveUp); }); !r)
        qWarning("hivepost-relay: signup %lld not handed over: %s", id, qPrintable(r.errorString()));
    qWarning("hivepost-relay: the confirmation of signup %lld was not sent (%s)%s", id, qPrintable(why),
             giveUp ? "" : "; the desktop will send it");
    Q_EMIT handedOver(id, why);
}

} // namespace hivepost::relay
