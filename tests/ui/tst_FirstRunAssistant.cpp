// The first-run assistant, offscreen, as a new user meets it: on an empty database it chooses the
// language, creates an account and tests it against an SMTP server on 127.0.0.1, imports the bundled
// sample list through the import wizard, picks a starter and sends a test to the user's own address.
// A database in use never shows it, and it does not come back once finished or closed.
// HIVEPOST_SCREENSHOT_DIR=dir saves a PNG of each step.

#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "FakeSmtpServer.h"
#include "Screenshot.h"
#include "TestSupport.h"
#include "accounts/AccountsPage.h"
#include "application/Application.h"
#include "common/Language.h"
#include "contacts/ImportWizard.h"
#include "firstrun/FirstRunAssistant.h"
#include "import/ContactImporter.h"
#include "mainwindow/MainWindow.h"
#include "secrets/SecretStore.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"
#include "templates/TestSendPanel.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using ui::FirstRunAssistant;

class tst_FirstRunAssistant : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void onlyOnANewDatabase();
    void fromEmptyToATestInMyInbox();
    void chineseFromTheFirstStep();
    void closingKeepsWhatIsDoneAndDoesNotComeBack();

private:
    void shoot(QWidget *w, const QString &name) { test::screenshot(w, name); }
    void fillAccount(FirstRunAssistant &assistant, quint16 port);

    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<storage::Database> m_db;
    hivepost::SystemClock m_clock;
    hivepost::secrets::MemorySecretStore m_secrets;            // never the user's keychain
    std::unique_ptr<hivepost::application::Application> m_app; // what the window observes
    std::unique_ptr<QSettings> m_settings;
};

