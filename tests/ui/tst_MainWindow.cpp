// The GUI shell, offscreen: every page opens from the sidebar and the Go menu, the About dialog,
// the language setting and the remembered geometry, and a backup made from Settings.

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "FakeSmtpServer.h"
#include "TestSupport.h"
#include "application/Application.h"
#include "campaigns/CampaignsPage.h"
#include "common/Language.h"
#include "dialogs/AboutDialog.h"
#include "import/ContactImporter.h"
#include "mainwindow/MainWindow.h"
#include "secrets/SecretStore.h"
#include "settings/SettingsPage.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/SuppressionStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using hivepost::storage::Database;
using hivepost::ui::MainWindow;

class tst_MainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void opensEveryPageFromSidebar();
    void goMenuShortcutsReachEveryPage();
    void statusBarNamesDatabase();
    void aboutDialog();
    void languageSettingIsStoredForNextStart();
    void chineseTranslationLoads();
    void remembersGeometryAndPage();
    void backupFromSettings();
    void reportsAndCampaignsAgreeOnAnInterruptedCampaign();
    void refusedAddressIsSuppressedWithoutOpeningBounces();

private:
    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<Database> m_db;
    hivepost::SystemClock m_clock;
    hivepost::secrets::MemorySecretStore m_secrets;            // never the user's keychain
    std::unique_ptr<hivepost::application::Application> m_app; // what the window observes
    std::unique_ptr<QSettings> m_settings;
};

void tst_MainWindow::init() {
    m_dir = new QTemporaryDir;
    auto db = Database::open(m_dir->filePath(u"ui.db"_s));
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    m_db = std::move(db).value();
    m_app = std::make_unique<hivepost::application::Application>(*m_db, m_clock, m_secrets);
    m_settings = std::make_unique<QSettings>(m_dir->filePath(u"settings.ini"_s), QSettings::IniFormat);
}

void tst_MainWindow::cleanup() {
    m_settings.reset();
    m_app.reset();
    m_db.reset();
    delete m_dir;
    m_dir = nullptr;
}

void tst_MainWindow::opensEveryPageFromSidebar() {
    MainWindow w(*m_app, *m_settings);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *nav = w.findChild<QListWidget *>(u"navigation"_s);
    auto *pages = w.findChild<QStackedWidget *>(u"pages"_s);
    QVERIFY(nav && pages);
    QCOMPARE(nav->count(), int(MainWindow::PageCount));
    QCOMPARE(pages->count(), int(MainWindow::PageCount));

    QSet<QString> titles;
    for (int i = MainWindow::PageCount - 1; i >= 0; --i) {
        const QRect rect = nav->visualItemRect(nav->item(i));
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(w.currentPage(), MainWindow::Page(i));
        QWidget *page = w.page(MainWindow::Page(i));
        QCOMPARE(pages->currentWidget(), page);
        QVERIFY(page->isVisible());
        QVERIFY(!nav->item(i)->icon().isNull());
        titles.insert(nav->item(i)->text());
        // A page that is not built yet says so and offers nothing to click.
        if (i != MainWindow::Settings && i != MainWindow::Contacts && i != MainWindow::Templates &&
            i != MainWindow::Accounts && i != MainWindow::Campaigns && i != MainWindow::Bounces &&
            i != MainWindow::Reports) {
            auto *status = page->findChild<QLabel *>(u"pageStatus"_s);
            QVERIFY(status);
            QVERIFY(status->isVisible());
            QVERIFY(status->text().contains(u"Not available"_s));
            QVERIFY(page->findChildren<QAbstractButton *>().isEmpty());
        }
    }
    QCOMPARE(titles.size(), int(MainWindow::PageCount));
    QVERIFY(titles.contains(u"Bounces & Suppression"_s));
}

void tst_MainWindow::goMenuShortcutsReachEveryPage() {
    MainWindow w(*m_app, *m_settings);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QApplication::setActiveWindow(&w);
    for (int i = 0; i < MainWindow::PageCount; ++i) {
        QTest::keyClick(&w, Qt::Key(Qt::Key_1 + i), Qt::ControlModifier);
        QCOMPARE(w.currentPage(), MainWindow::Page(i));
    }
}

void tst_MainWindow::statusBarNamesDatabase() {
    MainWindow w(*m_app, *m_settings);
    auto *label = w.findChild<QLabel *>(u"databaseStatus"_s);
    QVERIFY(label);
    QVERIFY(label->text().contains(m_db->path()));
    QVERIFY(label->text().contains(u"schema %1"_s.arg(m_db->schemaVersion())));
}

