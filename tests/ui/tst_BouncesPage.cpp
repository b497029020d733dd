// The Bounces & Suppression page, offscreen, as a marketer uses it: the log of what came back with
// its per-campaign numbers and filters, undoing a suppression a bounce made, the suppression list
// (add, remove), and a bounce mailbox added from the form whose poll fails visibly without freezing
// the window. HIVEPOST_SCREENSHOT_DIR=dir saves PNGs of the three tabs.

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "Screenshot.h"
#include "TestSupport.h"
#include "application/Application.h"
#include "bounce/BounceProcessor.h"
#include "bounces/BouncesPage.h"
#include "import/ContactImporter.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/MailboxStore.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_BouncesPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void logFiltersUndoSuppressionsAndMailbox();

private:
    void save(QWidget *w, const QString &name) { test::screenshot(w, name); }
    QTemporaryDir m_dir;
};

void tst_BouncesPage::logFiltersUndoSuppressionsAndMailbox() {
    auto opened = storage::Database::open(m_dir.filePath(u"b.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    QVERIFY(test::writeFile(m_dir.filePath(u"c.csv"_s), "email\nkijitora@example.ne.jp\nann@example.org\n"));
    import::ImportOptions o;
    o.path = m_dir.filePath(u"c.csv"_s);
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(db).run(o).outcome, import::ImportReport::Outcome::Completed);
    const QString corpus = QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev/");
    bounce::BounceProcessor processor(db);
    for (const char *f : {"lhost-qmail-01.eml", "arf-01.eml", "lhost-postfix-13.eml"})
        QVERIFY(processor
                    .processMessage(test::readAll(corpus + QString::fromLatin1(f)), u"file"_s,
                                    QString::fromLatin1(f), 1'790'000'000'000)
                    .ok());

    SystemClock clock;
    application::ApplicationOptions options;
    options.pollMinutes = 10;
    secrets::MemorySecretStore secrets;
    application::Application app(db, clock, secrets, options);
    ui::BouncesPage page(app);
    page.resize(1100, 700);
    page.show();
    auto *log = page.findChild<QTableWidget *>(u"bounceLog"_s);
    auto *summary = page.findChild<QLabel *>(u"bounceSummary"_s);
    QVERIFY(log && summary);
    QCOMPARE(log->rowCount(), 4); // a hard bounce, a complaint, and two from one postfix report
    QVERIFY2(summary->text().contains(u"3 bounces (2 hard, 1 soft), 1 complaints"_s),
             qPrintable(summary->text()));
    save(&page, u"bounces-log"_s);

    auto *reason = page.findChild<QComboBox *>(u"reasonFilter"_s);
    reason->setCurrentIndex(reason->findData(u"feedback"_s));
    QCOMPARE(log->rowCount(), 1);
    auto *hard = page.findChild<QComboBox *>(u"hardFilter"_s);
    reason->setCurrentIndex(0);
    hard->setCurrentIndex(hard->findData(1));
    QCOMPARE(log->rowCount(), 2);
    // By date: these bounces came back in September 2026, not within the last 30 days.
    auto *period = page.findChild<QComboBox *>(u"periodFilter"_s);
    period->setCurrentIndex(period->findData(30));
    QCOMPARE(log->rowCount(), 0);
    period->setCurrentIndex(period->findData(0));
    QCOMPARE(log->rowCount(), 2);

    // Undo the suppression of the qmail bounce: the address may be mailed again.
    storage::SuppressionStore suppressions(db);
    QVERIFY(suppressions.snapshot().value().contains(u"kijitora@example.ne.jp"_s));
    for (int row = 0; row < log->rowCount(); ++row) {
        if (log->item(row, 1)->text() == u"kijitora@example.ne.jp"_s)
            log->selectRow(row);
    }
    QVERIFY(page.undoSelected());
    QVERIFY(!suppressions.snapshot().value().contains(u"kijitora@example.ne.jp"_s));
    hard->setCurrentIndex(0);
    bool shownUndone = false;
    for (int row = 0; row < log->rowCount(); ++row)
        shownUndone = shownUndone || log->item(row, 7)->text().contains(u"undone"_s);
    QVERIFY(shownUndone);

    // The suppression list: add a domain by hand, remove it again.
    auto *tabs = page.findChild<QTabWidget *>();
    tabs->setCurrentIndex(1);
    auto *table = page.findChild<QTableWidget *>(u"suppressions"_s);
    const int before = table->rowCount();
    QVERIFY(page.addSuppression(u"@competitor.test"_s, u"competitor"_s));
    QCOMPARE(table->rowCount(), before + 1);
    save(&page, u"bounces-suppressions"_s);
    for (int row = 0; row < table->rowCount(); ++row) {
        if (table->item(row, 0)->text() == u"@competitor.test"_s)
            table->selectRow(row);
    }
    QVERIFY(page.removeSelectedSuppression());
    QCOMPARE(table->rowCount(), before);

    // A mailbox from the form, on a port where nothing listens: the poll fails and says why.
    tabs->setCurrentIndex(2);
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    const auto edits = page.findChildren<QLineEdit *>();
    QLineEdit *name = nullptr, *host = nullptr, *user = nullptr;
    // The form's fields in order: name, host, user, password, CA file, folder, move-to.
    QList<QLineEdit *> form;
    for (QLineEdit *e : edits) {
        if (e->parentWidget() && e->parentWidget()->inherits("QGroupBox"))
            form << e;
    }
    QVERIFY(form.size() >= 3);
    name = form.at(0);
    host = form.at(1);
    user = form.at(2);
    name->setText(u"Returns"_s);
    host->setText(u"127.0.0.1"_s);
    user->setText(u"bob"_s);
    page.findChild<QSpinBox *>(u"mailboxPort"_s)->setValue(closedPort);
    QVERIFY(page.addMailbox());
    auto *mailboxes = page.findChild<QTableWidget *>(u"mailboxes"_s);
    QCOMPARE(mailboxes->rowCount(), 1);
    QSignalSpy polled(&page, &ui::BouncesPage::pollFinished);
    page.pollSelectedMailbox();
    QVERIFY(polled.wait(20000));
    QCOMPARE(polled.at(0).at(0).toBool(), false);
    auto *result = page.findChild<QLabel *>(u"pollResult"_s);
    QVERIFY2(result->text().startsWith(u"Returns: "_s), qPrintable(result->text()));
    save(&page, u"bounces-mailboxes"_s);

    // A round over every mailbox (what the 10-minute schedule does): each is tried, one after the
    // other, and each shows how it went.
    page.findChild<QSpinBox *>(u"mailboxPort"_s)->setValue(closedPort);
    name->setText(u"Second"_s);
    host->setText(u"127.0.0.1"_s);
    user->setText(u"bob"_s);
    QVERIFY(page.addMailbox());
    polled.clear();
    page.pollAll();
    QTRY_COMPARE_WITH_TIMEOUT(polled.size(), 2, 20000);
    QCOMPARE(mailboxes->rowCount(), 2);
    for (int row = 0; row < 2; ++row)
        QVERIFY2(!mailboxes->item(row, 4)->text().isEmpty(), "the failure is shown with the mailbox");

    // "Test" tries the login without reading anything, and says why it failed.
    QSignalSpy tested(&page, &ui::BouncesPage::tested);
    mailboxes->selectRow(0);
    page.testSelectedMailbox();
    QVERIFY(tested.wait(20000));
    QCOMPARE(tested.at(0).at(0).toBool(), false);
    QVERIFY2(result->text().contains(u"refused"_s) || result->text().contains(u"connect"_s),
             qPrintable(result->text()));

    // POP3: its own default ports, no folders.
    auto *protocol = page.findChild<QComboBox *>(u"mailboxProtocol"_s);
    auto *port = page.findChild<QSpinBox *>(u"mailboxPort"_s);
    protocol->setCurrentIndex(protocol->findData(u"pop3"_s));
    QCOMPARE(port->value(), 995);
    QVERIFY(!form.at(5)->isEnabled()); // folder
    name->setText(u"Pop"_s);
    host->setText(u"127.0.0.1"_s);
    user->setText(u"bob"_s);
    QVERIFY(page.addMailbox());
    auto pop = storage::MailboxStore(db).byName(u"Pop"_s);
    QVERIFY(pop.ok());
    QCOMPARE(pop->protocol, u"pop3"_s);
    QCOMPARE(pop->port, 995);
    QVERIFY(pop->moveTo.isEmpty());

    // The schedule: every N minutes, or never.
    auto *minutes = page.findChild<QSpinBox *>(u"pollMinutes"_s);
    QCOMPARE(minutes->value(), 10);
    QSignalSpy changed(&page, &ui::BouncesPage::pollMinutesChanged);
    minutes->setValue(0);
    QCOMPARE(page.pollMinutes(), 0);
    QCOMPARE(changed.size(), 1);
    page.setPollMinutes(30);
    QCOMPARE(minutes->value(), 30);
    QCOMPARE(page.pollMinutes(), 30);
    save(&page, u"bounces-mailboxes-pop3"_s);
}

QTEST_MAIN(tst_BouncesPage)
#include "tst_BouncesPage.moc"
