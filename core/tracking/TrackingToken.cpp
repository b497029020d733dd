#include "tracking/TrackingToken.h"

#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <openssl/crypto.h>

using namespace Qt::StringLiterals;

namespace hivepost::tracking {

namespace {

constexpr quint8 Version = 1;
constexpr qsizetype MacBytes = 12;

void putVarint(QByteArray &out, quint64 v) {
    do {
        quint8 byte = v & 0x7f;
        v >>= 7;
        if (v)
            byte |= 0x80;
        out.append(char(byte));
    } while (v);
}

// Reads one varint of at most 9 bytes (63 bits); false at the end of data or on an overlong one.
bool getVarint(QByteArrayView data, qsizetype &pos, qint64 &value) {
    quint64 v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
        if (pos >= data.size())
            return false;
        const quint8 byte = quint8(data[pos++]);
        v |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            value = qint64(v);
            return true;
        }
    }
    return false;
}

QByteArray mac(QByteArrayView payload, const QByteArray &secret) {
    QMessageAuthenticationCode code(QCryptographicHash::Sha256, secret);
    code.addData("hivepost-token\0", 15); // domain separation from any other use of the key
    code.addData(payload.data(), payload.size());
    return code.result().left(MacBytes);
}

} // namespace

bool constantTimeEquals(QByteArrayView a, QByteArrayView b) {
    if (a.size() != b.size())
        return false;
    return a.isEmpty() || CRYPTO_memcmp(a.data(), b.data(), size_t(a.size())) == 0;
}

SigningKey KeyRing::generate(quint32 id, qint64 nowS) {
    SigningKey k;
    k.id = id;
    k.createdAt = nowS;
    k.secret.resize(32);
    QRandomGenerator::system()->generate(reinterpret_cast<quint32 *>(k.secret.data()),
                                         reinterpret_cast<quint32 *>(k.secret.data() + k.secret.size()));
    return k;
}

SigningKey KeyRing::rotate(qint64 nowS, qint64 graceS) {
    quint32 next = 1;
    for (SigningKey &k : m_keys) {
        next = std::max(next, k.id + 1);
        if (k.retiresAt == 0)
            k.retiresAt = nowS + graceS;
    }
    // Keys retired long ago are dropped: they verify nothing any more.
    m_keys.removeIf([nowS](const SigningKey &k) { return k.retiresAt != 0 && k.retiresAt < nowS; });
    SigningKey key = generate(next, nowS);
    m_keys.append(key);
    return key;
}

const SigningKey *KeyRing::current() const {
    const SigningKey *best = nullptr;
    for (const SigningKey &k : m_keys) {
        if (k.retiresAt == 0 && (!best || k.id > best->id))
            best = &k;
    }
    return best;
}

const SigningKey *KeyRing::find(quint32 id, qint64 nowS) const {
    for (const SigningKey &k : m_keys) {
        if (k.id == id)
            return (k.retiresAt == 0 || nowS < k.retiresAt) ? &k : nullptr;
    }
    return nullptr;
}

QJsonArray KeyRing::toJson() const {
    QJsonArray out;
    for (const SigningKey &k : m_keys) {
        out.append(QJsonObject{{u"id"_s, qint64(k.id)},
                               {u"secret"_s, QString::fromLatin1(k.secret.toBase64())},
                               {u"created_at"_s, k.createdAt},
                               {u"retires_at"_s, k.retiresAt}});
    }
    return out;
}

Result<KeyRing> KeyRing::fromJson(const QJsonArray &keys) {
    QList<SigningKey> out;
    for (const QJsonValue &v : keys) {
        const QJsonObject o = v.toObject();
        SigningKey k;
        k.id = quint32(o.value(u"id"_s).toInteger());
        k.secret = QByteArray::fromBase64(o.value(u"secret"_s).toString().toLatin1());
        k.createdAt = o.value(u"created_at"_s).toInteger();
        k.retiresAt = o.value(u"retires_at"_s).toInteger();
        if (k.id == 0 || k.secret.size() < 16)
            return makeError(ErrorCode::InvalidInput, u"a signing key is malformed (id %1)"_s.arg(k.id));
        out.append(k);
    }
    return KeyRing(out);
}

QString TrackingToken::sign(const TokenData &d, const SigningKey &key) {
    QByteArray payload;
    payload.reserve(48);
    payload.append(char((Version << 4) | quint8(d.kind)));
    putVarint(payload, key.id);
    putVarint(payload, quint64(d.campaignId));
    putVarint(payload, quint64(d.recipientId));
    putVarint(payload, quint64(d.contactId));
    if (d.kind == TokenKind::Click)
        putVarint(payload, quint64(d.linkId));
    payload += mac(payload, key.secret);
    return QString::fromLatin1(
        payload.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

std::optional<TokenData> TrackingToken::verify(QByteArrayView token, const KeyRing &ring, qint64 nowS) {
    if (token.isEmpty() || token.size() > MaxLength)
        return std::nullopt;
    for (char c : token) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_'))
            return std::nullopt;
    }
    const auto decoded = QByteArray::fromBase64Encoding(
        token.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    const QByteArray &bytes = decoded.decoded;
    // Only the one canonical spelling: extra or changed trailing bits are a different token.
    if (bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) != token)
        return std::nullopt;
    if (bytes.size() <= MacBytes + 1)
        return std::nullopt;
    const QByteArrayView payload(bytes.constData(), bytes.size() - MacBytes);
    const quint8 head = quint8(payload[0]);
    if ((head >> 4) != Version || (head & 0x0f) > quint8(TokenKind::Confirm))
        return std::nullopt;
    TokenData d;
    d.kind = TokenKind(head & 0x0f);
    qsizetype pos = 1;
    qint64 kid = 0;
    if (!getVarint(payload, pos, kid) || !getVarint(payload, pos, d.campaignId) ||
        !getVarint(payload, pos, d.recipientId) || !getVarint(payload, pos, d.contactId))
        return std::nullopt;
    if (d.kind == TokenKind::Click && !getVarint(payload, pos, d.linkId))
        return std::nullopt;
    if (pos != payload.size() || kid <= 0 || kid > 0xffffffffLL || d.campaignId < 0 || d.recipientId < 0 ||
        d.contactId < 0 || d.linkId < 0)
        return std::nullopt;
    d.keyId = quint32(kid);
    const SigningKey *key = ring.find(d.keyId, nowS);
    if (!key)
        return std::nullopt;
    if (!constantTimeEquals(mac(payload, key->secret), QByteArrayView(bytes).last(MacBytes)))
        return std::nullopt;
    return d;
}

} // namespace hivepost::tracking
