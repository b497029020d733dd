#include "smtp/SmtpClient.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QHostInfo>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>

#include "smtp/SmtpCommands.h"

using namespace Qt::StringLiterals;

namespace hivepost::smtp {

SmtpClient::SmtpClient(const SmtpSettings &settings, QObject *parent)
    : MessageTransport(parent)
    , m_settings(settings) {
    qRegisterMetaType<hivepost::smtp::SmtpResult>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SmtpClient::onTimeout);
}

SmtpClient::~SmtpClient() {
    if (m_socket)
        m_socket->disconnect(this);
}

QString SmtpClient::tlsDescription() const {
    if (!m_socket || !m_socket->isEncrypted())
        return QString();
    const QSslCipher cipher = m_socket->sessionCipher();
    return cipher.protocolString() + u", "_s + cipher.name();
}

QSslCertificate SmtpClient::peerCertificate() const {
    return m_socket ? m_socket->peerCertificate() : QSslCertificate();
}

void SmtpClient::connectToServer() {
    Q_ASSERT(m_state == State::Idle);
    m_socket = new QSslSocket(this);
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!m_settings.extraCaCertificates.isEmpty())
        conf.addCaCertificates(m_settings.extraCaCertificates);
    m_socket->setSslConfiguration(conf);
    m_socket->setPeerVerifyName(m_settings.host);
    connect(m_socket, &QSslSocket::connected, this, &SmtpClient::onConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &SmtpClient::onEncrypted);
    connect(m_socket, &QSslSocket::readyRead, this, &SmtpClient::onReadyRead);
    connect(m_socket, &QSslSocket::sslErrors, this, &SmtpClient::onSslErrors);
    connect(m_socket, &QSslSocket::disconnected, this, &SmtpClient::onDisconnected);
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_state == State::Connecting || m_state == State::TlsHandshake ||
            m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    connect(m_socket, &QSslSocket::bytesWritten, this, [this] {
        if (m_state == State::DataEnd)
            m_timer.start(m_socket->bytesToWrite() > 0 ? m_settings.timeouts.dataBlock
                                                       : m_settings.timeouts.dataEnd);
    });
    expect(State::Connecting, m_settings.timeouts.connect);
    if (m_settings.security == Security::ImplicitTls)
        m_socket->connectToHostEncrypted(m_settings.host, m_settings.port);
    else
        m_socket->connectToHost(m_settings.host, m_settings.port);
}

void SmtpClient::expect(State state, int timeoutMs) {
    m_state = state;
    m_timer.start(timeoutMs);
}

void SmtpClient::write(const QByteArray &line, const QByteArray &logAs) {
    m_socket->write(line + "\r\n");
    Q_EMIT protocolLine('C', logAs.isEmpty() ? line : logAs);
}

QByteArray SmtpClient::heloName() const {
    // RFC 5321 4.1.4: a fully qualified name, else an address literal.
    if (!m_settings.heloName.isEmpty())
        return m_settings.heloName.toUtf8();
    const QString host = QHostInfo::localHostName();
    if (host.contains(u'.'))
        return host.toUtf8();
    const QHostAddress local = m_socket->localAddress();
    if (local.protocol() == QAbstractSocket::IPv6Protocol && !local.toIPv4Address())
        return "[IPv6:" + local.toString().toLatin1() + ']';
    return '[' + QHostAddress(local.toIPv4Address()).toString().toLatin1() + ']';
}

void SmtpClient::onConnected() {
    // Each write is a whole command or the data; with the final "." held back for the ledger, Nagle
    // would otherwise wait for the server's delayed ACK (40 ms) before sending it.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_settings.security != Security::ImplicitTls)
        expect(State::Greeting, m_settings.timeouts.greeting);
}

void SmtpClient::onEncrypted() {
    m_tls = true;
    if (m_state == State::Connecting) { // implicit TLS
        expect(State::Greeting, m_settings.timeouts.greeting);
        return;
    }
    // RFC 3207 4.2: forget everything learnt before TLS and start again with EHLO.
    m_parser.clear();
    m_capabilities.clear();
    m_keywords.clear();
    write("EHLO " + heloName());
    expect(State::Ehlo, m_settings.timeouts.command);
}

