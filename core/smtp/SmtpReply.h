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
