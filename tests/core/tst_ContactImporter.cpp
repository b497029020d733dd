// The contact import engine and the stores behind it, on a real SQLite file: the counting rules,
// re-imports with and without --update, encodings with Chinese headers, fatal errors with and
// without atomic, cancel midway on the worker thread, and what the contact table is paged with.

#include <QBuffer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "common/CsvWriter.h"
#include "import/ContactImporter.h"
#include "import/ImportJob.h"
#include "import/SuppressionImporter.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using import::ImportOptions;
using import::ImportReport;

class tst_ContactImporter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void countsEveryRowExactlyOnce();
    void rejectedRowsFile();
    void reimportKeepsOrUpdates();
    void reimportNeverResubscribes();
    void gb18030WithChineseHeadersAndTypedFields();
    void noEmailColumnIsFatalAtHeader();
    void fatalErrorAtomicWritesNothing();
    void fatalErrorNonAtomicKeepsRowsBefore();
    void cancelMidwayOnWorkerThread();
    void previewShowsDecodedRows();
    void storePagingAndFilters();
    void storeEditsAndMembership();
    void exportRoundTrip();
    void exportIsSafeForSpreadsheets();
    void suppressionPatternsAndImport();

private:
    // The "Customers" list as "contacts export" writes it.
    QByteArray exportCustomers() {
        storage::ContactStore store(*m_db);
        QBuffer out;
        out.open(QIODevice::WriteOnly);
        if (!store.exportCsv({store.listId(u"Customers"_s).value(), {}, {}}, &out).ok())
            qFatal("cannot export");
        return out.data();
    }
    // The contacts of a fresh database named name after importing csv into it.
    QList<storage::Contact> importedInto(const QString &name, const QByteArray &csv) {
        auto other = storage::Database::open(m_dir->filePath(name));
        if (!other)
            qFatal("cannot open");
        ImportOptions o;
        o.path = write(csv);
        o.listName = u"Copy"_s;
        import::ContactImporter(*other.value()).run(o);
        return storage::ContactStore(*other.value()).page({}, 0, 0, 10).value();
    }
    QString write(const QByteArray &data) {
        const QString path = m_dir->filePath(u"in%1.csv"_s.arg(++m_files));
        if (!test::writeFile(path, data))
            qFatal("cannot write");
        return path;
    }
    ImportReport importFile(const QByteArray &data, const QString &list = u"Customers"_s,
                            bool update = false) {
        ImportOptions o;
        o.path = write(data);
        o.listName = list;
        o.update = update;
        return import::ContactImporter(*m_db).run(o);
    }
    qint64 scalar(const QString &sql) {
        QSqlQuery q(m_db->connection());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }
    storage::Contact contactByEmail(const QString &email) {
        storage::ContactStore store(*m_db);
        storage::ContactFilter f;
        f.search = email;
        auto page = store.page(f, 0, 0, 10);
        for (const storage::Contact &c : page.value())
            if (c.email == email)
                return c;
        return {};
    }

    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<storage::Database> m_db;
    int m_files = 0;
};

void tst_ContactImporter::init() {
    m_dir = new QTemporaryDir;
    auto db = storage::Database::open(m_dir->filePath(u"c.db"_s));
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    m_db = std::move(db).value();
}

void tst_ContactImporter::cleanup() {
    m_db.reset();
    delete m_dir;
}

