#include "DemoServer.h"

#include <QTcpSocket>

namespace hivepost::cli {

DemoServer::DemoServer(QObject *parent)
    : QTcpServer(parent) {
    connect(this, &QTcpServer::newConnection, this, &DemoServer::onConnection);
}

bool DemoServer::start() {
    return listen(QHostAddress::LocalHost, 0);
}

void DemoServer::onConnection() {
    while (QTcpSocket *socket = nextPendingConnection()) {
        ++m_connections;
        m_sessions.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_sessions.remove(socket);
            socket->deleteLater();
        });
        socket->write("220 demo.hivepost.invalid ESMTP ready\r\n");
    }
}

void DemoServer::onReadyRead(QTcpSocket *socket) {
    Session &s = m_sessions[socket];
    s.buffer += socket->readAll();
    QByteArray replies;
    while (true) {
        if (s.data) {
            // The message ends with a line holding a single dot (RFC 5321 4.1.1.4).
            const qsizetype end = s.buffer.startsWith(".\r\n") ? 0 : s.buffer.indexOf("\r\n.\r\n");
            if (end < 0)
                break;
            s.buffer.remove(0, end == 0 ? 3 : end + 5);
            s.data = false;
            ++m_messages;
            replies += "250 2.0.0 Ok: queued as DEMO" + QByteArray::number(m_messages) + "\r\n";
            s.accepted = 0;
            continue;
        }
        const qsizetype eol = s.buffer.indexOf("\r\n");
        if (eol < 0)
            break;
        const QByteArray line = s.buffer.left(eol);
        s.buffer.remove(0, eol + 2);
        const QByteArray reply = answer(s, line);
        replies += reply;
        if (reply.startsWith("221")) {
            socket->write(replies);
            socket->disconnectFromHost();
            return;
        }
    }
    if (!replies.isEmpty())
        socket->write(replies);
}

QByteArray DemoServer::answer(Session &s, const QByteArray &line) {
    const qsizetype space = line.indexOf(' ');
    const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
    if (verb == "EHLO")
        return "250-demo.hivepost.invalid\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n"
               "250 ENHANCEDSTATUSCODES\r\n";
    if (verb == "HELO")
        return "250 demo.hivepost.invalid\r\n";
    if (verb == "MAIL") {
        s.accepted = 0;
        return "250 2.1.0 Ok\r\n";
    }
    if (verb == "RCPT") {
        const qsizetype lt = line.indexOf('<');
        const QByteArray address = line.mid(lt + 1, line.indexOf('>') - lt - 1).toLower();
        if (address.startsWith("nobody"))
            return "550 5.1.1 <" + address +
                   ">: Recipient address rejected: User unknown in virtual mailbox table\r\n";
        if (address.startsWith("busy"))
            return "450 4.2.1 <" + address + ">: Mailbox busy, try again later\r\n";
        ++s.accepted;
        return "250 2.1.5 Ok\r\n";
    }
    if (verb == "DATA") {
        if (s.accepted == 0)
            return "554 5.5.1 Error: no valid recipients\r\n";
        s.data = true;
        return "354 End data with <CR><LF>.<CR><LF>\r\n";
    }
    if (verb == "RSET") {
        s.accepted = 0;
        return "250 2.0.0 Ok\r\n";
    }
    if (verb == "NOOP")
        return "250 2.0.0 Ok\r\n";
    if (verb == "QUIT")
        return "221 2.0.0 Bye\r\n";
    return "502 5.5.2 Error: command not recognized\r\n";
}

} // namespace hivepost::cli
