#pragma once

// FakeSmtpServer: an SMTP server on 127.0.0.1, port 0, in the test's own thread, for the faults a
// real server will not produce on demand. Any number of connections; what it answers depends on
// the recipient's local part:
//   defer...     451 4.7.1 to RCPT, every time          reject...   550 5.1.1 to RCPT
//   deferonce... 451 the first time, then accepted      slow...     450 4.7.1 "rate limited" to RCPT
//   cutonce...   the connection is closed at DATA, the first time (before any data; what came
//                before DATA is answered first)
//   lost...      the connection is closed after the final ".", without a reply (the data arrived)
// everything else is accepted with 250. Accepted messages are kept with their envelope. With a
// password set, AUTH PLAIN is offered and required. maxConnections: more at once get "421 too
// many connections". setFault(): one fault for every connection and message (the fault matrix).

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
    enum class Fault {
        None,
        Greeting421,     // "421" instead of the greeting, then closed
        Mail421,         // "421" to MAIL FROM, then closed
        Data421,         // "421" after the first line of data, then closed (the data incomplete)
        DropInData,      // closed without a word after the first line of data
        DropAfterDot,    // closed without a reply after the final "." (the data arrived)
        StallAtGreeting, // connects, never speaks
        StallAtDot,      // never replies to the final "." (the data arrived), nor to anything after it
        CloseAfterN,     // replies 250 to the n-th message of a connection, then "421" and closes
        Mail451,         // "451 4.3.0" to MAIL FROM
        Mail550,         // "550 5.7.1" to MAIL FROM
        Rcpt452Quota,    // "452 4.2.2" mailbox full to RCPT
        Rcpt552Quota,    // "552 5.2.2" quota exceeded to RCPT
        Dot451,          // "451 4.3.0" to the final "."
        Dot554,          // "554 5.7.1" to the final "." (content refused)
        Greeting554,     // "554" instead of the greeting (this server takes no mail from us)
        DataCmd451,      // "451 4.3.0" to the DATA command
        DataCmd554,      // "554 5.5.1" to the DATA command
    };

    explicit FakeSmtpServer(QObject *parent = nullptr);
    ~FakeSmtpServer() override;

    quint16 listenLocal(); // 0 on failure
    void setPassword(const QString &user, const QString &password);
    void setMaxConnections(int n) { m_maxConnections = n; }
    // The greeting comes this long (real time) after the connection is accepted.
    void setGreetingDelay(int ms) { m_greetingDelayMs = ms; }
    void setFault(Fault fault, int n = 0) {
        m_fault = fault;
        m_faultN = n;
    }

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
    Fault m_fault = Fault::None;
    int m_faultN = 0;
    int m_greetingDelayMs = 0;
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
