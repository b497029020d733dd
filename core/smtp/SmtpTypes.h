#pragma once

// The values an SmtpClient is configured with and reports: connection settings, one message's
// envelope, and the outcome of a message or of the connection.

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QString>
#include <QStringList>

#include "smtp/SmtpReply.h"

namespace hivepost::smtp {

enum class Security { ImplicitTls, StartTls, None };
enum class AuthMethod { None, Plain, Login, XOAuth2 };

struct Timeouts { // milliseconds; the defaults are RFC 5321 4.5.3.2's
    int connect = 60'000;
    int greeting = 300'000;
    int command = 300'000;
    int dataStart = 120'000;
    int dataBlock = 180'000;
    int dataEnd = 600'000;
};

struct SmtpSettings {
    QString host;
    quint16 port = 587;
    Security security = Security::StartTls;
    AuthMethod auth = AuthMethod::None;
    QString user;
    QString secret;                  // password or OAuth token; never logged
    bool allowPlaintextAuth = false; // AUTH without TLS only when the user says so
    QString heloName;                // default: the local host name
    QList<QSslCertificate> extraCaCertificates;
    QByteArray pinnedSha256; // a certificate the user trusted explicitly (SHA-256 of its DER)
    Timeouts timeouts;
};

struct Envelope {
    QString from;           // the bounce address (MAIL FROM)
    QStringList recipients; // RCPT TO
    QByteArray envelopeId;  // DSN ENVID (RFC 3461), when the server offers DSN
    bool requestDsn = true;
};

// A message made ready for DATA once: dot-stuffed (RFC 5321 4.5.2), CRLF-ended, with the final
// ".\r\n", and checked for 8-bit bytes. prepare() may run on any thread (a sender composes ahead on
// worker threads, so the network thread only writes).
struct DataPayload {
    QByteArray wire;
    qsizetype messageSize = 0; // as given, before stuffing (for SIZE=, RFC 1870)
    bool eightBit = false;

    static DataPayload prepare(const QByteArray &message);
    static DataPayload prepare(QByteArray &&message); // the same, without a copy when none is needed
    bool isEmpty() const { return wire.isEmpty(); }
};

struct SmtpResult {
    // Success: accepted. Transient: try again later (4xx, timeouts, a connection lost before the final
    // reply). Permanent: never retry (5xx). Unknown: the connection was lost after the final "." and
    // before its reply, so the message may or may not have been accepted.
    enum class Status { Success, Transient, Permanent, Unknown };
    // Where it was decided: before any command of the message, at MAIL FROM, RCPT TO, DATA, or the
    // reply to the final ".".
    enum class Stage { Connection, Mail, Rcpt, Data, DataEnd };
    Status status = Status::Success;
    Stage stage = Stage::Connection;
    SmtpReply reply;                // the reply that decided it (code 0 when none)
    QString errorString;            // a sentence for the user
    bool connectionProblem = false; // not the recipient's fault: another connection may succeed
    // A pipelined next message (SmtpClient::sendNext) that the connection's fault, already reported
    // with the message before it, ended before its own transaction began.
    bool behindFailure = false;

    bool ok() const { return status == Status::Success; }
    // Why, in words: the sentence, else the server's reply ("550 5.1.1 ...").
    QString describe() const {
        return errorString.isEmpty() ? QString::number(reply.code) + u' ' + QString::fromUtf8(reply.text())
                                     : errorString;
    }
};

} // namespace hivepost::smtp
