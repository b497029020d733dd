#pragma once

// FakeSmtpServer: an SMTP server on 127.0.0.1, port 0, in the test's own thread, for the faults a
// real server will not produce on demand. Any number of connections; what it answers depends on
// the recipient's local part:
//   defer...     451 4.7.1 to RCPT, every time          reject...   550 5.1.1 to RCPT
//   deferonce... 451 the first time, then accepted      slow...     450 4.7.1 "rate limited" to RCPT
//   cutonce...   the connection is closed at DATA, the first time (before any data)
//   lost...      the connection is closed after the final ".", without a reply (the data arrived)
// everything else is accepted with 250. Accepted messages are kept with their envelope. With a
// password set, AUTH PLAIN is offered and required. maxConnections: more at once get "421 too
// many connections".

#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>

namespace hivepost::test {

struct ReceivedMessage {
    QString from;
    QString to;
    QByteArray data;
    qint64 receivedAtMs = 0; // QDateTime::currentMSecsSinceEpoch()
};

class FakeSmtpServer : public QTcpServer {
    Q_OBJECT
public:
    explicit FakeSmtpServer(QObject *parent = nullptr);
    ~FakeSmtpServer() override;

    quint16 listenLocal(); // 0 on failure
    void setPassword(const QString &user, const QString &password);
    void setMaxConnections(int n) { m_maxConnections = n; }

    const QList<ReceivedMessage> &messages() const { return m_messages; }
    // How many times each recipient's message arrived (a "lost" one counts: its data arrived).
    QHash<QString, int> deliveries() const;
    int connectionsSeen() const { return m_connectionsSeen; }
    int mostAtOnce() const { return m_mostAtOnce; }
    int refusedConnections() const { return m_refused; }

Q_SIGNALS:
    void messageReceived();

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Session;
    void onReadyRead(Session *s);
    void handleLine(Session *s, const QByteArray &line);
    void reply(Session *s, const QByteArray &line);
    void close(Session *s);

    QString m_user;
    QString m_password;
    int m_maxConnections = 0;
    int m_open = 0;
    int m_connectionsSeen = 0;
    int m_mostAtOnce = 0;
    int m_refused = 0;
    QSet<QString> m_seenOnce;
    QSet<Session *> m_sessions;
    QList<ReceivedMessage> m_messages;
};

} // namespace hivepost::test
