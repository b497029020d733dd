#pragma once

// SmtpReply: one server reply (RFC 5321 4.2): the code, the enhanced status code when there is one
// (RFC 3463, "5.1.1"), and the text of all its lines. SmtpReplyParser assembles replies from bytes
// that may arrive split anywhere, multi-line replies included.

#include <optional>

#include <QByteArray>
#include <QList>

namespace hivepost::smtp {

struct SmtpReply {
    int code = 0;
    QByteArray enhanced;     // "2.0.0", or empty
    QList<QByteArray> lines; // the text after the code (and the enhanced code) on each line

    QByteArray text() const { return lines.join(' '); }
    bool isPositive() const { return code >= 200 && code < 400; }
    bool isTransient() const { return code >= 400 && code < 500; }
    bool isPermanent() const { return code >= 500; }
};

// The one definition of "the server slowed us down" (the engine slows the account or domain, the
// report counts the recipient as throttled, the CLI prints it): a 421 (RFC 5321 3.8: service not
// available, e.g. too many connections), or a 4xx whose enhanced status is a policy (X.7.x), a
// busy system (4.3.2), a congestion (4.4.5) or absent, and whose words say rate, limit, too many,
// throttling and the like.
bool isThrottling(int code, QByteArrayView enhanced, QByteArrayView text);
inline bool isThrottling(const SmtpReply &reply) {
    return isThrottling(reply.code, reply.enhanced, reply.text());
}

class SmtpReplyParser {
public:
    // Appends bytes; returns the replies completed by them, in order. A malformed line makes
    // *error true (the connection should then be dropped).
    QList<SmtpReply> feed(const QByteArray &bytes, bool *error);
    // Discards anything buffered (after STARTTLS, RFC 3207 4.2: bytes that arrived before the TLS
    // handshake must not be trusted).
    void clear();

    static constexpr int MaxLineLength = 2048;

private:
    QByteArray m_buffer;
    SmtpReply m_current;
};

} // namespace hivepost::smtp