void tst_ContactImporter::countsEveryRowExactlyOnce() {
    storage::SuppressionStore suppressions(*m_db);
    QVERIFY(suppressions.add(u"blocked@example.com"_s, u"asked"_s).value());
    QVERIFY(suppressions.add(u"@spamtrap.test"_s, QString()).value());
    // An existing contact, already on another list.
    QVERIFY(importFile("email,name\nold@example.com,Old\n", u"Earlier"_s).outcome ==
            ImportReport::Outcome::Completed);

    const QByteArray csv = "Email,Name\n"
                           "ann@example.com,Ann\n"         // imported
                           "\n"                            // blank: not a row
                           "ANN@Example.com,Ann again\n"   // duplicate (case-insensitive)
                           "not-an-address,Nobody\n"       // invalid
                           "blocked@example.com,Blocked\n" // suppressed address (stored)
                           "x@spamtrap.test,Trap\n"        // suppressed domain (stored)
                           "old@example.com,Old\n"         // existing, joins the list: updated
                           "  bob@example.com  ,Bob\n"     // imported, trimmed
                           ",Empty\n"                      // invalid
                           "bob@example.com,Bob twice\n";  // duplicate
    const ImportReport r = importFile(csv);
    QCOMPARE(r.outcome, ImportReport::Outcome::Completed);
    QCOMPARE(r.rows, 9);
    QCOMPARE(r.imported, 2);
    QCOMPARE(r.updated, 1);
    QCOMPARE(r.unchanged, 0);
    QCOMPARE(r.duplicates, 2);
    QCOMPARE(r.invalid, 2);
    QCOMPARE(r.suppressed, 2);
    QCOMPARE(r.rows, r.imported + r.updated + r.unchanged + r.duplicates + r.invalid + r.suppressed);
    QCOMPARE(r.errorCount, 2);
    QCOMPARE(r.errors[0].line, 5);
    QVERIFY2(r.errors[0].reason.contains(u"not-an-address"_s), qPrintable(r.errors[0].reason));
    QCOMPARE(r.errors[1].line, 10);
    QVERIFY(r.committed);

    // Suppressed contacts are stored (and on the list) but will never be mailed.
    QCOMPARE(scalar(u"SELECT count(*) FROM contacts"_s), 5);
    QCOMPARE(scalar(u"SELECT count(*) FROM list_members m JOIN lists l ON l.id = m.list_id "
                    "WHERE l.name = 'Customers'"_s),
             5);
    QCOMPARE(contactByEmail(u"ann@example.com"_s).name, u"Ann"_s); // the first occurrence wins
    QCOMPARE(contactByEmail(u"bob@example.com"_s).name, u"Bob"_s);
}

void tst_ContactImporter::rejectedRowsFile() {
    ImportOptions o;
    o.path = write("email,name\na@example.com,A\nbad,B\na@example.com,C\n\"multi\nline\",D\n");
    o.listName = u"L"_s;
    o.rejectedPath = m_dir->filePath(u"rejected.csv"_s);
    const ImportReport r = import::ContactImporter(*m_db).run(o);
    QCOMPARE(r.invalid, 2);
    QCOMPARE(r.duplicates, 1);
    const QByteArray rejected = test::readAll(o.rejectedPath);
    QVERIFY(rejected.startsWith("\xEF\xBB\xBFline,reason,email,name\r\n"));
    QVERIFY2(rejected.contains("3,the address has no @,bad,B\r\n"), rejected.constData());
    QVERIFY2(rejected.contains("4,duplicate of line 2,a@example.com,C\r\n"), rejected.constData());
    QVERIFY2(rejected.contains("5,the address contains a space or control character,\"multi\nline\",D\r\n"),
             rejected.constData());
}

void tst_ContactImporter::reimportKeepsOrUpdates() {
    QCOMPARE(
        importFile("email,first name,city,age\na@example.com,Ann,Paris,30\nb@example.com,,Rome,\n").imported,
        2);

    // The same file again: nothing changes.
    ImportReport same =
        importFile("email,first name,city,age\na@example.com,Ann,Paris,30\nb@example.com,,Rome,\n");
    QCOMPARE(same.unchanged, 2);
    QCOMPARE(same.updated, 0);

    // Default: stored values are kept, empty ones are filled in.
    ImportReport keep =
        importFile("email,first name,city,age\na@example.com,Anna,Berlin,31\nb@example.com,Bob,,40\n");
    QCOMPARE(keep.updated, 1); // b got a first name and an age; a stayed as it was
    QCOMPARE(keep.unchanged, 1);
    QCOMPARE(contactByEmail(u"a@example.com"_s).firstName, u"Ann"_s);
    QCOMPARE(contactByEmail(u"a@example.com"_s).fields.value(u"city"_s).toString(), u"Paris"_s);
    QCOMPARE(contactByEmail(u"b@example.com"_s).firstName, u"Bob"_s);
    QCOMPARE(contactByEmail(u"b@example.com"_s).fields.value(u"age"_s).toString(), u"40"_s);

    // --update: non-empty values overwrite; empty cells never erase.
    ImportReport overwrite = importFile(
        "email,first name,city,age\na@example.com,Anna,,31\nb@example.com,Bob,,40\n", u"Customers"_s, true);
    QCOMPARE(overwrite.updated, 1);
    QCOMPARE(overwrite.unchanged, 1);
    const storage::Contact a = contactByEmail(u"a@example.com"_s);
    QCOMPARE(a.firstName, u"Anna"_s);
    QCOMPARE(a.fields.value(u"city"_s).toString(), u"Paris"_s);
    QCOMPARE(a.fields.value(u"age"_s).toString(), u"31"_s);

    // Joining another list counts as updated.
    QCOMPARE(importFile("email\na@example.com\n", u"VIP"_s).updated, 1);
    QCOMPARE(importFile("email\na@example.com\n", u"VIP"_s).unchanged, 1);
}

