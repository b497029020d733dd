// What Hivepost does about bounces, on a real SQLite file: a hard bounce suppresses at once, soft
// ones after 3 in 30 days, a complaint unsubscribes and suppresses, an e-mail to the unsubscribe
// address unsubscribes; each is logged with its evidence and can be undone exactly; SMTP-time
// refusals from a campaign ledger land in the same log once; other e-mail is left alone.

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "bounce/BounceProcessor.h"
#include "import/ContactImporter.h"
#include "storage/BounceStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/SuppressionStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

constexpr qint64 Day = 86'400'000;
constexpr qint64 T0 = 1'790'000'000'000;

QByteArray dsn(const QString &to, const QByteArray &status, const QByteArray &diagnostic) {
    return "From: MAILER-DAEMON@mx.example.org\nTo: news@example.com\nSubject: Undelivered Mail Returned to "
           "Sender\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n"
           "Content-Type: text/plain\n\nYour message could not be delivered.\n--B\n"
           "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\nFinal-Recipient: "
           "rfc822; " +
           to.toUtf8() + "\nAction: failed\nStatus: " + status + "\nDiagnostic-Code: smtp; " + diagnostic +
           "\n\n--B--\n";
}

} // namespace

class tst_BounceActions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void hardBounceSuppressesAndUndoPutsBack();
    void softBouncesSuppressAfterThreeInThirtyDays();
    void complaintAndUnsubscribeEmail();
    void ledgerRefusalsLandOnce();
    void bounceWithoutTokenFoundByMessageId();
    void otherMailIsLeftAlone();

private:
    QString status(const QString &email) { return storage::BounceStore(*m_db).contactStatus(email).value(); }
    bool suppressed(const QString &email) {
        return storage::SuppressionStore(*m_db).snapshot().value().contains(email);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<storage::Database> m_db;
};

void tst_BounceActions::init() {
    QFile::remove(m_dir.filePath(u"b.db"_s));
    auto db = storage::Database::open(m_dir.filePath(u"b.db"_s));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    const QString csv = m_dir.filePath(u"c.csv"_s);
    QVERIFY(test::writeFile(csv,
                            "email\nann@example.net\nbob@example.net\ncarol@example.net\ndan@example.net\n"));
    import::ImportOptions o;
    o.path = csv;
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(*m_db).run(o).outcome, import::ImportReport::Outcome::Completed);
}

void tst_BounceActions::cleanup() {
    m_db.reset();
}

void tst_BounceActions::hardBounceSuppressesAndUndoPutsBack() {
    bounce::BounceProcessor p(*m_db);
    auto r = p.processMessage(dsn(u"ann@example.net"_s, "5.1.1", "550 5.1.1 <ann@example.net>: User unknown"),
                              u"file"_s, u"ann.eml"_s, T0);
    QVERIFY2(r.ok(), qPrintable(r.errorString()));
    QCOMPARE(r->bounces, 1);
    QCOMPARE(r->suppressed, 1);
    QCOMPARE(status(u"ann@example.net"_s), u"bounced"_s);
    QVERIFY(suppressed(u"ann@example.net"_s));
    const auto log = storage::BounceStore(*m_db).list({}).value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log[0].reason, u"userunknown"_s);
    QVERIFY(log[0].hard);
    QCOMPARE(log[0].action, u"suppressed"_s);
    QCOMPARE(log[0].evidence, u"ann.eml"_s);
    QVERIFY(log[0].contactId > 0);

    QVERIFY(p.undo(log[0].id, T0 + 1).value());
    QCOMPARE(status(u"ann@example.net"_s), u"subscribed"_s);
    QVERIFY(!suppressed(u"ann@example.net"_s));
    QVERIFY(!p.undo(log[0].id, T0 + 2).value()); // once
    QVERIFY(storage::BounceStore(*m_db).byId(log[0].id).value().undoneAt > 0);

    // A suppression the user made before is not the bounce's to take away.
    QVERIFY(storage::SuppressionStore(*m_db).add(u"bob@example.net"_s, u"asked by phone"_s).value());
    QVERIFY(p.processMessage(dsn(u"bob@example.net"_s, "5.1.1", "550 5.1.1 no such user"), u"file"_s, {}, T0)
                .ok());
    const qint64 bob = storage::BounceStore(*m_db).list({}).value().constFirst().id;
    QVERIFY(p.undo(bob, T0 + 3).value());
    QVERIFY(suppressed(u"bob@example.net"_s));
    QCOMPARE(status(u"bob@example.net"_s), u"subscribed"_s);
}

