#include "mailbox/ImapFetcher.h"

#include <algorithm>

#include <QRegularExpression>
#include <QSslConfiguration>

using namespace Qt::StringLiterals;

namespace hivepost::mailbox {

namespace {

// An IMAP quoted string (RFC 3501 4.3); names and passwords with CR or LF cannot be sent this way.
QByteArray quoted(const QString &s) {
    QByteArray out = s.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"");
    return '"' + out + '"';
}

} // namespace

ImapFetcher::ImapFetcher(MailboxSettings settings, quint32 uidValidity, quint32 lastUid, Handler handle,
                         QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_handle(std::move(handle))
    , m_knownValidity(uidValidity)
    , m_knownLastUid(lastUid) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        fail(tr("%1 did not answer within %2 s.").arg(m_settings.host).arg(m_settings.timeoutMs / 1000));
    });
}

ImapFetcher::~ImapFetcher() {
    if (m_socket)
        m_socket->abort();
}

QSslCertificate ImapFetcher::peerCertificate() const {
    return m_socket ? m_socket->peerCertificate() : QSslCertificate();
}

void ImapFetcher::start() {
    Q_ASSERT(m_state == State::Idle);
    m_socket = makeMailSocket(m_settings, this, [this](const QString &why) { fail(why); });
    connect(m_socket, &QSslSocket::readyRead, this, &ImapFetcher::onReadyRead);
    connect(m_socket, &QSslSocket::encrypted, this, [this] {
        m_tls = true;
        if (m_state == State::Handshake) { // after STARTTLS: capabilities may differ now (RFC 2595 3.1)
            m_capabilities.clear();
            command("CAPABILITY", State::Capability);
        }
    });
    connect(m_socket, &QSslSocket::disconnected, this, [this] {
        if (m_state == State::Logout)
            finish();
        else
            fail(tr("%1 closed the connection.").arg(m_settings.host));
    });
    connect(m_socket, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_state == State::Logout && m_socket->error() == QAbstractSocket::RemoteHostClosedError)
            return finish();
        if (m_socket->error() != QAbstractSocket::SslHandshakeFailedError || m_state != State::Done)
            fail(tr("Cannot talk to %1: %2").arg(m_settings.host, m_socket->errorString()));
    });
    m_state = State::Greeting;
    m_timer.start(m_settings.timeoutMs);
    if (m_settings.security == MailSecurity::ImplicitTls)
        m_socket->connectToHostEncrypted(m_settings.host, m_settings.port);
    else
        m_socket->connectToHost(m_settings.host, m_settings.port);
}

void ImapFetcher::command(const QByteArray &text, State next) {
    m_currentTag = "H" + QByteArray::number(++m_tag);
    m_state = next;
    m_timer.start(m_settings.timeoutMs);
    m_socket->write(m_currentTag + ' ' + text + "\r\n");
}

void ImapFetcher::onReadyRead() {
    if (m_state == State::Handshake || m_state == State::Done)
        return;
    m_reader.feed(m_socket->readAll());
    m_timer.start(m_settings.timeoutMs);
    ImapResponse response;
    while (m_state != State::Done) {
        switch (m_reader.next(response)) {
        case ImapResponseReader::Status::NeedMore:
            return;
        case ImapResponseReader::Status::Error:
            switch (m_reader.error()) {
            case ImapResponseReader::Error::LiteralTooLarge:
                return fail(tr("%1 sent a message larger than 64 MB.").arg(m_settings.host));
            case ImapResponseReader::Error::Malformed:
                return fail(tr("%1 sent a message longer than it announced; nothing of it was used.")
                                .arg(m_settings.host));
            default:
                return fail(tr("%1 sent a line too long to be IMAP.").arg(m_settings.host));
            }
        case ImapResponseReader::Status::Response:
            onResponse(response.line, response.literals);
            if (m_state == State::StartTls || m_state == State::Handshake)
                return; // STARTTLS answered: bytes after it were not encrypted and are not trusted
        }
    }
}

