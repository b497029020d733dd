#pragma once

// SecretStore: where Hivepost keeps what must never sit in the database or a log (account and
// mailbox passwords, DKIM private keys), behind one asynchronous interface:
//   KeychainSecretStore  the system keychain (Secret Service / KWallet through QtKeychain): the desktop
//   FileSecretStore      one JSON file of mode 0600, refused when group or others may read it:
//                        headless servers and workers (like ~/.pgpass)
//   MemorySecretStore    this process only: tests, and a session without a keychain
// Keys are "account/NAME" and "dkim/DOMAIN" (accountKey(), dkimKey()). Every call gets exactly one
// answer, never before the call returns; a store lives on the thread that made it.

#include <functional>
#include <memory>

#include <QHash>
#include <QObject>
#include <QString>

#include "common/Result.h"

namespace hivepost::secrets {

class KeychainStore;

class SecretStore : public QObject {
    Q_OBJECT
public:
    using ReadDone = std::function<void(const Result<QString> &)>;
    using WriteDone = std::function<void(const Result<void> &)>;

    explicit SecretStore(QObject *parent = nullptr)
        : QObject(parent) {}

    // The secret, or NotFound when there is none under key.
    virtual void read(const QString &key, ReadDone done) = 0;
    virtual void write(const QString &key, const QString &secret, WriteDone done) = 0;
    virtual void remove(const QString &key, WriteDone done) = 0; // no entry is not an error
    // Where the secrets are, in words for the user ("the system keychain", a file's path, ...).
    virtual QString description() const = 0;

    static QString accountKey(const QString &accountName) { return QStringLiteral("account/") + accountName; }
    static QString dkimKey(const QString &domain) { return QStringLiteral("dkim/") + domain.toLower(); }

    // "keychain", "file:PATH" or "memory"; an error naming what is wrong with spec.
    static Result<std::unique_ptr<SecretStore>> fromSpec(const QString &spec, QObject *parent = nullptr);
    // What a composition root uses: $HIVEPOST_SECRETS when set (a headless server, the tests), else
    // fallback ("keychain" for the window and the CLI).
    static QString specFromEnvironment(const QString &fallback = QStringLiteral("keychain"));

protected:
    // Answers later, on this object's thread (never from inside the call).
    void answer(ReadDone done, const Result<QString> &result);
    void answer(WriteDone done, const Result<void> &result);
};

class MemorySecretStore final : public SecretStore {
    Q_OBJECT
public:
    explicit MemorySecretStore(QObject *parent = nullptr)
        : SecretStore(parent) {}
    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, const QString &secret, WriteDone done) override;
    void remove(const QString &key, WriteDone done) override;
    QString description() const override;

private:
    QHash<QString, QString> m_secrets;
};

class FileSecretStore final : public SecretStore {
    Q_OBJECT
public:
    explicit FileSecretStore(const QString &path, QObject *parent = nullptr)
        : SecretStore(parent)
        , m_path(path) {}
    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, const QString &secret, WriteDone done) override;
    void remove(const QString &key, WriteDone done) override;
    QString description() const override;
    QString path() const { return m_path; }

private:
    // The file's entries; an empty set when it does not exist yet. Refused when group or others may
    // read or write it, or when it is not a JSON object.
    Result<QHash<QString, QString>> load() const;
    Result<void> save(const QHash<QString, QString> &entries) const; // 0600, replaced atomically
    QString m_path;
};

class KeychainSecretStore final : public SecretStore {
    Q_OBJECT
public:
    explicit KeychainSecretStore(QObject *parent = nullptr, int timeoutMs = 5000)
        : SecretStore(parent)
        , m_timeoutMs(timeoutMs) {}
    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, const QString &secret, WriteDone done) override;
    void remove(const QString &key, WriteDone done) override;
    QString description() const override;

private:
    // One QtKeychain job (KeychainStore, with its timeout) started by start, answered to done.
    void run(const std::function<void(KeychainStore &)> &start, ReadDone done);
    int m_timeoutMs;
};

} // namespace hivepost::secrets
