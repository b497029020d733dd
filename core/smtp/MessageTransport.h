#pragma once

// MessageTransport: one connection to a service that takes mail, as the campaign engine drives it:
// connect, then messages one at a time (optionally the next one pipelined behind a held final "."),
// then quit. SmtpClient is the SMTP one; a later HTTP-API transport (a provider's send endpoint)
// implements the same contract and maps its answers onto SmtpResult. The contract: exactly one of
// ready() or connectionFailed() per connectToServer(); exactly one messageFinished() per send() and
// per sendNext(), in order; closed() once when the connection is gone; with the data-end gate on,
// dataEndHeld() when a message is ready to be committed and nothing is committed before
// releaseDataEnd(). Lives on its creator's thread.
//
// TransportFactory makes them, one per connection: SmtpTransportFactory in the application, a test
// factory in tests (no sockets, the clock under the test's control).

#include <QObject>

#include "smtp/SmtpTypes.h"

Q_DECLARE_METATYPE(hivepost::smtp::SmtpResult)

namespace hivepost::smtp {

class MessageTransport : public QObject {
    Q_OBJECT
public:
    explicit MessageTransport(QObject *parent = nullptr)
        : QObject(parent) {}

    virtual void connectToServer() = 0;
    virtual void send(const Envelope &envelope, const DataPayload &payload) = 0;
    // While a message's end is held: whether the next may be given now (SMTP: PIPELINING).
    virtual bool canSendNext() const = 0;
    virtual void sendNext(const Envelope &envelope, const DataPayload &payload) = 0;
    virtual void setDataEndGate(bool on) = 0;
    virtual void releaseDataEnd() = 0;
    virtual void quit() = 0;  // closed() follows
    virtual void abort() = 0; // now; a message in flight finishes as Transient or Unknown

Q_SIGNALS:
    void ready();
    void connectionFailed(const hivepost::smtp::SmtpResult &result);
    void messageFinished(const hivepost::smtp::SmtpResult &result);
    void closed();
    void dataEndHeld();
    // Every line in ('S') and out ('C'), secrets replaced by "***".
    void protocolLine(char direction, const QByteArray &line);
};

class TransportFactory {
public:
    virtual ~TransportFactory() = default;
    // A new, unconnected transport for an account's settings, owned by parent.
    virtual MessageTransport *create(const SmtpSettings &settings, QObject *parent) = 0;
};

class SmtpTransportFactory final : public TransportFactory {
public:
    MessageTransport *create(const SmtpSettings &settings, QObject *parent) override;
    static SmtpTransportFactory &instance(); // stateless: one serves every engine
};

} // namespace hivepost::smtp