void ImapFetcher::onResponse(const QByteArray &line, const QList<QByteArray> &literals) {
    // Capabilities may come in any OK response code, e.g. the one that answers the login.
    static const QRegularExpression caps(QStringLiteral(R"(\[CAPABILITY ([^\]]*)\])"),
                                         QRegularExpression::CaseInsensitiveOption);
    if (const auto c = caps.match(QString::fromLatin1(line)); c.hasMatch())
        m_capabilities = ' ' + c.captured(1).toLatin1().toUpper() + ' ';
    if (line.startsWith("* ")) {
        const QByteArray rest = line.mid(2);
        const QByteArray upper = rest.toUpper();
        if (upper.startsWith("CAPABILITY "))
            m_capabilities = ' ' + upper.mid(11) + ' ';
        if (upper.startsWith("BYE") && m_state != State::Logout)
            return fail(tr("%1 ended the session: %2")
                            .arg(m_settings.host, QString::fromUtf8(rest.mid(3).trimmed())));
        if (m_state == State::Greeting) {
            if (!upper.startsWith("OK"))
                return fail(tr("%1 refused the session: %2").arg(m_settings.host, QString::fromUtf8(rest)));
            if (m_capabilities.isEmpty())
                command("CAPABILITY", State::Capability);
            else
                onTagged("OK", {}); // as if CAPABILITY had been asked
            return;
        }
        static const QRegularExpression validity(QStringLiteral(R"(\[UIDVALIDITY (\d+)\])"));
        if (const auto v = validity.match(QString::fromLatin1(upper)); v.hasMatch())
            m_outcome.uidValidity = v.captured(1).toUInt();
        if (upper.startsWith("SEARCH")) {
            for (const QByteArray &n : rest.mid(6).simplified().split(' ')) {
                bool ok = false;
                const quint32 uid = n.toUInt(&ok);
                if (ok && uid > m_knownLastUid)
                    m_uids << uid;
            }
        }
        if (upper.contains(" FETCH ") && !literals.isEmpty())
            m_message = literals.constLast();
        return;
    }
    if (line.startsWith('+')) { // a continuation: only AUTHENTICATE asks for one
        if (m_state != State::Auth)
            return fail(tr("%1 sent an unexpected continuation.").arg(m_settings.host));
        const QByteArray plain = '\0' + m_settings.user.toUtf8() + '\0' + m_settings.secret.toUtf8();
        // Without SASL-IR the credentials go here; after an XOAUTH2 error, an empty line ends it.
        m_socket->write((m_settings.xoauth2 ? QByteArray() : plain.toBase64()) + "\r\n");
        return;
    }
    const qsizetype space = line.indexOf(' ');
    if (space <= 0 || line.left(space) != m_currentTag)
        return; // not the answer to this command
    const QByteArray rest = line.mid(space + 1);
    const qsizetype second = rest.indexOf(' ');
    onTagged(rest.left(second < 0 ? rest.size() : second).toUpper(),
             second < 0 ? QByteArray() : rest.mid(second + 1));
}

void ImapFetcher::onTagged(const QByteArray &status, const QByteArray &text) {
    const bool ok = status == "OK";
    const QString said = QString::fromUtf8(text);
    switch (m_state) {
    case State::Greeting:
    case State::Capability:
        if (!ok)
            return fail(tr("%1 refused CAPABILITY: %2").arg(m_settings.host, said));
        if (m_settings.security == MailSecurity::StartTls && !m_tls) {
            if (!m_capabilities.contains(" STARTTLS "))
                return fail(
                    tr("%1 does not offer STARTTLS; nothing was sent unencrypted.").arg(m_settings.host));
            return command("STARTTLS", State::StartTls);
        }
        return authenticate();
    case State::StartTls:
        if (!ok)
            return fail(tr("%1 refused STARTTLS: %2").arg(m_settings.host, said));
        m_reader.clear();
        m_state = State::Handshake;
        m_socket->startClientEncryption();
        return;
    case State::Auth:
        if (!ok)
            return fail(tr("%1 refused the login of %2: %3").arg(m_settings.host, m_settings.user, said));
        return command("SELECT " + quoted(m_settings.folder), State::Select);
    case State::Select:
        if (!ok)
            return fail(tr("Cannot open the folder %1: %2").arg(m_settings.folder, said));
        if (m_outcome.uidValidity != m_knownValidity)
            m_knownLastUid = 0; // a new UIDVALIDITY: the old UIDs mean nothing (RFC 3501 2.3.1.1)
        m_outcome.lastUid = m_knownLastUid;
        return command("UID SEARCH UID " + QByteArray::number(m_knownLastUid + 1) + ":*", State::Search);
    case State::Search:
        if (!ok)
            return fail(tr("%1 refused the search: %2").arg(m_settings.host, said));
        std::sort(m_uids.begin(), m_uids.end());
        m_uids.erase(std::unique(m_uids.begin(), m_uids.end()), m_uids.end());
        m_outcome.waiting = int(m_uids.size());
        if (m_uids.size() > m_settings.maxMessages)
            m_uids.resize(m_settings.maxMessages); // the rest in the next session
        return fetchNext();
    case State::Fetch: {
        if (!ok)
            return fail(
                tr("%1 refused to fetch message %2: %3").arg(m_settings.host).arg(m_messageUid).arg(said));
        m_outcome.lastUid = std::max(m_outcome.lastUid, m_messageUid);
        if (m_message.isEmpty()) // expunged by someone else since the search: its UID never returns
            return fetchNext();
        const bool keep = m_handle ? m_handle(m_messageUid, std::exchange(m_message, {})) : false;
        ++m_outcome.fetched;
        if (keep && !m_settings.moveTo.isEmpty()) {
            const QByteArray uid = QByteArray::number(m_messageUid);
            if (m_capabilities.contains(" MOVE "))
                return command("UID MOVE " + uid + ' ' + quoted(m_settings.moveTo), State::Move);
            // Without MOVE: copy, then flag the original deleted (removed by the next expunge).
            return command("UID COPY " + uid + ' ' + quoted(m_settings.moveTo), State::Copy);
        }
        return fetchNext();
    }
    case State::Copy:
    case State::Move:
        if (!ok && text.toUpper().contains("[TRYCREATE]") && !m_created) { // no such folder yet: make it
            m_created = true;
            const QByteArray verb = m_state == State::Copy ? "UID COPY " : "UID MOVE ";
            const State again = m_state;
            m_socket->write("HK" + QByteArray::number(m_tag) + " CREATE " + quoted(m_settings.moveTo) +
                            "\r\n");
            return command(verb + QByteArray::number(m_messageUid) + ' ' + quoted(m_settings.moveTo), again);
        }
        if (ok && m_state == State::Copy) // copied: now the original goes
            return command("UID STORE " + QByteArray::number(m_messageUid) + " +FLAGS.SILENT (\\Deleted)",
                           m_capabilities.contains(" UIDPLUS ") ? State::Expunge : State::Move);
        if (!ok)
            return fail(
                tr("Cannot move message %1 to %2: %3").arg(m_messageUid).arg(m_settings.moveTo, said));
        ++m_outcome.moved;
        return fetchNext();
    case State::Expunge: // flagged deleted: expunge just this one (RFC 4315), never anyone else's
        if (!ok)
            return fail(
                tr("Cannot move message %1 to %2: %3").arg(m_messageUid).arg(m_settings.moveTo, said));
        return command("UID EXPUNGE " + QByteArray::number(m_messageUid), State::Move);
    case State::Logout:
        return finish();
    default:
        return;
    }
}

