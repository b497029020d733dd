// hivepost-cli as a user runs it: the real binary through QProcess, on a real database file.
// Checks the conventions every command follows: exit codes, "error:" lines, one JSON object.

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"

using namespace Qt::StringLiterals;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(HIVEPOST_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// stdout must be exactly one JSON object and a newline.
QJsonObject singleJsonObject(const QByteArray &out) {
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &e);
    if (e.error != QJsonParseError::NoError || !doc.isObject() || !out.endsWith('\n') || out.count('\n') != 1)
        return {};
    return doc.object();
}

} // namespace

class tst_Cli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelp();
    void usageErrors_data();
    void usageErrors();
    void dbInfoJsonShape();
    void dbInfoText();
    void dbPathFromEnvironment();
    void dbBackup();
    void backupRefusesExistingTarget();
    void refusesNonSqliteFileUnchanged();
    void jsonErrorObject();

private:
    QTemporaryDir m_dir;
};

void tst_Cli::versionAndHelp() {
    Run v = runCli({u"--version"_s});
    QCOMPARE(v.exitCode, 0);
    QCOMPARE(v.out, QByteArray("hivepost-cli " HIVEPOST_VERSION "\n"));
    QVERIFY(v.err.isEmpty());

    Run h = runCli({u"--help"_s});
    QCOMPARE(h.exitCode, 0);
    QVERIFY(h.out.contains("Usage: hivepost-cli"));
    QVERIFY(h.out.contains("db info"));
    QVERIFY(h.out.contains("db backup"));

    Run ch = runCli({u"db"_s, u"backup"_s, u"--help"_s});
    QCOMPARE(ch.exitCode, 0);
    QVERIFY2(ch.out.contains("hivepost-cli db backup FILE"), ch.out.constData());
}

void tst_Cli::usageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("mentions");
    QTest::newRow("no command") << QStringList{} << QByteArray("no command");
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << QByteArray("frobnicate");
    QTest::newRow("group without subcommand") << QStringList{u"db"_s} << QByteArray("db info");
    QTest::newRow("unknown subcommand") << QStringList{u"db"_s, u"nosuch"_s} << QByteArray("db backup");
    QTest::newRow("unknown global option")
        << QStringList{u"--bogus"_s, u"db"_s, u"info"_s} << QByteArray("--bogus");
    QTest::newRow("--db without file") << QStringList{u"--db"_s} << QByteArray("--db");
    QTest::newRow("unknown command option")
        << QStringList{u"db"_s, u"info"_s, u"--bogus"_s} << QByteArray("bogus");
    QTest::newRow("missing argument") << QStringList{u"db"_s, u"backup"_s} << QByteArray("missing argument");
    QTest::newRow("extra argument") << QStringList{u"db"_s, u"info"_s, u"extra"_s} << QByteArray("extra");
}