void SmtpClient::onSslErrors(const QList<QSslError> &errors) {
    const QSslCertificate cert = m_socket->peerCertificate();
    if (!m_settings.pinnedSha256.isEmpty() && !cert.isNull() &&
        cert.digest(QCryptographicHash::Sha256) == m_settings.pinnedSha256) {
        m_socket->ignoreSslErrors(errors); // the user trusted this very certificate
        return;
    }
    m_rejectedCertificate = cert;
    QStringList reasons;
    for (const QSslError &e : errors)
        reasons << e.errorString();
    failConnection(
        SmtpResult::Status::Permanent,
        tr("The certificate of %1 cannot be trusted: %2").arg(m_settings.host, reasons.join(u"; "_s)));
}

void SmtpClient::onReadyRead() {
    if (m_state == State::TlsHandshake)
        return; // QSslSocket delivers only decrypted data once encrypted
    bool error = false;
    const QList<SmtpReply> replies = m_parser.feed(m_socket->readAll(), &error);
    for (const SmtpReply &reply : replies) {
        QByteArray logLine = QByteArray::number(reply.code);
        if (!reply.enhanced.isEmpty())
            logLine += ' ' + reply.enhanced;
        Q_EMIT protocolLine('S', logLine + ' ' + reply.text());
        handleReply(reply);
        if (m_state == State::TlsHandshake || m_state == State::Closed || !m_socket)
            return; // bytes after "220 Ready to start TLS" are not to be trusted
    }
    if (error)
        failConnection(SmtpResult::Status::Transient, tr("The server sent a malformed reply."));
}

void SmtpClient::handleReply(const SmtpReply &reply) {
    m_timer.stop();
    switch (m_state) {
    case State::Greeting:
        if (reply.code != 220) {
            failConnection(classify(reply), tr("The server refused the connection: %1").arg(replyText(reply)),
                           reply);
            return;
        }
        write("EHLO " + heloName());
        expect(State::Ehlo, m_settings.timeouts.command);
        return;
    case State::Ehlo:
        if (reply.code != 250) {
            if (m_settings.security == Security::None && m_settings.auth == AuthMethod::None &&
                reply.isPermanent()) {
                write("HELO " + heloName());
                expect(State::Helo, m_settings.timeouts.command);
                return;
            }
            failConnection(classify(reply), tr("The server refused EHLO: %1").arg(replyText(reply)), reply);
            return;
        }
        afterEhlo(reply);
        return;
    case State::Helo:
        if (reply.code != 250) {
            failConnection(classify(reply), tr("The server refused HELO: %1").arg(replyText(reply)), reply);
            return;
        }
        m_state = State::Ready;
        if (!std::exchange(m_connectReported, true))
            Q_EMIT ready();
        return;
    case State::StartTls:
        if (reply.code != 220) {
            // Never fall back to plain text (RFC 3207 4.1, and the user asked for TLS).
            failConnection(
                SmtpResult::Status::Transient,
                tr("The server refused STARTTLS (%1); not sending without encryption.").arg(replyText(reply)),
                reply);
            return;
        }
        m_parser.clear();
        expect(State::TlsHandshake, m_settings.timeouts.command);
        m_socket->startClientEncryption();
        return;
    case State::Auth:
    case State::AuthLoginUser:
    case State::AuthLoginPass:
    case State::AuthXOAuthError:
        if (reply.code == 235 ||
            (reply.code >= 200 && reply.code < 300)) { // 235, or any 2xx from lenient servers
            m_state = State::Ready;
            if (!std::exchange(m_connectReported, true))
                Q_EMIT ready();
            return;
        }
        if (reply.code == 334 && m_state == State::Auth && m_settings.auth == AuthMethod::Login) {
            write(m_settings.user.toUtf8().toBase64(), "***");
            expect(State::AuthLoginUser, m_settings.timeouts.command);
            return;
        }
        if (reply.code == 334 && m_state == State::AuthLoginUser) {
            write(m_settings.secret.toUtf8().toBase64(), "***");
            expect(State::AuthLoginPass, m_settings.timeouts.command);
            return;
        }
        if (reply.code == 334 && m_settings.auth == AuthMethod::XOAuth2 && m_state == State::Auth) {
            write(QByteArray()); // RFC 7628 3.2.3: an empty response to the error challenge
            expect(State::AuthXOAuthError, m_settings.timeouts.command);
            return;
        }
        failConnection(reply.isTransient() ? SmtpResult::Status::Transient : SmtpResult::Status::Permanent,
                       tr("Signing in to %1 failed: %2").arg(m_settings.host, replyText(reply)), reply);
        return;
    case State::Mail:
        if (!reply.isPositive()) {
            finishMessage(classify(reply), reply,
                          tr("The server refused the sender: %1").arg(replyText(reply)));
            return;
        }
        if (!m_pipelined) {
            write("RCPT TO:<" + smtpAddress(m_envelope.recipients.constFirst()) + '>' +
                  rcptParameters(m_keywords, m_envelope, m_envelope.recipients.constFirst()));
        }
        expect(State::Rcpt, m_settings.timeouts.command);
        return;
    case State::Rcpt: {
        if (reply.isPositive())
            ++m_acceptedRcpt;
        else if (m_firstRcptFailure.code == 0)
            m_firstRcptFailure = reply;
        --m_pendingRcpt;
        const int next = int(m_envelope.recipients.size()) - m_pendingRcpt;
        if (m_pendingRcpt > 0) {
            if (!m_pipelined)
                write("RCPT TO:<" + smtpAddress(m_envelope.recipients.at(next)) + '>' +
                      rcptParameters(m_keywords, m_envelope, m_envelope.recipients.at(next)));
            expect(State::Rcpt, m_settings.timeouts.command);
            return;
        }
        if (m_acceptedRcpt == 0 && !m_pipelined) {
            finishMessage(classify(m_firstRcptFailure), m_firstRcptFailure,
                          tr("The server refused the recipient: %1").arg(replyText(m_firstRcptFailure)));
            return;
        }
        if (!m_pipelined)
            write("DATA");
        expect(State::Data, m_settings.timeouts.dataStart);
        return;
    }
    case State::Data:
        if (reply.code != 354) {
            const SmtpReply decisive = m_acceptedRcpt == 0 ? m_firstRcptFailure : reply;
            finishMessage(classify(decisive), decisive,
                          m_acceptedRcpt == 0
                              ? tr("The server refused the recipient: %1").arg(replyText(decisive))
                              : tr("The server refused the message: %1").arg(replyText(decisive)));
            return;
        }
        if (m_acceptedRcpt == 0) { // RFC 2920 3.1: end the data at once
            m_socket->write(".\r\n");
            expect(State::DataEnd, m_settings.timeouts.dataEnd);
            return;
        }
        sendData();
        return;
    case State::DataEnd:
        if (m_acceptedRcpt == 0) {
            finishMessage(classify(m_firstRcptFailure), m_firstRcptFailure,
                          tr("The server refused the recipient: %1").arg(replyText(m_firstRcptFailure)));
            return;
        }
        ++m_messagesSent;
        finishMessage(classify(reply), reply,
                      reply.isPositive() ? QString()
                                         : tr("The server refused the message: %1").arg(replyText(reply)));
        return;
    case State::Rset:
        if (!reply.isPositive()) {
            failConnection(SmtpResult::Status::Transient,
                           tr("The server refused RSET: %1").arg(replyText(reply)), reply);
            return;
        }
        m_state = State::Ready;
        if (std::exchange(m_quitAfterRset, false)) {
            quit();
            return;
        }
        if (m_inFlight)
            startTransaction();
        return;
    case State::Quit:
        m_socket->disconnectFromHost();
        return;
    default:
        // A reply nobody asked for, e.g. "421 shutting down" while idle.
        if (reply.code == 421)
            failConnection(SmtpResult::Status::Transient,
                           tr("The server closed the connection: %1").arg(replyText(reply)), reply);
        return;
    }
}