void ImapFetcher::authenticate() {
    if (!m_tls && !m_settings.allowPlaintextAuth)
        return fail(
            tr("The connection to %1 is not encrypted; the password was not sent.").arg(m_settings.host));
    const bool saslIr = m_capabilities.contains(" SASL-IR ");
    if (m_settings.xoauth2) {
        const QByteArray token = QByteArray("user=" + m_settings.user.toUtf8() + "\1auth=Bearer " +
                                            m_settings.secret.toUtf8() + "\1\1")
                                     .toBase64();
        return command(saslIr ? "AUTHENTICATE XOAUTH2 " + token : QByteArray("AUTHENTICATE XOAUTH2"),
                       State::Auth);
    }
    if (m_capabilities.contains(" AUTH=PLAIN ")) {
        const QByteArray plain =
            QByteArray('\0' + m_settings.user.toUtf8() + '\0' + m_settings.secret.toUtf8()).toBase64();
        return command(saslIr ? "AUTHENTICATE PLAIN " + plain : QByteArray("AUTHENTICATE PLAIN"),
                       State::Auth);
    }
    if (m_capabilities.contains(" LOGINDISABLED "))
        return fail(tr("%1 allows no login here.").arg(m_settings.host));
    if (m_settings.user.contains(u'\n') || m_settings.secret.contains(u'\n') ||
        m_settings.user.contains(u'\r') || m_settings.secret.contains(u'\r'))
        return fail(tr("The user name or password has a line break."));
    command("LOGIN " + quoted(m_settings.user) + ' ' + quoted(m_settings.secret), State::Auth);
}

void ImapFetcher::fetchNext() {
    if (m_next >= m_uids.size())
        return command("LOGOUT", State::Logout);
    m_messageUid = m_uids.at(m_next++);
    m_message.clear();
    command("UID FETCH " + QByteArray::number(m_messageUid) + " (UID BODY.PEEK[])", State::Fetch);
}

void ImapFetcher::fail(const QString &why) {
    if (m_finished)
        return;
    m_state = State::Done; // before the socket's own signals, which look at it
    endSession(m_finished, m_timer, m_socket, true);
    Q_EMIT finished(makeError(ErrorCode::Io, why));
}

void ImapFetcher::finish() {
    if (m_finished)
        return;
    m_state = State::Done; // before the socket's own signals, which look at it
    endSession(m_finished, m_timer, m_socket, false);
    Q_EMIT finished(m_outcome);
}

} // namespace hivepost::mailbox
