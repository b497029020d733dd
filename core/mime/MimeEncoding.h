#pragma once

// MimeEncoding: the byte-level rules of Internet mail. Header values cleaned of control characters
// (so that no merged value can add or split a header), RFC 2047 encoded-words that never split a
// character, folding at 78, quoted-printable and base64 bodies with CRLF lines of at most 76.

#include <QByteArray>
#include <QString>

namespace hivepost::mime {

// CR, LF, NUL, other C0/C1 controls and U+2028/2029 become spaces;
// runs of white space become one space; the ends are trimmed.
QString sanitizeHeaderValue(const QString &value);

// "Name: value" + CRLF for an unstructured field (Subject, List-Id text...): sanitised, encoded
// as RFC 2047 B encoded-words when not plain ASCII, folded to lines of at most 78 characters.
QByteArray unstructuredHeader(const QByteArray &name, const QString &value);

// RFC 2047 encoded-words for text, each at most 75 characters, separated by CRLF SP.
QByteArray encodedWords(const QString &text, int firstLineUsed);

// A mailbox for From/To/Reply-To: the display name quoted or encoded, the domain as A-labels.
QByteArray mailbox(const QString &displayName, const QString &address);
// The address with its domain as A-labels (what SMTP sends).
QByteArray asciiAddress(const QString &address);

// RFC 2045 6.7, for UTF-8 text: any line ending becomes CRLF; lines of at most 76 characters.
QByteArray quotedPrintable(const QByteArray &text);
// The most quotedPrintable() writes for size bytes.
qsizetype qpBound(qsizetype size);

// Whole lines of a text whose quoted-printable form is known already (a template's literal lines,
// encoded once for a whole campaign): text[offset, offset + source.size()) is source, starts a line
// and ends with '\n'. Lines encode the same wherever they stand, so these are copied, not encoded.
struct QpKnownLines {
    qsizetype offset = 0;
    QByteArray source;
    QByteArray encoded; // quotedPrintable(source)
};
// The same as quotedPrintable(text); a known stretch that does not match text is encoded anyway.
QByteArray quotedPrintable(const QByteArray &text, const QList<QpKnownLines> &known);
// The same, appended to out (a message built in one buffer).
void appendQuotedPrintable(QByteArray &out, const QByteArray &text, const QList<QpKnownLines> &known);
// RFC 2045 6.8 with CRLF lines of 76 characters.
QByteArray base64Lines(const QByteArray &data);

// True when base64 is the smaller encoding (mostly non-ASCII text, e.g. Chinese).
bool preferBase64(const QByteArray &utf8);

} // namespace hivepost::mime
