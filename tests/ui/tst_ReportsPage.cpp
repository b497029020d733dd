// The Reports page, offscreen, as a marketer uses it after a campaign: the overview of campaigns, the
// selected campaign's tiles, charts and tables, a click on a number listing the recipients behind it,
// a double-click on a domain, and the CSV and PDF exports (the PDF has text and two A4 pages).
// HIVEPOST_SCREENSHOT_DIR=dir saves a PNG of the page.

#include <QDialog>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWindow>

#include "Screenshot.h"
#include "TestSupport.h"
#include "contacts/ContactDialog.h"
#include "import/ContactImporter.h"
#include "report/ReportService.h"
#include "reports/ReportsPage.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_ReportsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void overviewTilesDrillDownAndExports();
    void engagementChartsPdfAndContactHistory();

private:
    QTemporaryDir m_dir;
};

void tst_ReportsPage::overviewTilesDrillDownAndExports() {
    auto opened = storage::Database::open(m_dir.filePath(u"r.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    QByteArray csv = "email\n";
    for (int i = 0; i < 30; ++i)
        csv += "user" + QByteArray::number(i) + (i % 3 ? "@gmail.com\n" : "@qq.com\n");
    QVERIFY(test::writeFile(m_dir.filePath(u"c.csv"_s), csv));
    import::ImportOptions o;
    o.path = m_dir.filePath(u"c.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(db).run(o).outcome, import::ImportReport::Outcome::Completed);
    storage::Account account;
    account.name = u"Main"_s;
    account.host = u"127.0.0.1"_s;
    account.port = 25;
    account.security = u"none"_s;
    const qint64 accountId = storage::AccountStore(db).add(account).value();
    storage::LedgerStore ledger(db);
    const qint64 id = ledger
                          .create({u"Autumn"_s,
                                   u"T"_s,
                                   {storage::ContactStore(db).listId(u"L"_s).value()},
                                   {},
                                   u"news@example.com"_s,
                                   {},
                                   0,
                                   {},
                                   0})
                          .value();
    const qint64 t0 = 1'790'000'000'000;
    QList<storage::RecipientOutcome> outcomes;
    const QList<storage::ClaimedRecipient> claimed = ledger.claim(id, 100, t0).value();
    for (const storage::ClaimedRecipient &c : claimed) {
        storage::RecipientOutcome r;
        r.id = c.id;
        r.accountId = accountId;
        const bool refused = c.email.startsWith(u"user1"_s); // user1, user10..19: 11 of them
        r.state = refused ? storage::LedgerState::Failed : storage::LedgerState::Sent;
        r.replyCode = refused ? 550 : 250;
        r.enhancedStatus = refused ? u"5.1.1"_s : u"2.0.0"_s;
        r.replyText = refused ? u"550 5.1.1 User unknown"_s : u"250 ok"_s;
        r.replyMs = 50;
        outcomes << r;
    }
    QVERIFY(ledger.record(outcomes, t0).ok());

    report::ReportService reports(db.path());
    QSignalSpy answers(&reports, &report::ReportService::reportReady);
    ui::ReportsPage page(reports, db);
    page.resize(1100, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(page.isComplete());
    // The headline numbers came first (read on the service's thread), then the whole report.
    QCOMPARE(answers.count(), 2);
    QCOMPARE(answers.at(0).at(2).toBool(), false);
    QCOMPARE(answers.at(0).at(1).value<report::CampaignReport>().summary.sent, 19);
    QVERIFY(answers.at(0).at(1).value<report::CampaignReport>().accounts.isEmpty());
    QCOMPARE(answers.at(1).at(2).toBool(), true);
    QVERIFY(!page.findChild<QProgressBar *>(u"reportProgress"_s)->isVisible());
    auto *overview = page.findChild<QTableWidget *>(u"reportOverview"_s);
    QCOMPARE(overview->rowCount(), 1);
    QCOMPARE(overview->item(0, 0)->text(), u"Autumn"_s);
    QCOMPARE(overview->horizontalHeader()->sortIndicatorSection(), -1); // newest first until sorted
    QVERIFY(page.current().has_value());
    QCOMPARE(page.current()->summary.sent, 19);
    QCOMPARE(page.current()->summary.failed, 11);
    QVERIFY(page.findChild<QLabel *>(u"reportHeading"_s)->text().contains(u"Autumn"_s));
    test::screenshot(&page, u"reports"_s);

    // The "Failed" tile lists the 11 refused recipients.
    QPushButton *failedTile = nullptr;
    for (QPushButton *b : page.findChildren<QPushButton *>()) {
        for (QLabel *l : b->findChildren<QLabel *>())
            if (l->text() == u"Failed"_s)
                failedTile = b;
    }
    QVERIFY(failedTile);
    QTRY_VERIFY(failedTile->isVisible()); // tiles made after the page was shown appear with the next events
    // Clicked where its number is drawn, as a user does.
    QWidget *number = failedTile->childAt(failedTile->width() / 2, failedTile->height() / 4);
    QVERIFY(!number || number == failedTile || number->testAttribute(Qt::WA_TransparentForMouseEvents));
    QTest::mouseClick(
        failedTile->window()->windowHandle(), Qt::LeftButton, {},
        failedTile->mapTo(failedTile->window(), QPoint(failedTile->width() / 2, failedTile->height() / 4)));
    auto *dialog = page.findChild<QDialog *>(u"reportRecipients"_s);
    QVERIFY(dialog);
    auto *list = dialog->findChild<QTableWidget *>();
    QCOMPARE(list->rowCount(), 11);
    QCOMPARE(list->item(0, 0)->text(), u"user1@gmail.com"_s); // in the ledger's order
    QCOMPARE(list->item(0, 1)->text(), u"Failed"_s);
    QCOMPARE(list->item(0, 2)->text(), u"address does not exist"_s);
    dialog->close();
    QTRY_VERIFY(!page.findChild<QDialog *>(u"reportRecipients"_s));

    // A double-click on a domain lists its recipients.
    auto *domains = page.findChild<QTableWidget *>(u"reportDomains"_s);
    QCOMPARE(domains->rowCount(), 2);
    int qq = -1;
    for (int row = 0; row < domains->rowCount(); ++row)
        if (domains->item(row, 0)->text() == u"qq.com"_s)
            qq = row;
    QVERIFY(qq >= 0);
    Q_EMIT domains->cellDoubleClicked(qq, 0);
    dialog = page.findChild<QDialog *>(u"reportRecipients"_s);
    QVERIFY(dialog);
    QCOMPARE(dialog->findChild<QTableWidget *>()->rowCount(), 10);
    dialog->close();

    // Exports.
    QString why;
    QVERIFY2(page.exportCsv(m_dir.filePath(u"r.csv"_s), false, &why), qPrintable(why));
    QVERIFY(test::readAll(m_dir.filePath(u"r.csv"_s)).contains("failed,11\r\n"));
    QVERIFY2(page.exportCsv(m_dir.filePath(u"p.csv"_s), true, &why), qPrintable(why));
    QCOMPARE(test::readAll(m_dir.filePath(u"p.csv"_s)).count('\n'), 31);
    QVERIFY2(page.exportPdf(m_dir.filePath(u"r.pdf"_s), &why), qPrintable(why));
    const QByteArray pdf = test::readAll(m_dir.filePath(u"r.pdf"_s));
    QVERIFY(pdf.startsWith("%PDF-"));
    QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") + pdf.count("/Type /Page "), 2);
}

void tst_ReportsPage::engagementChartsPdfAndContactHistory() {
    // The same campaign, now tracked by a relay whose events were pulled.
    auto opened = storage::Database::open(m_dir.filePath(u"r.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    storage::TrackingStore tracking(db);
    const qint64 relayId = tracking.addRelay(u"R"_s, u"https://t.example.com"_s, {}).value();
    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"UPDATE campaigns SET relay_id = %1"_s.arg(relayId)));
    QVERIFY(q.exec(u"SELECT id FROM campaigns"_s) && q.next());
    const qint64 campaignId = q.value(0).toLongLong();
    QVERIFY(tracking
                .setLinks(campaignId, {{campaignId, 1, u"https://shop.example.com/sale"_s, false},
                                       {campaignId, 2, u"https://blog.example.com/"_s, false}})
                .ok());
    QVERIFY(
        q.exec(u"SELECT id, contact_id, sent_at FROM recipients WHERE state = 'sent' ORDER BY id LIMIT 6"_s));
    QList<storage::TrackingEvent> events;
    qint64 remote = 0, firstContact = 0;
    while (q.next()) {
        const qint64 recipient = q.value(0).toLongLong(), contact = q.value(1).toLongLong();
        const qint64 at = q.value(2).toLongLong() + 3'600'000 * (1 + remote % 3);
        if (firstContact == 0)
            firstContact = contact;
        storage::TrackingEvent open;
        open.id = ++remote;
        open.kind = u"open"_s;
        open.at = at;
        open.campaignId = campaignId;
        open.recipientId = recipient;
        open.contactId = contact;
        open.flags = remote == 2 ? u"proxy"_s : QString();
        events << open;
        if (remote <= 5) {
            storage::TrackingEvent click = open;
            click.id = ++remote;
            click.kind = u"click"_s;
            click.at = at + 60'000;
            click.linkId = remote % 2 + 1;
            click.flags.clear();
            events << click;
        }
    }
    QVERIFY(tracking.import(relayId, events, 1'790'100'000'000).ok());

    report::ReportService reports(db.path());
    ui::ReportsPage page(reports, db);
    page.resize(1100, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_VERIFY(page.isComplete());
    QVERIFY(page.current()->tracked);
    auto *tabs = page.findChild<QTabWidget *>();
    QVERIFY(tabs);
    int engagementTab = -1;
    for (int i = 0; i < tabs->count(); ++i)
        if (tabs->tabText(i) == u"Engagement"_s)
            engagementTab = i;
    QVERIFY(engagementTab >= 0);
    QVERIFY(tabs->isTabVisible(engagementTab));
    tabs->setCurrentIndex(engagementTab);
    QCOMPARE(page.findChild<QTableWidget *>(u"reportLinks"_s)->rowCount(), 2);
    QVERIFY(page.current()->engagement.humanOpens >= 3);
    // People per hour: the opens spread over three hours, each with a click a minute later.
    const QList<storage::HourActivity> &hours = page.current()->engagement.byHour;
    QCOMPARE(hours.size(), 3);
    qint64 openers = 0, clickers = 0;
    for (const storage::HourActivity &h : hours) {
        openers += h.openers;
        clickers += h.clickers;
    }
    QCOMPARE(openers, page.current()->engagement.humanOpens);
    QCOMPARE(clickers, 3);
    test::screenshot(&page, u"reports-engagement"_s);
    // The PDF has a third page: the engagement.
    QString why;
    QVERIFY2(page.exportPdf(m_dir.filePath(u"e.pdf"_s), &why), qPrintable(why));
    const QByteArray pdf = test::readAll(m_dir.filePath(u"e.pdf"_s));
    QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page\r") + pdf.count("/Type /Page "), 3);

    // The contact's history, newest first: the click, the open, the send.
    storage::ContactStore contacts(db);
    const storage::Contact contact = contacts.contact(firstContact).value();
    ui::ContactDialog dialog(contacts, contact, tracking.timeline(firstContact).value());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *history = dialog.findChild<QTableWidget *>(u"historyTable"_s);
    QCOMPARE(history->rowCount(), 3);
    QCOMPARE(history->item(0, 1)->text(), u"Clicked"_s);
    QVERIFY(history->item(0, 3)->text().startsWith(u"https://"_s));
    QCOMPARE(history->item(1, 1)->text(), u"Opened"_s);
    QCOMPARE(history->item(2, 1)->text(), u"Sent"_s);
    QCOMPARE(history->item(2, 2)->text(), u"Autumn"_s);
    test::screenshot(&dialog, u"contact-history"_s);
}

QTEST_MAIN(tst_ReportsPage)
#include "tst_ReportsPage.moc"
