#pragma once

// MemoryTransport: the test implementation of the transport seam (smtp::TransportFactory): a
// "server" in memory that accepts every message at once, except for recipients whose local part
// starts with "reject" (550 5.1.1 at RCPT). It keeps the contract of smtp::MessageTransport (one
// answer per call, never from inside it; the data-end gate) with no socket, so an engine test runs
// on the fake clock alone. The factory records what was delivered and how many connections opened.

#include <QHash>
#include <QStringList>
#include <QTimer>

#include "smtp/MessageTransport.h"

namespace hivepost::test {

class MemoryTransportFactory;

class MemoryTransport final : public smtp::MessageTransport {
public:
    MemoryTransport(MemoryTransportFactory &factory, QObject *parent)
        : MessageTransport(parent)
        , m_factory(factory) {}

    void connectToServer() override {
        later([this] { Q_EMIT ready(); });
    }
    void send(const smtp::Envelope &envelope, const smtp::DataPayload &payload) override {
        m_envelope = envelope;
        m_payload = payload;
        m_inFlight = true;
        if (m_gate)
            later([this] { Q_EMIT dataEndHeld(); });
        else
            releaseDataEnd();
    }
    bool canSendNext() const override { return false; }
    void sendNext(const smtp::Envelope &, const smtp::DataPayload &) override {}
    void setDataEndGate(bool on) override { m_gate = on; }
    void releaseDataEnd() override;
    void quit() override {
        later([this] { closeNow(); });
    }
    void abort() override {
        if (m_inFlight) {
            m_inFlight = false;
            smtp::SmtpResult r;
            r.status = smtp::SmtpResult::Status::Transient;
            r.connectionProblem = true;
            r.errorString = QStringLiteral("aborted");
            Q_EMIT messageFinished(r);
        }
        closeNow();
    }

private:
    template <typename F>
    void later(F f) {
        QTimer::singleShot(0, this, f);
    }
    void closeNow() {
        if (m_closed)
            return;
        m_closed = true;
        Q_EMIT closed();
    }

    MemoryTransportFactory &m_factory;
    smtp::Envelope m_envelope;
    smtp::DataPayload m_payload;
    bool m_gate = false;
    bool m_inFlight = false;
    bool m_closed = false;
};

class MemoryTransportFactory final : public smtp::TransportFactory {
public:
    smtp::MessageTransport *create(const smtp::SmtpSettings &, QObject *parent) override {
        ++connections;
        return new MemoryTransport(*this, parent);
    }
    QHash<QString, int> deliveries; // recipient -> times accepted
    QStringList refused;
    int connections = 0;
};

inline void MemoryTransport::releaseDataEnd() {
    later([this] {
        if (!m_inFlight)
            return;
        m_inFlight = false;
        smtp::SmtpResult r;
        const QString to = m_envelope.recipients.value(0);
        if (to.startsWith(QLatin1String("reject"))) {
            r.status = smtp::SmtpResult::Status::Permanent;
            r.stage = smtp::SmtpResult::Stage::Rcpt;
            r.reply.code = 550;
            r.reply.enhanced = "5.1.1";
            r.reply.lines = {"user unknown"};
            m_factory.refused << to;
        } else {
            r.reply.code = 250;
            r.reply.enhanced = "2.0.0";
            r.reply.lines = {"queued"};
            ++m_factory.deliveries[to];
        }
        Q_EMIT messageFinished(r);
    });
}

} // namespace hivepost::test
