#pragma once

// TemplateStore: message templates with their files (attachments and inline images), the
// key/value application settings (the sender profile lives there), and the DKIM key of each
// sending domain. Use from the thread that opened the Database.

#include <optional>

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct TemplateFile {
    QString fileName;
    QString contentType;
    QString contentId; // inline images: cid
    bool isInline = false;
    QByteArray data;
};

struct StoredTemplate {
    qint64 id = 0;
    QString name;
    QString subject;
    QString html;
    QString text;
    bool textGenerated = true;
    QList<TemplateFile> files;
    qint64 updatedAt = 0;
};

// A sending domain's DKIM key. The private key lives in the secret store (secrets::SecretStore,
// key "dkim/DOMAIN"); privateKeyPem is empty then. A database written before that still holds the
// PEM here until campaign::DkimKeys moves it (at the next start or use).
struct DkimKey {
    QString domain;
    QString selector;
    QString algorithm; // rsa-sha256, ed25519-sha256
    QByteArray privateKeyPem;
    bool inSecretStore() const { return privateKeyPem.isEmpty(); }
};

class TemplateStore {
    Q_DECLARE_TR_FUNCTIONS(TemplateStore)

public:
    explicit TemplateStore(Database &db);

    // Inserts or replaces (by name) the template and its files in one transaction; returns the id.
    Result<qint64> save(const StoredTemplate &t);
    Result<QList<StoredTemplate>> list() const; // without file data
    Result<StoredTemplate> byName(const QString &name) const;
    Result<void> remove(const QString &name);

    Result<QString> setting(const QString &key) const; // empty when unset
    Result<void> setSetting(const QString &key, const QString &value);
    // The database's secret for unsubscribe tokens, made (256 random bits) the first time it is asked for.
    Result<QString> unsubscribeSecret();

    Result<void> setDkimKey(const DkimKey &key); // privateKeyPem empty: the key is in the secret store
    Result<std::optional<DkimKey>> dkimKey(const QString &domain) const;
    // The keys whose PEM is still in the database (to be moved to the secret store).
    Result<QList<DkimKey>> dkimKeysInDatabase() const;
    // After the PEM went to the secret store: forgets it here (only if it is still that PEM).
    Result<void> forgetDkimPem(const QString &domain, const QByteArray &pem);

private:
    Database &m_db;
};

} // namespace hivepost::storage
