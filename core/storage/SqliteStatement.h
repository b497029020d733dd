#pragma once

// SqliteStatement: a prepared statement on the sqlite3 C API, for the few hot loops (bulk import)
// where QSqlQuery's per-row overhead matters. It borrows the sqlite3 handle of a QSqlDatabase
// connection (Qt's QSQLITE driver, linked to the same system libsqlite3); same thread rules.

#include <cstdint>
#include <string_view>

#include <QSqlDatabase>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace hivepost::storage {

// The connection's sqlite3 handle, or nullptr if it is not an open QSQLITE connection.
sqlite3 *sqliteHandle(const QSqlDatabase &db);

class SqliteStatement {
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool prepare(sqlite3 *db, std::string_view sql);
    // Text is bound without copying: it must stay valid until the next reset() or step() ends.
    void bind(int index, std::string_view text);
    void bind(int index, std::int64_t value);
    void bindNull(int index);
    // Returns true when a row is available; check ok() after false for errors.
    bool step();
    void reset();
    bool ok() const { return m_ok; }
    int changes() const; // rows the last INSERT, UPDATE or DELETE step changed

    std::int64_t columnInt64(int column) const;
    // Valid until the next step() or reset(); empty for NULL.
    std::string_view columnText(int column) const;

    QString errorString() const;

private:
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_ok = true;
};

} // namespace hivepost::storage
