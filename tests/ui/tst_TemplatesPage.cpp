// The template editor, offscreen: a marketer writes a template, sees unknown fields with their
// line and column, previews it as a real contact (escaped) at desktop and mobile width, gets the
// plain text made for them, adds an inline image, saves, reopens and deletes it.
// HIVEPOST_SCREENSHOT_DIR=dir saves a PNG of the editor.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include "FakeSmtpServer.h"
#include "Screenshot.h"
#include "TestSupport.h"
#include "application/Application.h"
#include "import/ContactImporter.h"
#include "secrets/SecretStore.h"
#include "storage/AccountStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"
#include "templates/TemplatesPage.h"
#include "templates/TestSendDialog.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_TemplatesPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void writePreviewSaveReopenDelete();
    void startFromAStarter();
    void sendATestToMyself();

private:
    QTemporaryDir *m_dir = nullptr;
    std::unique_ptr<storage::Database> m_db;
    SystemClock m_clock;
    secrets::MemorySecretStore m_secrets;
    std::unique_ptr<application::Application> m_app;
};

void tst_TemplatesPage::init() {
    m_dir = new QTemporaryDir;
    auto db = storage::Database::open(m_dir->filePath(u"t.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    m_app = std::make_unique<application::Application>(*m_db, m_clock, m_secrets);
    const QString csv = m_dir->filePath(u"c.csv"_s);
    QVERIFY(test::writeFile(csv, "email,first_name,company\nli@example.cn,李雷,<b>ACME</b> & Co\n"));
    import::ImportOptions o;
    o.path = csv;
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(*m_db).run(o).imported, 1);
}

void tst_TemplatesPage::cleanup() {
    m_app.reset();
    m_db.reset();
    delete m_dir;
}

void tst_TemplatesPage::writePreviewSaveReopenDelete() {
    ui::TemplatesPage page(*m_app);
    page.resize(1200, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *name = page.findChild<QLineEdit *>(u"templateName"_s);
    auto *subject = page.findChild<QLineEdit *>(u"subjectEdit"_s);
    auto *html = page.findChild<QPlainTextEdit *>(u"htmlEdit"_s);
    auto *issues = page.findChild<QLabel *>(u"issuesLabel"_s);
    auto *preview = page.findChild<QTextBrowser *>(u"previewBrowser"_s);

    name->setText(u"Spring"_s);
    subject->setText(u"{{first_name}}, spring news"_s);
    html->setPlainText(u"<h1>Hi {{first_name}}</h1>\n<p>From {{compnay}}</p>"_s);
    page.refreshPreview();
    QCOMPARE(page.issues().size(), 1);
    QVERIFY2(issues->text().contains(u"line 2, column 9"_s) && issues->text().contains(u"compnay"_s),
             qPrintable(issues->text()));
    QVERIFY(!page.save());
    QCOMPARE(storage::TemplateStore(*m_db).list().value().size(), 0);

    html->setPlainText(
        u"<h1>Hi {{first_name}}</h1>\n<p>From {{company}}</p>\n<p><img src=\"cid:logo.png\"></p>"_s);
    const QString logo = m_dir->filePath(u"logo.png"_s);
    QImage image(40, 20, QImage::Format_RGB32);
    image.fill(Qt::darkYellow);
    QVERIFY(image.save(logo));
    QVERIFY(page.addFile(logo));
    page.refreshPreview();
    QVERIFY(page.issues().isEmpty());
    // Previewed as the real contact, its values escaped.
    QCOMPARE(page.findChild<QLabel *>(u"subjectPreview"_s)->text(), u"李雷, spring news"_s);
    QVERIFY2(preview->toPlainText().contains(u"From <b>ACME</b> & Co"_s), qPrintable(preview->toPlainText()));
    QVERIFY(preview->toHtml().contains(u"&lt;b&gt;ACME"_s));
    QCOMPARE(page.findChild<QListWidget *>(u"fileList"_s)->item(0)->text(), u"logo.png (inline)"_s);
    QCOMPARE(page.findChild<QPlainTextEdit *>(u"textEdit"_s)->toPlainText(),
             u"Hi {{first_name}}\n\nFrom {{company}}\n"_s);

    auto *width = page.findChild<QComboBox *>(u"previewWidth"_s);
    QCOMPARE(preview->maximumWidth(), 600 + 24);
    width->setCurrentIndex(1);
    QCOMPARE(preview->maximumWidth(), 375 + 24);
    test::screenshot(&page, u"templates"_s);

    QVERIFY(page.save());
    auto stored = storage::TemplateStore(*m_db).byName(u"Spring"_s);
    QVERIFY(stored.ok());
    QCOMPARE(stored->files.size(), 1);
    QVERIFY(stored->files[0].isInline);
    QCOMPARE(page.findChild<QListWidget *>(u"templateList"_s)->count(), 1);

    page.newTemplate();
    QVERIFY(name->text().isEmpty());
    QVERIFY(page.openTemplate(u"Spring"_s));
    QCOMPARE(subject->text(), u"{{first_name}}, spring news"_s);
    QVERIFY(page.removeCurrent());
    QCOMPARE(storage::TemplateStore(*m_db).list().value().size(), 0);
}

void tst_TemplatesPage::startFromAStarter() {
    // The marketer picks "From Starter > Announcement": the editor fills with it, the preview shows it
    // without issues at desktop and phone widths, and it saves under its name.
    ui::TemplatesPage page(*m_app);
    page.resize(1200, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto *button = page.findChild<QPushButton *>(u"starterButton"_s);
    QVERIFY(button && button->menu());
    const QList<QAction *> actions = button->menu()->actions();
    QCOMPARE(actions.size(), 3);
    QCOMPARE(actions.at(2)->text(), u"Announcement"_s);
    actions.at(2)->trigger();
    auto *name = page.findChild<QLineEdit *>(u"templateName"_s);
    auto *html = page.findChild<QPlainTextEdit *>(u"htmlEdit"_s);
    auto *width = page.findChild<QComboBox *>(u"previewWidth"_s);
    auto *preview = page.findChild<QTextBrowser *>(u"previewBrowser"_s);
    QCOMPARE(name->text(), u"Announcement"_s);
    QVERIFY(html->toPlainText().contains(u"{{unsubscribe_url}}"_s));
    for (int i = 0; i < width->count(); ++i) {
        width->setCurrentIndex(i);
        page.refreshPreview();
        QVERIFY(page.issues().isEmpty());
        QVERIFY(preview->toPlainText().contains(u"we are moving to a larger studio"_s));
    }
    QVERIFY(page.save());
    QCOMPARE(storage::TemplateStore(*m_db).byName(u"Announcement"_s)->subject,
             u"{{first_name|Friend}}, we are moving to a new studio"_s);
}

void tst_TemplatesPage::sendATestToMyself() {
    // "Send Test…" saves the template and sends it, made for the address typed, through the chosen
    // account to a real SMTP server on 127.0.0.1; the dialog shows the server's answer.
    test::FakeSmtpServer server;
    storage::Account a;
    a.name = u"Local"_s;
    a.host = u"127.0.0.1"_s;
    a.port = server.listenLocal();
    a.security = u"none"_s;
    a.auth = u"none"_s;
    a.heloName = u"client.test"_s;
    QVERIFY(storage::AccountStore(*m_db).add(a).ok());
    QVERIFY(storage::TemplateStore(*m_db).setSetting(u"sender/from_address"_s, u"news@example.com"_s).ok());

    ui::TemplatesPage page(*m_app);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    page.findChild<QPushButton *>(u"starterButton"_s)->menu()->actions().at(0)->trigger();
    page.findChild<QPushButton *>(u"sendTestButton"_s)->click();
    auto *dialog = page.findChild<ui::TestSendDialog *>();
    QVERIFY(dialog);
    QCOMPARE(storage::TemplateStore(*m_db).list().value().size(), 1); // saved first
    dialog->findChild<QLineEdit *>(u"testTo"_s)->setText(u"me@example.org"_s);
    QSignalSpy finished(dialog, &ui::TestSendDialog::finished);
    dialog->findChild<QPushButton *>(u"testSendButton"_s)->click();
    QVERIFY(finished.wait(20000));
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QVERIFY(dialog->findChild<QLabel *>(u"testResult"_s)->text().contains(u"250"_s));
    QCOMPARE(server.messages().size(), 1);
    QCOMPARE(server.messages().at(0).to, u"me@example.org"_s);
    QVERIFY(server.messages().at(0).data.contains("Subject: Friend, this month at Example Studio"));
}

QTEST_MAIN(tst_TemplatesPage)
#include "tst_TemplatesPage.moc"
