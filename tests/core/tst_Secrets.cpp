// The secret stores behind one interface: memory, a private file (0600, refused when others may read
// it, left alone when damaged), the spec a composition root reads; and the DKIM keys, saved in the
// store and moved there from a database an older Hivepost wrote, with no copy left in its files.

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "campaign/CampaignMessages.h"
#include "campaign/DkimKeys.h"
#include "mime/DkimSigner.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using secrets::SecretStore;

namespace {

// Waits for one answer, and checks it did not come from inside the call.
template <typename T>
T answerOf(const std::function<void(std::function<void(const T &)>)> &call) {
    std::optional<T> answer;
    bool inside = true;
    call([&](const T &r) {
        if (inside)
            qFatal("answered from inside the call");
        answer = r;
    });
    inside = false;
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        qFatal("no answer");
    return *answer;
}

Result<QString> readFrom(SecretStore &s, const QString &key) {
    return answerOf<Result<QString>>([&](auto done) { s.read(key, done); });
}
Result<void> writeTo(SecretStore &s, const QString &key, const QString &value) {
    return answerOf<Result<void>>([&](auto done) { s.write(key, value, done); });
}
Result<void> removeFrom(SecretStore &s, const QString &key) {
    return answerOf<Result<void>>([&](auto done) { s.remove(key, done); });
}

} // namespace

class tst_Secrets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void memoryRoundTrip();
    void fileIsPrivateAndSurvivesARestart();
    void fileReadableByOthersIsRefused();
    void damagedFileIsLeftAlone();
    void specs();
    void dkimKeyIsSavedInTheStoreOnly();
    void dkimKeysMoveOutOfAnOlderDatabase();

private:
    QTemporaryDir m_dir;
};

void tst_Secrets::memoryRoundTrip() {
    secrets::MemorySecretStore store;
    QCOMPARE(readFrom(store, u"account/A"_s).code(), ErrorCode::NotFound);
    QVERIFY(writeTo(store, u"account/A"_s, u"sesame"_s).ok());
    QCOMPARE(readFrom(store, u"account/A"_s).value(), u"sesame"_s);
    QVERIFY(removeFrom(store, u"account/A"_s).ok());
    QCOMPARE(readFrom(store, u"account/A"_s).code(), ErrorCode::NotFound);
    QVERIFY(removeFrom(store, u"account/A"_s).ok()); // nothing there is not an error
}

