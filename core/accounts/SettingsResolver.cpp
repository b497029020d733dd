#include "accounts/SettingsResolver.h"

#include <QMutex>

#include "accounts/AccountSettings.h"
#include "secrets/KeychainStore.h"

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

SettingsResolver::SettingsResolver(QObject *parent, int keychainTimeoutMs)
    : QObject(parent)
    , m_keychain(new secrets::KeychainStore(this, keychainTimeoutMs)) {
    qRegisterMetaType<hivepost::smtp::SmtpSettings>();
    connect(m_keychain, &secrets::KeychainStore::finished, this, [this](const Result<QString> &secret) {
        if (!secret) {
            Q_EMIT failed(secret.errorString());
            return;
        }
        auto settings = smtpSettings(m_account, secret.value());
        if (settings)
            Q_EMIT resolved(settings.value());
        else
            Q_EMIT failed(settings.errorString());
    });
}

void SettingsResolver::resolve(const storage::Account &account) {
    m_account = account;
    Result<smtp::SmtpSettings> now = makeError(ErrorCode::Io, QString());
    if (account.auth != u"none"_s && account.secretRef == u"keychain"_s) {
        m_keychain->read(account.name);
        return;
    }
    if (account.auth != u"none"_s && account.secretRef == u"session"_s) {
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
        this,
        [this, now] {
            if (now)
                Q_EMIT resolved(now.value());
            else
                Q_EMIT failed(now.errorString());
        },
        Qt::QueuedConnection);
}

} // namespace hivepost::accounts
