// The marketer's contact workflows, offscreen: the list sidebar and the paged table, search and
// status filters, editing a contact, copy/move/delete, export, and the import wizard from file to
// report, including a cancel midway. HIVEPOST_SCREENSHOT_DIR=dir saves a PNG of each wizard page.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStringEncoder>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "Screenshot.h"
#include "TestSupport.h"
#include "contacts/ContactDialog.h"
#include "contacts/ContactsPage.h"
#include "contacts/ImportWizard.h"
#include "import/ContactImporter.h"
#include "models/ContactTableModel.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using ui::ContactsPage;
using ui::ImportWizard;

class tst_ContactsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsAndPagedTable();
    void searchAndStatusFilter();
    void editContact();
    void copyMoveDeleteExport();
    void importWizardEndToEnd();
    void importWizardChineseEncoding();
    void importWizardCancelMidway();

private:
    QString write(const QByteArray &data) {
        const QString path = m_dir->filePath(u"f%1.csv"_s.arg(++m_files));
        if (!test::writeFile(path, data))
            qFatal("cannot write");
        return path;
    }
    void importRows(int n, const QString &list, const QByteArray &prefix = "c") {
        QByteArray csv = "email,name\n";
        for (int i = 0; i < n; ++i)
            csv += prefix + QByteArray::number(i) + "@example.com,Contact " + QByteArray::number(i) + "\n";
        import::ImportOptions o;
        o.path = write(csv);
        o.listName = list;
        QCOMPARE(import::ContactImporter(*m_db).run(o).imported, n);
    }
    void shoot(QWidget *w, const QString &name) { test::screenshot(w, name); }

    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<storage::Database> m_db;
    int m_files = 0;
};

