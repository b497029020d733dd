#include "storage/SqliteStatement.h"

#include <QSqlDriver>
#include <QVariant>

#include "storage/SqlErrors.h"

#include <sqlite3.h>

namespace hivepost::storage {

sqlite3 *sqliteHandle(const QSqlDatabase &db) {
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.constData());
}

SqliteStatement::~SqliteStatement() {
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

bool SqliteStatement::prepare(sqlite3 *db, std::string_view sql) {
    m_db = db;
    if (m_stmt)
        sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
    m_ok = db && sqlite3_prepare_v3(db, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &m_stmt,
                                    nullptr) == SQLITE_OK;
    return m_ok;
}

void SqliteStatement::bind(int index, std::string_view text) {
    // An empty view may have no data pointer, which SQLite would store as NULL.
    sqlite3_bind_text(m_stmt, index, text.data() ? text.data() : "", int(text.size()), SQLITE_STATIC);
}

void SqliteStatement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    m_ok = rc == SQLITE_DONE;
    return false;
}

int SqliteStatement::changes() const {
    return m_db ? sqlite3_changes(m_db) : 0;
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt); // bindings are kept; every caller binds every parameter again
    m_ok = true;
}

std::int64_t SqliteStatement::columnInt64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

std::string_view SqliteStatement::columnText(int column) const {
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return text ? std::string_view(text, size_t(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}

QString SqliteStatement::errorString() const {
    return m_db ? sqliteErrorText(sqlite3_extended_errcode(m_db), QString::fromUtf8(sqlite3_errmsg(m_db)))
                : QStringLiteral("no database");
}

} // namespace hivepost::storage
