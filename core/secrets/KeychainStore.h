#pragma once

// KeychainStore: one request to the system keychain (Secret Service / KWallet through QtKeychain),
// the job behind KeychainSecretStore. One request at a time per object; exactly one finished() per request,
// also when the keychain never answers (a missing Secret Service must not hang anyone: the request fails
// after timeoutMs). GUI or CLI thread; owns its timer, not the QtKeychain job (which deletes
// itself when done, even after a timeout).

#include <QObject>
#include <QTimer>

#include "common/Result.h"

namespace hivepost::secrets {

class KeychainStore : public QObject {
    Q_OBJECT
public:
    explicit KeychainStore(QObject *parent = nullptr, int timeoutMs = 5000);

    // key: "account/NAME", "dkim/DOMAIN" (SecretStore::accountKey(), dkimKey()).
    void read(const QString &key);
    void write(const QString &key, const QString &secret);
    void remove(const QString &key);
    bool isBusy() const { return m_busy; }

    static QString serviceName() { return QStringLiteral("hivepost"); }

Q_SIGNALS:
    // The secret for read(), an empty string for write() and remove(); or why not.
    void finished(const hivepost::Result<QString> &result);

private:
    void start(QObject *job);
    void done(const Result<QString> &result);

    QTimer m_timer;
    int m_timeoutMs;
    bool m_busy = false;
    QString m_key;
    quint64 m_request = 0;
};

} // namespace hivepost::secrets

Q_DECLARE_METATYPE(hivepost::Result<QString>)
