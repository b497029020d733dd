// The campaign report agrees exactly with the ledger, on a real SQLite file: a campaign whose sending
// had a transient failure that was retried, a crash with one message in flight at its final "."
// (unknown) and one not yet (sent again after recovery), a permanent refusal, and, days later, a
// bounce e-mail for a message the server had accepted and a complaint. Also the CSV exports.

#include <QBuffer>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "bounce/BounceProcessor.h"
#include "import/ContactImporter.h"
#include "report/CampaignReport.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

constexpr qint64 T0 = 1'790'000'000'000;
constexpr qint64 Day = 86'400'000;

QByteArray returned(const QString &to, const QByteArray &messageId, const QByteArray &status,
                    const QByteArray &diagnostic) {
    return "From: MAILER-DAEMON@mx.example.org\nTo: news@example.com\nSubject: Undelivered Mail\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n"
           "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
           "Final-Recipient: rfc822; " +
           to.toUtf8() + "\nAction: failed\nStatus: " + status + "\nDiagnostic-Code: smtp; " + diagnostic +
           "\n\n--B\nContent-Type: text/rfc822-headers\n\nMessage-ID: <" + messageId + ">\n\n--B--\n";
}

} // namespace

class tst_Report : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void reportAgreesWithTheLedger();
};

void tst_Report::reportAgreesWithTheLedger() {
    QTemporaryDir dir;
    auto opened = storage::Database::open(dir.filePath(u"r.db"_s));
    QVERIFY(opened.ok());
    storage::Database &db = *opened.value();
    const QString csv = dir.filePath(u"c.csv"_s);
    QVERIFY(test::writeFile(csv, "email\na1@a.test\na2@a.test\na3@a.test\na4@a.test\na5@a.test\nb1@b.test\n"
                                 "b2@b.test\nb3@b.test\nquit@b.test\nx@blocked.test\n"));
    import::ImportOptions o;
    o.path = csv;
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(db).run(o).outcome, import::ImportReport::Outcome::Completed);
    storage::ContactStore contacts(db);
    storage::Contact quit = contacts.page({0, u"quit@"_s, {}}, 0, 0, 1).value().constFirst();
    quit.status = u"unsubscribed"_s;
    QVERIFY(contacts.update(quit).ok());
    QVERIFY(storage::SuppressionStore(db).add(u"@blocked.test"_s, u"competitor"_s).ok());
    storage::Account account;
    account.name = u"Main"_s;
    account.host = u"127.0.0.1"_s;
    account.port = 25;
    account.security = u"none"_s;
    const qint64 accountId = storage::AccountStore(db).add(account).value();

    storage::LedgerStore ledger(db);
    const qint64 id = ledger
                          .create({u"Spring"_s,
                                   u"T"_s,
                                   {contacts.listId(u"L"_s).value()},
                                   {},
                                   u"news@example.com"_s,
                                   {},
                                   0,
                                   {},
                                   0})
                          .value();
    const QList<storage::ClaimedRecipient> claimed = ledger.claim(id, 100, T0).value();
    QCOMPARE(claimed.size(), 8); // quit and x are skipped
    QHash<QString, qint64> idOf;
    for (const storage::ClaimedRecipient &c : claimed)
        idOf.insert(c.email, c.id);
    const auto outcome = [&](const QString &email, const QString &state, int code, const QString &status,
                             const QString &text) {
        storage::RecipientOutcome r;
        r.id = idOf.value(email);
        r.state = storage::ledgerStateFrom(QStringView(state)).value();
        r.accountId = accountId;
        r.replyCode = code;
        r.enhancedStatus = status;
        r.replyText = text;
        r.replyMs = 100;
        r.messageId = state == u"sent"_s ? email + u".mid@example.com"_s : QString();
        r.nextAttemptAt = state == u"deferred"_s ? T0 + 300'000 : 0;
        r.deferredSince = state == u"deferred"_s ? T0 : 0;
        return r;
    };
    QVERIFY(ledger
                .record({outcome(u"a1@a.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s),
                         outcome(u"a2@a.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s),
                         outcome(u"a3@a.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s),
                         outcome(u"b1@b.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s),
                         outcome(u"a4@a.test"_s, u"failed"_s, 550, u"5.1.1"_s, u"550 5.1.1 User unknown"_s),
                         outcome(u"b2@b.test"_s, u"deferred"_s, 421, u"4.7.0"_s,
                                 u"421 4.7.0 Too many messages, rate limited"_s)},
                        T0, {{idOf.value(u"a5@a.test"_s), accountId}})
                .ok());
    // A crash now: a5's "." had gone out (its outcome is unknown); b3 had not (it goes again).
    const auto recovered = ledger.recover(id).value();
    QCOMPARE(recovered, qMakePair(1, 1));
    // The retry, five minutes later: the deferred one and the recovered one are both accepted.
    const QList<storage::ClaimedRecipient> again = ledger.claim(id, 100, T0 + 300'000).value();
    QCOMPARE(again.size(), 2);
    QVERIFY(ledger
                .record({outcome(u"b2@b.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s),
                         outcome(u"b3@b.test"_s, u"sent"_s, 250, u"2.0.0"_s, u"250 ok"_s)},
                        T0 + 300'000)
                .ok());

    // Days later: a2's mailbox turns out full, and a3 complains.
    bounce::BounceProcessor processor(db);
    QVERIFY(processor.processLedger(T0 + Day).ok());
    QVERIFY(processor
                .processMessage(
                    returned(u"a2@a.test"_s, "a2@a.test.mid@example.com", "5.2.2", "552 5.2.2 Mailbox full"),
                    u"file"_s, u"test"_s, T0 + 3 * Day)
                .ok());
    const QByteArray arf =
        "From: fbl@isp.example\nTo: abuse@example.com\nSubject: complaint\nContent-Type: multipart/report; "
        "report-type=feedback-report; boundary=b\n\n--b\nContent-Type: text/plain\n\nA complaint.\n--b\n"
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x/1\nVersion: 1\n"
        "Original-Rcpt-To: <a3@a.test>\n\n--b\nContent-Type: message/rfc822\n\nTo: a3@a.test\n"
        "Message-ID: <a3@a.test.mid@example.com>\n\nhi\n--b--\n";
    QVERIFY(processor.processMessage(arf, u"file"_s, u"test2"_s, T0 + 4 * Day).ok());

    const report::ReportBuilder builder(db);
    auto built = builder.campaign(u"Spring"_s);
    QVERIFY2(built.ok(), qPrintable(built.errorString()));
    const report::CampaignReport &r = built.value();
    const report::CampaignSummary &s = r.summary;
    // The ledger's own counts, state by state.
    const QHash<QString, qint64> counts = ledger.countsByState(id).value();
    QCOMPARE(s.recipients, 10);
    QCOMPARE(s.sent, counts.value(u"sent"_s));
    QCOMPARE(s.sent, 6);
    QCOMPARE(s.failed, counts.value(u"failed"_s));
    QCOMPARE(s.failed, 1);
    QCOMPARE(s.unknown, counts.value(u"unknown"_s));
    QCOMPARE(s.unknown, 1);
    QCOMPARE(s.deferred, 0);
    QCOMPARE(s.pending, 0);
    QCOMPARE(s.skipped, counts.value(u"skipped"_s));
    QCOMPARE(s.skippedBy.value(u"unsubscribed"_s), 1);
    QCOMPARE(s.skippedBy.value(u"suppressed"_s), 1);
    QCOMPARE(s.bouncedAfterSent, 1);
    QCOMPARE(s.complaints, 1);
    QCOMPARE(s.attempted(), 8);
    QCOMPARE(s.delivered(), 5);
    QCOMPARE(s.deliveryRate(), 5.0 / 8.0);
    QCOMPARE(s.bounceRate(), 2.0 / 8.0);
    QCOMPARE(s.firstSentMs, T0);
    QCOMPARE(s.lastSentMs, T0 + 300'000);

    QCOMPARE(r.failedByReason.size(), 1);
    QCOMPARE(r.failedByReason[0].reason, u"userunknown"_s);
    QCOMPARE(r.failedByReason[0].hard, 1);
    QStringList reasons;
    for (const report::ReasonCount &c : r.bounceReasons)
        reasons << u"%1=%2"_s.arg(c.reason).arg(c.count);
    QCOMPARE(reasons, (QStringList{u"mailboxfull=1"_s, u"userunknown=1"_s}));
    QCOMPARE(r.accounts.size(), 1);
    QCOMPARE(r.accounts[0].sent, 6);
    QCOMPARE(r.accounts[0].failed, 1);
    QCOMPARE(r.accounts[0].unknown, 1); // the mark for its final "." named the account
    QCOMPARE(r.accounts[0].avgReplyMs, 100.0);
    QCOMPARE(r.domains.size(), 3);
    QCOMPARE(r.domains[0].domain, u"a.test"_s);
    QCOMPARE(r.domains[0].recipients, 5);
    QCOMPARE(r.domains[0].sent, 3);
    QCOMPARE(r.domains[0].bounced, 2); // a4 refused, a2 bounced later
    QCOMPARE(r.domains[1].domain, u"b.test"_s);
    QCOMPARE(r.domains[1].sent, 3);
    qint64 timelineSent = 0, timelineFailed = 0;
    for (const report::MinuteStats &m : r.timeline) {
        timelineSent += m.sent;
        timelineFailed += m.failed;
    }
    QCOMPARE(timelineSent, s.sent);
    QCOMPARE(timelineFailed, s.failed);
    QCOMPARE(r.timeline.first().minuteMs, T0 / 60000 * 60000);

    // The recipients behind each number.
    const auto behind = [&](const report::RecipientFilter &f) {
        QStringList emails;
        const QList<report::RecipientLine> lines = builder.recipients(id, f, 100).value();
        for (const report::RecipientLine &l : lines)
            emails << l.email;
        return emails;
    };
    QCOMPARE(behind({u"all"_s, {}, {}, {}}).size(), 10);
    QCOMPARE(behind({u"delivered"_s, {}, {}, {}}).size(), 5);
    QCOMPARE(behind({u"bounced"_s, {}, {}, {}}), QStringList{u"a2@a.test"_s});
    QCOMPARE(behind({u"complained"_s, {}, {}, {}}), QStringList{u"a3@a.test"_s});
    QCOMPARE(behind({u"unknown"_s, {}, {}, {}}), QStringList{u"a5@a.test"_s});
    QCOMPARE(behind({u"skipped"_s, {}, {}, {}}).size(), 2);
    QCOMPARE(behind({{}, u"b.test"_s, {}, {}}).size(), 4);
    QCOMPARE(behind({{}, {}, u"userunknown"_s, {}}), QStringList{u"a4@a.test"_s});
    QCOMPARE(behind({{}, {}, u"mailboxfull"_s, {}}), QStringList{u"a2@a.test"_s});
    QCOMPARE(behind({u"all"_s, {}, {}, u"Main"_s}).size(), 8); // the skipped two never had an account

    // The overview says the same.
    const auto all = builder.overview().value();
    QCOMPARE(all.size(), 1);
    QCOMPARE(all[0].sent, s.sent);
    QCOMPARE(all[0].bouncedAfterSent, s.bouncedAfterSent);

    // CSV: one row per recipient (and a header), and the summary tables.
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(builder.writeRecipientsCsv(id, buffer).value(), 10);
    const QList<QByteArray> lines = buffer.data().trimmed().split('\n');
    QCOMPARE(lines.size(), 11);
    QVERIFY(buffer.data().contains("a2@a.test,sent,,Main,1,250,2.0.0,250 ok,"));
    // The bounce reason, then the engagement columns (no relay here: zeros).
    QVERIFY(buffer.data().contains(",mailboxfull,0,0,0,0,\r\n"));
    QVERIFY(buffer.data().contains("quit@b.test,skipped,unsubscribed,"));
    const QByteArray summary = report::ReportBuilder::summaryCsv(r);
    QVERIFY(summary.contains("delivery_rate,0.625\r\n"));
    QVERIFY(summary.contains("a.test,5,3,2,0,0\r\n"));
}

QTEST_GUILESS_MAIN(tst_Report)
#include "tst_Report.moc"
