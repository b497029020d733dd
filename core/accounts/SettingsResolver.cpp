#include "accounts/SettingsResolver.h"

#include <QMutex>
#include <QPointer>

#include "accounts/AccountSettings.h"
#include "secrets/SecretStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::accounts {

namespace {
QMutex g_sessionMutex;
QHash<QString, QString> g_sessionSecrets;
} // namespace

void SettingsResolver::setSessionSecret(const QString &accountName, const QString &secret) {
    QMutexLocker lock(&g_sessionMutex);
    g_sessionSecrets.insert(accountName.toLower(), secret);
}

SettingsResolver::SettingsResolver(secrets::SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets) {
    qRegisterMetaType<hivepost::smtp::SmtpSettings>();
}

void SettingsResolver::resolve(const storage::Account &account) {
    m_account = account;
    Result<smtp::SmtpSettings> now = makeError(ErrorCode::Io, QString());
    if (account.auth != u"none"_s && account.secretRef == u"keychain"_s && m_secrets) {
        m_secrets->read(secrets::SecretStore::accountKey(account.name),
                        [this, guard = QPointer<SettingsResolver>(this)](const Result<QString> &secret) {
                            if (guard)
                                deliver(secret ? smtpSettings(m_account, secret.value())
                                               : Result<smtp::SmtpSettings>(secret.error()));
                        });
        return;
    }
    if (account.auth != u"none"_s && account.secretRef == u"keychain"_s) {
        now = makeError(ErrorCode::Io,
                        tr("No secret store is open to read the password of “%1” from.").arg(account.name));
    } else if (account.auth != u"none"_s && account.secretRef == u"session"_s) {
        QMutexLocker lock(&g_sessionMutex);
        const auto it = g_sessionSecrets.constFind(account.name.toLower());
        now = it != g_sessionSecrets.constEnd()
                  ? smtpSettings(account, *it)
                  : Result<smtp::SmtpSettings>(
                        makeError(ErrorCode::NotFound, tr("The password of “%1” was kept in memory for a "
                                                          "session that has ended; enter it again.")
                                                           .arg(account.name)));
    } else {
        now = smtpSettings(account);
    }
    // Queued: the answer never arrives before resolve() returns.
    QMetaObject::invokeMethod(
        this, [this, now] { deliver(now); }, Qt::QueuedConnection);
}

void SettingsResolver::deliver(const Result<smtp::SmtpSettings> &settings) {
    if (settings)
        Q_EMIT resolved(settings.value());
    else
        Q_EMIT failed(settings.errorString());
}

} // namespace hivepost::accounts
