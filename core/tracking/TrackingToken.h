#pragma once

// TrackingToken: what an open pixel, a tracked link, an unsubscribe link or a signup confirmation
// carries in its URL: a few numbers (campaign, recipient and contact ids of the desktop database, a
// link id), never an address or any other personal data, signed with HMAC-SHA256 under a key shared
// between the desktop and its relay. Compact: version and kind in one byte, the numbers as LEB128
// varints, 12 bytes of the MAC (96 bits), all base64url: about 40 characters.
//
// Keys have a number (kid) that the token names, so a relay can verify tokens signed under its
// previous key until that key retires (rotation with a grace period).

#include <optional>

#include <QByteArray>
#include <QJsonArray>
#include <QList>
#include <QString>

#include "common/Result.h"

namespace hivepost::tracking {

enum class TokenKind : quint8 { Open = 0, Click = 1, Unsubscribe = 2, Confirm = 3 };

struct TokenData {
    TokenKind kind = TokenKind::Open;
    quint32 keyId = 0;
    qint64 campaignId = 0;  // Confirm: the list id
    qint64 recipientId = 0; // Confirm: the signup id
    qint64 contactId = 0;
    qint64 linkId = 0; // Click only
};

struct SigningKey {
    quint32 id = 0;
    QByteArray secret;    // 32 random bytes
    qint64 createdAt = 0; // Unix s
    qint64 retiresAt = 0; // Unix s after which it no longer verifies; 0: the current key
};

// The keys one relay (and the desktop that sends for it) knows. The newest without a retire time signs.
class KeyRing {
public:
    KeyRing() = default;
    explicit KeyRing(QList<SigningKey> keys)
        : m_keys(std::move(keys)) {}

    static SigningKey generate(quint32 id, qint64 nowS);
    // A new current key; the one that signed until now verifies until nowS + graceS.
    SigningKey rotate(qint64 nowS, qint64 graceS);

    const SigningKey *current() const;
    const SigningKey *find(quint32 id, qint64 nowS) const; // nullptr: unknown or retired
    const QList<SigningKey> &keys() const { return m_keys; }
    bool isEmpty() const { return current() == nullptr; }

    QJsonArray toJson() const;
    static Result<KeyRing> fromJson(const QJsonArray &keys);

private:
    QList<SigningKey> m_keys;
};

class TrackingToken {
public:
    static QString sign(const TokenData &data, const SigningKey &key);
    // The token's data when it is well formed and its MAC verifies under a key of ring that has not
    // retired at nowS; nullopt for anything else (tampered, truncated, unknown key, oversized).
    static std::optional<TokenData> verify(QByteArrayView token, const KeyRing &ring, qint64 nowS);

    static constexpr qsizetype MaxLength = 96;
};

// Constant-time comparison of two byte strings (OpenSSL's CRYPTO_memcmp; lengths may differ).
bool constantTimeEquals(QByteArrayView a, QByteArrayView b);

} // namespace hivepost::tracking