void tst_ContactsPage::init() {
    m_dir = new QTemporaryDir;
    auto db = storage::Database::open(m_dir->filePath(u"ui.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
}

void tst_ContactsPage::cleanup() {
    m_db.reset();
    delete m_dir;
}

void tst_ContactsPage::listsAndPagedTable() {
    importRows(5000, u"Newsletter"_s);
    ContactsPage page(*m_db);
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *lists = page.findChild<QListWidget *>(u"listsView"_s);
    QCOMPARE(lists->count(), 2);
    QCOMPARE(lists->item(0)->text(), u"All contacts (5,000)"_s);
    QCOMPARE(lists->item(1)->text(), u"Newsletter (5,000)"_s);
    QCOMPARE(page.findChild<QLabel *>(u"countLabel"_s)->text(), u"5,000 contacts"_s);

    auto *model = page.model();
    QCOMPARE(model->rowCount(), 5000);
    QCOMPARE(model->index(0, 0).data().toString(), u"c0@example.com"_s);
    // Deep rows come on demand, and back again after the cache forgot them.
    QCOMPARE(model->index(4999, 1).data().toString(), u"Contact 4999"_s);
    for (int row = 0; row < 5000; row += ui::ContactTableModel::PageSize)
        QCOMPARE(model->index(row, 0).data().toString(), u"c%1@example.com"_s.arg(row));
    QCOMPARE(model->index(1234, 4).data().toString(), u"Subscribed"_s);
    auto *table = page.findChild<QTableView *>(u"contactsTable"_s);
    table->scrollToBottom();
    QCOMPARE(table->indexAt(QPoint(5, table->viewport()->height() - 5)).isValid(), true);

    importRows(10, u"Small"_s, "small");
    page.reload();
    page.selectList(lists->item(2)->data(Qt::UserRole).toLongLong());
    QCOMPARE(page.findChild<QListWidget *>(u"listsView"_s)->currentItem()->text(), u"Small (10)"_s);
    QCOMPARE(model->rowCount(), 10);
}

void tst_ContactsPage::searchAndStatusFilter() {
    importRows(300, u"L"_s);
    QSqlQuery q(m_db->connection());
    QVERIFY(q.exec(u"UPDATE contacts SET status = 'unsubscribed' WHERE email LIKE 'c1%'"_s));
    ContactsPage page(*m_db);
    page.setSearch(u"Contact 29"_s);
    QCOMPARE(page.model()->rowCount(), 11); // 29, 290..299
    auto *status = page.findChild<QComboBox *>(u"statusFilter"_s);
    page.setSearch(QString());
    status->setCurrentIndex(status->findData(u"unsubscribed"_s));
    QCOMPARE(page.model()->rowCount(), 111); // c1, c10..c19, c100..c199
    // Typing filters after a short pause, not on every key.
    status->setCurrentIndex(0);
    auto *search = page.findChild<QLineEdit *>(u"searchEdit"_s);
    QTest::keyClicks(search, u"c29"_s);
    QTRY_COMPARE(page.model()->rowCount(), 11);
}

void tst_ContactsPage::editContact() {
    importRows(2, u"L"_s);
    storage::ContactStore store(*m_db);
    storage::Contact c = store.page({}, 0, 0, 1).value().constFirst();
    ui::ContactDialog dialog(store, c);
    dialog.findChild<QLineEdit *>(u"nameEdit"_s)->setText(u"李雷"_s);
    auto *statusCombo = dialog.findChild<QComboBox *>(u"statusCombo"_s);
    statusCombo->setCurrentIndex(statusCombo->findData(u"unsubscribed"_s));
    QVERIFY(dialog.save());
    QCOMPARE(store.contact(c.id).value().name, u"李雷"_s);
    QCOMPARE(store.contact(c.id).value().status, u"unsubscribed"_s);

    ui::ContactDialog clash(store, store.contact(c.id).value());
    clash.findChild<QLineEdit *>(u"emailEdit"_s)->setText(u"c1@example.com"_s);
    QVERIFY(!clash.save());
    auto *error = clash.findChild<QLabel *>(u"errorLabel"_s);
    QVERIFY(!error->isHidden());
    QVERIFY(error->text().contains(u"c1@example.com"_s));
    QCOMPARE(store.contact(c.id).value().email, u"c0@example.com"_s);
}

void tst_ContactsPage::copyMoveDeleteExport() {
    importRows(20, u"Source"_s);
    ContactsPage page(*m_db);
    page.show();
    auto *lists = page.findChild<QListWidget *>(u"listsView"_s);
    page.selectList(lists->item(1)->data(Qt::UserRole).toLongLong());
    auto *table = page.findChild<QTableView *>(u"contactsTable"_s);
    table->selectRow(0);
    table->selectionModel()->select(page.model()->index(1, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QList<qint64> ids = page.selectedContactIds();
    QCOMPARE(ids.size(), 2);

    QVERIFY(page.copyToList(ids, u"VIP"_s, false).ok());
    QVERIFY(page.copyToList({ids[0]}, u"Moved"_s, true).ok());
    storage::ContactStore store(*m_db);
    QCOMPARE(store.count({store.listId(u"VIP"_s).value(), {}, {}}).value(), 2);
    QCOMPARE(store.count({store.listId(u"Moved"_s).value(), {}, {}}).value(), 1);
    QCOMPARE(store.count({store.listId(u"Source"_s).value(), {}, {}}).value(), 19);
    QCOMPARE(lists->count(), 4); // All, Moved, Source, VIP

    const QString exported = m_dir->filePath(u"out.csv"_s);
    page.selectList(store.listId(u"VIP"_s).value());
    QCOMPARE(page.exportTo(exported).value(), 2);
    QVERIFY(test::readAll(exported).startsWith("\xEF\xBB\xBF"
                                               "email,name,"));

    QCOMPARE(page.deleteContacts({ids[1]}).value(), 1);
    QCOMPARE(store.count({}).value(), 19);
    QCOMPARE(page.model()->rowCount(), 1); // still on VIP
}

void tst_ContactsPage::importWizardEndToEnd() {
    ContactsPage page(*m_db);
    page.show();
    ImportWizard *wizard = page.openImportWizard();
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    shoot(wizard, u"wizard-1-file"_s);
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // no file yet
    const QString path = write("E-mail Address;First Name;Company;Notes\n"
                               "ann@example.com;Ann;ACME;\"multi\nline\"\n"
                               "bad address;Bad;X;\n"
                               "bob@example.com;Bob;Bobco;hi\n"
                               "ANN@example.com;Ann again;;\n");
    wizard->setFilePath(path);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::PreviewPageId));
    auto *preview = wizard->findChild<QTableWidget *>(u"previewTable"_s);
    QCOMPARE(preview->columnCount(), 4);
    QCOMPARE(preview->rowCount(), 4);
    QCOMPARE(preview->item(0, 0)->text(), u"ann@example.com"_s);
    QVERIFY(wizard->findChild<QLabel *>(u"detectedLabel"_s)->text().contains(u"“;”"_s));
    shoot(wizard, u"wizard-2-preview"_s);
    // A wrong delimiter shows at once, and can be put right.
    auto *delimiter = wizard->findChild<QComboBox *>(u"delimiterCombo"_s);
    delimiter->setCurrentIndex(delimiter->findData(u","_s));
    QCOMPARE(preview->columnCount(), 1);
    delimiter->setCurrentIndex(delimiter->findData(u"auto"_s));
    QCOMPARE(preview->columnCount(), 4);

    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::MappingPageId));
    auto *mapping = wizard->findChild<QTableWidget *>(u"mappingTable"_s);
    auto combo = [mapping](int row) {
        return qobject_cast<QComboBox *>(mapping->cellWidget(row, 2));
    };
    QCOMPARE(combo(0)->currentData().toString(), u"email"_s);
    QCOMPARE(combo(1)->currentData().toString(), u"first_name"_s);
    QCOMPARE(combo(2)->currentData().toString(), u"company"_s);
    combo(3)->setCurrentIndex(combo(3)->findData(u"-"_s)); // skip Notes
    shoot(wizard, u"wizard-3-mapping"_s);
    combo(0)->setCurrentIndex(combo(0)->findData(u"-"_s));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // no e-mail column
    QVERIFY(!wizard->findChild<QLabel *>(u"mappingProblem"_s)->text().isEmpty());
    combo(0)->setCurrentIndex(combo(0)->findData(u"email"_s));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());

    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::OptionsPageId));
    auto *list = wizard->findChild<QComboBox *>(u"listCombo"_s);
    QCOMPARE(list->currentText(), QFileInfo(path).completeBaseName());
    list->setEditText(u"Trade Fair 2026"_s);
    shoot(wizard, u"wizard-4-options"_s);

    QSignalSpy finished(wizard, &ImportWizard::importFinished);
    wizard->next(); // the commit button: "Import"
    QVERIFY(finished.wait(30000));
    QTRY_COMPARE(wizard->currentId(), int(ImportWizard::ReportPageId));
    shoot(wizard, u"wizard-6-report"_s);
    const import::ImportReport &r = wizard->report();
    QCOMPARE(r.rows, 4);
    QCOMPARE(r.imported, 2);
    QCOMPARE(r.invalid, 1);
    QCOMPARE(r.duplicates, 1);
    const QString summary = wizard->findChild<QLabel *>(u"reportSummary"_s)->text();
    QVERIFY2(summary.contains(u"The import is complete."_s), qPrintable(summary));
    QCOMPARE(wizard->findChild<QTableWidget *>(u"issuesTable"_s)->rowCount(), 1);
    auto *save = wizard->findChild<QPushButton *>(u"saveRejected"_s);
    QVERIFY(save->isEnabled());
    const QString rejected = m_dir->filePath(u"rejected-copy.csv"_s);
    QVERIFY(wizard->saveRejectedRows(rejected));
    QVERIFY(test::readAll(rejected).contains("bad address"));

    // The page shows the new list; mapping choices were honoured.
    auto *lists = page.findChild<QListWidget *>(u"listsView"_s);
    QTRY_COMPARE(lists->count(), 2);
    QCOMPARE(lists->item(1)->text(), u"Trade Fair 2026 (2)"_s);
    storage::ContactStore store(*m_db);
    const storage::Contact ann = store.page({}, 0, 0, 1).value().constFirst();
    QCOMPARE(ann.firstName, u"Ann"_s);
    QCOMPARE(ann.fields.value(u"company"_s).toString(), u"ACME"_s);
    QVERIFY(!ann.fields.contains(u"notes"_s));
    wizard->accept();
}

