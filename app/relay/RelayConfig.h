#pragma once

// RelayConfig: what "hivepost-relay init" writes to its data folder and "serve" reads:
//   relay.json  public URL, listen address, limits, privacy choice; the admin key only as its SHA-256
//   keys.json   the signing keys (mode 0600: they sign every tracking URL)
//   relay.db    the relay's own SQLite database (WAL)

#include <QString>

#include "common/Result.h"
#include "smtp/SmtpTypes.h"
#include "tracking/TrackingToken.h"

namespace hivepost::relay {

// The relay's own SMTP account, for signup confirmations that arrive in seconds. Optional: without
// it the desktop mails them on its next pull. The password is in a file of its own (mode 0600).
struct RelaySmtp {
    QString host;
    int port = 587;
    QString security = QStringLiteral("starttls"); // tls, starttls, none
    QString user;
    QString passwordFile; // relative to the data folder, or absolute
    QString from;         // the From address of confirmations
    QString fromName;     // default: the sender's name the desktop published
    QString caFile;       // extra CA certificates (PEM) for a private server
    QString heloName;

    bool enabled() const { return !host.isEmpty() && !from.isEmpty(); }
};

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
    RelaySmtp smtp;

    QString configPath() const { return dataDir + QStringLiteral("/relay.json"); }
    QString keysPath() const { return dataDir + QStringLiteral("/keys.json"); }
    QString databasePath() const { return dataDir + QStringLiteral("/relay.db"); }

    static Result<RelayConfig> load(const QString &dataDir);
    Result<void> save() const;
    // The SMTP account's settings with its password read from its file.
    Result<smtp::SmtpSettings> smtpSettings() const;

    static Result<tracking::KeyRing> loadKeys(const QString &path);
    static Result<void> saveKeys(const QString &path, const tracking::KeyRing &keys);
};

} // namespace hivepost::relay