void tst_ContactImporter::reimportNeverResubscribes() {
    QCOMPARE(importFile("email\nquit@example.com\n").imported, 1);
    storage::ContactStore store(*m_db);
    storage::Contact c = contactByEmail(u"quit@example.com"_s);
    c.status = u"unsubscribed"_s;
    QVERIFY(store.update(c).ok());
    importFile("email,name\nquit@example.com,Quitter\n", u"Other"_s, true);
    QCOMPARE(contactByEmail(u"quit@example.com"_s).status, u"unsubscribed"_s);
}

void tst_ContactImporter::gb18030WithChineseHeadersAndTypedFields() {
    const QString text = u"邮箱,姓名,城市,年龄,注册日期\r\n"
                         "li@example.cn,李雷,北京,28,2024-03-01\r\n"
                         "han@例子.中国,韩梅梅,上海,27,2023/12/31\r\n"_s;
    QStringEncoder gb("GB18030");
    const ImportReport r = importFile(gb.encode(text), u"中国客户"_s);
    QCOMPARE(r.outcome, ImportReport::Outcome::Completed);
    QCOMPARE(import::encodingName(r.encoding), u"gb18030"_s);
    QCOMPARE(r.imported, 2);
    const storage::Contact li = contactByEmail(u"li@example.cn"_s);
    QCOMPARE(li.name, u"李雷"_s);
    QCOMPARE(li.fields.value(u"城市"_s).toString(), u"北京"_s);
    QCOMPARE(contactByEmail(u"han@例子.中国"_s).name, u"韩梅梅"_s);
    auto fields = storage::ContactStore(*m_db).customFields();
    QStringList typed;
    for (const storage::CustomField &f : fields.value())
        typed << f.name + u':' + f.type;
    QCOMPARE(typed, (QStringList{u"城市:text"_s, u"年龄:number"_s, u"注册日期:date"_s}));
    auto lists = storage::ContactStore(*m_db).lists();
    QCOMPARE(lists.value().constFirst().name, u"中国客户"_s);
    QCOMPARE(lists.value().constFirst().contacts, 2);
}

void tst_ContactImporter::noEmailColumnIsFatalAtHeader() {
    const ImportReport r = importFile("name,phone\nAnn,123\n");
    QCOMPARE(r.outcome, ImportReport::Outcome::Failed);
    QVERIFY(r.fatal.has_value());
    QCOMPARE(r.fatal->line, 1);
    QVERIFY2(r.fatal->reason.contains(u"name, phone"_s), qPrintable(r.fatal->reason));
    QCOMPARE(scalar(u"SELECT count(*) FROM lists"_s), 0);
}

