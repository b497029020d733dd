#pragma once

// RelayConfig: what "hivepost-relay init" writes to its data folder and "serve" reads:
//   relay.json  public URL, listen address, limits, privacy choice; the admin key only as its SHA-256
//   keys.json   the signing keys (mode 0600: they sign every tracking URL)
//   relay.db    the relay's own SQLite database (WAL)

#include <QString>

#include "common/Result.h"
#include "tracking/TrackingToken.h"

namespace hivepost::relay {

struct RelayConfig {
    QString dataDir;
    QString publicUrl; // as the reverse proxy serves it, e.g. https://t.example.com
    QString listen = QStringLiteral("127.0.0.1:8025");
    QByteArray adminKeySha256; // hex
    bool storeFullIp = false;  // false: IPv4 /24, IPv6 /48
    double ratePerIp = 20;     // requests a second from one address (0: no limit)
    int burstPerIp = 200;
    int signupsPerIpHour = 5;
    int maxBodyBytes = 64 * 1024;
    int readTimeoutS = 5;
    int keyGraceDays = 180; // an old signing key verifies this long after a rotation
    int flushMs = 200;      // opens and clicks are written at least this often

    QString configPath() const { return dataDir + QStringLiteral("/relay.json"); }
    QString keysPath() const { return dataDir + QStringLiteral("/keys.json"); }
    QString databasePath() const { return dataDir + QStringLiteral("/relay.db"); }

    static Result<RelayConfig> load(const QString &dataDir);
    Result<void> save() const;

    static Result<tracking::KeyRing> loadKeys(const QString &path);
    static Result<void> saveKeys(const QString &path, const tracking::KeyRing &keys);
};

} // namespace hivepost::relay