void tst_Cli::usageErrors() {
    QFETCH(QStringList, args);
    QFETCH(QByteArray, mentions);
    const QString db = m_dir.filePath(u"usage.db"_s);
    Run r = runCli(QStringList{u"--db"_s, db} + args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith("error: "), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QVERIFY2(r.err.contains(mentions), r.err.constData());
    QVERIFY(r.out.isEmpty());
}

void tst_Cli::dbInfoJsonShape() {
    const QString db = m_dir.filePath(u"info.db"_s);
    Run r = runCli({u"--db"_s, db, u"db"_s, u"info"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject o = singleJsonObject(r.out);
    QVERIFY2(!o.isEmpty(), r.out.constData());
    QCOMPARE(o.value(u"path"_s).toString(), QFileInfo(db).absoluteFilePath());
    QVERIFY(o.value(u"schema_version"_s).toInt() >= 1);
    QCOMPARE(o.value(u"schema_version"_s).toInt(), o.value(u"latest_schema_version"_s).toInt());
    QVERIFY(o.value(u"size_bytes"_s).toInteger() > 0);
    const QJsonObject tables = o.value(u"tables"_s).toObject();
    QVERIFY(tables.contains(u"app_settings"_s));
    QCOMPARE(tables.value(u"schema_version"_s).toInt(), o.value(u"schema_version"_s).toInt());
    for (auto it = tables.begin(); it != tables.end(); ++it)
        QVERIFY2(it.value().isDouble(), qPrintable(it.key()));
}

void tst_Cli::dbInfoText() {
    const QString db = m_dir.filePath(u"text.db"_s);
    Run r = runCli({u"--db="_s + db, u"db"_s, u"info"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("Schema version:"));
    QVERIFY(r.out.contains("schema_version"));
}

void tst_Cli::dbPathFromEnvironment() {
    const QString db = m_dir.filePath(u"env.db"_s);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"HIVEPOST_DB"_s, db);
    Run r = runCli({u"db"_s, u"info"_s, u"--json"_s}, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(singleJsonObject(r.out).value(u"path"_s).toString(), QFileInfo(db).absoluteFilePath());
    QVERIFY(QFile::exists(db));

    // --db wins over the environment.
    const QString other = m_dir.filePath(u"option.db"_s);
    r = runCli({u"--db"_s, other, u"db"_s, u"info"_s, u"--json"_s}, env);
    QCOMPARE(singleJsonObject(r.out).value(u"path"_s).toString(), QFileInfo(other).absoluteFilePath());

    // Without either, the user's data folder.
    env.remove(u"HIVEPOST_DB"_s);
    env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg"_s));
    r = runCli({u"db"_s, u"info"_s, u"--json"_s}, env);
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(singleJsonObject(r.out).value(u"path"_s).toString(),
             m_dir.filePath(u"xdg/hivepost/hivepost.db"_s));
}

void tst_Cli::dbBackup() {
    const QString db = m_dir.filePath(u"backup-src.db"_s);
    const QString target = m_dir.filePath(u"backup-dst.db"_s);
    Run r = runCli({u"--db"_s, db, u"db"_s, u"backup"_s, target, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = singleJsonObject(r.out);
    QCOMPARE(o.value(u"backup"_s).toString(), QFileInfo(target).absoluteFilePath());
    QCOMPARE(o.value(u"size_bytes"_s).toInteger(), QFileInfo(target).size());
    // The copy is itself a Hivepost database.
    Run info = runCli({u"--db"_s, target, u"db"_s, u"info"_s, u"--json"_s});
    QCOMPARE(info.exitCode, 0);
    QVERIFY(singleJsonObject(info.out).value(u"schema_version"_s).toInt() >= 1);
}

void tst_Cli::backupRefusesExistingTarget() {
    const QString db = m_dir.filePath(u"backup-src2.db"_s);
    const QString target = m_dir.filePath(u"taken.db"_s);
    QVERIFY(hivepost::test::writeFile(target, "mine"));
    Run r = runCli({u"--db"_s, db, u"db"_s, u"backup"_s, target});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains("already exists"), r.err.constData());
    QCOMPARE(hivepost::test::readAll(target), QByteArray("mine"));
}

void tst_Cli::refusesNonSqliteFileUnchanged() {
    const QString path = m_dir.filePath(u"list.csv"_s);
    const QByteArray content("email\nann@example.com\n");
    QVERIFY(hivepost::test::writeFile(path, content));
    Run r = runCli({u"--db"_s, path, u"db"_s, u"info"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("error: ") && r.err.contains("not an SQLite file"), r.err.constData());
    QCOMPARE(r.err.count('\n'), 1);
    QCOMPARE(hivepost::test::readAll(path), content);
}

void tst_Cli::jsonErrorObject() {
    const QString path = m_dir.filePath(u"notes.txt"_s);
    QVERIFY(hivepost::test::writeFile(path, "not a database at all, just some text over sixteen bytes"));
    Run r = runCli({u"--db"_s, path, u"db"_s, u"info"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.startsWith("error: "));
    const QJsonObject error = singleJsonObject(r.out).value(u"error"_s).toObject();
    QVERIFY2(error.value(u"message"_s).toString().contains(u"not an SQLite file"_s), r.out.constData());
    QCOMPARE(error.value(u"exit_code"_s).toInt(), 1);

    Run u = runCli({u"--json"_s, u"nosuch"_s});
    QCOMPARE(u.exitCode, 2);
    QCOMPARE(singleJsonObject(u.out).value(u"error"_s).toObject().value(u"exit_code"_s).toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_Cli.moc"