void SmtpClient::afterEhlo(const SmtpReply &reply) {
    m_capabilities.clear();
    m_keywords.clear();
    for (qsizetype i = 1; i < reply.lines.size(); ++i) {
        const QByteArray line = reply.lines[i].trimmed();
        if (line.isEmpty())
            continue;
        m_capabilities << QString::fromUtf8(line);
        const QList<QByteArray> words = line.split(' ');
        m_keywords.insert(words.constFirst().toUpper());
        if (words.constFirst().toUpper() == "SIZE" && words.size() > 1)
            m_sizeLimit = words[1].toLongLong();
    }
    if (m_settings.security == Security::StartTls && !m_tls) {
        if (!m_keywords.contains("STARTTLS")) {
            failConnection(
                SmtpResult::Status::Permanent,
                tr("%1 does not offer STARTTLS; not sending without encryption.").arg(m_settings.host));
            return;
        }
        write("STARTTLS");
        expect(State::StartTls, m_settings.timeouts.command);
        return;
    }
    if (m_settings.auth != AuthMethod::None) {
        startAuth();
        return;
    }
    m_state = State::Ready;
    if (!std::exchange(m_connectReported, true))
        Q_EMIT ready();
}

void SmtpClient::startAuth() {
    if (!m_tls && !m_settings.allowPlaintextAuth) {
        failConnection(
            SmtpResult::Status::Permanent,
            tr("Not sending the password to %1 without encryption (allow it explicitly if you must).")
                .arg(m_settings.host));
        return;
    }
    QByteArray mechanisms;
    for (const QString &c : std::as_const(m_capabilities)) {
        if (c.startsWith(u"AUTH "_s, Qt::CaseInsensitive) || c.startsWith(u"AUTH="_s, Qt::CaseInsensitive))
            mechanisms += ' ' + c.mid(5).toUpper().toLatin1() + ' ';
    }
    const QByteArray wanted = m_settings.auth == AuthMethod::Plain   ? "PLAIN"
                              : m_settings.auth == AuthMethod::Login ? "LOGIN"
                                                                     : "XOAUTH2";
    if (!mechanisms.contains(QByteArray(' ' + wanted + ' '))) {
        failConnection(SmtpResult::Status::Permanent,
                       tr("%1 does not offer AUTH %2 (it offers:%3).")
                           .arg(m_settings.host, QString::fromLatin1(wanted),
                                QString::fromLatin1(mechanisms.simplified().prepend(' '))));
        return;
    }
    const QByteArray user = m_settings.user.toUtf8();
    const QByteArray secret = m_settings.secret.toUtf8();
    switch (m_settings.auth) {
    case AuthMethod::Plain:
        write("AUTH PLAIN " + QByteArray('\0' + user + '\0' + secret).toBase64(), "AUTH PLAIN ***");
        break;
    case AuthMethod::Login:
        write("AUTH LOGIN");
        break;
    case AuthMethod::XOAuth2:
        write("AUTH XOAUTH2 " + QByteArray("user=" + user +
                                           "\x01"
                                           "auth=Bearer " +
                                           secret + "\x01\x01")
                                    .toBase64(),
              "AUTH XOAUTH2 ***");
        break;
    case AuthMethod::None:
        break;
    }
    expect(State::Auth, m_settings.timeouts.command);
}