void tst_Secrets::fileIsPrivateAndSurvivesARestart() {
    const QString path = m_dir.filePath(u"etc/hivepost/secrets.json"_s); // the folder is made too
    {
        secrets::FileSecretStore store(path);
        QVERIFY(writeTo(store, SecretStore::accountKey(u"Relay"_s), u"correct horse"_s).ok());
        QVERIFY(
            writeTo(store, SecretStore::dkimKey(u"Example.COM"_s), u"-----BEGIN PRIVATE KEY-----"_s).ok());
        QVERIFY(store.description().contains(path));
    }
    QCOMPARE(QFile(path).permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther |
                                          QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
    secrets::FileSecretStore again(path); // another process, later
    QCOMPARE(readFrom(again, u"account/Relay"_s).value(), u"correct horse"_s);
    QCOMPARE(readFrom(again, u"dkim/example.com"_s).value(), u"-----BEGIN PRIVATE KEY-----"_s);
    QVERIFY(removeFrom(again, u"account/Relay"_s).ok());
    QCOMPARE(readFrom(again, u"account/Relay"_s).code(), ErrorCode::NotFound);
    QVERIFY(!test::readAll(path).contains("correct horse"));
    QCOMPARE(QFile(path).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions()); // still private after a rewrite
}

void tst_Secrets::fileReadableByOthersIsRefused() {
    const QString path = m_dir.filePath(u"open.json"_s);
    QVERIFY(test::writeFile(path, "{\"account/A\": \"sesame\"}"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                            QFileDevice::ReadGroup | QFileDevice::ReadOther)); // 0644
    secrets::FileSecretStore store(path);
    const auto read = readFrom(store, u"account/A"_s);
    QVERIFY(!read.ok());
    QVERIFY2(read.errorString().contains(u"chmod 600"_s), qPrintable(read.errorString()));
    QVERIFY(!writeTo(store, u"account/B"_s, u"x"_s).ok()); // nothing added to a file others can read
    QCOMPARE(test::readAll(path), QByteArray("{\"account/A\": \"sesame\"}"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    QCOMPARE(readFrom(store, u"account/A"_s).value(), u"sesame"_s);
}

void tst_Secrets::damagedFileIsLeftAlone() {
    const QString path = m_dir.filePath(u"damaged.json"_s);
    QVERIFY(test::writeFile(path, "{\"account/A\": \"ses"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    secrets::FileSecretStore store(path);
    const auto written = writeTo(store, u"account/B"_s, u"x"_s);
    QVERIFY(!written.ok());
    QVERIFY2(written.errorString().contains(u"damaged"_s), qPrintable(written.errorString()));
    QCOMPARE(test::readAll(path), QByteArray("{\"account/A\": \"ses")); // what was there is kept
}

void tst_Secrets::specs() {
    QVERIFY(dynamic_cast<secrets::MemorySecretStore *>(SecretStore::fromSpec(u"memory"_s).value().get()));
    QVERIFY(dynamic_cast<secrets::KeychainSecretStore *>(SecretStore::fromSpec(u"keychain"_s).value().get()));
    auto file = SecretStore::fromSpec(u"file:relative/s.json"_s);
    QVERIFY(file.ok());
    QVERIFY(QDir::isAbsolutePath(static_cast<secrets::FileSecretStore *>(file.value().get())->path()));
    QVERIFY(!SecretStore::fromSpec(u"vault"_s).ok());
    QVERIFY(!SecretStore::fromSpec(u"file:"_s).ok());
    qputenv("HIVEPOST_SECRETS", "memory");
    QCOMPARE(SecretStore::specFromEnvironment(), u"memory"_s);
    qunsetenv("HIVEPOST_SECRETS");
    QCOMPARE(SecretStore::specFromEnvironment(), u"keychain"_s);
}

void tst_Secrets::dkimKeyIsSavedInTheStoreOnly() {
    auto opened = storage::Database::open(m_dir.filePath(u"new.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    const auto pair = mime::DkimSigner::generate(mime::DkimSigner::Algorithm::Ed25519Sha256);
    QVERIFY(pair.ok());
    secrets::MemorySecretStore store;
    campaign::DkimKeys keys(db, store);
    QVERIFY(answerOf<Result<void>>([&](auto done) {
                keys.store({u"Example.com"_s, u"s1"_s, u"ed25519-sha256"_s, pair->privateKeyPem}, done);
            }).ok());
    const auto row = storage::TemplateStore(db).dkimKey(u"example.com"_s).value();
    QVERIFY(row.has_value());
    QVERIFY(row->inSecretStore());
    QCOMPARE(row->selector, u"s1"_s);
    QCOMPARE(readFrom(store, u"dkim/example.com"_s).value().toLatin1(), pair->privateKeyPem);
    const auto pem = answerOf<Result<QByteArray>>([&](auto done) { keys.fetch(u"example.com"_s, done); });
    QCOMPARE(pem.value(), pair->privateKeyPem);
    QCOMPARE(answerOf<Result<QByteArray>>([&](auto done) { keys.fetch(u"other.test"_s, done); }).value(),
             QByteArray()); // no key: nothing to sign with, not an error

    // Sending needs the key from the store: without it the message is not made unsigned.
    storage::TemplateStore templates(db);
    storage::StoredTemplate t;
    t.name = u"T"_s;
    t.subject = u"Hi"_s;
    t.html = u"<p>Hi</p>"_s;
    QVERIFY(templates.save(t).ok());
    QVERIFY(templates.setSetting(u"sender/from_address"_s, u"news@example.com"_s).ok());
    QCOMPARE(campaign::CampaignMessages::signingDomain(db), u"example.com"_s);
    QCOMPARE(campaign::CampaignMessages::load(db, u"T"_s).code(), ErrorCode::NotFound);
    auto messages = campaign::CampaignMessages::load(db, u"T"_s, {}, {}, pem.value());
    QVERIFY(messages.ok());
    const auto m = messages->compose(messages->recipient(u"a@example.org"_s, {}, {}, {}, {}));
    QVERIFY(m.value().startsWith("DKIM-Signature: v=1; a=ed25519-sha256;"));
    // A store that lost the key says so.
    QVERIFY(removeFrom(store, u"dkim/example.com"_s).ok());
    const auto lost = answerOf<Result<QByteArray>>([&](auto done) { keys.fetch(u"example.com"_s, done); });
    QVERIFY(!lost.ok());
    QVERIFY2(lost.errorString().contains(u"example.com"_s), qPrintable(lost.errorString()));
}

void tst_Secrets::dkimKeysMoveOutOfAnOlderDatabase() {
    const QString path = m_dir.filePath(u"old.db"_s);
    auto opened = storage::Database::open(path);
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    const auto rsa = mime::DkimSigner::generate(mime::DkimSigner::Algorithm::RsaSha256);
    const auto ed = mime::DkimSigner::generate(mime::DkimSigner::Algorithm::Ed25519Sha256);
    QVERIFY(rsa.ok() && ed.ok());
    // As Hivepost before the secret store kept them: the PEM in the row.
    storage::TemplateStore templates(db);
    QVERIFY(templates.setDkimKey({u"a.example"_s, u"s1"_s, u"rsa-sha256"_s, rsa->privateKeyPem}).ok());
    QVERIFY(templates.setDkimKey({u"b.example"_s, u"s2"_s, u"ed25519-sha256"_s, ed->privateKeyPem}).ok());
    QCOMPARE(templates.dkimKeysInDatabase().value().size(), 2);

    secrets::FileSecretStore store(m_dir.filePath(u"moved.json"_s));
    campaign::DkimKeys keys(db, store);
    QCOMPARE(answerOf<Result<int>>([&](auto done) { keys.moveAll(done); }).value(), 2);
    QVERIFY(templates.dkimKeysInDatabase().value().isEmpty());
    QCOMPARE(readFrom(store, u"dkim/a.example"_s).value().toLatin1(), rsa->privateKeyPem);
    QCOMPARE(readFrom(store, u"dkim/b.example"_s).value().toLatin1(), ed->privateKeyPem);
    const auto row = templates.dkimKey(u"a.example"_s).value();
    QVERIFY(row && row->inSecretStore() && row->selector == u"s1"_s);
    // Not a byte of either key is left in the database's files.
    for (const QString &file : {path, QString(path + u"-wal"_s)}) {
        const QByteArray bytes = test::readAll(file);
        QVERIFY2(!bytes.contains("PRIVATE KEY") && !bytes.contains(rsa->privateKeyPem.mid(40, 40)),
                 qPrintable(file));
    }
    QCOMPARE(answerOf<Result<int>>([&](auto done) { keys.moveAll(done); }).value(), 0); // once

    // A key an older Hivepost left is moved on first use too, and signs on the way.
    QVERIFY(templates.setDkimKey({u"c.example"_s, u"s3"_s, u"rsa-sha256"_s, rsa->privateKeyPem}).ok());
    QCOMPARE(answerOf<Result<QByteArray>>([&](auto done) { keys.fetch(u"c.example"_s, done); }).value(),
             rsa->privateKeyPem);
    QVERIFY(templates.dkimKey(u"c.example"_s).value()->inSecretStore());
}

QTEST_MAIN(tst_Secrets)
#include "tst_Secrets.moc"
