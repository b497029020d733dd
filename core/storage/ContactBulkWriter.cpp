#include "storage/ContactBulkWriter.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlDialect.h"
#include "storage/SqlErrors.h"

#include <sqlite3.h>

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

constexpr std::string_view kInsert =
    "INSERT INTO contacts (email, name, first_name, last_name, fields, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT (email) DO NOTHING";
constexpr std::string_view kFindId = "SELECT id FROM contacts WHERE email = ?1";
// The import holds the write transaction, so every id in the range is a contact it inserted.
constexpr std::string_view kAddNewMembers =
    "INSERT INTO list_members (list_id, contact_id, added_at) "
    "SELECT ?1, id, ?2 FROM contacts WHERE id BETWEEN ?3 AND ?4 ON CONFLICT DO NOTHING";
// json_patch(fields, json_patch(?5, fields)): adds the keys the contact lacks, keeps the others and
// their order, so an unchanged contact compares equal.
constexpr std::string_view kUpdateKeep =
    "UPDATE contacts SET"
    "  name = CASE WHEN name = '' THEN ?2 ELSE name END,"
    "  first_name = CASE WHEN first_name = '' THEN ?3 ELSE first_name END,"
    "  last_name = CASE WHEN last_name = '' THEN ?4 ELSE last_name END,"
    "  fields = json_patch(fields, json_patch(?5, fields)),"
    "  updated_at = ?6 "
    "WHERE id = ?1 AND ((name = '' AND ?2 <> '') OR (first_name = '' AND ?3 <> '')"
    "  OR (last_name = '' AND ?4 <> '') OR json_patch(fields, json_patch(?5, fields)) <> fields)";
constexpr std::string_view kUpdateOverwrite =
    "UPDATE contacts SET"
    "  name = CASE WHEN ?2 <> '' THEN ?2 ELSE name END,"
    "  first_name = CASE WHEN ?3 <> '' THEN ?3 ELSE first_name END,"
    "  last_name = CASE WHEN ?4 <> '' THEN ?4 ELSE last_name END,"
    "  fields = json_patch(fields, ?5),"
    "  updated_at = ?6 "
    "WHERE id = ?1 AND ((?2 <> '' AND name <> ?2) OR (?3 <> '' AND first_name <> ?3)"
    "  OR (?4 <> '' AND last_name <> ?4) OR json_patch(fields, ?5) <> fields)";
constexpr std::string_view kAddMember =
    "INSERT INTO list_members (list_id, contact_id, added_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";

} // namespace

ContactBulkWriter::ContactBulkWriter(Database &db)
    : m_db(db) {}

ContactBulkWriter::~ContactBulkWriter() {
    if (m_tuned) {
        QSqlQuery q(m_db.connection());
        for (const QString &pragma : SqlDialect::sqliteNormalPragmas())
            q.exec(pragma);
    }
}

Result<void> ContactBulkWriter::prepare() {
    m_handle = sqliteHandle(m_db.connection());
    if (!m_handle)
        return makeError(ErrorCode::Sql, tr("The database connection is not open."));
    // A 96 MiB page cache keeps the e-mail index in memory for a million contacts. NORMAL is
    // still crash-safe in WAL mode, and an interrupted import can simply be run again. Foreign
    // keys are off for this connection while it imports: checking them cost a third of the
    // import's time, and every row it writes references a list or contact id it has just read
    // or written inside its own write transaction.
    QSqlQuery q(m_db.connection());
    for (const QString &pragma : SqlDialect::sqliteBulkLoadPragmas()) {
        if (!q.exec(pragma))
            return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    }
    m_tuned = true;
    const std::pair<SqliteStatement *, std::string_view> statements[] = {
        {&m_insert, kInsert},
        {&m_findId, kFindId},
        {&m_addNewMembers, kAddNewMembers},
        {&m_updateKeep, kUpdateKeep},
        {&m_updateOverwrite, kUpdateOverwrite},
        {&m_addMember, kAddMember},
    };
    for (const auto &[statement, sql] : statements) {
        if (!statement->prepare(m_handle, sql))
            return makeError(ErrorCode::Sql, statement->errorString());
    }
    m_now = QDateTime::currentSecsSinceEpoch();
    return {};
}

Result<void> ContactBulkWriter::begin() {
    if (!m_db.connection().transaction())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(m_db.connection().lastError()));
    return {};
}

Result<void> ContactBulkWriter::commit() {
    if (!m_db.connection().commit())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(m_db.connection().lastError()));
    return {};
}