void tst_ContactImporter::fatalErrorAtomicWritesNothing() {
    QCOMPARE(importFile("email,name\nkeep@example.com,Keep\n", u"Existing"_s).imported, 1);
    const ImportReport r = importFile(
        "email,name\nnew1@example.com,N1\nkeep@example.com,Changed\nnew2@example.com,\"unclosed\n");
    QCOMPARE(r.outcome, ImportReport::Outcome::Failed);
    QCOMPARE(r.fatal->line, 4);
    QVERIFY(r.fatal->reason.contains(u"never closed"_s));
    QVERIFY(!r.committed);
    // Nothing of it is stored; what was there before is untouched.
    QCOMPARE(scalar(u"SELECT count(*) FROM contacts"_s), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM lists"_s), 1);
    QCOMPARE(contactByEmail(u"keep@example.com"_s).name, u"Keep"_s);
    QCOMPARE(r.errors.constLast().line, 4);
}

void tst_ContactImporter::fatalErrorNonAtomicKeepsRowsBefore() {
    QByteArray csv = "email\n";
    for (int i = 0; i < 250; ++i)
        csv += "u" + QByteArray::number(i) + "@example.com\n";
    csv += QByteArray("broken\0binary\n", 14);
    ImportOptions o;
    o.path = write(csv);
    o.listName = u"L"_s;
    o.atomic = false;
    o.batchRows = 100; // commits mid-way, and the rest before the error
    const ImportReport r = import::ContactImporter(*m_db).run(o);
    QCOMPARE(r.outcome, ImportReport::Outcome::Failed);
    QCOMPARE(r.fatal->line, 252);
    QVERIFY(r.committed);
    QCOMPARE(r.imported, 250);
    QCOMPARE(scalar(u"SELECT count(*) FROM contacts"_s), 250);
    QCOMPARE(scalar(u"SELECT count(*) FROM list_members"_s), 250);
}

void tst_ContactImporter::cancelMidwayOnWorkerThread() {
    QByteArray csv = "email,name\n";
    for (int i = 0; i < 200000; ++i)
        csv += "user" + QByteArray::number(i) + "@example.com,Name " + QByteArray::number(i) + "\n";
    ImportOptions o;
    o.path = write(csv);
    o.listName = u"Big"_s;
    o.batchRows = 1024;
    import::ImportJob job(m_db->path(), o);
    QSignalSpy progress(&job, &import::ImportJob::progress);
    QSignalSpy finished(&job, &import::ImportJob::finished);
    connect(&job, &import::ImportJob::progress, &job, [&job](qint64, qint64, qint64 rows) {
        if (rows >= 2048)
            job.cancel();
    });
    job.start();
    QVERIFY(finished.wait(60000));
    QTest::qWait(50); // a second finished() would arrive now
    QCOMPARE(finished.count(), 1);
    QVERIFY(progress.count() >= 1);
    const auto report = finished.at(0).at(0).value<ImportReport>();
    QCOMPARE(report.outcome, ImportReport::Outcome::Cancelled);
    QVERIFY(report.rows < 200000);
    QVERIFY(!report.committed);
    QCOMPARE(scalar(u"SELECT count(*) FROM contacts"_s), 0);
    QCOMPARE(scalar(u"SELECT count(*) FROM lists"_s), 0);
}

void tst_ContactImporter::previewShowsDecodedRows() {
    QStringEncoder utf16("UTF-16LE");
    const QByteArray bytes = "\xFF\xFE" + QByteArray(utf16.encode(u"邮箱\t姓名\r\na@b.cn\t张三\r\n"_s));
    const import::ImportPreview p = import::ContactImporter::preview(write(bytes), import::Encoding::Auto, 0);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.encoding, import::Encoding::Utf16LE);
    QCOMPARE(p.delimiter, '\t');
    QCOMPARE(p.headers, (QStringList{u"邮箱"_s, u"姓名"_s}));
    QCOMPARE(p.rows, (QList<QStringList>{{u"a@b.cn"_s, u"张三"_s}}));
    QCOMPARE(p.columns[0].kind, import::FieldKind::Email);
    QCOMPARE(p.columns[1].kind, import::FieldKind::Name);
}

void tst_ContactImporter::storePagingAndFilters() {
    QByteArray csv = "email,name\n";
    for (int i = 0; i < 1000; ++i)
        csv += "p" + QByteArray::number(i) + "@example.com,Person " + QByteArray::number(i) + "\n";
    QCOMPARE(importFile(csv, u"All"_s).imported, 1000);
    QCOMPARE(importFile("email\np5@example.com\np500@example.com\n", u"Two"_s).updated, 2);
    storage::ContactStore store(*m_db);
    QCOMPARE(store.count({}).value(), 1000);
    const qint64 two = store.listId(u"Two"_s).value();
    QCOMPARE(store.count({two, {}, {}}).value(), 2);
    QCOMPARE(store.count({0, u"Person 99"_s, {}}).value(), 11); // 99, 990..999
    QCOMPARE(store.count({0, u"100%"_s, {}}).value(), 0);       // % is not a wildcard
    QCOMPARE(store.count({0, {}, u"subscribed"_s}).value(), 1000);

    // Keyset paging reaches the same rows as offsets, and the end.
    auto first = store.page({}, 0, 0, 300).value();
    auto next = store.page({}, first.constLast().id, 0, 300).value();
    auto byOffset = store.page({}, 0, 300, 300).value();
    QCOMPARE(next.size(), 300);
    QCOMPARE(next.constFirst().id, byOffset.constFirst().id);
    QCOMPARE(next.constLast().id, byOffset.constLast().id);
    QCOMPARE(store.page({}, 0, 900, 300).value().size(), 100);
    auto listPage = store.page({two, {}, {}}, 0, 0, 10).value();
    QCOMPARE(listPage.size(), 2);
    QCOMPARE(listPage[1].email, u"p500@example.com"_s);
}