void tst_BounceActions::softBouncesSuppressAfterThreeInThirtyDays() {
    bounce::BounceProcessor p(*m_db);
    const QByteArray full = dsn(u"carol@example.net"_s, "4.2.2", "452 4.2.2 Mailbox full");
    QVERIFY(p.processMessage(full, u"file"_s, {}, T0).ok());
    QVERIFY(p.processMessage(full, u"file"_s, {}, T0 + 40 * Day).ok()); // the first is out of the window
    QVERIFY(p.processMessage(full, u"file"_s, {}, T0 + 50 * Day).ok());
    QCOMPARE(status(u"carol@example.net"_s), u"subscribed"_s);
    QVERIFY(!suppressed(u"carol@example.net"_s));
    auto third = p.processMessage(full, u"file"_s, {}, T0 + 60 * Day);
    QCOMPARE(third->suppressed, 1);
    QCOMPARE(status(u"carol@example.net"_s), u"bounced"_s);
    QVERIFY(suppressed(u"carol@example.net"_s));
    const auto log = storage::BounceStore(*m_db).list({}).value();
    QCOMPARE(log.size(), 4);
    QCOMPARE(log[0].reason, u"mailboxfull"_s);
    QVERIFY(!log[0].hard);
    QCOMPARE(log[0].action, u"suppressed"_s);
    QCOMPARE(log[1].action, u"none"_s);
}

void tst_BounceActions::complaintAndUnsubscribeEmail() {
    bounce::BounceProcessor p(*m_db);
    const QByteArray arf =
        "From: fbl@isp.example\nTo: abuse@example.com\nSubject: complaint\nContent-Type: multipart/report; "
        "report-type=feedback-report; boundary=b\n\n--b\nContent-Type: text/plain\n\nA complaint.\n--b\n"
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nOriginal-Rcpt-To: "
        "<dan@example.net>\n\n--b--\n";
    auto c = p.processMessage(arf, u"mailbox"_s, u"Bounces, UID 7"_s, T0);
    QCOMPARE(c->complaints, 1);
    QCOMPARE(status(u"dan@example.net"_s), u"complained"_s);
    QVERIFY(suppressed(u"dan@example.net"_s));

    QVERIFY(storage::TemplateStore(*m_db)
                .setSetting(u"sender/unsubscribe_mailto"_s, u"unsub@example.com"_s)
                .ok());
    const QByteArray unsubscribe =
        "From: Bob <BOB@example.net>\nTo: <unsub@example.com>\nSubject: unsubscribe\n\nx\n";
    auto u = p.processMessage(unsubscribe, u"mailbox"_s, {}, T0);
    QCOMPARE(u->unsubscribes, 1);
    QCOMPARE(status(u"bob@example.net"_s), u"unsubscribed"_s);
    QVERIFY(!suppressed(u"bob@example.net"_s));
    const qint64 id = storage::BounceStore(*m_db).list({}).value().constFirst().id;
    QVERIFY(p.undo(id, T0 + 1).value());
    QCOMPARE(status(u"bob@example.net"_s), u"subscribed"_s);
}

