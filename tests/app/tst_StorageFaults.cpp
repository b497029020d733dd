// Storage faults, as a user meets them through hivepost-cli on a real database file: another program
// holding the database locked, a write over a file size limit (the disk full, as far as SQLite can
// tell), and a damaged file restored from a backup. Each states what the user is told and checks
// that nothing already stored changed.

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"

using namespace Qt::StringLiterals;

namespace {

using Run = hivepost::test::ProcessRun;

Run run(const QString &program, const QStringList &args) {
    return hivepost::test::runProcess(program, args);
}

QByteArray sha256(const QString &path) {
    return QCryptographicHash::hash(hivepost::test::readAll(path), QCryptographicHash::Sha256).toHex();
}

} // namespace

class tst_StorageFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void lockedByAnotherProgram();
    void writeOverAFileSizeLimit();
    void damagedFileRestoredFromABackup();

private:
    Run cli(const QStringList &args) {
        return run(QStringLiteral(HIVEPOST_CLI_PATH), QStringList{u"--db"_s, m_db} + args);
    }
    qint64 contacts() {
        const Run r = cli({u"db"_s, u"info"_s, u"--json"_s});
        return QJsonDocument::fromJson(r.out)
            .object()
            .value(u"tables"_s)
            .toObject()
            .value(u"contacts"_s)
            .toInteger(-1);
    }
    QString csv(const QString &name, const QString &prefix, int rows) {
        QByteArray text = "email,first_name\n";
        for (int i = 0; i < rows; ++i)
            text += u"%1%2@example%3.com,N%2\n"_s.arg(prefix).arg(i).arg(i % 40).toUtf8();
        const QString path = m_dir->filePath(name);
        return hivepost::test::writeFile(path, text) ? path : QString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void tst_StorageFaults::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(u"hivepost.db"_s);
    const Run r = cli({u"import"_s, csv(u"first.csv"_s, u"a"_s, 500), u"--list"_s, u"L"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(contacts(), 500);
}

void tst_StorageFaults::lockedByAnotherProgram() {
    // Another program holds the write lock (sqlite3's BEGIN EXCLUSIVE) until the test lets it go.
    QProcess holder;
    holder.start(u"python3"_s, {u"-c"_s,
                                u"import sqlite3, sys\n"
                                "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                "c.execute('BEGIN EXCLUSIVE')\n"
                                "print('locked', flush=True)\n"
                                "sys.stdin.read()\n"_s,
                                m_db});
    QVERIFY(holder.waitForReadyRead(30000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    const QString more = csv(u"more.csv"_s, u"b"_s, 10);
    const Run locked = cli({u"import"_s, more, u"--list"_s, u"L"_s});
    QCOMPARE(locked.exitCode, 1);
    QVERIFY2(locked.err.contains("in use by another program"), locked.err.constData());
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished(30000));
    QCOMPARE(contacts(), 500);                                           // nothing stored changed
    QCOMPARE(cli({u"import"_s, more, u"--list"_s, u"L"_s}).exitCode, 0); // and it works once released
    QCOMPARE(contacts(), 510);
}

void tst_StorageFaults::writeOverAFileSizeLimit() {
    // The files may grow by 200 kB only (prlimit --fsize): the import of 30,000 rows needs more. The
    // program is not killed (SIGXFSZ is ignored); the write fails, the transaction is rolled back.
    const QString big = csv(u"big.csv"_s, u"c"_s, 30000);
    const qint64 limit = QFileInfo(m_db).size() + 200 * 1024;
    const Run full = run(u"prlimit"_s, {u"--fsize=%1"_s.arg(limit), QStringLiteral(HIVEPOST_CLI_PATH),
                                        u"--db"_s, m_db, u"import"_s, big, u"--list"_s, u"Big"_s});
    QVERIFY2(full.exitCode != 0 && full.exitCode != -1, full.err.constData());
    QVERIFY2(full.err.contains("could not be written") || full.err.contains("disk is full"),
             full.err.constData());
    QVERIFY2(full.out.contains("Nothing was saved"), full.out.constData());
    QCOMPARE(contacts(), 500);
    const Run check = run(u"sqlite3"_s, {m_db, u"PRAGMA integrity_check"_s});
    QCOMPARE(check.out.trimmed(), QByteArray("ok"));
    QCOMPARE(cli({u"import"_s, big, u"--list"_s, u"Big"_s}).exitCode, 0); // with room, the same import works
    QCOMPARE(contacts(), 30500);
}

void tst_StorageFaults::damagedFileRestoredFromABackup() {
    const QString backup = m_dir->filePath(u"backup.db"_s);
    QCOMPARE(cli({u"db"_s, u"backup"_s, backup}).exitCode, 0);
    QCOMPARE(cli({u"import"_s, csv(u"later.csv"_s, u"d"_s, 20), u"--list"_s, u"L"_s}).exitCode, 0);

    // The file loses its second half (a crash of the disk, a copy cut short).
    {
        QFile f(m_db);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() / 2));
    }
    const QByteArray damaged = sha256(m_db);
    const Run info = cli({u"db"_s, u"info"_s});
    QCOMPARE(info.exitCode, 1);
    QVERIFY2(info.err.contains("damaged") && info.err.contains("db restore"), info.err.constData());
    QCOMPARE(sha256(m_db), damaged); // left as it was

    // A damaged backup is refused and replaces nothing.
    const QString cut = m_dir->filePath(u"cut.db"_s);
    QVERIFY(QFile::copy(backup, cut));
    {
        QFile f(cut);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() * 2 / 3));
    }
    const Run refused = cli({u"db"_s, u"restore"_s, cut});
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("damaged too") || refused.err.contains("cannot be restored"),
             refused.err.constData());
    QCOMPARE(sha256(m_db), damaged);

    const Run restored = cli({u"db"_s, u"restore"_s, backup, u"--json"_s});
    QVERIFY2(restored.exitCode == 0, restored.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(restored.out).object();
    const QString kept = o.value(u"kept"_s).toString();
    QVERIFY(kept.startsWith(m_db + u".damaged-"_s));
    QCOMPARE(sha256(kept), damaged); // the damaged file is kept for whoever wants to look at it
    QCOMPARE(contacts(), 500);       // what the backup held
}

QTEST_GUILESS_MAIN(tst_StorageFaults)
#include "tst_StorageFaults.moc"
