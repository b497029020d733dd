#include "storage/ContactStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include "common/CsvWriter.h"
#include "common/EmailAddress.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

const QString kContactColumns =
    u"c.id, c.email, c.name, c.first_name, c.last_name, c.status, c.fields, c.created_at, c.updated_at"_s;

struct FilterSql {
    QString from;  // FROM and JOIN
    QString where; // conditions joined by AND, starting with " WHERE" when any
    QString order; // the id column to order and page by
    QVariantList binds;
};

FilterSql filterSql(const ContactFilter &f) {
    FilterSql s;
    QStringList conditions;
    if (f.listId > 0) {
        s.from = u" FROM list_members m JOIN contacts c ON c.id = m.contact_id"_s;
        s.order = u"m.contact_id"_s;
        conditions << u"m.list_id = ?"_s;
        s.binds << f.listId;
    } else {
        s.from = u" FROM contacts c"_s;
        s.order = u"c.id"_s;
    }
    if (!f.status.isEmpty()) {
        conditions << u"c.status = ?"_s;
        s.binds << f.status;
    }
    const QString search = f.search.trimmed();
    if (!search.isEmpty()) {
        QString pattern = search;
        pattern.replace(u"\\"_s, u"\\\\"_s).replace(u"%"_s, u"\\%"_s).replace(u"_"_s, u"\\_"_s);
        pattern = u"%"_s + pattern + u"%"_s;
        conditions << u"(c.email LIKE ? ESCAPE '\\' OR c.name LIKE ? ESCAPE '\\' OR c.first_name LIKE ? "
                      "ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\')"_s;
        s.binds << pattern << pattern << pattern << pattern;
    }
    if (!conditions.isEmpty())
        s.where = u" WHERE "_s + conditions.join(u" AND "_s);
    return s;
}

void bindAll(QSqlQuery &q, const QVariantList &binds) {
    for (const QVariant &v : binds)
        q.addBindValue(v);
}

Contact contactFrom(const QSqlQuery &q) {
    Contact c;
    c.id = q.value(0).toLongLong();
    c.email = q.value(1).toString();
    c.name = q.value(2).toString();
    c.firstName = q.value(3).toString();
    c.lastName = q.value(4).toString();
    c.status = q.value(5).toString();
    c.fields = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    c.createdAt = q.value(7).toLongLong();
    c.updatedAt = q.value(8).toLongLong();
    return c;
}

QString idList(const QList<qint64> &ids) {
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(u',');
}

} // namespace

ContactStore::ContactStore(Database &db)
    : m_db(db) {}

QStringList ContactStore::statuses() {
    return {u"subscribed"_s, u"unsubscribed"_s, u"bounced"_s, u"complained"_s};
}

Result<QList<ListInfo>> ContactStore::lists() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT l.id, l.name, (SELECT count(*) FROM list_members m WHERE m.list_id = l.id) "
                "FROM lists l ORDER BY l.name COLLATE NOCASE"_s))
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the lists: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<ListInfo> result;
    while (q.next())
        result.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong()});
    return result;
}

Result<qint64> ContactStore::listId(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT id FROM lists WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no list called “%1”.").arg(name));
    return q.value(0).toLongLong();
}

Result<qint64> ContactStore::createList(const QString &name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A list needs a name."));
    if (auto existing = listId(trimmed); existing)
        return existing;
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO lists (name, created_at) VALUES (?, ?)"_s);
    q.addBindValue(trimmed);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot create the list “%1”: %2").arg(trimmed, storage::sqlErrorText(q.lastError())));
    return q.lastInsertId().toLongLong();
}

Result<void> ContactStore::deleteList(qint64 id) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM lists WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot delete the list: %1").arg(storage::sqlErrorText(q.lastError())));
    return {};
}

Result<QList<CustomField>> ContactStore::customFields() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT name, type FROM custom_fields ORDER BY id"_s))
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the custom fields: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<CustomField> result;
    while (q.next())
        result.append({q.value(0).toString(), q.value(1).toString()});
    return result;
}

Result<qint64> ContactStore::count(const ContactFilter &filter) const {
    const FilterSql s = filterSql(filter);
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT count(*)"_s + s.from + s.where);
    bindAll(q, s.binds);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql,
                         tr("Cannot count the contacts: %1").arg(storage::sqlErrorText(q.lastError())));
    return q.value(0).toLongLong();
}

Result<QList<Contact>> ContactStore::page(const ContactFilter &filter, qint64 afterId, qint64 offset,
                                          int limit) const {
    FilterSql s = filterSql(filter);
    QString where = s.where;
    if (afterId > 0) {
        where += (where.isEmpty() ? u" WHERE "_s : u" AND "_s) + s.order + u" > ?"_s;
        s.binds << afterId;
    }
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + kContactColumns + s.from + where + u" ORDER BY "_s + s.order +
              u" LIMIT ? OFFSET ?"_s);
    bindAll(q, s.binds);
    q.addBindValue(limit);
    q.addBindValue(afterId > 0 ? 0 : offset);
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the contacts: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<Contact> result;
    result.reserve(limit);
    while (q.next())
        result.append(contactFrom(q));
    return result;
}