void tst_FirstRunAssistant::init() {
    m_dir = new QTemporaryDir;
    auto db = storage::Database::open(m_dir->filePath(u"t.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    m_app = std::make_unique<hivepost::application::Application>(*m_db, m_clock, m_secrets);
    m_settings = std::make_unique<QSettings>(m_dir->filePath(u"hivepost.conf"_s), QSettings::IniFormat);
}

void tst_FirstRunAssistant::cleanup() {
    ui::installTranslators(QCoreApplication::instance(), u"en"_s);
    m_settings.reset();
    m_app.reset();
    m_db.reset();
    delete m_dir;
    m_dir = nullptr;
}

void tst_FirstRunAssistant::fillAccount(FirstRunAssistant &assistant, quint16 port) {
    ui::AccountsPage *page = assistant.accountsPage();
    QVERIFY(page);
    QVERIFY(!page->findChild<QWidget *>(u"accountList"_s)->isVisible()); // one account, no list
    page->findChild<QLineEdit *>(u"accountName"_s)->setText(u"My provider"_s);
    page->findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"127.0.0.1"_s);
    page->findChild<QSpinBox *>(u"portSpin"_s)->setValue(port);
    auto *security = page->findChild<QComboBox *>(u"securityCombo"_s);
    security->setCurrentIndex(security->findData(u"none"_s));
    auto *auth = page->findChild<QComboBox *>(u"authCombo"_s);
    auth->setCurrentIndex(auth->findData(u"none"_s));
    page->findChild<QLineEdit *>(u"userEdit"_s)->setText(u"me@example.org"_s);
}

void tst_FirstRunAssistant::onlyOnANewDatabase() {
    QVERIFY(FirstRunAssistant::isWanted(*m_db));
    storage::Account a;
    a.name = u"A"_s;
    a.host = u"127.0.0.1"_s;
    a.security = u"none"_s;
    QVERIFY(storage::AccountStore(*m_db).add(a).ok());
    QVERIFY(!FirstRunAssistant::isWanted(*m_db)); // a database in use
    QVERIFY(storage::AccountStore(*m_db).remove(u"A"_s).ok());
    QVERIFY(FirstRunAssistant::isWanted(*m_db));
    storage::StoredTemplate t;
    t.name = u"T"_s;
    t.html = u"<p>x</p>"_s;
    QVERIFY(storage::TemplateStore(*m_db).save(t).ok());
    QVERIFY(!FirstRunAssistant::isWanted(*m_db));
    QVERIFY(storage::TemplateStore(*m_db).remove(u"T"_s).ok());
    QVERIFY(FirstRunAssistant::isWanted(*m_db));
    QVERIFY(test::writeFile(m_dir->filePath(u"c.csv"_s), "email\nann@example.com\n"));
    import::ImportOptions o;
    o.path = m_dir->filePath(u"c.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(*m_db).run(o).imported, 1);
    QVERIFY(!FirstRunAssistant::isWanted(*m_db)); // a contact is enough
}

void tst_FirstRunAssistant::fromEmptyToATestInMyInbox() {
    test::FakeSmtpServer server;
    const quint16 port = server.listenLocal();
    FirstRunAssistant assistant(*m_app, *m_settings, true);
    assistant.show();
    QVERIFY(QTest::qWaitForWindowExposed(&assistant));
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::LanguagePageId));
    shoot(&assistant, u"firstrun-1-language"_s);
    assistant.chooseLanguage(u"en"_s);
    QCOMPARE(m_settings->value(u"ui/language"_s).toString(), u"en"_s);
    assistant.next();

    // 2. The account: tested against the server, saved by Next.
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::AccountPageId));
    QVERIFY(!assistant.button(QWizard::BackButton)->isEnabled()); // the language is behind
    fillAccount(assistant, port);
    QSignalSpy tested(assistant.accountsPage(), &ui::AccountsPage::testFinished);
    assistant.findChild<QPushButton *>(u"assistantTestButton"_s)->click();
    QVERIFY(tested.wait(20000));
    QVERIFY(tested.at(0).at(0).toBool());
    QCOMPARE(assistant.findChild<QLabel *>(u"assistantTestResult"_s)->text(),
             u"The connection test passed: Connected."_s);
    shoot(&assistant, u"firstrun-2-account"_s);
    QVERIFY(storage::AccountStore(*m_db).list()->isEmpty()); // not before Next
    assistant.next();
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::ContactsPageId));
    const auto accounts = storage::AccountStore(*m_db).list();
    QCOMPARE(accounts->size(), 1);
    QCOMPARE(accounts->at(0).name, u"My provider"_s);
    QCOMPARE(accounts->at(0).port, int(port));
    QVERIFY(accounts->at(0).lastTestOk);

    // 3. The sample list, through the import wizard.
    auto *status = assistant.findChild<QLabel *>(u"contactsStatus"_s);
    QCOMPARE(status->text(), u"No contacts yet."_s);
    assistant.findChild<QPushButton *>(u"sampleListButton"_s)->click();
    ui::ImportWizard *import = assistant.importWizard();
    QVERIFY(import);
    QVERIFY(QTest::qWaitForWindowExposed(import));
    QCOMPARE(QFileInfo(import->filePath()).completeBaseName(), u"Sample list"_s);
    QSignalSpy imported(import, &ui::ImportWizard::importFinished);
    while (import->currentId() != int(ui::ImportWizard::OptionsPageId)) {
        const int before = import->currentId();
        import->next();
        QVERIFY2(import->currentId() != before, "the import wizard is stuck");
    }
    QCOMPARE(import->findChild<QComboBox *>(u"listCombo"_s)->currentText(), u"Sample list"_s);
    import->next(); // Import
    QVERIFY(imported.wait(30000));
    const import::ImportReport report = import->report();
    QCOMPARE(report.rows, 1010);
    QCOMPARE(report.duplicates, 10);
    QCOMPARE(report.invalid, 12);
    import->accept();
    const qint64 contacts = storage::ContactStore(*m_db).count({}).value();
    QCOMPARE(contacts, report.imported);
    QCOMPARE(status->text(), u"Your lists: “Sample list”: %1 contacts."_s.arg(contacts));
    shoot(&assistant, u"firstrun-3-contacts"_s);
    assistant.next();

    // 4. A starter: the promotion, under a name of the user's.
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::TemplatePageId));
    auto *starters = assistant.findChild<QListWidget *>(u"starterList"_s);
    QCOMPARE(starters->count(), 3);
    starters->setCurrentRow(1);
    auto *name = assistant.findChild<QLineEdit *>(u"templateNameEdit"_s);
    QCOMPARE(name->text(), starters->item(1)->text()); // follows the starter
    QVERIFY(assistant.findChild<QTextBrowser *>(u"starterPreview"_s)
                ->toPlainText()
                .contains(u"unsubscribe"_s, Qt::CaseInsensitive));
    shoot(&assistant, u"firstrun-4-template"_s);
    name->setText(u"Spring promotion"_s);
    assistant.next();
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::TestPageId));
    const auto stored = storage::TemplateStore(*m_db).byName(u"Spring promotion"_s);
    QVERIFY(stored.ok());
    QVERIFY(stored->html.contains(u"{{unsubscribe_url}}"_s));
    QCOMPARE(assistant.templateName(), u"Spring promotion"_s);

    // 5. The test: From and To are the account's user, as typed there; the server says 250.
    ui::TestSendPanel *panel = assistant.testPanel();
    QCOMPARE(panel->findChild<QComboBox *>(u"testAccount"_s)->currentText(), u"My provider"_s);
    QCOMPARE(panel->findChild<QLineEdit *>(u"testFrom"_s)->text(), u"me@example.org"_s);
    QCOMPARE(panel->findChild<QLineEdit *>(u"testTo"_s)->text(), u"me@example.org"_s);
    panel->findChild<QLineEdit *>(u"testFrom"_s)->setText(u"Ann Marketer <me@example.org>"_s);
    QSignalSpy sent(panel, &ui::TestSendPanel::finished);
    panel->sendButton()->click();
    QVERIFY(sent.wait(20000));
    QVERIFY2(sent.at(0).at(0).toBool(), qPrintable(sent.at(0).at(1).toString()));
    QVERIFY(panel->findChild<QLabel *>(u"testResult"_s)->text().contains(u"250"_s));
    shoot(&assistant, u"firstrun-5-test"_s);
    QCOMPARE(server.messages().size(), 1);
    QCOMPARE(server.messages().at(0).to, u"me@example.org"_s);
    QVERIFY(server.messages().at(0).data.contains("From: Ann Marketer <me@example.org>"));
    QCOMPARE(storage::TemplateStore(*m_db).setting(u"sender/from_name"_s).value(), u"Ann Marketer"_s);

    // Finish keeps the From as typed, and refuses one that is not an address.
    panel->findChild<QLineEdit *>(u"testFrom"_s)->setText(u"Ann Marketer"_s);
    QVERIFY(!assistant.validateCurrentPage());
    QVERIFY(panel->findChild<QLabel *>(u"testResult"_s)->text().contains(u"not an e-mail address"_s));
    panel->findChild<QLineEdit *>(u"testFrom"_s)->setText(u"Ann <ann@example.org>"_s);

    // Finish: the main window opens on the Campaigns page, and the assistant is done with.
    QSignalSpy finished(&assistant, &QDialog::finished);
    assistant.button(QWizard::FinishButton)->click();
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.at(0).at(0).toInt(), int(QDialog::Accepted));
    QVERIFY(!FirstRunAssistant::isWanted(*m_db));
    QCOMPARE(storage::TemplateStore(*m_db).setting(u"sender/from_address"_s).value(), u"ann@example.org"_s);
    ui::MainWindow window(*m_app, *m_settings);
    window.afterFirstRun(true);
    QCOMPARE(window.currentPage(), ui::MainWindow::Campaigns);
}

