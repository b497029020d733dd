#include "storage/SuppressionStore.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include "common/EmailAddress.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

void SuppressionSet::add(const QString &pattern) {
    if (pattern.startsWith(u'@'))
        m_domains.insert(pattern.mid(1));
    else
        m_addresses.insert(pattern);
}

bool SuppressionSet::contains(const QString &normalizedAddress) const {
    return m_addresses.contains(normalizedAddress) ||
           (!m_domains.isEmpty() && m_domains.contains(EmailAddress::domainOf(normalizedAddress)));
}

SuppressionStore::SuppressionStore(Database &db)
    : m_db(db) {}

Result<QString> SuppressionStore::normalizePattern(const QString &input) {
    const QString trimmed = input.trimmed();
    EmailAddress::Problem problem = EmailAddress::Problem::None;
    if (trimmed.startsWith(u'@')) {
        // Validate the domain as the domain of an address.
        const QString address = EmailAddress::normalized(u"x"_s + trimmed, &problem);
        if (address.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             tr("“%1” is not a domain: %2").arg(trimmed, EmailAddress::describe(problem)));
        return QString(u"@"_s + EmailAddress::domainOf(address));
    }
    const QString address = EmailAddress::normalized(trimmed, &problem);
    if (address.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            tr("“%1” is not an e-mail address: %2").arg(trimmed, EmailAddress::describe(problem)));
    return address;
}

Result<bool> SuppressionStore::add(const QString &pattern, const QString &reason) {
    auto normalized = normalizePattern(pattern);
    if (!normalized)
        return normalized.error();
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO suppressions (pattern, reason, created_at) VALUES (?, coalesce(?, ''), ?) "
              "ON CONFLICT (pattern) DO NOTHING"_s);
    q.addBindValue(normalized.value());
    q.addBindValue(reason.trimmed());
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot add “%1”: %2").arg(pattern, storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected() > 0;
}

Result<bool> SuppressionStore::remove(const QString &pattern) {
    auto normalized = normalizePattern(pattern);
    if (!normalized)
        return normalized.error();
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM suppressions WHERE pattern = ?"_s);
    q.addBindValue(normalized.value());
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot remove “%1”: %2").arg(pattern, storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected() > 0;
}

Result<QList<Suppression>> SuppressionStore::list() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT pattern, reason, created_at FROM suppressions ORDER BY pattern"_s))
        return makeError(
            ErrorCode::Sql,
            tr("Cannot read the suppression list: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<Suppression> result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toLongLong()});
    return result;
}

Result<SuppressionSet> SuppressionStore::snapshot() const {
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT pattern FROM suppressions"_s))
        return makeError(
            ErrorCode::Sql,
            tr("Cannot read the suppression list: %1").arg(storage::sqlErrorText(q.lastError())));
    SuppressionSet set;
    while (q.next())
        set.add(q.value(0).toString());
    return set;
}

} // namespace hivepost::storage
