#pragma once

// ConnectionTest: "Test Connection" for a sending account, the one both the Accounts page and
// hivepost-cli account test run: the password from wherever it lives (SettingsResolver), then
// connect, greeting, EHLO, STARTTLS or TLS with the certificate checked, AUTH, QUIT; nothing is
// sent. The commands wait at most 30 s each, however long the account's own timeouts are. Exactly
// one finished() per start(); the conversation (AUTH hidden) as it happens through protocolLine().
// Owns its client; does not own the secret store. Records nothing: the caller does.

#include <memory>

#include <QObject>
#include <QSslCertificate>
#include <QStringList>

#include "smtp/SmtpTypes.h"
#include "storage/AccountStore.h"

namespace hivepost::secrets {
class SecretStore;
}
namespace hivepost::smtp {
class SmtpClient;
}

namespace hivepost::accounts {

class SettingsResolver;

struct ConnectionTestResult {
    bool ok = false;
    QString message; // "Connected. Encrypted with …" or why not, in words
    QStringList capabilities;
    QString tls;                 // protocol and cipher; empty without TLS
    QSslCertificate certificate; // the server's, when it was verified
    QSslCertificate rejected;    // the server's, when it was not (the user may trust it)
    int replyCode = 0;           // of a refusal
    QStringList log;             // the conversation, time-stamped

    // Whether a server was reached at all (else the password or a setting was missing).
    bool reachedServer() const { return ok || !log.isEmpty() || !rejected.isNull(); }
};

class ConnectionTest : public QObject {
    Q_OBJECT
public:
    explicit ConnectionTest(secrets::SecretStore *secrets, QObject *parent = nullptr);
    ~ConnectionTest() override;

    void start(const storage::Account &account);

    static constexpr int CommandTimeoutMs = 30'000;
    // "HH:mm:ss.zzz C: line", as the result's log and the Accounts page and CLI show a line.
    static QString stamped(char direction, const QByteArray &line);

Q_SIGNALS:
    void protocolLine(char direction, const QByteArray &line);
    void finished(const hivepost::accounts::ConnectionTestResult &result);

private:
    void connectWith(const smtp::SmtpSettings &settings);
    void finish();

    SettingsResolver *m_resolver;
    std::unique_ptr<smtp::SmtpClient> m_client;
    ConnectionTestResult m_result;
    bool m_running = false;
};

} // namespace hivepost::accounts

Q_DECLARE_METATYPE(hivepost::accounts::ConnectionTestResult)
