// Database: creation and migrations on a real SQLite file, refusals that leave the file unchanged,
// rollback of a failing migration, and the online backup.

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

using namespace Qt::StringLiterals;
using hivepost::ErrorCode;
using hivepost::storage::Database;
using hivepost::storage::Migration;

namespace {

QVariant scalar(const Database &db, const QString &sql) {
    QSqlQuery q(db.connection());
    if (!q.exec(sql) || !q.next())
        return QVariant();
    return q.value(0);
}

// Runs statements on path with a plain connection of the test's own, outside Database.
bool rawExec(const QString &path, const QStringList &statements) {
    bool ok = true;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        raw.setDatabaseName(path);
        ok = raw.open();
        QSqlQuery q(raw);
        for (const QString &s : statements) {
            if (ok && !q.exec(s)) {
                qWarning() << s << q.lastError().text();
                ok = false;
            }
        }
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);
    return ok;
}

QList<Migration> testMigrations() {
    return {
        {1, u"one"_s, {u"CREATE TABLE a (id INTEGER PRIMARY KEY)"_s}},
        {2, u"two"_s, {u"CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id))"_s}},
    };
}

} // namespace

class tst_Database : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void createsNewDatabaseWithLatestSchema_data();
    void createsNewDatabaseWithLatestSchema();
    void createsMissingFolders();
    void reopenAppliesNothingTwice();
    void appliesOnlyPendingMigrationsInOrder();
    void failingMigrationRollsBackThatStepOnly();
    void refusesNewerSchemaUnchanged();
    void refusesNonSqliteUnchanged_data();
    void refusesNonSqliteUnchanged();
    void refusesForeignSqliteUnchanged();
    void enforcesForeignKeys();
    void tableCounts();
    void backupIsConsistentCopy();
    void backupRefusesExistingFile();
    void resolvesPathFromOptionEnvironmentDefault();
};

void tst_Database::createsNewDatabaseWithLatestSchema_data() {
    QTest::addColumn<bool>("emptyFileFirst");
    QTest::newRow("no file") << false;
    QTest::newRow("empty file") << true;
}

void tst_Database::createsNewDatabaseWithLatestSchema() {
    QFETCH(bool, emptyFileFirst);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.db"_s);
    if (emptyFileFirst)
        QVERIFY(hivepost::test::writeFile(path, {}));

    auto db = Database::open(path);
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    const int latest = hivepost::storage::latestVersion(hivepost::storage::builtinMigrations());
    QVERIFY(latest >= 1);
    QCOMPARE(db.value()->schemaVersion(), latest);
    QCOMPARE(scalar(*db.value(), u"SELECT max(version) FROM schema_version"_s).toInt(), latest);
    QCOMPARE(scalar(*db.value(), u"SELECT count(*) FROM schema_version"_s).toInt(),
             hivepost::storage::builtinMigrations().size());
    QCOMPARE(scalar(*db.value(), u"PRAGMA journal_mode"_s).toString(), u"wal"_s);
    QCOMPARE(scalar(*db.value(), u"PRAGMA foreign_keys"_s).toInt(), 1);
    QCOMPARE(scalar(*db.value(), u"PRAGMA application_id"_s).toInt(), Database::ApplicationId);
    QCOMPARE(scalar(*db.value(), u"SELECT app_version FROM schema_version WHERE version = 1"_s).toString(),
             QStringLiteral(HIVEPOST_VERSION));
    QCOMPARE(db.value()->path(), QFileInfo(path).absoluteFilePath());
}

void tst_Database::createsMissingFolders() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a/b/c/h.db"_s);
    auto db = Database::open(path);
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    QVERIFY(QFile::exists(path));
}

void tst_Database::reopenAppliesNothingTwice() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.db"_s);
    {
        auto db = Database::open(path, testMigrations());
        QVERIFY2(db.ok(), qPrintable(db.errorString()));
    }
    auto again = Database::open(path, testMigrations());
    QVERIFY2(again.ok(), qPrintable(again.errorString()));
    QCOMPARE(again.value()->schemaVersion(), 2);
    QCOMPARE(scalar(*again.value(), u"SELECT count(*) FROM schema_version"_s).toInt(), 2);
}

