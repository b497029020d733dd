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

// Dot-stuffing (RFC 5321 4.5.2), a final CRLF, and the terminating ".".
QByteArray dataBody(const QByteArray &message) {
    QByteArray out;
    out.reserve(message.size() + message.size() / 64 + 8);
    const char *p = message.constData();
    const qsizetype size = message.size();
    if (size > 0 && p[0] == '.')
        out += '.';
    // Line by line with memchr (a substring search for "\r\n." costs several times more).
    qsizetype start = 0;
    for (;;) {
        const void *nl = start < size ? std::memchr(p + start, '\n', size_t(size - start)) : nullptr;
        if (!nl) {
            out.append(p + start, size - start);
            break;
        }
        const qsizetype at = static_cast<const char *>(nl) - p;
        out.append(p + start, at + 1 - start);
        if (at > 0 && p[at - 1] == '\r' && at + 1 < size && p[at + 1] == '.')
            out += '.';
        start = at + 1;
    }
    if (!out.endsWith("\r\n"))
        out += "\r\n";
    out += ".\r\n";
    return out;
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
    if (hasEightBit(envelope.from.toUtf8()) ||
        std::any_of(envelope.recipients.begin(), envelope.recipients.end(),
                    [](const QString &r) { return hasEightBit(r.toUtf8()); }))
        params += " SMTPUTF8";
    if (envelope.requestDsn && keywords.contains("DSN")) {
        params += " RET=HDRS";
        if (!envelope.envelopeId.isEmpty())
            params += " ENVID=" + xtext(envelope.envelopeId);
    }
    return params;
}

QByteArray rcptParameters(const QSet<QByteArray> &keywords, const Envelope &envelope,
                          const QString &recipient) {
    if (!envelope.requestDsn || !keywords.contains("DSN"))
        return {};
    return " NOTIFY=FAILURE,DELAY ORCPT=rfc822;" + xtext(recipient.toUtf8());
}

} // namespace hivepost::smtp
