#include "storage/Database.h"

#include <atomic>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/SqlDialect.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

std::atomic<int> g_connectionCounter{0};

QString nextConnectionName() {
    return u"hivepost-db-%1"_s.arg(++g_connectionCounter);
}

// Removes a named connection once every QSqlDatabase handle to it is gone.
void dropConnection(const QString &name) {
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Error sqlError(const QString &what, const QSqlError &e) {
    return makeError(ErrorCode::Sql, u"%1: %2"_s.arg(what, sqlErrorText(e)));
}

struct Probe {
    int schemaVersion = 0;
    bool empty = true;
};

// Reads what the file claims to be without writing to it: the SQLite header by hand, then a
// read-only connection (which never checkpoints a WAL left behind into the main file).
Result<Probe> probeExisting(const QString &path) {
    Probe probe;
    QFile file(path);
    if (file.size() == 0)
        return probe;
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, Database::tr("Cannot read “%1”: %2").arg(path, file.errorString()));
    const QByteArray header = file.read(100);
    file.close();
    // SQLite file format, section 1.3: a 100-byte header starting with this 16-byte string.
    if (header.size() < 100 || !header.startsWith(QByteArrayView("SQLite format 3\0", 16))) {
        return makeError(ErrorCode::NotSqlite,
                         Database::tr("“%1” is not a Hivepost database (it is not an SQLite file). "
                                      "The file was left unchanged.")
                             .arg(path));
    }

    const QString name = nextConnectionName();
    Result<Probe> result = probe;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open()) {
            result = makeError(
                ErrorCode::Corrupt,
                Database::tr("Cannot open “%1”: %2").arg(path, storage::sqlErrorText(db.lastError())));
        } else {
            QSqlQuery q(db);
            const auto damaged = [&](const QSqlError &e) {
                return makeError(ErrorCode::Corrupt,
                                 Database::tr("“%1” cannot be read: %2").arg(path, sqlErrorText(e)));
            };
            qint64 tables = 0;
            bool hasVersionTable = false;
            qint32 appId = 0;
            if (!q.exec(SqlDialect::sqliteTableProbe()) || !q.next()) {
                result = damaged(q.lastError());
            } else {
                tables = q.value(0).toLongLong();
                hasVersionTable = q.value(1).toInt() > 0;
                if (q.exec(SqlDialect::sqliteApplicationIdQuery()) && q.next())
                    appId = q.value(0).toInt();
                if ((appId != 0 && appId != Database::ApplicationId) || (tables > 0 && !hasVersionTable)) {
                    result = makeError(ErrorCode::Foreign,
                                       Database::tr("“%1” is an SQLite database of another program, not a "
                                                    "Hivepost database. The file was left unchanged.")
                                           .arg(path));
                } else if (hasVersionTable) {
                    if (q.exec(u"SELECT coalesce(max(version), 0) FROM schema_version"_s) && q.next())
                        result.value() = Probe{q.value(0).toInt(), false};
                    else
                        result = damaged(q.lastError());
                }
            }
        }
    }
    dropConnection(name);
    return result;
}

} // namespace

Database::Database(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName)) {}

Database::~Database() {
    dropConnection(m_connectionName);
}

QSqlDatabase Database::connection() const {
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, const QList<Migration> &migrations) {
    if (path.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("No database file was given."));
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isFile())
            return makeError(ErrorCode::Io, tr("“%1” is not a file.").arg(path));
        Result<Probe> probe = probeExisting(path);
        if (!probe)
            return probe.error();
        const int supported = latestVersion(migrations);
        if (probe->schemaVersion > supported) {
            return makeError(ErrorCode::NewerSchema,
                             tr("“%1” was written by a newer version of Hivepost (database schema %2; this "
                                "version understands up to %3). Please update Hivepost. The file was left "
                                "unchanged.")
                                 .arg(path)
                                 .arg(probe->schemaVersion)
                                 .arg(supported));
        }
    } else if (!QDir().mkpath(info.absolutePath())) {
        return makeError(ErrorCode::Io, tr("Cannot create the folder “%1”.").arg(info.absolutePath()));
    }

    std::unique_ptr<Database> db(new Database(info.absoluteFilePath(), nextConnectionName()));
    {
        QSqlDatabase conn = QSqlDatabase::addDatabase(u"QSQLITE"_s, db->m_connectionName);
        conn.setDatabaseName(db->m_path);
        conn.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!conn.open())
            return makeError(ErrorCode::Io,
                             tr("Cannot open “%1”: %2").arg(path, storage::sqlErrorText(conn.lastError())));
    }
    if (Result<void> r = db->configure(); !r)
        return r.error();
    if (Result<void> r = db->migrate(migrations); !r)
        return r.error();
    return db;
}