void tst_Database::appliesOnlyPendingMigrationsInOrder() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.db"_s);
    QList<Migration> migrations = testMigrations();
    {
        auto db = Database::open(path, migrations.mid(0, 1));
        QVERIFY2(db.ok(), qPrintable(db.errorString()));
        QCOMPARE(db.value()->schemaVersion(), 1);
        QVERIFY(scalar(*db.value(), u"SELECT count(*) FROM sqlite_master WHERE name = 'b'"_s).toInt() == 0);
        QSqlQuery q(db.value()->connection());
        QVERIFY(q.exec(u"INSERT INTO a (id) VALUES (7)"_s));
    }
    // Given out of order: still applied by version, data kept.
    migrations.append({3, u"three"_s, {u"ALTER TABLE a ADD COLUMN name TEXT"_s}});
    std::reverse(migrations.begin(), migrations.end());
    auto db = Database::open(path, migrations);
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    QCOMPARE(db.value()->schemaVersion(), 3);
    QCOMPARE(scalar(*db.value(), u"SELECT group_concat(version) FROM (SELECT version FROM schema_version "
                                 "ORDER BY version)"_s)
                 .toString(),
             u"1,2,3"_s);
    QCOMPARE(scalar(*db.value(), u"SELECT id FROM a"_s).toInt(), 7);
    QCOMPARE(
        scalar(*db.value(), u"SELECT count(*) FROM pragma_table_info('a') WHERE name = 'name'"_s).toInt(), 1);
}

void tst_Database::failingMigrationRollsBackThatStepOnly() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.db"_s);
    QList<Migration> migrations = testMigrations();
    migrations.append(
        {3,
         u"broken"_s,
         {u"CREATE TABLE c (id INTEGER)"_s, u"INSERT INTO a (id) VALUES (1)"_s, u"THIS IS NOT SQL"_s}});
    auto db = Database::open(path, migrations);
    QVERIFY(!db.ok());
    QCOMPARE(db.code(), ErrorCode::Sql);
    QVERIFY2(db.errorString().contains(u"schema 3"_s), qPrintable(db.errorString()));
    QVERIFY2(db.errorString().contains(u"left at schema 2"_s), qPrintable(db.errorString()));

    // Steps 1 and 2 are committed; nothing of step 3 is.
    auto reopened = Database::open(path, testMigrations());
    QVERIFY2(reopened.ok(), qPrintable(reopened.errorString()));
    QCOMPARE(reopened.value()->schemaVersion(), 2);
    QCOMPARE(scalar(*reopened.value(), u"SELECT count(*) FROM sqlite_master WHERE name = 'c'"_s).toInt(), 0);
    QCOMPARE(scalar(*reopened.value(), u"SELECT count(*) FROM a"_s).toInt(), 0);
}

void tst_Database::refusesNewerSchemaUnchanged() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"h.db"_s);
    {
        auto db = Database::open(path);
        QVERIFY2(db.ok(), qPrintable(db.errorString()));
    }
    // A newer Hivepost applied schema 999.
    QVERIFY(rawExec(path,
                    {u"INSERT INTO schema_version VALUES (999, 'future', '2030-01-01T00:00:00Z', '9.0')"_s}));
    QVERIFY(!QFile::exists(path + u"-wal"_s)); // checkpointed on close
    const QByteArray before = hivepost::test::readAll(path);
    QVERIFY(!before.isEmpty());

    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QCOMPARE(db.code(), ErrorCode::NewerSchema);
    QVERIFY2(db.errorString().contains(u"999"_s), qPrintable(db.errorString()));
    QVERIFY2(db.errorString().contains(u"newer version of Hivepost"_s), qPrintable(db.errorString()));
    QCOMPARE(hivepost::test::readAll(path), before);
}

void tst_Database::refusesNonSqliteUnchanged_data() {
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("csv") << QByteArray("email,name\nann@example.com,Ann\n");
    QTest::newRow("short") << QByteArray("SQLite format 3");
    QTest::newRow("binary") << QByteArray(4096, '\xAB');
    QByteArray truncatedHeader("SQLite format 3\0", 16);
    truncatedHeader.append(50, '\0');
    QTest::newRow("truncated header") << truncatedHeader;
}

void tst_Database::refusesNonSqliteUnchanged() {
    QFETCH(QByteArray, content);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"contacts.csv"_s);
    QVERIFY(hivepost::test::writeFile(path, content));
    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QCOMPARE(db.code(), ErrorCode::NotSqlite);
    QVERIFY2(db.errorString().contains(u"not an SQLite file"_s), qPrintable(db.errorString()));
    QCOMPARE(hivepost::test::readAll(path), content);
    QVERIFY(!QFile::exists(path + u"-wal"_s));
    QVERIFY(!QFile::exists(path + u"-shm"_s));
}