void SmtpClient::failConnection(SmtpResult::Status status, const QString &why, const SmtpReply &reply) {
    const State was = m_state;
    m_timer.stop();
    m_state = State::Closed;
    SmtpResult result;
    result.status = status;
    result.reply = reply;
    result.errorString = why;
    result.connectionProblem = true;
    result.stage = stageOf(was, m_acceptedRcpt > 0);
    if (m_inFlight) {
        // Lost after the final "." and before its reply: the message may have been accepted.
        m_inFlight = false;
        if (was == State::DataEnd && status == SmtpResult::Status::Transient)
            result.status = SmtpResult::Status::Unknown;
        Q_EMIT messageFinished(result);
        finishNextUnsent(why);
    } else if (!std::exchange(m_connectReported, true)) {
        Q_EMIT connectionFailed(result);
    }
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    if (!std::exchange(m_closedReported, true))
        Q_EMIT closed();
}

void SmtpClient::onDisconnected() {
    if (m_state == State::Closed)
        return;
    if (m_state == State::Quit) {
        m_state = State::Closed;
        m_timer.stop();
        if (m_socket) {
            m_socket->disconnect(this);
            m_socket->deleteLater();
            m_socket = nullptr;
        }
        if (!std::exchange(m_closedReported, true))
            Q_EMIT closed();
        return;
    }
    const QString reason = m_socket ? m_socket->errorString() : QString();
    failConnection(SmtpResult::Status::Transient,
                   tr("The connection to %1 was lost (%2).").arg(m_settings.host, reason));
}

void SmtpClient::onTimeout() {
    failConnection(SmtpResult::Status::Transient,
                   m_state == State::Connecting
                       ? tr("Timed out connecting to %1.").arg(m_settings.host)
                       : tr("Timed out waiting for %1 to answer.").arg(m_settings.host));
}

void SmtpClient::quit() {
    if (!m_socket || m_state == State::Closed)
        return;
    if (m_state == State::Rset) {
        m_quitAfterRset = true; // after the reply to RSET
        return;
    }
    if (m_state != State::Ready) {
        abort();
        return;
    }
    write("QUIT");
    expect(State::Quit, m_settings.timeouts.command);
}

void SmtpClient::abort() {
    if (m_state == State::Closed || !m_socket)
        return;
    failConnection(SmtpResult::Status::Transient, tr("The connection was closed."));
}

MessageTransport *SmtpTransportFactory::create(const SmtpSettings &settings, QObject *parent) {
    return new SmtpClient(settings, parent);
}

SmtpTransportFactory &SmtpTransportFactory::instance() {
    static SmtpTransportFactory factory;
    return factory;
}

} // namespace hivepost::smtp
