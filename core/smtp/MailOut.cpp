#include "smtp/MailOut.h"

#include <QTimer>

#include "smtp/SmtpClient.h"

namespace hivepost::smtp {

MailOut::MailOut(const SmtpSettings &settings, QList<Message> messages, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_messages(std::move(messages)) {}

MailOut::~MailOut() = default;

void MailOut::start() {
    if (m_messages.isEmpty()) {
        QTimer::singleShot(0, this, &MailOut::finish);
        return;
    }
    m_client = new SmtpClient(m_settings, this);
    connect(m_client, &SmtpClient::ready, this, &MailOut::sendNext);
    connect(m_client, &SmtpClient::connectionFailed, this, &MailOut::failRest);
    connect(m_client, &SmtpClient::messageFinished, this, [this](const SmtpResult &r) {
        Q_EMIT messageFinished(m_next - 1, r);
        if (r.connectionProblem && !r.ok()) {
            // The connection is gone or useless: the rest would fail the same way.
            failRest(r);
            return;
        }
        sendNext();
    });
    connect(m_client, &SmtpClient::closed, this, [this] {
        if (m_next < m_messages.size()) {
            SmtpResult lost;
            lost.status = SmtpResult::Status::Transient;
            lost.connectionProblem = true;
            lost.errorString = tr("The server closed the connection.");
            failRest(lost);
        }
        finish();
    });
    m_client->connectToServer();
}

void MailOut::sendNext() {
    if (m_next >= m_messages.size()) {
        m_client->quit(); // closed() follows, then finished()
        return;
    }
    const Message &m = m_messages.at(m_next++);
    m_client->send(m.envelope, m.data);
}

void MailOut::failRest(const SmtpResult &result) {
    while (m_next < m_messages.size())
        Q_EMIT messageFinished(m_next++, result);
    if (m_client)
        m_client->abort();
    QTimer::singleShot(0, this, &MailOut::finish);
}

void MailOut::finish() {
    if (m_finished)
        return;
    m_finished = true;
    Q_EMIT finished();
}

} // namespace hivepost::smtp
