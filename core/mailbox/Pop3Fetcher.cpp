#include "mailbox/Pop3Fetcher.h"

using namespace Qt::StringLiterals;

namespace hivepost::mailbox {

Pop3Fetcher::Pop3Fetcher(MailboxSettings settings, QSet<QString> seen, Handler handle, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_seen(std::move(seen))
    , m_handle(std::move(handle)) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail(tr("%1 did not answer within %2 s.").arg(m_settings.host).arg(m_settings.timeoutMs / 1000));
    });
}

Pop3Fetcher::~Pop3Fetcher() {
    if (m_socket)
        m_socket->abort();
}

void Pop3Fetcher::start() {
    m_socket = makeMailSocket(m_settings, this, [this](const QString &why) { fail(why); });
    connect(m_socket, &QSslSocket::readyRead, this, &Pop3Fetcher::onReadyRead);
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        m_tls = true;
        if (m_state == State::Handshake)
            authenticate();
    });
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        if (m_state == State::Quit)
            finish();
        else
            fail(tr("%1 closed the connection.").arg(m_settings.host));
    });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
        if (m_state == State::Quit && e == QAbstractSocket::RemoteHostClosedError)
            return finish();
        fail(tr("Cannot talk to %1: %2").arg(m_settings.host, m_socket->errorString()));
    });
    m_state = State::Greeting;
    m_timer.start(m_settings.timeoutMs);
    if (m_settings.security == MailSecurity::ImplicitTls)
        m_socket->connectToHostEncrypted(m_settings.host, m_settings.port);
    else
        m_socket->connectToHost(m_settings.host, m_settings.port);
}

void Pop3Fetcher::send(const QByteArray &line, State next) {
    m_state = next;
    if (next == State::Capa || next == State::Uidl || next == State::Retr)
        m_reader.expectMultiline();
    m_timer.start(m_settings.timeoutMs);
    m_socket->write(line + "\r\n");
}

void Pop3Fetcher::onReadyRead() {
    if (m_state == State::Handshake || m_state == State::Done)
        return;
    m_reader.feed(m_socket->readAll());
    m_timer.start(m_settings.timeoutMs);
    QByteArray status;
    QList<QByteArray> data;
    while (m_state != State::Done) {
        switch (m_reader.next(status, data)) {
        case Pop3ResponseReader::Status::NeedMore:
            return;
        case Pop3ResponseReader::Status::Error:
            return fail(tr("%1 sent a message larger than 64 MB.").arg(m_settings.host));
        case Pop3ResponseReader::Status::Multiline:
            onMultiline(data);
            break;
        case Pop3ResponseReader::Status::Line:
            onLine(status);
            if (m_state == State::Stls || m_state == State::Handshake)
                return; // bytes after +OK to STLS were not encrypted and are not trusted
            break;
        }
    }
}

void Pop3Fetcher::onLine(const QByteArray &line) {
    const bool ok = line.startsWith("+OK");
    const QString said = QString::fromUtf8(line.mid(ok ? 3 : 4).trimmed());
    switch (m_state) {
    case State::Greeting:
        if (!ok)
            return fail(tr("%1 refused the session: %2").arg(m_settings.host, said));
        return send("CAPA", State::Capa);
    case State::Capa: // -ERR: no CAPA; go on without it
        m_capabilities.clear();
        if (m_settings.security == MailSecurity::StartTls && !m_tls)
            return fail(tr("%1 does not offer STARTTLS; nothing was sent unencrypted.").arg(m_settings.host));
        return authenticate();
    case State::Stls:
        if (!ok)
            return fail(tr("%1 refused STARTTLS: %2").arg(m_settings.host, said));
        m_reader.clear();
        m_state = State::Handshake;
        m_socket->startClientEncryption();
        return;
    case State::Auth:
        if (line.startsWith("+ ") || line == "+") { // AUTH PLAIN without an initial response
            m_socket->write(
                QByteArray('\0' + m_settings.user.toUtf8() + '\0' + m_settings.secret.toUtf8()).toBase64() +
                "\r\n");
            return;
        }
        [[fallthrough]];
    case State::Pass:
        if (!ok)
            return fail(tr("%1 refused the login of %2: %3").arg(m_settings.host, m_settings.user, said));
        return send("UIDL", State::Uidl);
    case State::User:
        if (!ok)
            return fail(tr("%1 refused the login of %2: %3").arg(m_settings.host, m_settings.user, said));
        return send("PASS " + m_settings.secret.toUtf8(), State::Pass);
    case State::Uidl:
    case State::Retr:
        return fail(tr("%1 refused the command: %2").arg(m_settings.host, said));
    case State::Quit:
        return finish();
    default:
        return;
    }
}

void Pop3Fetcher::onMultiline(const QList<QByteArray> &data) {
    switch (m_state) {
    case State::Capa:
        for (const QByteArray &l : data)
            m_capabilities += ' ' + l.toUpper() + ' ';
        if (m_settings.security == MailSecurity::StartTls && !m_tls) {
            if (!m_capabilities.contains(" STLS "))
                return fail(
                    tr("%1 does not offer STARTTLS; nothing was sent unencrypted.").arg(m_settings.host));
            return send("STLS", State::Stls);
        }
        return authenticate();
    case State::Uidl:
        for (const QByteArray &l : data) {
            const QList<QByteArray> parts = l.simplified().split(' ');
            if (parts.size() == 2 && !m_seen.contains(QString::fromLatin1(parts.at(1))))
                m_todo.append({parts.at(0).toInt(), QString::fromLatin1(parts.at(1))});
        }
        m_outcome.waiting = int(m_todo.size());
        if (m_todo.size() > m_settings.maxMessages)
            m_todo.resize(m_settings.maxMessages); // the rest in the next session
        return retrieveNext();
    case State::Retr: {
        const QByteArray message = data.join("\r\n") + "\r\n";
        if (m_handle)
            m_handle(m_current, message);
        ++m_outcome.fetched;
        return retrieveNext();
    }
    default:
        return;
    }
}

void Pop3Fetcher::authenticate() {
    if (!m_tls && !m_settings.allowPlaintextAuth)
        return fail(
            tr("The connection to %1 is not encrypted; the password was not sent.").arg(m_settings.host));
    if (m_capabilities.contains("SASL") && m_capabilities.contains(" PLAIN")) {
        const QByteArray plain =
            QByteArray('\0' + m_settings.user.toUtf8() + '\0' + m_settings.secret.toUtf8()).toBase64();
        return send("AUTH PLAIN " + plain, State::Auth);
    }
    if (m_settings.user.contains(u'\n') || m_settings.secret.contains(u'\n'))
        return fail(tr("The user name or password has a line break."));
    send("USER " + m_settings.user.toUtf8(), State::User);
}

void Pop3Fetcher::retrieveNext() {
    if (m_todo.isEmpty())
        return send("QUIT", State::Quit);
    const auto [number, uidl] = m_todo.takeFirst();
    m_current = uidl;
    send("RETR " + QByteArray::number(number), State::Retr);
}

void Pop3Fetcher::fail(const QString &why) {
    if (m_finished)
        return;
    m_state = State::Done; // before the socket's own signals, which look at it
    endSession(m_finished, m_timer, m_socket, true);
    Q_EMIT finished(makeError(ErrorCode::Io, why));
}

void Pop3Fetcher::finish() {
    if (m_finished)
        return;
    m_state = State::Done; // before the socket's own signals, which look at it
    endSession(m_finished, m_timer, m_socket, false);
    Q_EMIT finished(m_outcome);
}

} // namespace hivepost::mailbox
