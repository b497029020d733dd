#pragma once

// Verp: the envelope sender that maps a bounce back to its campaign and recipient
// (bounce+<token>@bounce-domain), and the same token for a header. The token carries the campaign
// and recipient ids and a truncated HMAC-SHA256 under a secret of the database, so a forged or
// mangled address is recognised. Lower-case base32, because some servers lower-case local parts.

#include <optional>

#include <QByteArray>
#include <QString>

namespace hivepost::campaign {

struct VerpIds {
    qint64 campaignId = 0;
    qint64 recipientId = 0;
};

class Verp {
public:
    // The token secret derived from the database's secret (the sender and the bounce side use this).
    static QByteArray secretFrom(const QString &databaseSecret) { return "verp:" + databaseSecret.toUtf8(); }
    static QString token(const VerpIds &ids, const QByteArray &secret);
    static std::optional<VerpIds> parseToken(const QString &token, const QByteArray &secret);

    // bounce+TOKEN@domain
    static QString address(const VerpIds &ids, const QByteArray &secret, const QString &bounceDomain);
    // The same for a token already made.
    static QString addressFor(const QString &token, const QString &bounceDomain);
    // The ids in a VERP address (any case), or nullopt when it is not one of ours.
    static std::optional<VerpIds> parseAddress(const QString &address, const QByteArray &secret);
};

} // namespace hivepost::campaign
