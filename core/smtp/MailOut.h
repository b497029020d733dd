#pragma once

// MailOut: a few single messages (signup confirmations) over one SMTP connection: connect, send
// each in turn, quit. Exactly one messageFinished() per message, in order (every message not yet
// sent gets the connection's failure when the connection fails), then finished() once. Owns its
// SmtpClient; lives on the thread that created it.

#include <QList>
#include <QObject>
#include <QPointer>

#include "smtp/MessageTransport.h" // SmtpResult as a metatype

namespace hivepost::smtp {

class SmtpClient;

class MailOut : public QObject {
    Q_OBJECT
public:
    struct Message {
        Envelope envelope;
        QByteArray data; // CRLF line endings
    };

    MailOut(const SmtpSettings &settings, QList<Message> messages, QObject *parent = nullptr);
    ~MailOut() override;

    void start();
    qsizetype size() const { return m_messages.size(); }

Q_SIGNALS:
    void messageFinished(int index, const hivepost::smtp::SmtpResult &result);
    void finished();

private:
    void sendNext();
    void failRest(const SmtpResult &result);
    void finish();

    SmtpSettings m_settings;
    QList<Message> m_messages;
    QPointer<SmtpClient> m_client;
    int m_next = 0;
    bool m_finished = false;
};

} // namespace hivepost::smtp
