// SmtpClient's mail transactions: MAIL, RCPT, DATA, the data and its final ".", one message after
// another; with the gate on and PIPELINING, the next message's MAIL, RCPT and DATA go out with this
// one's final "." (sendNext). The connection and session steps are in SmtpClient.cpp.

#include <QSslSocket>

#include "smtp/SmtpClient.h"
#include "smtp/SmtpCommands.h"

using namespace Qt::StringLiterals;

namespace hivepost::smtp {

void SmtpClient::send(const Envelope &envelope, const DataPayload &payload) {
    Q_ASSERT(!m_inFlight);
    m_inFlight = true;
    m_envelope = envelope;
    m_payload = payload;
    if (m_state == State::Rset)
        return; // starts when RSET is answered
    if (m_state != State::Ready) {
        QMetaObject::invokeMethod(
            this,
            [this] { finishMessage(SmtpResult::Status::Transient, {}, tr("Not connected to the server.")); },
            Qt::QueuedConnection);
        return;
    }
    startTransaction();
}

bool SmtpClient::canSendNext() const {
    return m_gate && m_pipelined && m_state == State::DataHeld && !m_hasNext && m_socket;
}

void SmtpClient::sendNext(const Envelope &envelope, const DataPayload &payload) {
    Q_ASSERT(canSendNext());
    m_hasNext = true;
    m_nextEnvelope = envelope;
    m_nextPayload = payload;
}

QString SmtpClient::refusal(const Envelope &envelope, const DataPayload &payload,
                            QByteArray *parameters) const {
    if (envelope.recipients.isEmpty())
        return tr("The message has no recipient.");
    if (m_sizeLimit > 0 && payload.messageSize > m_sizeLimit) {
        return tr("The message (%1 bytes) is larger than %2 accepts (%3 bytes).")
            .arg(payload.messageSize)
            .arg(m_settings.host)
            .arg(m_sizeLimit);
    }
    *parameters = mailParameters(m_keywords, m_sizeLimit, envelope, payload.messageSize, payload.eightBit);
    const bool utf8 = parameters->contains("SMTPUTF8");
    if (utf8 && !m_keywords.contains("SMTPUTF8")) {
        // Said for this message only: the connection stays up for the next recipient.
        QStringList utf8Addresses;
        for (const QString &a : QStringList{envelope.from} + envelope.recipients) {
            if (hasEightBit(smtpAddress(a)))
                utf8Addresses << a;
        }
        return tr("%1 has a non-ASCII local part, and %2 does not offer SMTPUTF8 (RFC 6531): "
                  "send it through an account whose server does.")
            .arg(utf8Addresses.join(u", "_s), m_settings.host);
    }
    if (payload.eightBit && !m_keywords.contains("8BITMIME") && !utf8)
        return tr("%1 cannot take 8-bit data (no 8BITMIME).").arg(m_settings.host);
    return {};
}

QByteArray SmtpClient::logged(const QByteArrayList &lines) {
    for (const QByteArray &line : lines)
        Q_EMIT protocolLine('C', line);
    return lines.join("\r\n") + "\r\n";
}

void SmtpClient::awaitEnvelopeReplies() {
    m_pendingRcpt = int(m_envelope.recipients.size());
    m_acceptedRcpt = 0;
    m_firstRcptFailure = {};
    expect(State::Mail, m_settings.timeouts.command);
}

QByteArrayList SmtpClient::pipelinedEnvelope(const Envelope &envelope, const QByteArray &parameters) const {
    // RFC 2920: MAIL, every RCPT and DATA in one write; every reply is still read and checked.
    QByteArrayList lines{"MAIL FROM:<" + smtpAddress(envelope.from) + '>' + parameters};
    for (const QString &r : envelope.recipients)
        lines << "RCPT TO:<" + smtpAddress(r) + '>' + rcptParameters(m_keywords, envelope, r);
    lines << "DATA";
    return lines;
}

void SmtpClient::startTransaction() {
    QByteArray parameters;
    if (const QString why = refusal(m_envelope, m_payload, &parameters); !why.isEmpty()) {
        finishMessage(SmtpResult::Status::Permanent, {}, why);
        return;
    }
    m_pipelined = m_keywords.contains("PIPELINING");
    if (m_pipelined)
        m_socket->write(logged(pipelinedEnvelope(m_envelope, parameters)));
    else
        write("MAIL FROM:<" + smtpAddress(m_envelope.from) + '>' + parameters);
    awaitEnvelopeReplies();
}

SmtpResult::Stage SmtpClient::stageOf(State state, bool recipientAccepted) {
    switch (state) {
    case State::Mail:
        return SmtpResult::Stage::Mail;
    case State::Rcpt:
        return SmtpResult::Stage::Rcpt;
    case State::Data: // with no recipient accepted, DATA's reply only confirms the RCPT refusal
        return recipientAccepted ? SmtpResult::Stage::Data : SmtpResult::Stage::Rcpt;
    case State::DataHeld:
        return SmtpResult::Stage::Data;
    case State::DataEnd:
        return recipientAccepted ? SmtpResult::Stage::DataEnd : SmtpResult::Stage::Rcpt;
    default:
        return SmtpResult::Stage::Connection;
    }
}

void SmtpClient::sendData() {
    const QByteArray &body = m_payload.wire;
    if (m_gate) {
        const qsizetype held = body.size() - 3; // ".\r\n" goes when released
        m_socket->write(body.constData(), held);
        Q_EMIT protocolLine('C', "<message, " + QByteArray::number(held) + " bytes>");
        // No reply is due while held; the data-block timeout still guards a stuck socket.
        expect(State::DataHeld, m_settings.timeouts.dataBlock);
        Q_EMIT dataEndHeld();
        return;
    }
    m_socket->write(body);
    Q_EMIT protocolLine('C', "<message, " + QByteArray::number(body.size()) + " bytes, and \".\">");
    expect(State::DataEnd,
           m_socket->bytesToWrite() > 0 ? m_settings.timeouts.dataBlock : m_settings.timeouts.dataEnd);
}

void SmtpClient::releaseDataEnd() {
    if (m_state != State::DataHeld || !m_socket)
        return;
    QByteArrayList lines{"."};
    if (m_hasNext) {
        // One that the server would refuse is not written: it fails after this one is answered.
        QByteArray parameters;
        if (refusal(m_nextEnvelope, m_nextPayload, &parameters).isEmpty()) {
            lines += pipelinedEnvelope(m_nextEnvelope, parameters);
            m_nextStarted = true;
        }
    }
    m_socket->write(logged(lines));
    expect(State::DataEnd,
           m_socket->bytesToWrite() > 0 ? m_settings.timeouts.dataBlock : m_settings.timeouts.dataEnd);
}

bool SmtpClient::takeNext() {
    const bool started = std::exchange(m_nextStarted, false);
    m_hasNext = false;
    m_inFlight = true;
    m_envelope = std::exchange(m_nextEnvelope, {});
    m_payload = std::exchange(m_nextPayload, {});
    if (!started) {
        m_state = State::Ready;
        return false;
    }
    awaitEnvelopeReplies();
    return true;
}

void SmtpClient::finishMessage(SmtpResult::Status status, const SmtpReply &reply, const QString &why) {
    if (!m_inFlight)
        return;
    m_inFlight = false;
    m_payload = {};
    SmtpResult result;
    result.status = status;
    result.reply = reply;
    result.errorString = why;
    result.stage = stageOf(m_state, m_acceptedRcpt > 0);
    if (m_hasNext && m_state == State::DataEnd) {
        // The reply to the "." ends the transaction, whatever it says (RFC 5321 4.1.1.4): no RSET.
        // The next message is in flight before this one is reported, so that whatever the caller
        // does on hearing of it (quit, abort) counts the next one in.
        const bool started = takeNext();
        Q_EMIT messageFinished(result);
        if (!started && m_inFlight && m_state == State::Ready)
            startTransaction(); // refused before it was written: said now, after this one
        return;
    }
    // A delivered message ends its transaction (RFC 5321 4.1.1.4): the next MAIL may follow at once.
    // After a refused or abandoned one, RSET first.
    if (m_state == State::DataEnd && status == SmtpResult::Status::Success) {
        m_state = State::Ready;
    } else if (m_socket && m_socket->state() == QAbstractSocket::ConnectedState &&
               (m_state == State::Mail || m_state == State::Rcpt || m_state == State::Data ||
                m_state == State::DataHeld || m_state == State::DataEnd)) {
        write("RSET");
        expect(State::Rset, m_settings.timeouts.command);
    }
    Q_EMIT messageFinished(result);
}

void SmtpClient::finishNextUnsent(const QString &why) {
    if (!std::exchange(m_hasNext, false))
        return;
    m_nextStarted = false;
    m_nextEnvelope = {};
    m_nextPayload = {};
    SmtpResult result;
    result.status = SmtpResult::Status::Transient;
    result.errorString = why;
    result.connectionProblem = true; // its data never went: another connection may send it
    result.behindFailure = true;
    result.stage = SmtpResult::Stage::Mail;
    Q_EMIT messageFinished(result);
}

} // namespace hivepost::smtp