Result<void> Database::configure() {
    QSqlQuery q(connection());
    // WAL: readers (the GUI, reports) never block the writer (import, campaign ledger).
    if (!q.exec(SqlDialect::sqliteJournalWal()) || !q.next())
        return sqlError(tr("Cannot switch “%1” to WAL mode").arg(m_path), q.lastError());
    if (q.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0) {
        return makeError(
            ErrorCode::Io,
            tr("“%1” cannot use write-ahead logging (journal mode is %2); is it on a network drive?")
                .arg(m_path, q.value(0).toString()));
    }
    // FULL: a commit survives a power loss, so a recipient marked sent is never sent again.
    QStringList pragmas = SqlDialect::sqliteConnectionPragmas();
    // Written once: setting it is a write transaction, and every connection opens through here.
    if (!q.exec(SqlDialect::sqliteApplicationIdQuery()) || !q.next() || q.value(0).toInt() != ApplicationId)
        pragmas << SqlDialect::sqliteSetApplicationId(ApplicationId);
    q.finish();
    for (const QString &pragma : std::as_const(pragmas)) {
        if (!q.exec(pragma))
            return sqlError(tr("Cannot configure “%1”").arg(m_path), q.lastError());
    }
    if (!q.exec(SqlDialect::sqliteForeignKeysQuery()) || !q.next() || q.value(0).toInt() != 1)
        return makeError(ErrorCode::Sql, tr("This SQLite library does not enforce foreign keys."));
    return {};
}

