#include "FakeSmtpServer.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace hivepost::test {

struct FakeSmtpServer::Session {
    QTcpSocket *socket = nullptr;
    QByteArray buffer;
    bool inData = false;
    bool authed = false;
    bool closed = false;
    bool stalled = false; // hangs: reads on, answers nothing more (what a pipelining client sees)
    QString from;
    QStringList to;
    QByteArray data;
    int dataLines = 0;
    int accepted = 0;
};

FakeSmtpServer::FakeSmtpServer(QObject *parent)
    : QTcpServer(parent) {}

FakeSmtpServer::~FakeSmtpServer() {
    for (Session *s : std::as_const(m_sessions)) {
        if (s->socket)
            s->socket->disconnect(this);
        delete s;
    }
}

quint16 FakeSmtpServer::listenLocal() {
    return listen(QHostAddress::LocalHost, 0) ? serverPort() : 0;
}

void FakeSmtpServer::setPassword(const QString &user, const QString &password) {
    m_user = user;
    m_password = password;
}

QHash<QString, int> FakeSmtpServer::deliveries() const {
    QHash<QString, int> out;
    for (const ReceivedMessage &m : m_messages)
        ++out[m.to];
    return out;
}

void FakeSmtpServer::incomingConnection(qintptr descriptor) {
    auto *s = new Session;
    m_sessions.insert(s);
    s->socket = new QTcpSocket(this);
    s->socket->setSocketDescriptor(descriptor);
    ++m_connectionsSeen;
    connect(s->socket, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
    connect(s->socket, &QTcpSocket::disconnected, this, [this, s] { close(s); });
    if (m_maxConnections > 0 && m_open >= m_maxConnections) {
        ++m_refused;
        s->socket->write("421 4.7.0 Too many connections, slow down\r\n");
        s->socket->disconnectFromHost();
        s->closed = true; // not counted as open
        return;
    }
    ++m_open;
    m_mostAtOnce = std::max(m_mostAtOnce, m_open);
    if (m_fault == Fault::StallAtGreeting)
        return;
    if (m_fault == Fault::Greeting554) {
        reply(s, "554 5.7.1 fake.test No SMTP service here for you");
        return;
    }
    if (m_fault == Fault::Greeting421) {
        reply(s, "421 4.3.2 fake.test Service not available, closing channel");
        s->socket->disconnectFromHost();
        return;
    }
    if (m_greetingDelayMs <= 0)
        return reply(s, "220 fake.test ESMTP");
    QTimer::singleShot(m_greetingDelayMs, this, [this, s] {
        if (m_sessions.contains(s) && s->socket && !s->closed)
            reply(s, "220 fake.test ESMTP");
    });
}

void FakeSmtpServer::close(Session *s) {
    if (!s->closed) {
        s->closed = true;
        --m_open;
    }
    s->socket->disconnect(this);
    s->socket->deleteLater();
    s->socket = nullptr;
    // Not now: this may run inside abort(), called from handleLine() for this very session.
    QMetaObject::invokeMethod(
        this,
        [this, s] {
            m_sessions.remove(s);
            delete s;
        },
        Qt::QueuedConnection);
}

void FakeSmtpServer::reply(Session *s, const QByteArray &line) {
    s->socket->write(line + "\r\n");
}

void FakeSmtpServer::onReadyRead(Session *s) {
    if (!s->socket)
        return;
    s->buffer += s->socket->readAll();
    for (;;) {
        const qsizetype end = s->buffer.indexOf("\r\n");
        if (end < 0 || s->closed || s->socket->state() != QAbstractSocket::ConnectedState)
            return; // a session the server ended reads nothing more
        const QByteArray line = s->buffer.left(end);
        s->buffer.remove(0, end + 2);
        handleLine(s, line);
        if (s->closed || !s->socket || s->socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

void FakeSmtpServer::handleLine(Session *s, const QByteArray &line) {
    if (s->stalled)
        return;
    if (s->inData) {
        if (line != ".") {
            s->data += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
            if (++s->dataLines == 1 && m_fault == Fault::Data421) {
                reply(s, "421 4.4.2 fake.test Error: timeout exceeded");
                s->socket->disconnectFromHost();
                s->inData = false;
            } else if (s->dataLines == 1 && m_fault == Fault::DropInData) {
                s->socket->abort();
            }
            return;
        }
        s->inData = false;
        const QString to = s->to.value(0);
        if (m_fault == Fault::Dot451) {
            reply(s, "451 4.3.0 Error: queue file write error");
            return;
        }
        if (m_fault == Fault::Dot554) {
            reply(s, "554 5.7.1 Message content rejected");
            return;
        }
        m_messages.append({s->from, to, s->data, QDateTime::currentMSecsSinceEpoch()});
        Q_EMIT messageReceived();
        if (m_fault == Fault::StallAtDot) {
            s->stalled = true;
            return;
        }
        if (to.startsWith(u"lost"_s) || m_fault == Fault::DropAfterDot) {
            s->socket->abort();
            return;
        }
        reply(s, "250 2.0.0 Ok: queued as " + QByteArray::number(m_messages.size()));
        if (m_fault == Fault::CloseAfterN && ++s->accepted >= m_faultN) {
            reply(s, "421 4.7.0 fake.test Error: too many messages in this session");
            s->socket->disconnectFromHost();
        }
        return;
    }
    const QByteArray upper = line.toUpper();
    if (upper.startsWith("EHLO")) {
        reply(s,
              "250-fake.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES" +
                  QByteArray(m_password.isEmpty() ? "" : "\r\n250-AUTH PLAIN") + "\r\n250 SIZE 10240000");
    } else if (upper.startsWith("AUTH PLAIN ")) {
        const QByteArray expected =
            QByteArray('\0' + m_user.toUtf8() + '\0' + m_password.toUtf8()).toBase64();
        s->authed = line.mid(11) == expected;
        reply(s, s->authed ? "235 2.7.0 Authentication successful"
                           : "535 5.7.8 Authentication credentials invalid");
    } else if (upper.startsWith("MAIL FROM:")) {
        if (!m_password.isEmpty() && !s->authed) {
            reply(s, "530 5.7.0 Authentication required");
            return;
        }
        if (m_fault == Fault::Mail421) {
            reply(s, "421 4.7.0 fake.test Error: too many errors, closing");
            s->socket->disconnectFromHost();
            return;
        }
        if (m_fault == Fault::Mail451 || m_fault == Fault::Mail550) {
            reply(s, m_fault == Fault::Mail451 ? "451 4.3.0 Error: sender verification unavailable"
                                               : "550 5.7.1 Sender address rejected: not allowed");
            return;
        }
        const qsizetype a = line.indexOf('<'), b = line.indexOf('>');
        s->from = QString::fromUtf8(line.mid(a + 1, b - a - 1));
        s->to.clear();
        reply(s, "250 2.1.0 Ok");
    } else if (upper.startsWith("RCPT TO:")) {
        const qsizetype a = line.indexOf('<'), b = line.indexOf('>');
        const QString to = QString::fromUtf8(line.mid(a + 1, b - a - 1));
        if (m_fault == Fault::Rcpt452Quota) {
            reply(s, "452 4.2.2 <" + to.toUtf8() + ">: Mailbox full, try again later");
        } else if (m_fault == Fault::Rcpt552Quota) {
            reply(s, "552 5.2.2 <" + to.toUtf8() + ">: Mailbox quota exceeded");
        } else if (to.startsWith(u"reject"_s)) {
            reply(s, "550 5.1.1 <" + to.toUtf8() + ">: Recipient address rejected: User unknown");
        } else if (to.startsWith(u"deferonce"_s) && !m_seenOnce.contains(u"defer:"_s + to)) {
            m_seenOnce.insert(u"defer:"_s + to);
            reply(s, "451 4.3.0 Temporary lookup failure, try again");
        } else if (to.startsWith(u"defer"_s) && !to.startsWith(u"deferonce"_s)) {
            reply(s, "451 4.3.0 Temporary lookup failure, try again");
        } else if (to.startsWith(u"slow"_s)) {
            reply(s, "450 4.7.1 Rate limited: too many messages to this domain, slow down");
        } else {
            s->to << to;
            reply(s, "250 2.1.5 Ok");
        }
    } else if (upper == "DATA") {
        if (s->to.isEmpty()) {
            reply(s, "554 5.5.1 No valid recipients");
            return;
        }
        if (m_fault == Fault::DataCmd451 || m_fault == Fault::DataCmd554) {
            reply(s, m_fault == Fault::DataCmd451 ? "451 4.3.0 Error: temporarily out of resources"
                                                  : "554 5.5.1 Error: transaction refused");
            return;
        }
        const QString to = s->to.constFirst();
        if (to.startsWith(u"cutonce"_s) && !m_seenOnce.contains(u"cut:"_s + to)) {
            m_seenOnce.insert(u"cut:"_s + to);
            // Closed after answering what came before DATA (a pipelining client may have sent the
            // previous message's "." in the same group: its reply goes out first).
            s->socket->disconnectFromHost();
            return;
        }
        s->inData = true;
        s->data.clear();
        s->dataLines = 0;
        reply(s, "354 End data with <CR><LF>.<CR><LF>");
    } else if (upper == "RSET") {
        s->to.clear();
        reply(s, "250 2.0.0 Ok");
    } else if (upper == "QUIT") {
        reply(s, "221 2.0.0 Bye");
        s->socket->disconnectFromHost();
    } else if (upper == "NOOP") {
        reply(s, "250 2.0.0 Ok");
    } else {
        reply(s, "502 5.5.2 Error: command not recognized");
    }
}

} // namespace hivepost::test