Result<Contact> ContactStore::contact(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + kContactColumns + u" FROM contacts c WHERE c.id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("The contact no longer exists."));
    return contactFrom(q);
}

Result<void> ContactStore::update(const Contact &c) {
    EmailAddress::Problem problem = EmailAddress::Problem::None;
    const QString email = EmailAddress::normalized(c.email, &problem);
    if (email.isEmpty())
        return makeError(
            ErrorCode::InvalidInput,
            tr("“%1” is not a valid e-mail address: %2").arg(c.email, EmailAddress::describe(problem)));
    if (!statuses().contains(c.status))
        return makeError(ErrorCode::InvalidInput, tr("Unknown status “%1”.").arg(c.status));
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT id FROM contacts WHERE email = ? AND id <> ?"_s);
    q.addBindValue(email);
    q.addBindValue(c.id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (q.next())
        return makeError(ErrorCode::Exists, tr("Another contact already has the address %1.").arg(email));
    // coalesce: a null QString binds as NULL.
    q.prepare(u"UPDATE contacts SET email = ?, name = coalesce(?, ''), first_name = coalesce(?, ''), "
              "last_name = coalesce(?, ''), status = ?, fields = json(?), updated_at = ? WHERE id = ?"_s);
    q.addBindValue(email);
    q.addBindValue(c.name.trimmed());
    q.addBindValue(c.firstName.trimmed());
    q.addBindValue(c.lastName.trimmed());
    q.addBindValue(c.status);
    q.addBindValue(QString::fromUtf8(QJsonDocument(c.fields).toJson(QJsonDocument::Compact)));
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(c.id);
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot save the contact: %1").arg(storage::sqlErrorText(q.lastError())));
    if (q.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("The contact no longer exists."));
    return {};
}

Result<int> ContactStore::remove(const QList<qint64> &ids) {
    if (ids.isEmpty())
        return 0;
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"DELETE FROM contacts WHERE id IN (%1)"_s.arg(idList(ids))))
        return makeError(ErrorCode::Sql,
                         tr("Cannot delete the contacts: %1").arg(storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected();
}

Result<int> ContactStore::addToList(const QList<qint64> &ids, qint64 listId) {
    if (ids.isEmpty())
        return 0;
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO list_members (list_id, contact_id, added_at) "
              "SELECT ?, id, ? FROM contacts WHERE id IN (%1) ON CONFLICT DO NOTHING"_s.arg(idList(ids)));
    q.addBindValue(listId);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot add the contacts to the list: %1").arg(storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected();
}

Result<int> ContactStore::removeFromList(const QList<qint64> &ids, qint64 listId) {
    if (ids.isEmpty())
        return 0;
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM list_members WHERE list_id = ? AND contact_id IN (%1)"_s.arg(idList(ids)));
    q.addBindValue(listId);
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot remove the contacts from the list: %1").arg(storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected();
}

Result<qint64> ContactStore::exportCsv(const ContactFilter &filter, QIODevice *out, bool withBom) const {
    auto fields = customFields();
    if (!fields)
        return fields.error();
    QStringList header{u"email"_s, u"name"_s, u"first_name"_s, u"last_name"_s, u"status"_s};
    for (const CustomField &f : std::as_const(fields.value()))
        header << f.name;
    header << u"created_at"_s << u"updated_at"_s;

    CsvWriter writer(out, withBom);
    writer.writeRow(header);
    const FilterSql s = filterSql(filter);
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + kContactColumns + s.from + s.where + u" ORDER BY "_s + s.order);
    bindAll(q, s.binds);
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the contacts: %1").arg(storage::sqlErrorText(q.lastError())));
    qint64 rows = 0;
    QStringList row;
    while (q.next() && writer.ok()) {
        const Contact c = contactFrom(q);
        row = {c.email, c.name, c.firstName, c.lastName, c.status};
        for (const CustomField &f : std::as_const(fields.value())) {
            const QJsonValue v = c.fields.value(f.name);
            row << (v.isDouble() ? QString::number(v.toDouble()) : v.toString());
        }
        row << QDateTime::fromSecsSinceEpoch(c.createdAt, Qt::UTC).toString(Qt::ISODate)
            << QDateTime::fromSecsSinceEpoch(c.updatedAt, Qt::UTC).toString(Qt::ISODate);
        writer.writeRow(row);
        ++rows;
    }
    if (!writer.ok())
        return makeError(ErrorCode::Io, tr("Cannot write the export: %1").arg(out->errorString()));
    return rows;
}

} // namespace hivepost::storage