void tst_MainWindow::aboutDialog() {
    MainWindow w(*m_app, *m_settings);
    w.show();
    w.showAbout();
    auto *dialog = w.findChild<hivepost::ui::AboutDialog *>(u"aboutDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    const QString text = dialog->findChild<QLabel *>(u"aboutText"_s)->text();
    QVERIFY(text.contains(QStringLiteral(HIVEPOST_VERSION)));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    dialog->reject();
    QTRY_VERIFY(!w.findChild<hivepost::ui::AboutDialog *>(u"aboutDialog"_s));
}

void tst_MainWindow::languageSettingIsStoredForNextStart() {
    MainWindow w(*m_app, *m_settings);
    w.show();
    w.showPage(MainWindow::Settings);
    auto *combo = w.findChild<QComboBox *>(u"languageCombo"_s);
    auto *note = w.findChild<QLabel *>(u"restartNote"_s);
    QVERIFY(combo && note);
    QCOMPARE(combo->currentData().toString(), QString()); // system default
    QVERIFY(!note->isVisible());

    const int zh = combo->findData(u"zh_CN"_s);
    QVERIFY(zh >= 0);
    QCOMPARE(combo->itemText(zh), u"简体中文"_s);
    QSignalSpy spy(qobject_cast<hivepost::ui::SettingsPage *>(w.page(MainWindow::Settings)),
                   &hivepost::ui::SettingsPage::languageChanged);
    combo->setFocus();
    combo->setCurrentIndex(zh);
    Q_EMIT combo->activated(zh);
    QCOMPARE(spy.count(), 1);
    QVERIFY(note->isVisible());
    QCOMPARE(hivepost::ui::languageSetting(*m_settings), u"zh_CN"_s);

    // A new window (the next start) shows the stored choice.
    MainWindow again(*m_app, *m_settings);
    QCOMPARE(again.findChild<QComboBox *>(u"languageCombo"_s)->currentData().toString(), u"zh_CN"_s);
}

void tst_MainWindow::chineseTranslationLoads() {
    QVERIFY(hivepost::ui::installTranslators(qApp, u"zh_CN"_s));
    {
        MainWindow w(*m_app, *m_settings);
        auto *nav = w.findChild<QListWidget *>(u"navigation"_s);
        QCOMPARE(nav->item(MainWindow::Contacts)->text(), u"联系人"_s);
        QCOMPARE(nav->item(MainWindow::Settings)->text(), u"设置"_s);
        QCOMPARE(w.windowTitle(), u"Hivepost"_s);
    }
    // Qt's own strings come along (standard buttons).
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"取消"_s);
    for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
    QVERIFY(!hivepost::ui::installTranslators(qApp, u"en"_s));
    MainWindow english(*m_app, *m_settings);
    QCOMPARE(english.findChild<QListWidget *>(u"navigation"_s)->item(MainWindow::Contacts)->text(),
             u"Contacts"_s);
}

void tst_MainWindow::remembersGeometryAndPage() {
    QRect geometry;
    {
        MainWindow w(*m_app, *m_settings);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.resize(900, 640);
        w.showPage(MainWindow::Reports);
        geometry = w.geometry();
        QVERIFY(w.close());
    }
    MainWindow again(*m_app, *m_settings);
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.size(), geometry.size());
    QCOMPARE(again.currentPage(), MainWindow::Reports);
}

void tst_MainWindow::backupFromSettings() {
    MainWindow w(*m_app, *m_settings);
    w.show();
    auto *page = qobject_cast<hivepost::ui::SettingsPage *>(w.page(MainWindow::Settings));
    QVERIFY(page);
    const QString target = m_dir->filePath(u"gui-backup.db"_s);
    QVERIFY(page->backupTo(target));
    QVERIFY(QFileInfo(target).size() > 0);
    auto copy = Database::open(target);
    QVERIFY2(copy.ok(), qPrintable(copy.errorString()));

    // A second backup to the same file is refused, with a message, and the file is kept.
    const QByteArray before = hivepost::test::readAll(target);
    QVERIFY(!page->backupTo(target));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = page->findChild<QMessageBox *>(u"backupFailedMessage"_s)) != nullptr);
    QVERIFY(box->text().contains(u"already exists"_s));
    box->accept();
    QCOMPARE(hivepost::test::readAll(target), before);
}

