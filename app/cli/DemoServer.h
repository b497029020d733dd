#pragma once

// DemoServer: the demo's SMTP server on 127.0.0.1 (a port the system picks). It answers like a real
// one (ESMTP with PIPELINING, 8BITMIME, SIZE and enhanced status codes), accepts every message, refuses
// recipients whose address starts with "nobody" (550 5.1.1) and asks those starting with "busy" to try
// again later (450 4.2.1). It only counts what it receives; nothing is stored.

#include <QHash>
#include <QTcpServer>

class QTcpSocket;

namespace hivepost::cli {

class DemoServer : public QTcpServer {
    Q_OBJECT
public:
    explicit DemoServer(QObject *parent = nullptr);
    bool start(); // listens on 127.0.0.1, port 0
    int messages() const { return m_messages; }
    int connections() const { return m_connections; }

private:
    struct Session {
        bool data = false;
        int accepted = 0; // recipients of the current transaction
        QByteArray buffer;
    };
    void onConnection();
    void onReadyRead(QTcpSocket *socket);
    QByteArray answer(Session &s, const QByteArray &line);

    QHash<QTcpSocket *, Session> m_sessions;
    int m_messages = 0;
    int m_connections = 0;
};

} // namespace hivepost::cli