void tst_Database::refusesForeignSqliteUnchanged() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"other.db"_s);
    QVERIFY(rawExec(path, {u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s,
                           u"INSERT INTO notes (body) VALUES ('keep me')"_s}));
    const QByteArray before = hivepost::test::readAll(path);
    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QCOMPARE(db.code(), ErrorCode::Foreign);
    QCOMPARE(hivepost::test::readAll(path), before);
}

void tst_Database::enforcesForeignKeys() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(u"h.db"_s), testMigrations());
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    QSqlQuery q(db.value()->connection());
    QVERIFY(!q.exec(u"INSERT INTO b (id, a_id) VALUES (1, 42)"_s));
    QVERIFY2(q.lastError().text().contains(u"FOREIGN KEY"_s, Qt::CaseInsensitive),
             qPrintable(q.lastError().text()));
}

void tst_Database::tableCounts() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(u"h.db"_s), testMigrations());
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    QSqlQuery q(db.value()->connection());
    QVERIFY(q.exec(u"INSERT INTO a (id) VALUES (1), (2), (3)"_s));
    auto counts = db.value()->tableCounts();
    QVERIFY2(counts.ok(), qPrintable(counts.errorString()));
    QStringList seen;
    for (const auto &c : counts.value())
        seen << u"%1=%2"_s.arg(c.table).arg(c.rows);
    QCOMPARE(seen, (QStringList{u"a=3"_s, u"b=0"_s, u"schema_version=2"_s}));
}

void tst_Database::backupIsConsistentCopy() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(u"h.db"_s), testMigrations());
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    QSqlQuery q(db.value()->connection());
    QVERIFY(q.exec(u"INSERT INTO a (id) VALUES (1), (2)"_s));

    // Another connection in the middle of a write does not stop the backup, and its uncommitted
    // row is not in the copy.
    auto writer = Database::open(dir.filePath(u"h.db"_s), testMigrations());
    QVERIFY2(writer.ok(), qPrintable(writer.errorString()));
    QSqlDatabase writerConn = writer.value()->connection();
    QVERIFY(writerConn.transaction());
    QSqlQuery w(writerConn);
    QVERIFY(w.exec(u"INSERT INTO a (id) VALUES (3)"_s));

    const QString target = dir.filePath(u"backups/copy.db"_s);
    auto r = db.value()->backupTo(target);
    QVERIFY(writerConn.rollback());
    QVERIFY2(r.ok(), qPrintable(r.errorString()));
    QVERIFY(!QFile::exists(target + u".partial"_s));

    auto copy = Database::open(target, testMigrations());
    QVERIFY2(copy.ok(), qPrintable(copy.errorString()));
    QCOMPARE(copy.value()->schemaVersion(), 2);
    QCOMPARE(scalar(*copy.value(), u"SELECT group_concat(id) FROM a"_s).toString(), u"1,2"_s);
}

void tst_Database::backupRefusesExistingFile() {
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(u"h.db"_s));
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    const QString target = dir.filePath(u"exists.db"_s);
    QVERIFY(hivepost::test::writeFile(target, "precious"));
    auto r = db.value()->backupTo(target);
    QVERIFY(!r.ok());
    QCOMPARE(r.code(), ErrorCode::Exists);
    QCOMPARE(hivepost::test::readAll(target), QByteArray("precious"));
    QCOMPARE(db.value()->backupTo(db.value()->path()).code(), ErrorCode::Exists);
}

void tst_Database::resolvesPathFromOptionEnvironmentDefault() {
    using hivepost::storage::resolveDatabasePath;
    qputenv("HIVEPOST_DB", "/tmp/from-env.db");
    QCOMPARE(resolveDatabasePath(u"/tmp/explicit.db"_s), u"/tmp/explicit.db"_s);
    QCOMPARE(resolveDatabasePath(), u"/tmp/from-env.db"_s);
    qunsetenv("HIVEPOST_DB");
    QCOMPARE(resolveDatabasePath(), hivepost::storage::defaultDatabasePath());
    QVERIFY(hivepost::storage::defaultDatabasePath().endsWith(u"/hivepost/hivepost.db"_s));
}

QTEST_GUILESS_MAIN(tst_Database)
#include "tst_Database.moc"