void ContactBulkWriter::rollback() {
    m_firstNewId = m_lastNewId = 0;
    m_db.connection().rollback();
}

Result<qint64> ContactBulkWriter::ensureList(const QString &name) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO lists (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING"_s);
    q.addBindValue(name);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot create the list “%1”: %2").arg(name, storage::sqlErrorText(q.lastError())));
    q.prepare(u"SELECT id FROM lists WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql,
                         tr("Cannot find the list “%1”: %2").arg(name, storage::sqlErrorText(q.lastError())));
    return q.value(0).toLongLong();
}

Result<QString> ContactBulkWriter::ensureCustomField(const QString &name, const QString &type) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO custom_fields (name, type, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING"_s);
    q.addBindValue(name);
    q.addBindValue(type);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot add the field “%1”: %2").arg(name, storage::sqlErrorText(q.lastError())));
    q.prepare(u"SELECT type FROM custom_fields WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot read the field “%1”: %2").arg(name, storage::sqlErrorText(q.lastError())));
    return q.value(0).toString();
}

Result<void> ContactBulkWriter::setCustomFieldType(const QString &name, const QString &type) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE custom_fields SET type = ? WHERE name = ?"_s);
    q.addBindValue(type);
    q.addBindValue(name);
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot set the type of “%1”: %2").arg(name, storage::sqlErrorText(q.lastError())));
    return {};
}

ContactBulkWriter::Insert ContactBulkWriter::insert(const ContactRow &row) {
    Insert result;
    m_insert.reset();
    m_insert.bind(1, row.email);
    m_insert.bind(2, row.name);
    m_insert.bind(3, row.firstName);
    m_insert.bind(4, row.lastName);
    m_insert.bind(5, row.fieldsJson);
    m_insert.bind(6, m_now);
    m_insert.step();
    if (!m_insert.ok()) {
        m_error = m_insert.errorString();
        result.ok = false;
        return result;
    }
    if (sqlite3_changes(m_handle) == 1) {
        result.inserted = true;
        result.id = sqlite3_last_insert_rowid(m_handle);
        if (m_firstNewId == 0)
            m_firstNewId = result.id;
        m_lastNewId = result.id;
        return result;
    }
    m_findId.reset();
    m_findId.bind(1, row.email);
    if (!m_findId.step()) {
        m_error = m_findId.ok() ? tr("The contact %1 vanished during the import.")
                                      .arg(QString::fromUtf8(row.email.data(), qsizetype(row.email.size())))
                                : m_findId.errorString();
        result.ok = false;
        return result;
    }
    result.id = m_findId.columnInt64(0);
    m_findId.reset();
    return result;
}

Result<void> ContactBulkWriter::flushNewMembers(qint64 listId) {
    if (listId > 0 && m_firstNewId > 0) {
        m_addNewMembers.reset();
        m_addNewMembers.bind(1, std::int64_t(listId));
        m_addNewMembers.bind(2, m_now);
        m_addNewMembers.bind(3, std::int64_t(m_firstNewId));
        m_addNewMembers.bind(4, std::int64_t(m_lastNewId));
        m_addNewMembers.step();
        if (!m_addNewMembers.ok())
            return makeError(ErrorCode::Sql, m_addNewMembers.errorString());
    }
    m_firstNewId = m_lastNewId = 0;
    return {};
}

ContactBulkWriter::Outcome ContactBulkWriter::merge(qint64 id, const ContactRow &row, qint64 listId,
                                                    bool overwrite) {
    SqliteStatement &update = overwrite ? m_updateOverwrite : m_updateKeep;
    update.reset();
    update.bind(1, std::int64_t(id));
    update.bind(2, row.name);
    update.bind(3, row.firstName);
    update.bind(4, row.lastName);
    update.bind(5, row.fieldsJson);
    update.bind(6, m_now);
    update.step();
    if (!update.ok()) {
        m_error = update.errorString();
        return Outcome::Failed;
    }
    bool changed = sqlite3_changes(m_handle) > 0;
    if (listId > 0) {
        m_addMember.reset();
        m_addMember.bind(1, std::int64_t(listId));
        m_addMember.bind(2, std::int64_t(id));
        m_addMember.bind(3, m_now);
        m_addMember.step();
        if (!m_addMember.ok()) {
            m_error = m_addMember.errorString();
            return Outcome::Failed;
        }
        changed = changed || sqlite3_changes(m_handle) > 0;
    }
    return changed ? Outcome::Updated : Outcome::Unchanged;
}

} // namespace hivepost::storage
