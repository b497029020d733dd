#include "smtp/SmtpCommands.h"

#include <algorithm>
#include <cstring>

#include <QUrl>

using namespace Qt::StringLiterals;

namespace hivepost::smtp {

bool hasEightBit(const QByteArray &data) {
    // Eight bytes at a time: this runs over every message before it is sent.
    const char *p = data.constData();
    const qsizetype size = data.size();
    qsizetype i = 0;
    for (; i + 8 <= size; i += 8) {
        quint64 word;
        std::memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ULL)
            return true;
    }
    for (; i < size; ++i) {
        if (static_cast<unsigned char>(p[i]) >= 0x80)
            return true;
    }
    return false;
}

SmtpResult::Status classify(const SmtpReply &reply) {
    return reply.isPositive()    ? SmtpResult::Status::Success
           : reply.isTransient() ? SmtpResult::Status::Transient
                                 : SmtpResult::Status::Permanent;
}

namespace {

// The lines that start with "." (RFC 5321 4.5.2 doubles those dots), found with memchr: a substring
// search for "\r\n." costs several times more.
qsizetype dotsToDouble(const char *p, qsizetype size) {
    qsizetype dots = size > 0 && p[0] == '.' ? 1 : 0;
    for (const char *at = p; (at = static_cast<const char *>(std::memchr(at, '.', size_t(p + size - at))));
         ++at) {
        if (at - p >= 2 && at[-1] == '\n' && at[-2] == '\r')
            ++dots;
    }
    return dots;
}

bool endsWithCrlf(const char *p, qsizetype size) {
    return size >= 2 && p[size - 2] == '\r' && p[size - 1] == '\n';
}

} // namespace

// Dot-stuffing (RFC 5321 4.5.2), a final CRLF, and the terminating ".".
QByteArray dataBody(const QByteArray &message) {
    const char *p = message.constData();
    const qsizetype size = message.size();
    // A first pass counts the dots to double, so the copy is one allocation and plain memcpy runs.
    const qsizetype dots = dotsToDouble(p, size);
    const bool crlfAtEnd = endsWithCrlf(p, size);
    QByteArray out(size + dots + (crlfAtEnd ? 0 : 2) + 3, Qt::Uninitialized);
    char *o = out.data();
    qsizetype start = 0; // copied up to here
    const char *searchFrom = p;
    if (size > 0 && p[0] == '.')
        *o++ = '.';
    for (qsizetype left = dots - (size > 0 && p[0] == '.' ? 1 : 0); left > 0; --left) {
        // The next "\r\n." not yet stuffed.
        const char *at = searchFrom;
        for (;;) {
            at = static_cast<const char *>(std::memchr(at, '.', size_t(p + size - at)));
            if (at - p >= 2 && at[-1] == '\n' && at[-2] == '\r')
                break;
            ++at;
        }
        const qsizetype upTo = at - p;
        std::memcpy(o, p + start, size_t(upTo - start));
        o += upTo - start;
        *o++ = '.';
        start = upTo;
        searchFrom = at + 1;
    }
    std::memcpy(o, p + start, size_t(size - start));
    o += size - start;
    if (!crlfAtEnd) {
        *o++ = '\r';
        *o++ = '\n';
    }
    std::memcpy(o, ".\r\n", 3);
    return out;
}

DataPayload DataPayload::prepare(const QByteArray &message) {
    DataPayload d;
    d.wire = dataBody(message);
    d.messageSize = message.size();
    d.eightBit = hasEightBit(message);
    return d;
}

DataPayload DataPayload::prepare(QByteArray &&message) {
    // What MessageBuilder writes has no line that starts with "." (quoted-printable encodes it,
    // base64 has none): the message becomes the data as it is, with no copy when it has room.
    const char *p = message.constData();
    const qsizetype size = message.size();
    if (dotsToDouble(p, size) > 0 || !endsWithCrlf(p, size))
        return prepare(std::as_const(message));
    DataPayload d;
    d.messageSize = size;
    d.eightBit = hasEightBit(message);
    d.wire = std::move(message);
    d.wire.append(".\r\n", 3);
    return d;
}

// local@domain with the domain as A-labels (RFC 5890); the local part as it is (UTF-8 needs SMTPUTF8).
QByteArray smtpAddress(const QString &address) {
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0)
        return address.toUtf8();
    QByteArray domain = QUrl::toAce(address.mid(at + 1), QUrl::IgnoreIDNWhitelist);
    if (domain.isEmpty())
        domain = address.mid(at + 1).toUtf8();
    return address.left(at).toUtf8() + '@' + domain;
}

QString replyText(const SmtpReply &r) {
    return QString::number(r.code) +
           (r.enhanced.isEmpty() ? QString() : u' ' + QString::fromLatin1(r.enhanced)) + u' ' +
           QString::fromUtf8(r.text());
}

QByteArray xtext(const QByteArray &value) {
    // RFC 3461 4: "+" and "=" and anything outside 33..126 as +XX.
    QByteArray out;
    for (char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 33 || c > 126 || c == '+' || c == '=')
            out += '+' + QByteArray::number(c, 16).toUpper().rightJustified(2, '0');
        else
            out += ch;
    }
    return out;
}

QByteArray mailParameters(const QSet<QByteArray> &keywords, qint64 sizeLimit, const Envelope &envelope,
                          qint64 messageSize, bool eightBitData) {
    QByteArray params;
    if (sizeLimit > 0 || keywords.contains("SIZE"))
        params += " SIZE=" + QByteArray::number(messageSize);
    if (eightBitData && keywords.contains("8BITMIME"))
        params += " BODY=8BITMIME";
    // Only a UTF-8 local part needs SMTPUTF8 (RFC 6531): an IDN domain goes out as A-labels.
    if (hasEightBit(smtpAddress(envelope.from)) ||
        std::any_of(envelope.recipients.begin(), envelope.recipients.end(),
                    [](const QString &r) { return hasEightBit(smtpAddress(r)); }))
        params += " SMTPUTF8";
    if (envelope.requestDsn && keywords.contains("DSN")) {
        params += " RET=HDRS";
        if (!envelope.envelopeId.isEmpty())
            params += " ENVID=" + xtext(envelope.envelopeId);
    }
    return params;
}

namespace {

QByteArray utf8AddrUnitext(const QByteArray &address) {
    // RFC 6533 3: UTF-8 as it is (the server offers SMTPUTF8); plus, equals, backslash, controls and
    // space as \x{HEX}.
    QByteArray out;
    for (char ch : address) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 33 || c == 127 || c == '+' || c == '=' || c == '\\')
            out += "\\x{" + QByteArray::number(c, 16).toUpper() + '}';
        else
            out += ch;
    }
    return out;
}

} // namespace

QByteArray rcptParameters(const QSet<QByteArray> &keywords, const Envelope &envelope,
                          const QString &recipient) {
    if (!envelope.requestDsn || !keywords.contains("DSN"))
        return {};
    const QByteArray address = smtpAddress(recipient);
    if (hasEightBit(address)) // an internationalised address: the utf-8 type of RFC 6533
        return " NOTIFY=FAILURE,DELAY ORCPT=utf-8;" + utf8AddrUnitext(address);
    return " NOTIFY=FAILURE,DELAY ORCPT=rfc822;" + xtext(address);
}

} // namespace hivepost::smtp
