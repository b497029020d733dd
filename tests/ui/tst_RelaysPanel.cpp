// Relays in the window, offscreen: Settings' relay panel adds a real hivepost-relay (started here on
// 127.0.0.1) with its admin key, tests it and pulls it; a wrong key is refused and nothing is kept.
// Then the campaign wizard offers the relay and its switches, and warns without one.

#include <QCheckBox>
#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "Screenshot.h"
#include "TestSupport.h"
#include "application/Application.h"
#include "campaigns/CampaignWizard.h"
#include "common/Clock.h"
#include "secrets/SecretStore.h"
#include "settings/RelaysPanel.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_RelaysPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void addTestPullAndRefuseAWrongKey();
    void wizardOffersTheRelayAndWarnsWithout();

private:
    QTemporaryDir m_dir;
    QProcess m_relay;
    QString m_url;
    QString m_key;
};

void tst_RelaysPanel::initTestCase() {
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close();
    m_url = u"http://127.0.0.1:%1"_s.arg(port);
    const test::ProcessRun init =
        test::runProcess(QStringLiteral(HIVEPOST_RELAY_PATH),
                         {u"init"_s, u"--data"_s, m_dir.filePath(u"relay"_s), u"--public-url"_s, m_url,
                          u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--json"_s});
    QVERIFY2(init.exitCode == 0, init.err.constData());
    m_key = QJsonDocument::fromJson(init.out).object().value(u"admin_key"_s).toString();
    m_relay.start(QStringLiteral(HIVEPOST_RELAY_PATH), {u"serve"_s, u"--data"_s, m_dir.filePath(u"relay"_s)});
    QVERIFY(m_relay.waitForStarted());
    QByteArray said;
    QTRY_VERIFY_WITH_TIMEOUT((said += m_relay.readAllStandardOutput()).contains("listening on") ||
                                 m_relay.state() != QProcess::Running,
                             10000);
    QVERIFY2(said.contains("listening on"), m_relay.readAllStandardError().constData());
}

void tst_RelaysPanel::cleanupTestCase() {
    m_relay.terminate();
    m_relay.waitForFinished(10000);
}

void tst_RelaysPanel::addTestPullAndRefuseAWrongKey() {
    auto db = storage::Database::open(m_dir.filePath(u"a.db"_s));
    QVERIFY(db);
    SystemClock clock;
    secrets::MemorySecretStore secrets;
    application::Application app(*db.value(), clock, secrets);
    ui::RelaysPanel panel(app);
    panel.show();
    auto *table = panel.findChild<QTableWidget *>(u"relaysTable"_s);
    auto *result = panel.findChild<QLabel *>(u"relayResult"_s);
    QVERIFY(table && result);

    panel.addRelay(u"Wrong"_s, m_url, u"hpr_not-the-key"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"was not added"_s), 10000);
    QVERIFY2(result->text().contains(u"admin key"_s), qPrintable(result->text()));
    QCOMPARE(table->rowCount(), 0);
    // Nothing half-made: no row, no secret.
    QCOMPARE(storage::TrackingStore(*db.value()).relays()->size(), 0);

    panel.addRelay(u"Main"_s, m_url, m_key);
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().startsWith(u"Added Main"_s), 10000);
    QCOMPARE(table->item(0, 1)->text(), m_url);
    table->selectRow(0);
    QTest::mouseClick(panel.findChild<QPushButton *>(u"testRelayButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"signed with key 1"_s), 10000);
    QTest::mouseClick(panel.findChild<QPushButton *>(u"pullRelayButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"0 new events"_s), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!table->item(0, 2)->text().contains(u"never"_s), 5000);
    test::screenshot(&panel, u"relays-panel"_s);

    // The wizard: the relay is offered and chosen (the only one), with both switches.
    (void)storage::TemplateStore(*db.value()).setSetting(u"sender/from_address"_s, u"news@example.com"_s);
    (void)storage::TemplateStore(*db.value())
        .setSetting(u"sender/unsubscribe_mailto"_s, u"leave@example.com"_s);
    ui::CampaignWizard wizard(*db.value());
    auto *relay = wizard.findChild<QComboBox *>(u"campaignRelay"_s);
    QVERIFY(relay);
    QCOMPARE(relay->count(), 2);
    QVERIFY(wizard.spec().relayId > 0);
    QVERIFY(wizard.spec().openTracking && wizard.spec().clickTracking);
    wizard.findChild<QCheckBox *>(u"campaignClickTracking"_s)->setChecked(false);
    QVERIFY(!wizard.spec().clickTracking);
    bool httpsWarning = false, mailtoWarning = false;
    for (const QString &w : wizard.warnings()) {
        httpsWarning = httpsWarning || w.contains(u"not on https"_s);
        mailtoWarning = mailtoWarning || w.contains(u"RFC 8058"_s);
    }
    QVERIFY(httpsWarning); // the test relay is on plain http
    QVERIFY(!mailtoWarning);
    relay->setCurrentIndex(0);
    QCOMPARE(wizard.spec().relayId, 0);
    QVERIFY(!wizard.findChild<QCheckBox *>(u"campaignOpenTracking"_s)->isEnabled());
    mailtoWarning = false;
    for (const QString &w : wizard.warnings())
        mailtoWarning = mailtoWarning || w.contains(u"RFC 8058"_s);
    QVERIFY(mailtoWarning);
}

void tst_RelaysPanel::wizardOffersTheRelayAndWarnsWithout() {
    // Without any relay the wizard offers none and warns about mailto-only unsubscribe.
    auto db = storage::Database::open(m_dir.filePath(u"b.db"_s));
    QVERIFY(db);
    (void)storage::TemplateStore(*db.value()).setSetting(u"sender/from_address"_s, u"news@example.com"_s);
    (void)storage::TemplateStore(*db.value())
        .setSetting(u"sender/unsubscribe_mailto"_s, u"leave@example.com"_s);
    ui::CampaignWizard wizard(*db.value());
    QCOMPARE(wizard.findChild<QComboBox *>(u"campaignRelay"_s)->count(), 1);
    QCOMPARE(wizard.spec().relayId, 0);
    QVERIFY(wizard.warnings().join(u'\n').contains(u"RFC 8058"_s));
}

QTEST_MAIN(tst_RelaysPanel)
#include "tst_RelaysPanel.moc"
