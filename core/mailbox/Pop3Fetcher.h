#pragma once

// Pop3Fetcher: one POP3 session (RFC 1939) that fetches the messages not seen before, by their UIDL,
// and hands each to a handler. POP3S or STLS (RFC 2595), AUTH PLAIN (RFC 5034) or USER/PASS, with the
// same certificate rules as IMAP and SMTP. Nothing is deleted from the server: the UIDLs handled are
// what keeps a message from being processed twice. Event-driven with a timer per command; exactly
// one finished() per start().

#include <functional>

#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslSocket>
#include <QTimer>

#include "common/Result.h"
#include "mailbox/MailConnection.h"
#include "mailbox/MailResponses.h"

namespace hivepost::mailbox {

struct Pop3Outcome {
    int fetched = 0;
    int waiting = 0; // messages not handled before (fetched: at most maxMessages of them)
};

class Pop3Fetcher : public QObject {
    Q_OBJECT
public:
    // handle(uidl, message); seen: the UIDLs handled before.
    using Handler = std::function<void(const QString &uidl, const QByteArray &message)>;

    Pop3Fetcher(MailboxSettings settings, QSet<QString> seen, Handler handle, QObject *parent = nullptr);
    ~Pop3Fetcher() override;
    void start();

Q_SIGNALS:
    void finished(const hivepost::Result<hivepost::mailbox::Pop3Outcome> &result);

private:
    enum class State { Idle, Greeting, Capa, Stls, Handshake, Auth, User, Pass, Uidl, Retr, Quit, Done };
    void send(const QByteArray &line, State next);
    void onReadyRead();
    void onLine(const QByteArray &line);
    void onMultiline(const QList<QByteArray> &data); // after the +OK line
    void authenticate();
    void retrieveNext();
    void fail(const QString &why);
    void finish();

    MailboxSettings m_settings;
    QSet<QString> m_seen;
    Handler m_handle;
    QPointer<QSslSocket> m_socket;
    QTimer m_timer;
    State m_state = State::Idle;
    Pop3ResponseReader m_reader;
    QByteArray m_capabilities;
    bool m_tls = false;
    QList<QPair<int, QString>> m_todo; // message number, UIDL
    QString m_current;
    Pop3Outcome m_outcome;
    bool m_finished = false;
};

} // namespace hivepost::mailbox
