// hivepost-cli as a user runs it: the real binary through QProcess, on a real database file.
// Checks the conventions every command follows: exit codes, "error:" lines, one JSON object.

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"

using namespace Qt::StringLiterals;

namespace {

using Run = hivepost::test::ProcessRun;

Run runCli(const QStringList &args,
           const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) {
    return hivepost::test::runProcess(QStringLiteral(HIVEPOST_CLI_PATH), args, env, 60000);
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
    void guiHelpAndNoDisplay();
    void usageErrors_data();
    void usageErrors();
    void dbInfoJsonShape();
    void bouncesParseJsonShape();
    void dbInfoText();
    void dbPathFromEnvironment();
    void dbBackup();
    void backupRefusesExistingTarget();
    void refusesNonSqliteFileUnchanged();
    void jsonErrorObject();
    void importJsonShape();
    void importFatalErrorExitCode();
    void listsExportAndSuppress();
    void templateSenderDkimRender();
    void templateFromStarter();
    void demoRunsTheMainJob();

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

void tst_Cli::guiHelpAndNoDisplay() {
    // The window program answers --help and --version anywhere, and without a display says what
    // runs without one instead of Qt's plugin error.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *var : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QString::fromLatin1(var));
    const hivepost::test::ProcessRun help =
        hivepost::test::runProcess(QStringLiteral(HIVEPOST_GUI_PATH), {u"--help"_s}, env);
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.startsWith("Usage: hivepost "), help.out.constData());
    QVERIFY(help.out.contains("--demo"));
    const hivepost::test::ProcessRun version =
        hivepost::test::runProcess(QStringLiteral(HIVEPOST_GUI_PATH), {u"--version"_s}, env);
    QCOMPARE(version.out, QByteArray("hivepost " HIVEPOST_VERSION "\n"));
    const hivepost::test::ProcessRun headless =
        hivepost::test::runProcess(QStringLiteral(HIVEPOST_GUI_PATH), {}, env);
    QCOMPARE(headless.exitCode, 1);
    QCOMPARE(headless.err.count('\n'), 1); // one line
    QVERIFY(headless.err.contains("./run.sh --demo") && headless.err.contains("hivepost-cli"));
    // ./run.sh --help prints its usage before it installs or builds anything.
    const hivepost::test::ProcessRun runHelp =
        hivepost::test::runProcess(QStringLiteral(HIVEPOST_SOURCE_DIR "/run.sh"), {u"--help"_s}, env);
    QCOMPARE(runHelp.exitCode, 0);
    QVERIFY(runHelp.out.contains("./run.sh --demo"));
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

void tst_Cli::demoRunsTheMainJob() {
    // The demo in a database kept for inspection: every number it prints agrees with the ledger.
    const QString db = m_dir.filePath(u"demo.db"_s);
    QElapsedTimer timer;
    timer.start();
    Run r = runCli({u"demo"_s, u"--keep"_s, db, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(timer.elapsed() < 60000, "the demo must finish within a minute");
    const QJsonObject report = singleJsonObject(r.out);
    QCOMPARE(report.value(u"campaign"_s).toString(), u"Spring demo"_s);
    QCOMPARE(report.value(u"recipients"_s).toInt(), 988); // 1,010 rows, 10 duplicates, 12 invalid
    // The server refuses nobody*@ and defers busy*@ (the sample list has 11 and 7 of them).
    QCOMPARE(report.value(u"failed"_s).toInt(), 11);
    QCOMPARE(report.value(u"deferred"_s).toInt(), 7);
    QCOMPARE(report.value(u"sent"_s).toInt(), 988 - 11 - 7);
    QCOMPARE(report.value(u"bounced_after_sent"_s).toInt(), 2);
    QCOMPARE(report.value(u"complaints"_s).toInt(), 1);
    QCOMPARE(report.value(u"accounts"_s).toArray().size(), 2);
    QVERIFY(r.err.contains("Imported the sample list"));
    // The same numbers from the kept database, and nothing left listening.
    // Its bounce log by date: today's entries, none from the future, and a clear error for nonsense.
    const auto logged = [&](const QString &since) {
        Run l = runCli({u"--db"_s, db, u"bounces"_s, u"list"_s, u"--since"_s, since, u"--json"_s});
        return l.exitCode == 0 ? singleJsonObject(l.out).value(u"bounces"_s).toArray().size() : -l.exitCode;
    };
    QVERIFY(logged(u"1d"_s) >= 14); // 11 refusals, 2 bounces, 1 complaint (deferrals too, when logged)
    QCOMPARE(logged(u"2000-01-01"_s), logged(u"1d"_s));
    QCOMPARE(logged(u"2099-01-01"_s), 0);
    QCOMPARE(logged(u"soon"_s), -2);
    Run again = runCli({u"--db"_s, db, u"campaign"_s, u"status"_s, u"Spring demo"_s, u"--json"_s});
    QCOMPARE(singleJsonObject(again.out).value(u"sent"_s).toInt(), 988 - 11 - 7);
}

void tst_Cli::bouncesParseJsonShape() {
    const QString db = m_dir.filePath(u"bounces.db"_s);
    const QString eml =
        QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/lhost-qmail-01.eml");
    Run r = runCli({u"--db"_s, db, u"bounces"_s, u"parse"_s, eml, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = singleJsonObject(r.out);
    const QJsonArray records = o.value(u"records"_s).toArray();
    QCOMPARE(records.size(), 1);
    const QJsonObject rec = records.at(0).toObject();
    QCOMPARE(rec.value(u"recipient"_s).toString(), u"kijitora@example.ne.jp"_s);
    QCOMPARE(rec.value(u"reason"_s).toString(), u"userunknown"_s);
    QCOMPARE(rec.value(u"hard"_s).toBool(), true);
    QCOMPARE(rec.value(u"status"_s).toString(), u"5.5.0"_s); // qmail's "(#5.5.0)"
    QCOMPARE(rec.value(u"reply_code"_s).toInt(), 550);
    QVERIFY(rec.contains(u"campaign"_s) && rec.value(u"campaign"_s).isNull()); // no VERP token in it
    // A file that is not there: one error line, exit 1.
    Run missing = runCli({u"--db"_s, db, u"bounces"_s, u"parse"_s, m_dir.filePath(u"none.eml"_s)});
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.startsWith("error: "), missing.err.constData());
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

void tst_Cli::importJsonShape() {
    const QString db = m_dir.filePath(u"import.db"_s);
    const QString csv = m_dir.filePath(u"list.csv"_s);
    QVERIFY(hivepost::test::writeFile(csv, "邮箱;姓名\nann@example.com;Ann\nbad;X\nANN@example.com;Dup\n"));
    Run r = runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"Customers"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    const QJsonObject o = singleJsonObject(r.out);
    QVERIFY2(!o.isEmpty(), r.out.constData());
    for (const char *key : {"rows", "imported", "updated", "duplicates", "invalid", "suppressed"})
        QVERIFY2(o.value(QLatin1StringView(key)).isDouble(), key);
    QCOMPARE(o.value(u"rows"_s).toInt(), 3);
    QCOMPARE(o.value(u"imported"_s).toInt(), 1);
    QCOMPARE(o.value(u"duplicates"_s).toInt(), 1);
    QCOMPARE(o.value(u"invalid"_s).toInt(), 1);
    QCOMPARE(o.value(u"encoding"_s).toString(), u"utf-8"_s);
    QCOMPARE(o.value(u"delimiter"_s).toString(), u";"_s);
    const QJsonArray errors = o.value(u"errors"_s).toArray();
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors[0].toObject().value(u"line"_s).toInt(), 3);
    QVERIFY(!errors[0].toObject().value(u"reason"_s).toString().isEmpty());

    // Explicit options, and usage errors.
    Run tab = runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"X"_s, u"--delimiter"_s, u"tab"_s,
                      u"--map"_s, u"#1=email"_s, u"--json"_s});
    QCOMPARE(tab.exitCode, 0); // one column "邮箱;姓名": every row is invalid, nothing fatal
    QCOMPARE(singleJsonObject(tab.out).value(u"invalid"_s).toInt(), 3);
    QCOMPARE(runCli({u"--db"_s, db, u"import"_s, csv}).exitCode, 2); // no --list
    QCOMPARE(
        runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"X"_s, u"--encoding"_s, u"latin9"_s}).exitCode,
        2);
}

void tst_Cli::importFatalErrorExitCode() {
    const QString db = m_dir.filePath(u"fatal.db"_s);
    const QString csv = m_dir.filePath(u"broken.csv"_s);
    QVERIFY(hivepost::test::writeFile(csv, "email\na@example.com\n\"b@example.com\n"));
    Run r = runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"L"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith("error: line 3:"), r.err.constData());
    const QJsonObject o = singleJsonObject(r.out);
    QCOMPARE(o.value(u"outcome"_s).toString(), u"failed"_s);
    QCOMPARE(o.value(u"committed"_s).toBool(), false);
    Run lists = runCli({u"--db"_s, db, u"lists"_s, u"--json"_s});
    QCOMPARE(singleJsonObject(lists.out).value(u"lists"_s).toArray().size(), 0);

