#pragma once

// MimeReader: reads a received message (RFC 5322 + MIME, RFC 2045-2047) into a tree of entities, for
// the bounce parser. Tolerant: LF or CRLF lines, missing boundaries, unknown charsets (read as
// Latin-1) and broken encodings give a best-effort tree, never an error. Header values are unfolded;
// value() also decodes RFC 2047 encoded-words.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace hivepost::mime {

struct MimeEntity {
    QList<QPair<QByteArray, QByteArray>> headers; // (name as written, unfolded raw value), in order
    QByteArray type = "text/plain";               // lower case, without parameters
    QByteArray charset;                           // lower case; empty when not given
    QByteArray body;                              // after Content-Transfer-Encoding, before charset
    QList<MimeEntity> parts;                      // multipart/*, and message/rfc822's one message

    // The first header of that name (case-insensitive): raw, and decoded to text.
    QByteArray raw(const QByteArray &name) const;
    QString value(const QByteArray &name) const;
    QList<QByteArray> rawAll(const QByteArray &name) const;
    // The body as text (charset applied; Latin-1 when unknown).
    QString text() const;
    bool isMultipart() const { return type.startsWith("multipart/"); }
};

class MimeReader {
public:
    static MimeEntity read(const QByteArray &message);
    // Header fields only (e.g. a text/rfc822-headers part), unfolded.
    static QList<QPair<QByteArray, QByteArray>> readHeaders(const QByteArray &block,
                                                            qsizetype *bodyStart = nullptr);
    // RFC 2047 encoded-words in a header value, as text.
    static QString decodeHeader(const QByteArray &raw);
    // A MIME parameter of a structured header value (e.g. boundary of Content-Type), unquoted.
    static QByteArray parameter(const QByteArray &headerValue, const QByteArray &name);
    static QString decodeCharset(const QByteArray &bytes, const QByteArray &charset);
    static QByteArray decodeQuotedPrintable(const QByteArray &qp);
};

} // namespace hivepost::mime