void tst_ContactImporter::storeEditsAndMembership() {
    QCOMPARE(importFile("email,name\na@example.com,A\nb@example.com,B\n", u"One"_s).imported, 2);
    storage::ContactStore store(*m_db);
    storage::Contact a = contactByEmail(u"a@example.com"_s);
    a.email = u" A2@Example.com "_s;
    a.fields.insert(u"vip"_s, u"yes"_s);
    QVERIFY(store.update(a).ok());
    QCOMPARE(store.contact(a.id).value().email, u"a2@example.com"_s);
    QCOMPARE(store.contact(a.id).value().fields.value(u"vip"_s).toString(), u"yes"_s);

    a.email = u"b@example.com"_s;
    QCOMPARE(store.update(a).code(), ErrorCode::Exists);
    a.email = u"not valid"_s;
    QCOMPARE(store.update(a).code(), ErrorCode::InvalidInput);
    a.email = u"a2@example.com"_s;
    a.status = u"gone"_s;
    QCOMPARE(store.update(a).code(), ErrorCode::InvalidInput);

    const qint64 one = store.listId(u"One"_s).value();
    const qint64 two = store.createList(u"Two"_s).value();
    QCOMPARE(store.createList(u" two "_s).value(), two); // names are case-insensitive, trimmed
    QCOMPARE(store.addToList({a.id}, two).value(), 1);
    QCOMPARE(store.removeFromList({a.id}, one).value(), 1); // a move
    QCOMPARE(store.count({one, {}, {}}).value(), 1);
    QCOMPARE(store.count({two, {}, {}}).value(), 1);

    // Deleting a contact removes its memberships; deleting a list keeps the contacts.
    const qint64 b = contactByEmail(u"b@example.com"_s).id;
    QCOMPARE(store.remove({b}).value(), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM list_members WHERE contact_id = %1"_s.arg(b)), 0);
    QVERIFY(store.deleteList(two).ok());
    QCOMPARE(scalar(u"SELECT count(*) FROM contacts"_s), 1);
    QCOMPARE(scalar(u"SELECT count(*) FROM list_members"_s), 0);
}

void tst_ContactImporter::exportRoundTrip() {
    const QByteArray csv = "email,name,company,note\n"
                           "a@example.com,\"Lee, Ann\",ACME,\"two\nlines\"\n"
                           "li@例子.中国,李雷,公司,\"say \"\"hi\"\"\"\n";
    QCOMPARE(importFile(csv).imported, 2);
    const QByteArray exported = exportCustomers();
    QVERIFY(
        exported.startsWith("email,name,first_name,last_name,status,company,note,created_at,updated_at\r\n"));

    // Importing the export into a fresh database gives the same contacts.
    const auto contacts = importedInto(u"other.db"_s, exported);
    QCOMPARE(contacts.size(), 2);
    QCOMPARE(contacts[0].name, u"Lee, Ann"_s);
    QCOMPARE(contacts[0].fields.value(u"note"_s).toString(), u"two\nlines"_s);
    QCOMPARE(contacts[1].email, u"li@例子.中国"_s);
    QCOMPARE(contacts[1].fields.value(u"note"_s).toString(), u"say \"hi\""_s);
}

void tst_ContactImporter::exportIsSafeForSpreadsheets() {
    // OWASP CSV injection: what a spreadsheet would run (= + - @, tab, CR at the start) is written
    // with a leading ', and Hivepost's importer reads its own export back as it was.
    const QByteArray csv = "email,name,first_name,note,phone\n"
                           "-dash@example.com,=HYPERLINK(\"http://x.test\"),@SUM(1+1),plain,+86 138 0000\n"
                           "b@example.com,-5,Bo,\"\rCR\",'0123\n";
    QCOMPARE(importFile(csv).imported, 2);
    const QByteArray exported = exportCustomers();
    for (const QByteArray &guarded :
         {QByteArray("'-dash@example.com,"), QByteArray("\"'=HYPERLINK(\"\"http://x.test\"\")\""),
          QByteArray(",'@SUM(1+1),"), QByteArray(",'+86 138 0000,"), QByteArray(",'-5,"),
          QByteArray("\"'\rCR\"")})
        QVERIFY2(exported.contains(guarded), guarded.constData());
    // No line of the file starts a cell with a formula character.
    for (const QByteArray &line : exported.split('\n'))
        for (const QByteArray &cell : line.split(','))
            QVERIFY2(cell.isEmpty() || !QByteArrayView("=+-@").contains(cell.front()), cell.constData());

    const auto contacts = importedInto(u"safe.db"_s, exported);
    QCOMPARE(contacts.size(), 2);
    QCOMPARE(contacts[0].email, u"-dash@example.com"_s);
    QCOMPARE(contacts[0].name, u"=HYPERLINK(\"http://x.test\")"_s);
    QCOMPARE(contacts[0].firstName, u"@SUM(1+1)"_s);
    QCOMPARE(contacts[0].fields.value(u"note"_s).toString(), u"plain"_s);
    QCOMPARE(contacts[0].fields.value(u"phone"_s).toString(), u"+86 138 0000"_s);
    QCOMPARE(contacts[1].name, u"-5"_s);
    QCOMPARE(contacts[1].fields.value(u"note"_s).toString(), u"\rCR"_s);
    // A ' the user typed before something harmless (a number kept as text) is theirs, and stays.
    QCOMPARE(contacts[1].fields.value(u"phone"_s).toString(), u"'0123"_s);
    // A leading tab (trimmed by the importer, but possible in a report's server text) is guarded too.
    QCOMPARE(CsvWriter::quoted(u"\tcmd"_s), QByteArray("\"'\tcmd\""));
    QCOMPARE(CsvWriter::quoted(u"safe text"_s), QByteArray("safe text"));
}

void tst_ContactImporter::suppressionPatternsAndImport() {
    using storage::SuppressionStore;
    QCOMPARE(SuppressionStore::normalizePattern(u" Ann@Example.COM "_s).value(), u"ann@example.com"_s);
    QCOMPARE(SuppressionStore::normalizePattern(u"@XN--fsqu00a.xn--fiqs8s"_s).value(), u"@例子.中国"_s);
    QCOMPARE(SuppressionStore::normalizePattern(u"@nodot"_s).code(), ErrorCode::InvalidInput);
    QCOMPARE(SuppressionStore::normalizePattern(u"nobody"_s).code(), ErrorCode::InvalidInput);

    SuppressionStore store(*m_db);
    QVERIFY(store.add(u"x@example.com"_s, u"first"_s).value());
    QVERIFY(!store.add(u"X@example.com"_s, u"second"_s).value()); // already there, reason kept
    QCOMPARE(store.list().value().constFirst().reason, u"first"_s);

    const QString path = write("email,reason\nA@one.test,x\n@two.test,y\nbroken,z\nx@example.com,again\n");
    auto report = import::SuppressionImporter::run(*m_db, path, u"imported"_s);
    QVERIFY2(report.ok(), qPrintable(report.errorString()));
    QCOMPARE(report->rows, 4);
    QCOMPARE(report->added, 2);
    QCOMPARE(report->existing, 1);
    QCOMPARE(report->invalid, 1);
    QCOMPARE(report->errors.constFirst().line, 4);
    auto set = store.snapshot().value();
    QVERIFY(set.contains(u"a@one.test"_s));
    QVERIFY(set.contains(u"anyone@two.test"_s));
    QVERIFY(!set.contains(u"anyone@one.test"_s));
    QVERIFY(store.remove(u"@two.test"_s).value());
    QVERIFY(!store.snapshot().value().contains(u"anyone@two.test"_s));
}

QTEST_GUILESS_MAIN(tst_ContactImporter)
#include "tst_ContactImporter.moc"