    Run kept = runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"L"_s, u"--no-atomic"_s, u"--json"_s});
    QCOMPARE(kept.exitCode, 1);
    QCOMPARE(singleJsonObject(kept.out).value(u"imported"_s).toInt(), 1);
}

void tst_Cli::listsExportAndSuppress() {
    const QString db = m_dir.filePath(u"lists.db"_s);
    const QString csv = m_dir.filePath(u"people.csv"_s);
    QVERIFY(hivepost::test::writeFile(
        csv, "email,name,city\nli@example.cn,李雷,北京\nann@example.com,\"Lee, Ann\",\n"));
    QCOMPARE(runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"中文"_s}).exitCode, 0);
    Run lists = runCli({u"--db"_s, db, u"lists"_s, u"--json"_s});
    QCOMPARE(lists.exitCode, 0);
    const QJsonArray array = singleJsonObject(lists.out).value(u"lists"_s).toArray();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array[0].toObject().value(u"name"_s).toString(), u"中文"_s);
    QCOMPARE(array[0].toObject().value(u"contacts"_s).toInt(), 2);

    Run exported = runCli({u"--db"_s, db, u"contacts"_s, u"export"_s, u"--list"_s, u"中文"_s});
    QCOMPARE(exported.exitCode, 0);
    const QList<QByteArray> lines = exported.out.split('\n');
    QCOMPARE(lines[0], QByteArray("email,name,first_name,last_name,status,city,created_at,updated_at\r"));
    QVERIFY(lines[1].startsWith(QString(u"li@example.cn,李雷,,,subscribed,北京,"_s).toUtf8()));
    QVERIFY(lines[2].startsWith("ann@example.com,\"Lee, Ann\",,,subscribed,,"));
    QCOMPARE(runCli({u"--db"_s, db, u"contacts"_s, u"export"_s, u"--list"_s, u"nope"_s}).exitCode, 1);

    Run add = runCli({u"--db"_s, db, u"suppress"_s, u"add"_s, u"@Example.COM"_s, u"--reason"_s,
                      u"competitor"_s, u"--json"_s});
    QCOMPARE(add.exitCode, 0);
    QCOMPARE(singleJsonObject(add.out).value(u"pattern"_s).toString(), u"@example.com"_s);
    QCOMPARE(runCli({u"--db"_s, db, u"suppress"_s, u"add"_s, u"not an address"_s}).exitCode, 1);
    const QString file = m_dir.filePath(u"suppress.txt"_s);
    QVERIFY(hivepost::test::writeFile(file, "a@one.test\nb@one.test\nbroken\n"));
    Run imported = runCli({u"--db"_s, db, u"suppress"_s, u"import"_s, file, u"--json"_s});
    QCOMPARE(imported.exitCode, 0);
    QCOMPARE(singleJsonObject(imported.out).value(u"added"_s).toInt(), 2);
    QCOMPARE(singleJsonObject(imported.out).value(u"invalid"_s).toInt(), 1);
    Run list = runCli({u"--db"_s, db, u"suppress"_s, u"list"_s, u"--json"_s});
    QCOMPARE(singleJsonObject(list.out).value(u"suppressions"_s).toArray().size(), 3);

    // Re-importing now counts the suppressed contact.
    Run again = runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"Other"_s, u"--json"_s});
    QCOMPARE(singleJsonObject(again.out).value(u"suppressed"_s).toInt(), 1);
    QCOMPARE(singleJsonObject(again.out).value(u"updated"_s).toInt(), 1);
}