void tst_ContactsPage::importWizardChineseEncoding() {
    ContactsPage page(*m_db);
    ImportWizard *wizard = page.openImportWizard();
    QStringEncoder gbk("GB18030");
    wizard->setFilePath(write(gbk.encode(u"邮箱,姓名,城市\nli@example.cn,李雷,北京\n"_s)));
    wizard->next();
    auto *preview = wizard->findChild<QTableWidget *>(u"previewTable"_s);
    QCOMPARE(preview->horizontalHeaderItem(1)->text(), u"姓名"_s);
    QCOMPARE(preview->item(0, 2)->text(), u"北京"_s);
    QVERIFY(wizard->findChild<QLabel *>(u"detectedLabel"_s)->text().contains(u"GB18030"_s));
    // Forcing UTF-8 shows the mojibake the user would otherwise get.
    auto *encoding = wizard->findChild<QComboBox *>(u"encodingCombo"_s);
    encoding->setCurrentIndex(encoding->findData(u"utf-8"_s));
    QVERIFY(preview->item(0, 2)->text() != u"北京"_s);
    encoding->setCurrentIndex(encoding->findData(u"gb18030"_s));
    QCOMPARE(preview->item(0, 2)->text(), u"北京"_s);
    wizard->reject();
}

void tst_ContactsPage::importWizardCancelMidway() {
    QByteArray csv = "email,name\n";
    for (int i = 0; i < 200000; ++i)
        csv += "user" + QByteArray::number(i) + "@example.com,N" + QByteArray::number(i) + "\n";
    ContactsPage page(*m_db);
    ImportWizard *wizard = page.openImportWizard();
    wizard->setFilePath(write(csv));
    wizard->next();
    wizard->next();
    wizard->next();
    QSignalSpy finished(wizard, &ImportWizard::importFinished);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::ProgressPageId));
    wizard->findChild<QPushButton *>(u"cancelImport"_s)->click();
    QVERIFY(wizard->isVisible()); // stays open to say what happened
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.count(), 1);
    QTRY_COMPARE(wizard->currentId(), int(ImportWizard::ReportPageId));
    QCOMPARE(wizard->report().outcome, import::ImportReport::Outcome::Cancelled);
    QVERIFY(wizard->findChild<QLabel *>(u"reportSummary"_s)->text().contains(u"nothing was saved"_s));
    QCOMPARE(storage::ContactStore(*m_db).count({}).value(), 0);
    shoot(wizard, u"wizard-cancelled"_s);
}

QTEST_MAIN(tst_ContactsPage)
#include "tst_ContactsPage.moc"
