#pragma once

// ImapFetcher: one IMAP4rev1 session (RFC 3501) that fetches the messages of a folder that arrived
// since the last poll, hands each to a handler, and moves the ones the handler kept (bounces) to
// another folder. IMAPS or STARTTLS (RFC 2595) with the same certificate rules as SMTP (verified
// unless the user trusted one by its SHA-256); AUTHENTICATE PLAIN (RFC 4616, SASL-IR when offered),
// XOAUTH2 or LOGIN. UID SEARCH from the last UID seen, BODY.PEEK[] (nothing is marked read), UID MOVE
// (RFC 6851) or COPY + \Deleted + UID EXPUNGE (RFC 4315). A new UIDVALIDITY starts from the beginning.
// Event-driven with a timer per command; exactly one finished() per start().

#include <functional>

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QSslSocket>
#include <QTimer>

#include "common/Result.h"
#include "mailbox/MailConnection.h"
#include "mailbox/MailResponses.h"

namespace hivepost::mailbox {

struct FetchOutcome {
    quint32 uidValidity = 0;
    quint32 lastUid = 0; // the highest UID handled
    int fetched = 0;
    int moved = 0;
    int waiting = 0; // new messages found in the folder (fetched: at most maxMessages of them)
};

class ImapFetcher : public QObject {
    Q_OBJECT
public:
    // handle(uid, message) returns true when the message is to be moved to moveTo (a bounce).
    using Handler = std::function<bool(quint32 uid, const QByteArray &message)>;

    ImapFetcher(MailboxSettings settings, quint32 uidValidity, quint32 lastUid, Handler handle,
                QObject *parent = nullptr);
    ~ImapFetcher() override;

    void start();
    QSslCertificate peerCertificate() const;
    // The folder's UIDVALIDITY once selected (0 before), also after a failure.
    quint32 uidValidity() const { return m_outcome.uidValidity; }

Q_SIGNALS:
    void finished(const hivepost::Result<hivepost::mailbox::FetchOutcome> &result);

private:
    enum class State {
        Idle,
        Connecting,
        Greeting,
        Capability,
        StartTls,
        Handshake,
        Auth,
        Select,
        Search,
        Fetch,
        Copy,
        Expunge,
        Move,
        Logout,
        Done
    };
    void command(const QByteArray &text, State next);
    void onReadyRead();
    void onResponse(const QByteArray &line, const QList<QByteArray> &literals);
    void onTagged(const QByteArray &status, const QByteArray &text);
    void authenticate();
    void fetchNext();
    void fail(const QString &why);
    void finish();

    MailboxSettings m_settings;
    Handler m_handle;
    QPointer<QSslSocket> m_socket;
    QTimer m_timer;
    State m_state = State::Idle;
    ImapResponseReader m_reader;
    int m_tag = 0;
    QByteArray m_currentTag;
    QByteArray m_capabilities;
    bool m_tls = false;
    quint32 m_knownValidity;
    quint32 m_knownLastUid;
    FetchOutcome m_outcome;
    QList<quint32> m_uids;
    qsizetype m_next = 0;
    QByteArray m_message;
    quint32 m_messageUid = 0;
    bool m_finished = false;
    bool m_created = false; // the move-to folder was created in this session
};

} // namespace hivepost::mailbox
