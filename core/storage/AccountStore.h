#pragma once

// AccountStore: the SMTP accounts campaigns send through. Secrets are never stored here: an
// account only says where its secret is (secret_ref). Use from the thread that opened the Database.

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct Account {
    qint64 id = 0;
    QString name;
    QString host;
    int port = 587;
    QString security = QStringLiteral("starttls"); // tls, starttls, none
    QString auth = QStringLiteral("none");         // plain, login, xoauth2, none
    QString user;
    QString secretRef; // env:VAR, file:PATH, keychain, or empty
    QStringList fromAddresses;
    int connections = 2;
    int perConnection = 100;
    double perSecond = 0; // 0: no limit
    int perMinute = 0;
    int perHour = 0;
    int perDay = 0;
    QString heloName;
    QString caPem;
    QString pinnedSha256; // hex
    bool allowPlaintextAuth = false;
    qint64 lastTestAt = 0;
    bool lastTestOk = false;
    QString lastTestMessage;
};

class AccountStore {
    Q_DECLARE_TR_FUNCTIONS(AccountStore)

public:
    explicit AccountStore(Database &db);

    Result<qint64> add(const Account &account); // Exists if the name is taken
    Result<void> update(const Account &account);
    Result<QList<Account>> list() const;
    Result<Account> byName(const QString &name) const;
    Result<void> remove(const QString &name);
    Result<void> recordTest(const QString &name, bool ok, const QString &message);

    // Checks the fields a user typed; the first problem, or an empty string.
    static QString validate(const Account &account);
    // Whether a connection test of one describes the other: the same server, reached and signed in
    // to the same way (the name, limits and From addresses may differ).
    static bool sameServer(const Account &a, const Account &b);

private:
    Database &m_db;
};

} // namespace hivepost::storage
