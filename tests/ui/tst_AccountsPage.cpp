// The accounts page, offscreen, against scripted servers on 127.0.0.1: a marketer adds an account,
// tests it (the conversation shows step by step), meets an untrusted certificate, trusts it for
// this account, tests again; and keeps a password in a private file, never in the database.

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "ScriptedSmtpServer.h"
#include "TestSupport.h"
#include "UnavailableSecretStore.h"
#include "accounts/AccountsPage.h"
#include "application/Application.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_AccountsPage : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void addTestTrustAndPassword();
    void keychainMissingThenSessionPassword();

private:
    QTemporaryDir m_dir;
    test::TestCertificates m_certs;
};

void tst_AccountsPage::initTestCase() {
    QVERIFY(test::makeTestCertificates(m_dir.path(), &m_certs));
}

void tst_AccountsPage::addTestTrustAndPassword() {
    auto db = storage::Database::open(m_dir.filePath(u"a.db"_s));
    QVERIFY(db.ok());
    SystemClock clock;
    secrets::MemorySecretStore secrets;
    application::Application app(*db.value(), clock, secrets);
    ui::AccountsPage page(app);
    page.resize(1100, 760);
    page.show();
    auto *name = page.findChild<QLineEdit *>(u"accountName"_s);
    auto *host = page.findChild<QLineEdit *>(u"hostEdit"_s);
    auto *port = page.findChild<QSpinBox *>(u"portSpin"_s);
    auto *security = page.findChild<QComboBox *>(u"securityCombo"_s);
    auto *auth = page.findChild<QComboBox *>(u"authCombo"_s);
    auto *problem = page.findChild<QLabel *>(u"problemLabel"_s);
    auto *list = page.findChild<QListWidget *>(u"accountList"_s);

    name->setText(u"Local"_s);
    auth->setCurrentIndex(auth->findData(u"none"_s));
    QVERIFY(!page.save());
    QVERIFY(problem->text().contains(u"server name"_s));

    test::ScriptedSmtpServer plain({u"S: 220 mx.test"_s, u"C: EHLO .*"_s, u"S: 250-mx.test"_s,
                                    u"S: 250 PIPELINING"_s, u"C: QUIT"_s, u"S: 221 bye"_s});
    host->setText(u"localhost"_s);
    security->setCurrentIndex(security->findData(u"none"_s));
    port->setValue(plain.listenLocal());
    QVERIFY(page.save());
    QCOMPARE(list->count(), 1);
    QVERIFY(list->item(0)->text().contains(u"not tested"_s));

    QSignalSpy tested(&page, &ui::AccountsPage::testFinished);
    page.testConnection();
    QVERIFY(tested.wait());
    QCOMPARE(tested.at(0).at(0).toBool(), true);
    const QString log = page.findChild<QPlainTextEdit *>(u"testLog"_s)->toPlainText();
    QVERIFY2(log.contains(u"C: EHLO"_s) && log.contains(u"PIPELINING"_s) && log.contains(u"Connected."_s),
             qPrintable(log));
    QVERIFY(list->item(0)->text().contains(u"test passed"_s));

    // TLS with a certificate no CA vouches for: refused, shown, trusted, then accepted.
    test::ScriptedSmtpServer tls({u"S: 220 mx"_s, u"C: EHLO .*"_s, u"S: 250 mx"_s});
    tls.setCertificate(m_certs.selfSigned, m_certs.selfSignedKey, true);
    security->setCurrentIndex(security->findData(u"tls"_s));
    port->setValue(tls.listenLocal());
    QVERIFY(page.save());
    page.testConnection();
    QVERIFY(tested.wait());
    QCOMPARE(tested.at(1).at(0).toBool(), false);
    QMessageBox *dialog = nullptr;
    QTRY_VERIFY((dialog = page.findChild<QMessageBox *>(u"certificateDialog"_s)) != nullptr);
    QVERIFY(dialog->informativeText().contains(u"SHA-256"_s));
    QVERIFY(list->item(0)->text().contains(u"test failed"_s));
    dialog->reject();
    QVERIFY(page.trustRejectedCertificate());
    const QString pinned = QString::fromLatin1(m_certs.selfSigned.digest(QCryptographicHash::Sha256).toHex());
    QVERIFY(page.findChild<QLabel *>(u"pinnedLabel"_s)->text().contains(pinned));
    test::ScriptedSmtpServer tls2(
        {u"S: 220 mx"_s, u"C: EHLO .*"_s, u"S: 250 mx"_s, u"C: QUIT"_s, u"S: 221 bye"_s});
    tls2.setCertificate(m_certs.selfSigned, m_certs.selfSignedKey, true);
    port->setValue(tls2.listenLocal());
    QVERIFY(page.save());
    page.testConnection();
    QVERIFY(tested.wait());
    QCOMPARE(tested.at(2).at(0).toBool(), true);

    // A password kept in a private file: mode 600, and not in the database.
    auth->setCurrentIndex(auth->findData(u"plain"_s));
    page.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"ann"_s);
    QVERIFY(page.storePasswordInFile(u"correct horse"_s));
    QVERIFY(page.save());
    const QString file = page.editedAccount().secretRef.mid(5);
    QCOMPARE(QFile(file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QCOMPARE(test::readAll(file), QByteArray("correct horse"));
    db.value().reset();
    QVERIFY(!test::readAll(m_dir.filePath(u"a.db"_s)).contains("correct horse"));
    QFile::remove(file);
}

void tst_AccountsPage::keychainMissingThenSessionPassword() {
    auto db = storage::Database::open(m_dir.filePath(u"k.db"_s));
    QVERIFY(db.ok());
    SystemClock clock;
    test::UnavailableSecretStore secrets; // a desktop without Secret Service
    application::Application app(*db.value(), clock, secrets);
    ui::AccountsPage page(app);
    page.show();
    test::ScriptedSmtpServer server({u"S: 220 mx"_s, u"C: EHLO .*"_s, u"S: 250-mx"_s, u"S: 250 AUTH PLAIN"_s,
                                     u"C: AUTH PLAIN AGFubgBzZXNhbWU="_s, u"S: 235 ok"_s, u"C: QUIT"_s,
                                     u"S: 221 bye"_s});
    page.findChild<QLineEdit *>(u"accountName"_s)->setText(u"Session"_s);
    page.findChild<QLineEdit *>(u"hostEdit"_s)->setText(u"localhost"_s);
    auto *security = page.findChild<QComboBox *>(u"securityCombo"_s);
    security->setCurrentIndex(security->findData(u"none"_s));
    page.findChild<QSpinBox *>(u"portSpin"_s)->setValue(server.listenLocal());
    page.findChild<QLineEdit *>(u"userEdit"_s)->setText(u"ann"_s);
    page.findChild<QCheckBox *>()->setChecked(true); // allow the password without encryption (a test server)
    auto *kind = page.findChild<QComboBox *>(u"secretKind"_s);
    QCOMPARE(kind->currentData().toString(), u"keychain"_s); // the default
    page.findChild<QLineEdit *>(u"passwordEdit"_s)->setText(u"sesame"_s);
    QSignalSpy stored(&page, &ui::AccountsPage::passwordStored);
    QVERIFY(page.save());
    QMessageBox *dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = page.findChild<QMessageBox *>(u"keychainFailedDialog"_s)) != nullptr,
                             15000);
    QVERIFY(dialog->text().contains(u"keychain"_s));
    QAbstractButton *keep = nullptr;
    for (QAbstractButton *b : dialog->buttons()) {
        if (dialog->buttonRole(b) == QMessageBox::AcceptRole)
            keep = b;
    }
    QVERIFY(keep);
    keep->click();
    QTRY_COMPARE(stored.count(), 1);
    QCOMPARE(stored.at(0).at(0).toBool(), true);
    QCOMPARE(page.editedAccount().secretRef, u"session"_s);
    QVERIFY(page.findChild<QLineEdit *>(u"passwordEdit"_s)->text().isEmpty());

    QSignalSpy tested(&page, &ui::AccountsPage::testFinished);
    page.testConnection();
    QVERIFY(tested.wait());
    QCOMPARE(tested.at(0).at(0).toBool(), true);
    QVERIFY2(server.failure().isEmpty(), qPrintable(server.failure()));
    db.value().reset();
    QVERIFY(!test::readAll(m_dir.filePath(u"k.db"_s)).contains("sesame"));
}

QTEST_MAIN(tst_AccountsPage)
#include "tst_AccountsPage.moc"