void tst_MainWindow::reportsAndCampaignsAgreeOnAnInterruptedCampaign() {
    // "running" in the database, sent by no one (the process that sent it stopped): both pages say
    // "Interrupted" (the Reports page used to say "Sending").
    QVERIFY(hivepost::test::writeFile(m_dir->filePath(u"c.csv"_s), "email\na@example.com\n"));
    hivepost::import::ImportOptions o;
    o.path = m_dir->filePath(u"c.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(hivepost::import::ContactImporter(*m_db).run(o).imported, 1);
    const qint64 id = hivepost::storage::LedgerStore(*m_db)
                          .create({u"Spring"_s,
                                   u"T"_s,
                                   {hivepost::storage::ContactStore(*m_db).listId(u"L"_s).value()},
                                   {},
                                   u"news@example.com"_s,
                                   {},
                                   0,
                                   {},
                                   0})
                          .value();
    QVERIFY(hivepost::storage::CampaignStore(*m_db).setState(id, u"running"_s).ok());
    MainWindow window(*m_app, *m_settings);
    window.show();
    window.showPage(MainWindow::Reports);
    auto *overview = window.findChild<QTableWidget *>(u"reportOverview"_s);
    QVERIFY(overview);
    QTRY_COMPARE(overview->rowCount(), 1);
    QCOMPARE(overview->item(0, 1)->text(), u"Interrupted"_s);
    window.showPage(MainWindow::Campaigns);
    auto *campaigns = window.findChild<QTableWidget *>(u"campaignList"_s);
    QVERIFY(campaigns);
    QCOMPARE(campaigns->item(0, 1)->text(), u"Interrupted"_s);
}

void tst_MainWindow::refusedAddressIsSuppressedWithoutOpeningBounces() {
    // Sent from the Campaigns page; the Bounces page is never shown (it used to be what logged the
    // refusals and suppressed the addresses): the next campaign still skips the dead address.
    QVERIFY(hivepost::test::writeFile(m_dir->filePath(u"c.csv"_s),
                                      "email\nann@example.com\nreject-bob@example.com\ncarol@example.org\n"));
    hivepost::import::ImportOptions o;
    o.path = m_dir->filePath(u"c.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(hivepost::import::ContactImporter(*m_db).run(o).imported, 3);
    hivepost::storage::StoredTemplate t;
    t.name = u"T"_s;
    t.subject = u"Hello"_s;
    t.html = u"<p>News.</p>"_s;
    QVERIFY(hivepost::storage::TemplateStore(*m_db).save(t).ok());
    hivepost::test::FakeSmtpServer server;
    hivepost::storage::Account a;
    a.name = u"Local"_s;
    a.host = u"127.0.0.1"_s;
    a.port = server.listenLocal();
    a.security = u"none"_s;
    QVERIFY(hivepost::storage::AccountStore(*m_db).add(a).ok());
    const qint64 listId = hivepost::storage::ContactStore(*m_db).listId(u"L"_s).value();
    hivepost::storage::CampaignSpec spec;
    spec.name = u"First"_s;
    spec.templateName = u"T"_s;
    spec.listIds = {listId};
    spec.fromAddress = u"news@example.com"_s;
    QVERIFY(hivepost::storage::LedgerStore(*m_db).create(spec).ok());

    MainWindow window(*m_app, *m_settings);
    window.show();
    window.showPage(MainWindow::Campaigns);
    auto *campaigns = static_cast<hivepost::ui::CampaignsPage *>(window.page(MainWindow::Campaigns));
    campaigns->reload();
    QVERIFY(campaigns->selectCampaign(u"First"_s));
    QVERIFY(campaigns->startSelected());
    QTRY_VERIFY_WITH_TIMEOUT(!m_app->hasRunningCampaigns(), 20'000);
    QCOMPARE(server.messages().size(), 2);
    QVERIFY(!window.page(MainWindow::Bounces)->isVisible());
    QVERIFY(
        hivepost::storage::SuppressionStore(*m_db).snapshot().value().contains(u"reject-bob@example.com"_s));

    spec.name = u"Second"_s;
    const qint64 second = hivepost::storage::LedgerStore(*m_db).create(spec).value();
    auto rows = hivepost::storage::CampaignStore(*m_db).recipients(second, u"skipped"_s, 0, 10);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->constFirst().email, u"reject-bob@example.com"_s);
    QVERIFY(!window.page(MainWindow::Bounces)->isVisible());
}

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
