#pragma once

// SettingsResolver: an account's SMTP settings with its secret fetched from wherever it lives:
// the application's secret store ("keychain" references: the system keychain on a desktop, a
// private file on a server; asynchronous), this session's memory, an environment variable or a
// private file. Exactly one resolved() or failed() per resolve(). Does not own the store.

#include <QHash>
#include <QObject>

#include "smtp/SmtpTypes.h"
#include "storage/AccountStore.h"

namespace hivepost::secrets {
class SecretStore;
}

namespace hivepost::accounts {

class SettingsResolver : public QObject {
    Q_OBJECT
public:
    explicit SettingsResolver(secrets::SecretStore *secrets, QObject *parent = nullptr);

    void resolve(const storage::Account &account);

    // Secrets kept only in this process's memory ("session" references).
    static void setSessionSecret(const QString &accountName, const QString &secret);

Q_SIGNALS:
    void resolved(const hivepost::smtp::SmtpSettings &settings);
    void failed(const QString &message);

private:
    void deliver(const Result<smtp::SmtpSettings> &settings); // resolved() or failed()

    secrets::SecretStore *m_secrets;
    storage::Account m_account;
};

} // namespace hivepost::accounts

Q_DECLARE_METATYPE(hivepost::smtp::SmtpSettings)
