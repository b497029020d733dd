#pragma once

// Database: one open connection to the Hivepost SQLite file (QSQLITE, WAL, foreign keys on),
// brought to the latest schema on open. It owns its named QSqlDatabase connection and removes it
// when destroyed. Like every QSqlDatabase it belongs to the thread that opened it.

#include <memory>

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "common/Result.h"
#include "storage/Migration.h"
#include "storage/SqlDialect.h"

namespace hivepost::storage {

struct TableCount {
    QString table;
    qint64 rows;
};

class Database {
    Q_DECLARE_TR_FUNCTIONS(Database)

public:
    // 'HVPS': written to PRAGMA application_id so that other programs' SQLite files are told apart.
    static constexpr qint32 ApplicationId = 0x48565053;

    // Opens or creates the database at path and applies the pending migrations, each in its own
    // transaction. Refuses, without writing to the file, a file that is not SQLite, an SQLite file of
    // another program, and a database whose schema is newer than the newest of migrations.
    static Result<std::unique_ptr<Database>> open(const QString &path,
                                                  const QList<Migration> &migrations = builtinMigrations());
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QString path() const { return m_path; }
    QString connectionName() const { return m_connectionName; }
    QSqlDatabase connection() const;
    int schemaVersion() const { return m_schemaVersion; }
    // How this backend's SQL differs (SQLite here; PostgreSQL in team mode).
    SqlDialect dialect() const { return SqlDialect(Backend::Sqlite); }

    // Row counts of every table, by name.
    Result<QList<TableCount>> tableCounts() const;
    // Whether the user has put anything in it yet: an account, a template or a contact. One query
    // that stops at the first row (it runs at every start).
    Result<bool> holdsUserData() const;

    // A consistent copy of the live database (VACUUM INTO), written beside the target and renamed
    // into place. Refuses to overwrite an existing file.
    Result<void> backupTo(const QString &targetPath) const;

    // Puts a backup in the place of the database at targetPath, which must not be open. The backup
    // must be a whole Hivepost database (PRAGMA integrity_check) no newer than this build. What was at
    // targetPath (damaged, most likely) is kept beside it as "<name>.damaged-<time>", with its WAL;
    // returns that name (empty when there was no file).
    static Result<QString> restore(const QString &backupPath, const QString &targetPath);

private:
    Database(QString path, QString connectionName);
    Result<void> configure();
    Result<void> migrate(const QList<Migration> &migrations);

    QString m_path;
    QString m_connectionName;
    int m_schemaVersion = 0;
};

// Transaction: one write transaction on a Database's connection, rolled back when it goes out of
// scope without commit(). For callers outside storage that group several store calls.
class Transaction {
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    bool isActive() const { return m_active; } // false: it could not begin
    Result<void> commit();

private:
    Database &m_db;
    bool m_active = false;
};

} // namespace hivepost::storage