Result<void> Database::migrate(const QList<Migration> &migrations) {
    QSqlDatabase conn = connection();
    QSqlQuery q(conn);
    if (!q.exec(u"CREATE TABLE IF NOT EXISTS schema_version ("
                "  version     INTEGER PRIMARY KEY,"
                "  description TEXT NOT NULL,"
                "  applied_at  TEXT NOT NULL,"
                "  app_version TEXT NOT NULL)"_s))
        return sqlError(tr("Cannot create the schema table in “%1”").arg(m_path), q.lastError());
    if (!q.exec(u"SELECT coalesce(max(version), 0) FROM schema_version"_s) || !q.next())
        return sqlError(tr("Cannot read the schema version of “%1”").arg(m_path), q.lastError());
    m_schemaVersion = q.value(0).toInt();
    q.finish();

    QList<Migration> ordered = migrations;
    std::sort(ordered.begin(), ordered.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    for (const Migration &m : std::as_const(ordered)) {
        if (m.version <= m_schemaVersion)
            continue;
        const auto fail = [&](const QSqlError &e) {
            conn.rollback();
            return makeError(ErrorCode::Sql,
                             tr("Upgrading “%1” to schema %2 (%3) failed: %4. The database was left at "
                                "schema %5.")
                                 .arg(m_path)
                                 .arg(m.version)
                                 .arg(m.description, sqlErrorText(e))
                                 .arg(m_schemaVersion));
        };
        if (!conn.transaction())
            return fail(conn.lastError());
        for (const QString &statement : m.statements) {
            if (!q.exec(statement))
                return fail(q.lastError());
        }
        q.prepare(u"INSERT INTO schema_version (version, description, applied_at, app_version) "
                  "VALUES (?, ?, ?, ?)"_s);
        q.addBindValue(m.version);
        q.addBindValue(m.description);
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        q.addBindValue(QStringLiteral(HIVEPOST_VERSION));
        if (!q.exec())
            return fail(q.lastError());
        if (!conn.commit())
            return fail(conn.lastError());
        m_schemaVersion = m.version;
    }
    return {};
}

Result<bool> Database::holdsUserData() const {
    QSqlQuery q(connection());
    if (!q.exec(u"SELECT EXISTS (SELECT 1 FROM accounts) OR EXISTS (SELECT 1 FROM templates) OR "
                "EXISTS (SELECT 1 FROM contacts)"_s) ||
        !q.next())
        return sqlError(tr("Cannot read “%1”").arg(m_path), q.lastError());
    return q.value(0).toBool();
}

Result<QList<TableCount>> Database::tableCounts() const {
    QSqlQuery q(connection());
    if (!q.exec(SqlDialect::sqliteTableNames()))
        return sqlError(tr("Cannot list the tables"), q.lastError());
    QStringList tables;
    while (q.next())
        tables << q.value(0).toString();
    QList<TableCount> counts;
    for (const QString &table : std::as_const(tables)) {
        // Names come from sqlite_master, not from the user; quote them anyway.
        QString quoted = table;
        quoted.replace(u'"', u"\"\""_s);
        if (!q.exec(u"SELECT count(*) FROM \"%1\""_s.arg(quoted)) || !q.next())
            return sqlError(tr("Cannot count the rows of %1").arg(table), q.lastError());
        counts.append({table, q.value(0).toLongLong()});
    }
    return counts;
}

Result<void> Database::backupTo(const QString &targetPath) const {
    const QFileInfo target(targetPath);
    if (target.exists())
        return makeError(ErrorCode::Exists,
                         tr("“%1” already exists; choose a new file name.").arg(targetPath));
    if (target.absoluteFilePath() == m_path)
        return makeError(ErrorCode::InvalidInput, tr("The backup cannot replace the database itself."));
    if (!QDir().mkpath(target.absolutePath()))
        return makeError(ErrorCode::Io, tr("Cannot create the folder “%1”.").arg(target.absolutePath()));

    // VACUUM INTO reads one consistent snapshot while other connections keep writing; the copy is
    // written under a temporary name so that a half-written backup never carries the real name.
    const QString partial = target.absoluteFilePath() + u".partial"_s;
    QFile::remove(partial);
    QSqlQuery q(connection());
    q.prepare(u"VACUUM INTO ?"_s);
    q.addBindValue(partial);
    if (!q.exec()) {
        const QSqlError e = q.lastError();
        QFile::remove(partial);
        return makeError(ErrorCode::Io, tr("Backing up to “%1” failed: %2").arg(targetPath, sqlErrorText(e)));
    }
    if (!QFile::rename(partial, target.absoluteFilePath())) {
        QFile::remove(partial);
        return makeError(ErrorCode::Io, tr("Cannot write “%1”.").arg(targetPath));
    }
    return {};
}

Result<QString> Database::restore(const QString &backupPath, const QString &targetPath) {
    const QFileInfo backup(backupPath);
    const QFileInfo target(targetPath);
    if (!backup.isFile())
        return makeError(ErrorCode::NotFound, tr("There is no backup “%1”.").arg(backupPath));
    if (backup.absoluteFilePath() == target.absoluteFilePath())
        return makeError(ErrorCode::InvalidInput, tr("The backup is the database itself."));
    auto probe = probeExisting(backup.absoluteFilePath());
    if (!probe)
        return makeError(probe.error().code,
                         tr("“%1” cannot be restored: %2").arg(backupPath, probe.errorString()));
    if (probe->empty)
        return makeError(ErrorCode::InvalidInput, tr("“%1” is not a Hivepost database.").arg(backupPath));
    if (probe->schemaVersion > latestVersion(builtinMigrations()))
        return makeError(ErrorCode::NewerSchema,
                         tr("“%1” was written by a newer version of Hivepost.").arg(backupPath));
    // Every page of the backup is read once: a damaged backup must not replace anything.
    QString problem;
    {
        const QString name = nextConnectionName();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(backup.absoluteFilePath());
            db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
            QSqlQuery q(db);
            if (!db.open() || !q.exec(SqlDialect::sqliteIntegrityCheck()) || !q.next())
                problem = sqlErrorText(db.isOpen() ? q.lastError() : db.lastError());
            else if (q.value(0).toString() != u"ok"_s)
                problem = q.value(0).toString();
        }
        dropConnection(name);
    }
    if (!problem.isEmpty())
        return makeError(ErrorCode::Corrupt,
                         tr("The backup “%1” is damaged too: %2").arg(backupPath, problem));

    const QString path = target.absoluteFilePath();
    const QString partial = path + u".restoring"_s;
    QFile::remove(partial);
    if (!QFile::copy(backup.absoluteFilePath(), partial))
        return makeError(ErrorCode::Io, tr("Cannot write “%1”.").arg(partial));
    QString keptAs;
    if (target.exists()) {
        keptAs = path + u".damaged-"_s + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s);
        if (!QFile::rename(path, keptAs)) {
            QFile::remove(partial);
            return makeError(ErrorCode::Io, tr("Cannot move “%1” aside; nothing was changed.").arg(path));
        }
        QFile::rename(path + u"-wal"_s, keptAs + u"-wal"_s); // the log belongs to the old file
        QFile::remove(path + u"-shm"_s);
    }
    if (!QFile::rename(partial, path))
        return makeError(ErrorCode::Io, tr("Cannot write “%1”; the old file is “%2”.").arg(path, keptAs));
    return keptAs;
}

Transaction::Transaction(Database &db)
    : m_db(db)
    , m_active(db.connection().transaction()) {}

Transaction::~Transaction() {
    if (m_active)
        m_db.connection().rollback();
}

Result<void> Transaction::commit() {
    if (!m_active)
        return makeError(ErrorCode::Sql, Database::tr("Cannot start a transaction."));
    m_active = false;
    QSqlDatabase conn = m_db.connection();
    if (!conn.commit()) {
        const QSqlError error = conn.lastError();
        conn.rollback();
        return makeError(ErrorCode::Sql, sqlErrorText(error));
    }
    return {};
}

} // namespace hivepost::storage