void tst_FirstRunAssistant::chineseFromTheFirstStep() {
    FirstRunAssistant assistant(*m_app, *m_settings, true);
    assistant.show();
    QVERIFY(QTest::qWaitForWindowExposed(&assistant));
    assistant.chooseLanguage(u"zh_CN"_s);
    QCOMPARE(m_settings->value(u"ui/language"_s).toString(), u"zh_CN"_s);
    QCOMPARE(QLocale().name(), u"zh_CN"_s);
    assistant.next();
    // The steps after the language are built in it.
    QCOMPARE(assistant.currentPage()->title(), u"您的发信账户"_s);
    QCOMPARE(assistant.windowTitle(), u"Hivepost 入门向导"_s);
    QCOMPARE(assistant.button(QWizard::NextButton)->text(), u"下一步(&N) >"_s);
    shoot(&assistant, u"firstrun-zh-2-account"_s);
    fillAccount(assistant, 25);
    assistant.next();
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::ContactsPageId));
    QCOMPARE(assistant.findChild<QLabel *>(u"contactsStatus"_s)->text(), u"还没有联系人。"_s);
    assistant.next();
    // The starters in Chinese.
    auto *starters = assistant.findChild<QListWidget *>(u"starterList"_s);
    QCOMPARE(starters->item(0)->text(), u"新闻通讯"_s);
    shoot(&assistant, u"firstrun-zh-4-template"_s);
}

void tst_FirstRunAssistant::closingKeepsWhatIsDoneAndDoesNotComeBack() {
    FirstRunAssistant assistant(*m_app, *m_settings, false);
    assistant.show();
    QVERIFY(QTest::qWaitForWindowExposed(&assistant));
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::AccountPageId)); // no language step
    fillAccount(assistant, 25);
    assistant.accountsPage()->findChild<QLineEdit *>(u"hostEdit"_s)->clear();
    assistant.next();
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::AccountPageId)); // no server: not saved
    QVERIFY(!assistant.accountsPage()->findChild<QLabel *>(u"problemLabel"_s)->text().isEmpty());
    // Its test says why, beside the button.
    assistant.findChild<QPushButton *>(u"assistantTestButton"_s)->click();
    const QString why = assistant.findChild<QLabel *>(u"assistantTestResult"_s)->text();
    QVERIFY2(why.startsWith(u"The connection test failed: "_s) && why.size() > 30, qPrintable(why));
    assistant.accountsPage()->findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"127.0.0.1"_s);
    assistant.next();
    QCOMPARE(assistant.currentId(), int(FirstRunAssistant::ContactsPageId));
    assistant.reject();
    QCOMPARE(storage::AccountStore(*m_db).list()->size(), 1); // kept
    QVERIFY(!FirstRunAssistant::isWanted(*m_db));
    // Reopened from the Help menu on that database, it adds a second account.
    ui::MainWindow window(*m_app, *m_settings);
    FirstRunAssistant *again = window.openFirstRunAssistant();
    QVERIFY(again);
    QCOMPARE(again->currentId(), int(FirstRunAssistant::AccountPageId));
    QCOMPARE(again->accountsPage()->findChild<QLineEdit *>(u"accountName"_s)->text(), QString());
    again->reject();
}

QTEST_MAIN(tst_FirstRunAssistant)
#include "tst_FirstRunAssistant.moc"