void tst_Cli::templateSenderDkimRender() {
    const QString db = m_dir.filePath(u"render.db"_s);
    const QString csv = m_dir.filePath(u"render.csv"_s);
    QVERIFY(hivepost::test::writeFile(
        csv, "email,first_name,company\nli@example.cn,\"Lei\r\nBcc: x@evil.test\",<ACME>\n"));
    QCOMPARE(runCli({u"--db"_s, db, u"import"_s, csv, u"--list"_s, u"L"_s}).exitCode, 0);
    const QString html = m_dir.filePath(u"t.html"_s);
    QVERIFY(hivepost::test::writeFile(html, "<p>Hi {{first_name|there}} from {{company}}</p>"
                                            "<p><img src=\"cid:logo.png\" alt=\"logo\"></p>"));
    const QString logo = m_dir.filePath(u"logo.png"_s);
    QVERIFY(hivepost::test::writeFile(logo, QByteArray::fromHex("89504e470d0a1a0a")));

    // An unknown merge field is refused with its place.
    const QString bad = m_dir.filePath(u"bad.html"_s);
    QVERIFY(hivepost::test::writeFile(bad, "<p>\n{{compnay}}</p>"));
    Run refused =
        runCli({u"--db"_s, db, u"template"_s, u"add"_s, u"T"_s, u"--subject"_s, u"S"_s, u"--html"_s, bad});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("line 2, column 1: unknown merge field") && refused.err.contains("compnay"),
             refused.err.constData());
    // With a fallback the same field is a warning: every message gets the fallback.
    const QString withFallback = m_dir.filePath(u"fallback.html"_s);
    QVERIFY(hivepost::test::writeFile(withFallback, "<p>From {{city|friend}}</p>"));
    Run warned = runCli(
        {u"--db"_s, db, u"template"_s, u"add"_s, u"F"_s, u"--subject"_s, u"S"_s, u"--html"_s, withFallback});
    QCOMPARE(warned.exitCode, 0);
    QVERIFY2(warned.err.contains("warning: HTML: line 1, column 9: no contact has the field") &&
                 warned.err.contains("friend"),
             warned.err.constData());

    QCOMPARE(runCli({u"--db"_s, db, u"template"_s, u"add"_s, u"Welcome"_s, u"--subject"_s,
                     u"欢迎 {{first_name}}"_s, u"--html"_s, html, u"--attach"_s, logo})
                 .exitCode,
             0);
    Run list = runCli({u"--db"_s, db, u"template"_s, u"list"_s, u"--json"_s});
    QCOMPARE(singleJsonObject(list.out).value(u"templates"_s).toArray().size(), 2); // F and Welcome
    QCOMPARE(runCli({u"--db"_s, db, u"render"_s, u"--template"_s, u"Welcome"_s, u"--contact"_s,
                     u"li@example.cn"_s})
                 .exitCode,
             1); // no sender yet
    QCOMPARE(runCli({u"--db"_s, db, u"sender"_s, u"set"_s, u"--from"_s, u"Shop <news@example.com>"_s,
                     u"--unsubscribe-url"_s, u"https://example.com/u/{{token}}"_s})
                 .exitCode,
             0);
    QCOMPARE(
        runCli({u"--db"_s, db, u"sender"_s, u"set"_s, u"--unsubscribe-url"_s, u"http://plain/{{token}}"_s})
            .exitCode,
        1);
    Run key = runCli(
        {u"--db"_s, db, u"dkim"_s, u"generate"_s, u"example.com"_s, u"--selector"_s, u"s1"_s, u"--json"_s});
    QCOMPARE(key.exitCode, 0);
    const QJsonObject k = singleJsonObject(key.out);
    QCOMPARE(k.value(u"dns_name"_s).toString(), u"s1._domainkey.example.com"_s);
    QCOMPARE(k.value(u"algorithm"_s).toString(), u"rsa-sha256"_s);
    // The private key is in the secret store (here the test's private file), not in the database.
    const QString secretsFile = qEnvironmentVariable("HIVEPOST_SECRETS").mid(5);
    QVERIFY2(hivepost::test::readAll(secretsFile).contains("dkim/example.com"), qPrintable(secretsFile));
    QCOMPARE(QFile(secretsFile).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QVERIFY(!hivepost::test::readAll(db).contains("PRIVATE KEY"));
    QVERIFY(!hivepost::test::readAll(db + u"-wal"_s).contains("PRIVATE KEY"));

    Run rendered = runCli(
        {u"--db"_s, db, u"render"_s, u"--template"_s, u"Welcome"_s, u"--contact"_s, u"LI@example.cn"_s});
    QCOMPARE(rendered.exitCode, 0);
    const QByteArray m = rendered.out;
    QVERIFY(m.startsWith("DKIM-Signature: v=1; a=rsa-sha256;"));
    const qsizetype headerEnd = m.indexOf("\r\n\r\n");
    const QByteArray headers = m.left(headerEnd);
    QVERIFY2(!headers.contains("\r\nBcc:"), headers.constData()); // the injected line stayed in the name
    QVERIFY(headers.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    QVERIFY(m.contains("&lt;ACME&gt;"));      // HTML-escaped in the HTML part
    QVERIFY(m.contains("multipart/related")); // the cid: image is inline
    QVERIFY(m.contains("Content-ID: <logo.png>"));
}

void tst_Cli::templateFromStarter() {
    const QString db = m_dir.filePath(u"starters.db"_s);
    const Run list = runCli({u"--db"_s, db, u"template"_s, u"starters"_s, u"--json"_s});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray starters = singleJsonObject(list.out).value(u"starters"_s).toArray();
    QCOMPARE(starters.size(), 6);
    const Run zh = runCli({u"--db"_s, db, u"template"_s, u"add"_s, u"Promo"_s, u"--starter"_s, u"promotion"_s,
                           u"--lang"_s, u"zh_CN"_s, u"--json"_s});
    QVERIFY2(zh.exitCode == 0, zh.err.constData());
    QVERIFY(runCli({u"--db"_s, db, u"sender"_s, u"set"_s, u"--from"_s, u"Studio <news@studio.example.com>"_s,
                    u"--unsubscribe-url"_s, u"https://studio.example.com/u/{{token}}"_s})
                .exitCode == 0);
    QVERIFY(
        hivepost::test::writeFile(m_dir.filePath(u"one.csv"_s), "email,first_name\nli@example.cn,小李\n"));
    QCOMPARE(runCli({u"--db"_s, db, u"import"_s, m_dir.filePath(u"one.csv"_s), u"--list"_s, u"L"_s}).exitCode,
             0);
    const Run rendered =
        runCli({u"--db"_s, db, u"render"_s, u"--template"_s, u"Promo"_s, u"--contact"_s, u"li@example.cn"_s});
    QVERIFY2(rendered.exitCode == 0, rendered.err.constData());
    QVERIFY(rendered.out.contains("Subject: =?UTF-8?")); // the Chinese subject, encoded
    QVERIFY(rendered.out.contains("multipart/alternative"));
    const Run unknown = runCli({u"--db"_s, db, u"template"_s, u"add"_s, u"X"_s, u"--starter"_s, u"nope"_s});
    QCOMPARE(unknown.exitCode, 2);
    QVERIFY2(unknown.err.contains("template starters"), unknown.err.constData());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_Cli.moc"
