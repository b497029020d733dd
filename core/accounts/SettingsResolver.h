#pragma once

// SettingsResolver: an account's SMTP settings with its secret fetched from wherever it lives:
// the system keychain (asynchronous, with a timeout), this session's memory, an environment
// variable or a private file. Exactly one resolved() or failed() per resolve().

#include <QHash>
#include <QObject>

#include "smtp/SmtpTypes.h"
#include "storage/AccountStore.h"

namespace hivepost::secrets {
class KeychainStore;
}

namespace hivepost::accounts {

class SettingsResolver : public QObject {
    Q_OBJECT
public:
    explicit SettingsResolver(QObject *parent = nullptr, int keychainTimeoutMs = 5000);

    void resolve(const storage::Account &account);

    // Secrets kept only in this process's memory ("session" references).
    static void setSessionSecret(const QString &accountName, const QString &secret);

Q_SIGNALS:
    void resolved(const hivepost::smtp::SmtpSettings &settings);
    void failed(const QString &message);

private:
    secrets::KeychainStore *m_keychain;
    storage::Account m_account;
};

} // namespace hivepost::accounts

Q_DECLARE_METATYPE(hivepost::smtp::SmtpSettings)
