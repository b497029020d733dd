#pragma once

// SmtpClient: an SMTP submission connection on the Qt event loop (RFC 5321, 3207, 4954, 2920,
// 1870, 6152, 6531, 3461). connectToServer() greets, upgrades to TLS, authenticates; then send()
// one message at a time (RSET after a refused one) and quit(). Never blocks; a timer per command.
// Exactly one messageFinished() per send() and per sendNext(), in the order they were given,
// exactly one of ready() or connectionFailed() per connectToServer(), and closed() once when the
// connection is gone. Owns its socket.

#include <QByteArrayList>
#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QSslError>
#include <QTimer>

#include "smtp/MessageTransport.h"
#include "smtp/SmtpReply.h"
#include "smtp/SmtpTypes.h"

class QSslSocket;

namespace hivepost::smtp {

class SmtpClient : public MessageTransport {
    Q_OBJECT
public:
    explicit SmtpClient(const SmtpSettings &settings, QObject *parent = nullptr);
    ~SmtpClient() override;

    void connectToServer() override;
    // One message; message must use CRLF line endings (dot-stuffing is done here).
    void send(const Envelope &envelope, const QByteArray &message) {
        send(envelope, DataPayload::prepare(message));
    }
    void send(const Envelope &envelope,
              const DataPayload &payload) override; // prepared ahead, off this thread
    void quit() override;                           // QUIT and close; closed() follows
    void abort() override; // drop the connection now; a message in flight finishes as Transient or Unknown

    // With the gate on, send() writes a message's data but holds back its final "." and emits
    // dataEndHeld(); releaseDataEnd() writes it. The caller records, durably, that the message may
    // now be delivered before releasing it, so a crash in between is never mistaken for "not sent".
    void setDataEndGate(bool on) override { m_gate = on; }
    void releaseDataEnd() override;
    // While a message's "." is held and the server offers PIPELINING, the next message may be given:
    // its MAIL, RCPT and DATA go with the "." (RFC 2920 3.1), and their replies follow the one to
    // the ".", a round trip fewer per message. It finishes after the first, as if sent then.
    bool canSendNext() const override;
    void sendNext(const Envelope &envelope, const DataPayload &payload) override;

    bool isReady() const { return m_state == State::Ready; }
    QStringList capabilities() const { return m_capabilities; }
    bool hasCapability(const QByteArray &keyword) const { return m_keywords.contains(keyword.toUpper()); }
    QString tlsDescription() const; // protocol and cipher, empty without TLS
    QSslCertificate peerCertificate() const;
    // The certificate that failed verification, for the user to inspect and perhaps trust.
    QSslCertificate rejectedCertificate() const { return m_rejectedCertificate; }
    int messagesSent() const { return m_messagesSent; }

    // Its signals are MessageTransport's: ready, connectionFailed, messageFinished, closed,
    // dataEndHeld, and protocolLine (AUTH secrets replaced by "***").

private:
    enum class State {
        Idle,
        Connecting,
        Greeting,
        Ehlo,
        Helo,
        StartTls,
        TlsHandshake,
        Auth,
        AuthLoginUser,
        AuthLoginPass,
        AuthXOAuthError,
        Ready,
        Mail,
        Rcpt,
        Data,
        DataHeld, // the data is written, the final "." waits for releaseDataEnd()
        DataEnd,
        Rset,
        Quit,
        Closed
    };

    void onConnected();
    void onEncrypted();
    void onReadyRead();
    void onSslErrors(const QList<QSslError> &errors);
    void onDisconnected();
    void onTimeout();

    void handleReply(const SmtpReply &reply);
    void afterEhlo(const SmtpReply &reply);
    void startAuth();
    void startTransaction();
    // Why the server would refuse it before MAIL (empty if it would not), and MAIL's parameters.
    QString refusal(const Envelope &envelope, const DataPayload &payload, QByteArray *parameters) const;
    QByteArrayList pipelinedEnvelope(const Envelope &envelope, const QByteArray &parameters) const;
    QByteArray logged(const QByteArrayList &lines); // joined for one write, each line logged
    void awaitEnvelopeReplies();                    // MAIL's, each RCPT's, DATA's
    bool takeNext(); // the next message becomes the one in flight; false if its MAIL is not written
    void finishNextUnsent(const QString &why);
    void sendData();
    // logAs: what the protocol log shows instead of line (for secrets).
    void write(const QByteArray &line, const QByteArray &logAs = {});
    void expect(State state, int timeoutMs);
    void failConnection(SmtpResult::Status status, const QString &why, const SmtpReply &reply = {});
    void finishMessage(SmtpResult::Status status, const SmtpReply &reply, const QString &why);
    QByteArray heloName() const;
    static SmtpResult::Stage stageOf(State state, bool recipientAccepted);

    SmtpSettings m_settings;
    QSslSocket *m_socket = nullptr;
    SmtpReplyParser m_parser;
    QTimer m_timer;
    State m_state = State::Idle;
    QStringList m_capabilities;
    QSet<QByteArray> m_keywords;
    qint64 m_sizeLimit = 0;
    bool m_tls = false;
    bool m_connectReported = false;
    bool m_closedReported = false;
    bool m_quitAfterRset = false;
    bool m_gate = false;
    QSslCertificate m_rejectedCertificate;

    // The message in flight.
    bool m_inFlight = false;
    Envelope m_envelope;
    DataPayload m_payload;
    int m_pendingRcpt = 0; // RCPT replies still to come
    int m_acceptedRcpt = 0;
    SmtpReply m_firstRcptFailure;
    bool m_pipelined = false;
    int m_messagesSent = 0;

    // The next message (sendNext), and whether its MAIL, RCPT and DATA went with the ".".
    bool m_hasNext = false;
    bool m_nextStarted = false;
    Envelope m_nextEnvelope;
    DataPayload m_nextPayload;
};

} // namespace hivepost::smtp
