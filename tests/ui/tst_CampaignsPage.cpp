// The campaigns page, offscreen, as a marketer uses it: the wizard (lists with the eligible count,
// template, sender and accounts with an estimate, schedule, review with warnings), then the live
// view while it sends to an SMTP server in this process, pause and resume, and the final counts.
// HIVEPOST_SCREENSHOT_DIR=dir saves PNGs of the wizard's review and of the live view.

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSqlQuery>
#include <QSysInfo>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "FakeSmtpServer.h"
#include "Screenshot.h"
#include "TestSupport.h"
#include "application/Application.h"
#include "campaigns/CampaignWizard.h"
#include "campaigns/CampaignsPage.h"
#include "common/Language.h"
#include "import/ContactImporter.h"
#include "secrets/SecretStore.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/SuppressionStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_CampaignsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wizardThenLiveSending();
    void campaignSentByAnotherProcess();

private:
    void save(QWidget *w, const QString &name);
    QTemporaryDir m_dir;
};

void tst_CampaignsPage::save(QWidget *w, const QString &name) {
    test::screenshot(w, name);
}

void tst_CampaignsPage::wizardThenLiveSending() {
    auto opened = storage::Database::open(m_dir.filePath(u"c.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    // 12 without a first name (i % 10 == 0), 30 without a city (i % 4 == 0); the suppressed one
    // has neither, and is not mailed.
    QByteArray csv = "email,first_name,city\n";
    for (int i = 0; i < 120; ++i)
        csv += "u" + QByteArray::number(i) + "@example" + QByteArray::number(i % 3) + ".com," +
               (i % 10 == 0 ? QByteArray() : "U" + QByteArray::number(i)) + ',' +
               (i % 4 == 0 ? QByteArray(" ") : QByteArray("Shanghai")) + '\n';
    csv += "gone@blocked.test,,\n";
    QVERIFY(test::writeFile(m_dir.filePath(u"l.csv"_s), csv));
    import::ImportOptions o;
    o.path = m_dir.filePath(u"l.csv"_s);
    o.listName = u"Customers"_s;
    QCOMPARE(import::ContactImporter(db).run(o).outcome, import::ImportReport::Outcome::Completed);
    QVERIFY(storage::SuppressionStore(db).add(u"@blocked.test"_s, u"competitor"_s).ok());
    storage::TemplateStore templates(db);
    storage::StoredTemplate t;
    t.name = u"Newsletter"_s;
    t.subject = u"Hello {{first_name}}"_s;
    t.html = u"<h1>Spring news</h1><p>Dear {{first_name}}, news from {{city}} for {{name|you}}</p>"_s;
    QVERIFY(templates.save(t).ok());
    QVERIFY(templates.setSetting(u"sender/from_address"_s, u"news@example.com"_s).ok());
    test::FakeSmtpServer server;
    storage::Account a;
    a.name = u"Local"_s;
    a.host = u"127.0.0.1"_s;
    a.port = server.listenLocal();
    a.security = u"none"_s;
    a.connections = 2;
    a.perSecond = 40;
    QVERIFY(storage::AccountStore(db).add(a).ok());

    SystemClock clock;
    secrets::MemorySecretStore secrets;
    application::Application app(db, clock, secrets);
    ui::CampaignsPage page(app);
    page.resize(1100, 720);
    page.show();

    // The wizard, page by page.
    ui::CampaignWizard wizard(db, &page);
    wizard.show();
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no name yet
    wizard.findChild<QLineEdit *>(u"campaignName"_s)->setText(u"Spring"_s);
    QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ui::CampaignWizard::ListsPage));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // no list yet
    auto *lists = wizard.findChild<QListWidget *>(u"campaignLists"_s);
    QCOMPARE(lists->count(), 1);
    lists->item(0)->setCheckState(Qt::Checked);
    const QString audience = wizard.findChild<QLabel *>(u"campaignAudience"_s)->text();
    QVERIFY2(audience.contains(u"120"_s) && audience.contains(u"1 skipped"_s), qPrintable(audience));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ui::CampaignWizard::TemplatePage));
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ui::CampaignWizard::SenderPage));
    QCOMPARE(wizard.findChild<QLineEdit *>(u"campaignFrom"_s)->text(), u"news@example.com"_s);
    const QString estimate = wizard.findChild<QLabel *>(u"campaignEstimate"_s)->text();
    QVERIFY2(estimate.contains(u"120 recipients"_s) && estimate.contains(u"40"_s), qPrintable(estimate));
    wizard.next();
    wizard.next();
    QCOMPARE(wizard.currentId(), int(ui::CampaignWizard::ReviewPage));
    const QString warnings = wizard.findChild<QLabel *>(u"campaignWarnings"_s)->text();
    QVERIFY2(warnings.contains(u"unsubscribe"_s) && warnings.contains(u"never been tested"_s) &&
                 warnings.contains(u"DKIM"_s),
             qPrintable(warnings));
    // Fields without a fallback that some of those mailed lack, counted; name has a fallback.
    QVERIFY2(warnings.contains(u"12 of the 120 contacts to be mailed have no “first_name”"_s) &&
                 warnings.contains(u"30 of the 120 contacts to be mailed have no “city”"_s) &&
                 !warnings.contains(u"“name”"_s),
             qPrintable(warnings));
    QTest::qWait(50); // let the page lay out its new text
    save(&wizard, u"campaign-wizard-review"_s);
    {
        // The same review in Chinese: the counts are in the translated sentence.
        QVERIFY(ui::installTranslators(qApp, u"zh_CN"_s));
        ui::CampaignWizard zh(db, &page);
        zh.show();
        zh.findChild<QLineEdit *>(u"campaignName"_s)->setText(u"春季"_s);
        zh.next();
        zh.findChild<QListWidget *>(u"campaignLists"_s)->item(0)->setCheckState(Qt::Checked);
        while (zh.currentId() != int(ui::CampaignWizard::ReviewPage))
            zh.next();
        const QString zhWarnings = zh.findChild<QLabel *>(u"campaignWarnings"_s)->text();
        QVERIFY2(zhWarnings.contains(u"将发送的 120 个联系人中有 30 个没有“city”"_s), qPrintable(zhWarnings));
        const QString zhSummary = zh.findChild<QLabel *>(u"campaignSummary"_s)->text();
        QVERIFY2(zhSummary.contains(u"Local\n"_s), qPrintable(zhSummary)); // the name, not its limits
        QTest::qWait(50);
        save(&zh, u"campaign-wizard-review-zh"_s);
        zh.reject();
        ui::installTranslators(qApp, u"en"_s);
    }
    wizard.accept();
    QVERIFY2(wizard.createdId() > 0, qPrintable(wizard.error()));
    QVERIFY(wizard.startNow());

    // Live: start, pause midway, resume, finish.
    page.reload();
    QVERIFY(page.selectCampaign(u"Spring"_s));
    QVERIFY(page.startSelected());
    QTRY_VERIFY_WITH_TIMEOUT(server.messages().size() >= 20, 10'000);
    page.pauseSelected();
    QTRY_VERIFY_WITH_TIMEOUT(!app.hasRunningCampaigns(), 10'000);
    const qsizetype atPause = server.messages().size();
    QVERIFY(atPause < 120);
    auto *start = page.findChild<QPushButton *>(u"startCampaign"_s);
    QCOMPARE(start->text(), u"Resume"_s);
    QVERIFY(start->isEnabled());
    QVERIFY(page.findChild<QLabel *>(u"campaignState"_s)->text().startsWith(u"Paused"_s));
    QTest::qWait(300);
    QCOMPARE(server.messages().size(), atPause); // nothing new while paused

    start->click();
    QTRY_VERIFY_WITH_TIMEOUT(page.findChild<QLabel *>(u"campaignRate"_s)->text().contains(u"messages/s"_s),
                             5000);
    QTest::qWait(1200); // a sample or two for the graph
    save(&page, u"campaign-live"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!app.hasRunningCampaigns(), 20'000);
    QCOMPARE(server.messages().size(), 120);
    QCOMPARE(page.findChild<QLabel *>(u"count_sent"_s)->text(), u"120"_s);
    QCOMPARE(page.findChild<QLabel *>(u"count_skipped"_s)->text(), u"1"_s);
    auto *progress = page.findChild<QProgressBar *>(u"campaignProgress"_s);
    QCOMPARE(progress->value(), progress->maximum());
    QVERIFY(page.findChild<QLabel *>(u"campaignState"_s)->text().startsWith(u"Finished"_s));
    auto *accounts = page.findChild<QTableWidget *>(u"campaignAccounts"_s);
    QCOMPARE(accounts->rowCount(), 1);
    QCOMPARE(accounts->item(0, 0)->text(), u"Local"_s);
    QCOMPARE(accounts->item(0, 2)->text(), u"120"_s);
    QVERIFY(!start->isEnabled());
    auto *list = page.findChild<QTableWidget *>(u"campaignList"_s);
    QCOMPARE(list->item(0, 1)->text(), u"Finished"_s);
    save(&page, u"campaign-finished"_s);
}

// A campaign another live process is sending is shown as such, and cannot be started here.
void tst_CampaignsPage::campaignSentByAnotherProcess() {
    auto opened = storage::Database::open(m_dir.filePath(u"other.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    QVERIFY(test::writeFile(m_dir.filePath(u"o.csv"_s), "email\na@example.com\n"));
    import::ImportOptions o;
    o.path = m_dir.filePath(u"o.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(db).run(o).outcome, import::ImportReport::Outcome::Completed);
    storage::CampaignSpec spec;
    spec.name = u"Busy"_s;
    spec.templateName = u"T"_s;
    spec.listIds = {1};
    auto id = storage::LedgerStore(db).create(spec);
    QVERIFY(id.ok());
    QVERIFY(storage::CampaignStore(db).setState(id.value(), u"running"_s).ok());
    QSqlQuery q(db.connection());
    q.prepare(u"UPDATE campaigns SET runner = ? WHERE id = ?"_s);
    q.addBindValue(QString(QSysInfo::machineHostName() + u":1"_s)); // pid 1 is alive
    q.addBindValue(id.value());
    QVERIFY(q.exec());
    SystemClock clock;
    secrets::MemorySecretStore secrets;
    application::Application app(db, clock, secrets);
    ui::CampaignsPage page(app);
    QVERIFY(page.selectCampaign(u"Busy"_s));
    QCOMPARE(page.findChild<QTableWidget *>(u"campaignList"_s)->item(0, 1)->text(), u"Sending elsewhere"_s);
    QVERIFY(page.findChild<QLabel *>(u"campaignState"_s)->text().contains(u"Another Hivepost"_s));
    QVERIFY(!page.findChild<QPushButton *>(u"startCampaign"_s)->isEnabled());
}

QTEST_MAIN(tst_CampaignsPage)
#include "tst_CampaignsPage.moc"
