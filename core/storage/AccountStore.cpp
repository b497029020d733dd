#include "storage/AccountStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include "common/EmailAddress.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

const QString kColumns =
    u"id, name, host, port, security, auth, user_name, secret_ref, from_addresses, connections, "
    "per_connection, per_second, per_minute, per_hour, per_day, helo_name, ca_pem, pinned_sha256, "
    "allow_plaintext_auth, last_test_at, last_test_ok, last_test_message"_s;

Account accountFrom(const QSqlQuery &q) {
    Account a;
    a.id = q.value(0).toLongLong();
    a.name = q.value(1).toString();
    a.host = q.value(2).toString();
    a.port = q.value(3).toInt();
    a.security = q.value(4).toString();
    a.auth = q.value(5).toString();
    a.user = q.value(6).toString();
    a.secretRef = q.value(7).toString();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(8).toString().toUtf8()).array())
        a.fromAddresses << v.toString();
    a.connections = q.value(9).toInt();
    a.perConnection = q.value(10).toInt();
    a.perSecond = q.value(11).toDouble();
    a.perMinute = q.value(12).toInt();
    a.perHour = q.value(13).toInt();
    a.perDay = q.value(14).toInt();
    a.heloName = q.value(15).toString();
    a.caPem = q.value(16).toString();
    a.pinnedSha256 = q.value(17).toString();
    a.allowPlaintextAuth = q.value(18).toBool();
    a.lastTestAt = q.value(19).toLongLong();
    a.lastTestOk = q.value(20).toBool();
    a.lastTestMessage = q.value(21).toString();
    return a;
}

void bindAccount(QSqlQuery &q, const Account &a) {
    q.addBindValue(a.name.trimmed());
    q.addBindValue(a.host.trimmed());
    q.addBindValue(a.port);
    q.addBindValue(a.security);
    q.addBindValue(a.auth);
    q.addBindValue(a.user.isNull() ? u""_s : a.user);
    q.addBindValue(a.secretRef.isNull() ? u""_s : a.secretRef);
    QJsonArray from;
    for (const QString &f : a.fromAddresses)
        from.append(f);
    q.addBindValue(QString::fromUtf8(QJsonDocument(from).toJson(QJsonDocument::Compact)));
    q.addBindValue(a.connections);
    q.addBindValue(a.perConnection);
    q.addBindValue(a.perSecond);
    q.addBindValue(a.perMinute);
    q.addBindValue(a.perHour);
    q.addBindValue(a.perDay);
    q.addBindValue(a.heloName.isNull() ? u""_s : a.heloName);
    q.addBindValue(a.caPem.isNull() ? u""_s : a.caPem);
    q.addBindValue(a.pinnedSha256.isNull() ? u""_s : a.pinnedSha256);
    q.addBindValue(a.allowPlaintextAuth ? 1 : 0);
}

} // namespace

AccountStore::AccountStore(Database &db)
    : m_db(db) {}

bool AccountStore::sameServer(const Account &a, const Account &b) {
    return a.host == b.host && a.port == b.port && a.security == b.security && a.auth == b.auth &&
           a.user == b.user && a.secretRef == b.secretRef && a.heloName == b.heloName && a.caPem == b.caPem &&
           a.pinnedSha256 == b.pinnedSha256 && a.allowPlaintextAuth == b.allowPlaintextAuth;
}

QString AccountStore::validate(const Account &a) {
    if (a.name.trimmed().isEmpty())
        return tr("An account needs a name.");
    if (a.host.trimmed().isEmpty() || a.host.contains(u' '))
        return tr("“%1” is not a server name.").arg(a.host);
    if (a.port < 1 || a.port > 65535)
        return tr("The port must be between 1 and 65535.");
    if (a.security != u"tls"_s && a.security != u"starttls"_s && a.security != u"none"_s)
        return tr("Security must be tls, starttls or none.");
    if (a.auth != u"plain"_s && a.auth != u"login"_s && a.auth != u"xoauth2"_s && a.auth != u"none"_s)
        return tr("Sign-in must be plain, login, xoauth2 or none.");
    if (a.auth != u"none"_s && a.user.trimmed().isEmpty())
        return tr("Signing in needs a user name.");
    if (a.connections < 1 || a.connections > 100)
        return tr("Parallel connections must be between 1 and 100.");
    if (a.perConnection < 1)
        return tr("Messages per connection must be at least 1.");
    if (a.perSecond < 0 || a.perMinute < 0 || a.perHour < 0 || a.perDay < 0)
        return tr("Rate limits cannot be negative.");
    for (const QString &from : a.fromAddresses) {
        const bool domain = from.startsWith(u'@');
        if (EmailAddress::normalized(domain ? u"x"_s + from : from).isEmpty())
            return tr("“%1” is not an address or @domain.").arg(from);
    }
    return QString();
}

Result<qint64> AccountStore::add(const Account &a) {
    if (const QString problem = validate(a); !problem.isEmpty())
        return makeError(ErrorCode::InvalidInput, problem);
    if (byName(a.name).ok())
        return makeError(ErrorCode::Exists, tr("There is already an account called “%1”.").arg(a.name));
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO accounts (name, host, port, security, auth, user_name, secret_ref, from_addresses, "
        "connections, per_connection, per_second, per_minute, per_hour, per_day, helo_name, ca_pem, "
        "pinned_sha256, allow_plaintext_auth, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, "
        "?, ?, ?)"_s);
    bindAccount(q, a);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot save the account: %1").arg(storage::sqlErrorText(q.lastError())));
    return q.lastInsertId().toLongLong();
}

Result<void> AccountStore::update(const Account &a) {
    if (const QString problem = validate(a); !problem.isEmpty())
        return makeError(ErrorCode::InvalidInput, problem);
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"UPDATE accounts SET name = ?, host = ?, port = ?, security = ?, auth = ?, user_name = ?, "
        u"secret_ref = ?, "
        "from_addresses = ?, connections = ?, per_connection = ?, per_second = ?, per_minute = ?, per_hour = "
        "?, "
        "per_day = ?, helo_name = ?, ca_pem = ?, pinned_sha256 = ?, allow_plaintext_auth = ? WHERE id = ?"_s);
    bindAccount(q, a);
    q.addBindValue(a.id);
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot save the account: %1").arg(storage::sqlErrorText(q.lastError())));
    return {};
}

Result<QList<Account>> AccountStore::list() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT "_s + kColumns + u" FROM accounts ORDER BY name COLLATE NOCASE"_s))
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the accounts: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<Account> result;
    while (q.next())
        result.append(accountFrom(q));
    return result;
}

Result<Account> AccountStore::byName(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + kColumns + u" FROM accounts WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no account called “%1”.").arg(name));
    return accountFrom(q);
}

Result<void> AccountStore::remove(const QString &name) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM accounts WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (q.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("There is no account called “%1”.").arg(name));
    return {};
}

Result<void> AccountStore::recordTest(const QString &name, bool ok, const QString &message) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE accounts SET last_test_at = ?, last_test_ok = ?, last_test_message = coalesce(?, '') "
              "WHERE name = ?"_s);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(ok ? 1 : 0);
    q.addBindValue(message);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

} // namespace hivepost::storage
