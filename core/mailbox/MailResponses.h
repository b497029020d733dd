#pragma once

// The framing of IMAP and POP3 server responses, apart from the sessions that act on them, so that
// both can be fed hostile bytes split anywhere (tests/fuzz). Neither reader trusts a length or a
// line it has not seen end: every buffer is bounded, and a bound crossed is an error that names it.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace hivepost::mailbox {

// One IMAP response (RFC 3501 2.2.2, 4.3): its text with each literal replaced by "{}", and the
// literals' bytes in order.
struct ImapResponse {
    QByteArray line;
    QList<QByteArray> literals;
};

class ImapResponseReader {
public:
    enum class Status { Response, NeedMore, Error };
    enum class Error { None, LineTooLong, LiteralTooLarge, Malformed };

    static constexpr qsizetype MaxLineBytes = 1024 * 1024;
    static constexpr qint64 MaxLiteralBytes = 64 * 1024 * 1024;

    void feed(QByteArrayView bytes);
    // The next complete response, if the bytes fed so far hold one. After Error, always Error. After
    // a literal the response goes on with a space, ")" or its end (RFC 3501 9): anything else means
    // the literal was longer than announced, and is Malformed rather than a message cut short.
    Status next(ImapResponse &out);
    Error error() const { return m_error; }
    // Forgets everything buffered (after STARTTLS, RFC 2595 3.1: nothing read before the handshake
    // is trusted).
    void clear();

    // The size N of a line that ends with a literal's announcement "{N}" or "{N+}" (RFC 7888), or -1.
    // Sizes too large to be real are returned as MaxLiteralBytes + 1.
    static qint64 literalSize(QByteArrayView line, qsizetype *announcementStart = nullptr);

private:
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qint64 m_literalLeft = -1;
    bool m_afterLiteral = false;
    ImapResponse m_pending;
    Error m_error = Error::None;
};

// POP3 responses (RFC 1939 3): a status line, or, after a command that has one, a status line
// followed by data lines up to a line with a single ".", dot-stuffing undone.
class Pop3ResponseReader {
public:
    enum class Status { Line, Multiline, NeedMore, Error };
    enum class Error { None, TooLarge };

    static constexpr qint64 MaxResponseBytes = 64 * 1024 * 1024;

    // The next "+OK" answers a command with multi-line data (CAPA, UIDL, RETR, LIST, TOP).
    void expectMultiline() { m_multiline = true; }
    void feed(QByteArrayView bytes);
    // Line: status holds a status line ("+OK ...", "-ERR ...", "+ ..."). Multiline: status holds the
    // "+OK" line and data the lines after it.
    Status next(QByteArray &status, QList<QByteArray> &data);
    Error error() const { return m_error; }
    void clear();

private:
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_multiline = false;
    bool m_inData = false;
    QByteArray m_status;
    QList<QByteArray> m_data;
    qint64 m_dataBytes = 0;
    Error m_error = Error::None;
};

} // namespace hivepost::mailbox
