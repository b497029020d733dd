#pragma once

// SignupMailer: mails double opt-in confirmations through the relay's own SMTP account (relay.json
// "smtp"), so they arrive in seconds. A batch goes over one connection; a temporary failure is
// retried after 30 s and 2 min, then the signup is handed to the desktop (a new signup_pending
// event with mailer "desktop") so it still gets its mail; an address the server refuses is given up.
// Signups stored but not mailed when the relay stopped are mailed when it starts again. Lives on
// the relay's main thread; the database through StoreWorker.

#include <functional>

#include <QList>
#include <QObject>
#include <QTimer>

#include "RelayConfig.h"
#include "smtp/SmtpTypes.h"
#include "storage/RelayStore.h"

namespace hivepost::smtp {
class MailOut;
}

namespace hivepost::relay {

class StoreWorker;

class SignupMailer : public QObject {
    Q_OBJECT
public:
    using ConfirmUrl = std::function<QString(qint64 listId, qint64 signupId)>;

    SignupMailer(const RelayConfig &config, StoreWorker &store, ConfirmUrl confirmUrl,
                 QObject *parent = nullptr);
    ~SignupMailer() override;

    bool enabled() const { return m_config.smtp.enabled(); }
    void enqueue(const storage::RelaySignup &signup);
    void resume(); // the relay's unmailed signups of the last two days

    // The signup_pending event the desktop reads: who, for which list, the link, who mails it.
    static storage::TrackingEvent pendingEvent(const storage::RelaySignup &signup, const QString &listName,
                                               const QString &confirmUrl, const QString &relayError = {});

Q_SIGNALS:
    void mailed(qint64 signupId);
    void handedOver(qint64 signupId, const QString &why);

private:
    struct Job {
        storage::RelaySignup signup;
        int attempts = 0;
        qint64 dueMs = 0;
        QString listName; // read when its batch starts
    };
    void kick();
    void done(const Job &job, const smtp::SmtpResult &result);

    RelayConfig m_config;
    StoreWorker &m_store;
    ConfirmUrl m_confirmUrl;
    QList<Job> m_queue;
    QList<Job> m_batch; // in flight
    smtp::MailOut *m_out = nullptr;
    QTimer m_timer;
};

} // namespace hivepost::relay