void tst_BounceActions::ledgerRefusalsLandOnce() {
    storage::ContactStore contacts(*m_db);
    storage::LedgerStore ledger(*m_db);
    auto id = ledger.create(
        {u"Spring"_s, u"T"_s, {contacts.listId(u"L"_s).value()}, {}, u"news@example.com"_s, {}, 0, {}, 0});
    QVERIFY(id.ok());
    auto claimed = ledger.claim(id.value(), 2, T0).value();
    QCOMPARE(claimed.size(), 2);
    storage::RecipientOutcome refused;
    refused.id = claimed[0].id;
    refused.state = storage::LedgerState::Failed;
    refused.replyCode = 550;
    refused.enhancedStatus = u"5.1.1"_s;
    refused.replyText = u"550 5.1.1 The email account that you tried to reach does not exist"_s;
    storage::RecipientOutcome sent;
    sent.id = claimed[1].id;
    sent.state = storage::LedgerState::Sent;
    sent.replyCode = 250;
    QVERIFY(storage::LedgerStore(*m_db).record({refused, sent}, T0, {}).ok());

    bounce::BounceProcessor p(*m_db);
    auto first = p.processLedger(T0 + 1);
    QVERIFY2(first.ok(), qPrintable(first.errorString()));
    QCOMPARE(first->bounces, 1);
    QCOMPARE(first->suppressed, 1);
    QCOMPARE(p.processLedger(T0 + 2)->bounces, 0);
    storage::BounceFilter f;
    f.campaignId = id.value();
    const auto log = storage::BounceStore(*m_db).list(f).value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log[0].source, u"smtp"_s);
    QCOMPARE(log[0].email, claimed[0].email);
    QCOMPARE(log[0].campaign, u"Spring"_s);
    QCOMPARE(log[0].reason, u"userunknown"_s);
    QCOMPARE(log[0].receivedAt, T0 / 1000 * 1000); // when the server refused it, in ms like every time
    QVERIFY(suppressed(claimed[0].email));
}

void tst_BounceActions::bounceWithoutTokenFoundByMessageId() {
    // A bounce that lost the VERP address and X-Hivepost-ID still quotes the Message-ID the ledger kept.
    storage::ContactStore contacts(*m_db);
    storage::LedgerStore ledger(*m_db);
    auto id = ledger.create(
        {u"Summer"_s, u"T"_s, {contacts.listId(u"L"_s).value()}, {}, u"news@example.com"_s, {}, 0, {}, 0});
    QVERIFY(id.ok());
    auto claimed = ledger.claim(id.value(), 1, T0).value();
    QCOMPARE(claimed.size(), 1);
    storage::RecipientOutcome sent;
    sent.id = claimed[0].id;
    sent.state = storage::LedgerState::Sent;
    sent.replyCode = 250;
    sent.messageId = u"lx2.abc123@example.com"_s;
    QVERIFY(ledger.record({sent}, T0, {}).ok());
    const QByteArray bounce = dsn(claimed[0].email, "5.1.1", "550 5.1.1 User unknown")
                                  .replace("\n--B--\n", "\n--B\nContent-Type: text/rfc822-headers\n\n"
                                                        "Message-ID: <lx2.abc123@example.com>\n\n--B--\n");
    bounce::BounceProcessor p(*m_db);
    auto done = p.processMessage(bounce, u"file"_s, u"test"_s, T0 + Day);
    QVERIFY2(done.ok(), qPrintable(done.errorString()));
    QCOMPARE(done->bounces, 1);
    storage::BounceFilter f;
    f.campaignId = id.value();
    const auto log = storage::BounceStore(*m_db).list(f).value();
    QCOMPARE(log.size(), 1);
    QCOMPARE(log[0].campaign, u"Summer"_s);
    QCOMPARE(log[0].email, claimed[0].email);
    // A Message-ID this database never sent belongs to no campaign.
    const QByteArray stranger = dsn(u"zed@example.net"_s, "5.1.1", "550 5.1.1 User unknown")
                                    .replace("\n--B--\n", "\n--B\nContent-Type: text/rfc822-headers\n\n"
                                                          "Message-ID: <other@example.org>\n\n--B--\n");
    QVERIFY(p.processMessage(stranger, u"file"_s, u"test2"_s, T0 + Day).ok());
    QCOMPARE(storage::BounceStore(*m_db).list(f).value().size(), 1);
}

void tst_BounceActions::otherMailIsLeftAlone() {
    bounce::BounceProcessor p(*m_db);
    auto r = p.processMessage("From: erin@example.net\nTo: news@example.com\nSubject: Re: hi\n\nThanks!\n",
                              u"mailbox"_s, {}, T0);
    QCOMPARE(r->other, 1);
    QVERIFY(storage::BounceStore(*m_db).list({}).value().isEmpty());
}

QTEST_GUILESS_MAIN(tst_BounceActions)
#include "tst_BounceActions.moc"
