// KeychainStore against the real thing. Without a session bus it must fail fast with one clear
// answer; with a Secret Service (gnome-keyring in a private dbus-run-session, see the
// tst_keychain_session test in CMake) a password goes in, comes back and goes away.

#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "secrets/KeychainStore.h"
#include "secrets/SecretStore.h"

using namespace Qt::StringLiterals;
using hivepost::Result;
using hivepost::secrets::KeychainStore;

class tst_Keychain : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noKeychainFailsFastWithOneAnswer();
    void roundTripInARealKeychain();
    void cliKeepsAccountPasswordInTheKeychain();
};

void tst_Keychain::noKeychainFailsFastWithOneAnswer() {
    if (qEnvironmentVariableIsSet("HIVEPOST_KEYCHAIN_SESSION"))
        QSKIP("runs outside the keychain session");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    KeychainStore store(nullptr, 3000);
    QSignalSpy finished(&store, &KeychainStore::finished);
    store.read(u"nobody"_s);
    QVERIFY(finished.wait(10000));
    QTest::qWait(100);
    QCOMPARE(finished.count(), 1);
    const auto r = finished.at(0).at(0).value<Result<QString>>();
    QVERIFY(!r.ok());
    QVERIFY2(r.errorString().contains(u"keychain"_s), qPrintable(r.errorString()));
    QVERIFY(!store.isBusy());
}

void tst_Keychain::roundTripInARealKeychain() {
    if (!qEnvironmentVariableIsSet("HIVEPOST_KEYCHAIN_SESSION"))
        QSKIP("needs the Secret Service session set up by the tst_keychain_session test");
    KeychainStore store(nullptr, 10000);
    QSignalSpy finished(&store, &KeychainStore::finished);
    store.write(u"Test Account"_s, u"correct horse battery"_s);
    QVERIFY(finished.wait(15000));
    QVERIFY2(finished.at(0).at(0).value<Result<QString>>().ok(),
             qPrintable(finished.at(0).at(0).value<Result<QString>>().errorString()));
    store.read(u"Test Account"_s);
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.at(1).at(0).value<Result<QString>>().value(), u"correct horse battery"_s);
    store.remove(u"Test Account"_s);
    QVERIFY(finished.wait(15000));
    QVERIFY(finished.at(2).at(0).value<Result<QString>>().ok());
    store.read(u"Test Account"_s);
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.at(3).at(0).value<Result<QString>>().code(), hivepost::ErrorCode::NotFound);
}

void tst_Keychain::cliKeepsAccountPasswordInTheKeychain() {
    if (!qEnvironmentVariableIsSet("HIVEPOST_KEYCHAIN_SESSION"))
        QSKIP("needs the Secret Service session set up by the tst_keychain_session test");
    QTemporaryDir dir;
    const QString db = dir.filePath(u"k.db"_s);
    const auto cli = [&db](const QStringList &args) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HP_KEYCHAIN_PW"_s, u"tr0ub4dor"_s);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(HIVEPOST_CLI_PATH), QStringList{u"--db"_s, db} + args);
        p.waitForFinished(60000);
        return std::make_pair(p.exitCode(), QByteArray(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    auto added =
        cli({u"account"_s, u"add"_s, u"Work"_s, u"--host"_s, u"127.0.0.1"_s, u"--security"_s, u"starttls"_s,
             u"--user"_s, u"ann"_s, u"--password-env"_s, u"HP_KEYCHAIN_PW"_s, u"--json"_s});
    QCOMPARE(added.first, 0);
    QVERIFY2(added.second.contains("\"secret\":\"keychain\""), added.second.constData());
    QVERIFY(!hivepost::test::readAll(db).contains("tr0ub4dor"));

    KeychainStore store(nullptr, 10000);
    QSignalSpy finished(&store, &KeychainStore::finished);
    store.read(hivepost::secrets::SecretStore::accountKey(u"Work"_s)); // "account/Work"
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.at(0).at(0).value<Result<QString>>().value(), u"tr0ub4dor"_s);

    QCOMPARE(cli({u"account"_s, u"remove"_s, u"Work"_s}).first, 0);
    store.read(hivepost::secrets::SecretStore::accountKey(u"Work"_s)); // "account/Work"
    QVERIFY(finished.wait(15000));
    QCOMPARE(finished.at(1).at(0).value<Result<QString>>().code(), hivepost::ErrorCode::NotFound);
}

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_Keychain.moc"
