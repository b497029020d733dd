#pragma once

// What a bounce mailbox session needs (IMAP or POP3), and the TLS socket both protocols use: the
// system's CAs plus the user's extra ones, the host name verified, and a certificate that fails
// verification accepted only when it is the one the user trusted (its SHA-256).

#include <functional>

#include <QList>
#include <QSslCertificate>
#include <QSslSocket>
#include <QString>

class QTimer;

namespace hivepost::mailbox {

enum class MailSecurity { ImplicitTls, StartTls, None };

struct MailboxSettings {
    QString host;
    quint16 port = 993;
    MailSecurity security = MailSecurity::ImplicitTls;
    QString user;
    QString secret;
    bool xoauth2 = false;            // the secret is an OAuth 2 access token
    bool allowPlaintextAuth = false; // credentials without TLS only when the user says so
    QList<QSslCertificate> extraCaCertificates;
    QByteArray pinnedSha256;
    QString folder = QStringLiteral("INBOX"); // IMAP
    QString moveTo; // IMAP; empty: processed messages stay (the last UID is remembered instead)
    int timeoutMs = 60'000;
    int maxMessages = 500; // per session
};

// Ends a session once: false when it had ended already; otherwise stops its timer and aborts the
// connection (a failure) or closes it politely (done).
bool endSession(bool &ended, QTimer &timer, QSslSocket *socket, bool abort);

// A socket configured for settings, owned by parent; untrusted certificates call fail(why).
QSslSocket *makeMailSocket(const MailboxSettings &settings, QObject *parent,
                           std::function<void(const QString &)> fail);

} // namespace hivepost::mailbox
