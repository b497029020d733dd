#include "campaign/Verp.h"

#include <cstring>

#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace hivepost::campaign {

namespace {

constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648 base32, lower case
constexpr int kMacBytes = 5;                                     // 40 bits: forgery is impractical

QString base32(const QByteArray &data) {
    QString out;
    quint32 buffer = 0;
    int bits = 0;
    for (char c : data) {
        buffer = (buffer << 8) | static_cast<unsigned char>(c);
        bits += 8;
        while (bits >= 5) {
            out += QLatin1Char(kAlphabet[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
    }
    if (bits > 0)
        out += QLatin1Char(kAlphabet[(buffer << (5 - bits)) & 31]);
    return out;
}

std::optional<QByteArray> unbase32(const QString &text) {
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar ch : text) {
        const char c = char(ch.toLower().toLatin1());
        const char *at = std::strchr(kAlphabet, c);
        if (!at || c == 0)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(at - kAlphabet);
        bits += 5;
        if (bits >= 8) {
            out += char((buffer >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

void appendVarint(QByteArray &out, quint64 v) {
    do {
        char byte = char(v & 0x7F);
        v >>= 7;
        if (v)
            byte = char(byte | 0x80);
        out += byte;
    } while (v);
}

std::optional<quint64> readVarint(const QByteArray &in, qsizetype &pos) {
    quint64 v = 0;
    for (int shift = 0; shift < 64 && pos < in.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(in[pos++]);
        v |= quint64(byte & 0x7F) << shift;
        if (!(byte & 0x80))
            return v;
    }
    return std::nullopt;
}

QByteArray mac(const QByteArray &payload, const QByteArray &secret) {
    return QMessageAuthenticationCode::hash(payload, secret, QCryptographicHash::Sha256).left(kMacBytes);
}

} // namespace

QString Verp::token(const VerpIds &ids, const QByteArray &secret) {
    QByteArray payload;
    appendVarint(payload, quint64(ids.campaignId));
    appendVarint(payload, quint64(ids.recipientId));
    return base32(payload + mac(payload, secret));
}

std::optional<VerpIds> Verp::parseToken(const QString &token, const QByteArray &secret) {
    const auto bytes = unbase32(token);
    if (!bytes || bytes->size() <= kMacBytes)
        return std::nullopt;
    const QByteArray payload = bytes->left(bytes->size() - kMacBytes);
    if (mac(payload, secret) != bytes->right(kMacBytes))
        return std::nullopt;
    qsizetype pos = 0;
    const auto campaign = readVarint(payload, pos);
    const auto recipient = readVarint(payload, pos);
    if (!campaign || !recipient || pos != payload.size())
        return std::nullopt;
    return VerpIds{qint64(*campaign), qint64(*recipient)};
}

QString Verp::address(const VerpIds &ids, const QByteArray &secret, const QString &bounceDomain) {
    return addressFor(token(ids, secret), bounceDomain);
}

QString Verp::addressFor(const QString &token, const QString &bounceDomain) {
    return u"bounce+"_s + token + u'@' + bounceDomain.toLower();
}

std::optional<VerpIds> Verp::parseAddress(const QString &address, const QByteArray &secret) {
    const QString lower = address.trimmed().toLower();
    const qsizetype at = lower.lastIndexOf(u'@');
    if (!lower.startsWith(u"bounce+"_s) || at < 8)
        return std::nullopt;
    return parseToken(lower.mid(7, at - 7), secret);
}

} // namespace hivepost::campaign
