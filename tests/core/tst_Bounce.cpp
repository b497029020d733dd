// The bounce parser and classifier: RFC 3464 DSNs (folded and encoded fields, several recipients,
// our VERP token), ARF complaints, auto-replies, free-text bounces, and agreement with Sisimai over
// the real bounces of tests/data/bounce-corpus (BSD-2, see its README for the attribution).

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "bounce/BounceClassifier.h"
#include "bounce/BounceParser.h"
#include "mime/MimeReader.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using bounce::BounceParser;
using bounce::BounceRecord;

class tst_Bounce : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mimeReaderDecodesHeadersAndBodies();
    void dsnWithFoldedFieldsAndTwoRecipients();
    void complaintAndAutoReply();
    void freeTextBounce();
    void stageOfTheRefusal();
    void unpinnedWordsAndListedRecipients();
    void wrappedReportAndStatusComment();
    void corpusAgreement();
};

void tst_Bounce::mimeReaderDecodesHeadersAndBodies() {
    QCOMPARE(mime::MimeReader::decodeHeader("=?UTF-8?B?5L2g5aW9?= =?utf-8?q?_w=C3=B6rld?= !"),
             u"你好 wörld !"_s);
    QCOMPARE(mime::MimeReader::decodeHeader("=?GB2312?B?xOO6ww==?="), u"你好"_s);
    const QByteArray m =
        "Subject: x\r\nContent-Type: multipart/mixed;\r\n boundary=\"b\"\r\n\r\npre\r\n--b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "caf=C3=A9 =\r\nau lait\r\n--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: "
        "base64\r\n\r\naGVs\r\nbG8=\r\n--b--\r\n";
    const mime::MimeEntity e = mime::MimeReader::read(m);
    QCOMPARE(e.type, QByteArray("multipart/mixed"));
    QCOMPARE(e.parts.size(), 2);
    QCOMPARE(e.parts.at(0).text(), u"café au lait"_s);
    QCOMPARE(e.parts.at(1).body, QByteArray("hello"));
}

void tst_Bounce::dsnWithFoldedFieldsAndTwoRecipients() {
    const QByteArray dsn =
        "From: MAILER-DAEMON@mx.example.org\nTo: bounce+abc234@bounce.example.com\nSubject: Undelivered "
        "Mail\n"
        "MIME-Version: 1.0\nContent-Type: multipart/report; "
        "report-type=delivery-status;\n\tboundary=\"XYZ\"\n\n"
        "--XYZ\nContent-Type: text/plain\n\nI could not deliver your message.\n\n"
        "--XYZ\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; ann@example.net\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 "
        "5.1.1\n"
        " <ann@example.net>: Recipient address rejected: User unknown in virtual mailbox table\n\n"
        "Final-Recipient: RFC822; <bob@example.net>\nAction: delayed\nStatus: 4.2.2\n"
        "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n\n"
        "--XYZ\nContent-Type: text/rfc822-headers\n\nMessage-ID: <m1@example.com>\nX-Hivepost-ID: abc234\n"
        "To: ann@example.net\n\n--XYZ--\n";
    const QList<BounceRecord> r = BounceParser::parse(dsn);
    QCOMPARE(r.size(), 2);
    QCOMPARE(r.at(0).recipient, u"ann@example.net"_s);
    QCOMPARE(r.at(0).status, u"5.1.1"_s); // the generic 5.0.0 refined from the diagnostic
    QCOMPARE(r.at(0).replyCode, 550);
    QCOMPARE(r.at(0).reason, u"userunknown"_s);
    QVERIFY(r.at(0).hard);
    QCOMPARE(r.at(0).token, u"abc234"_s);
    QCOMPARE(r.at(0).messageId, u"m1@example.com"_s);
    QCOMPARE(r.at(1).recipient, u"bob@example.net"_s);
    QCOMPARE(r.at(1).action, u"delayed"_s);
    QCOMPARE(r.at(1).reason, u"mailboxfull"_s);
    QVERIFY(!r.at(1).hard);
}

void tst_Bounce::complaintAndAutoReply() {
    const QByteArray arf =
        "From: fbl@isp.example\nTo: abuse@example.com\nSubject: complaint\nContent-Type: multipart/report; "
        "report-type=feedback-report; boundary=b\n\n--b\nContent-Type: text/plain\n\nA complaint.\n--b\n"
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x/1\nVersion: 1\n"
        "Original-Rcpt-To: <carol@example.net>\n\n--b\nContent-Type: message/rfc822\n\nTo: "
        "carol@example.net\n"
        "X-Hivepost-ID: tok9\n\nhi\n--b--\n";
    const QList<BounceRecord> c = BounceParser::parse(arf);
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.at(0).reason, u"feedback"_s);
    QCOMPARE(c.at(0).feedbackType, u"abuse"_s);
    QCOMPARE(c.at(0).recipient, u"carol@example.net"_s);
    QCOMPARE(c.at(0).token, u"tok9"_s);
    QVERIFY(!c.at(0).hard);

    const QByteArray ooo =
        "From: Dan <dan@example.net>\nTo: news@example.com\nSubject: Out of Office: Spring news\n"
        "Auto-Submitted: auto-replied\n\nI am away until Monday.\n";
    const QList<BounceRecord> v = BounceParser::parse(ooo);
    QCOMPARE(v.size(), 1);
    QCOMPARE(v.at(0).reason, u"vacation"_s);
    QCOMPARE(v.at(0).recipient, u"dan@example.net"_s);
    QVERIFY(!v.at(0).hard);

    const QByteArray plain =
        "From: erin@example.net\nTo: news@example.com\nSubject: Re: Spring news\n\nThanks!\n";
    QVERIFY(BounceParser::parse(plain).isEmpty()); // a reply is neither a bounce nor an auto-reply
}

void tst_Bounce::freeTextBounce() {
    const QByteArray qmail =
        "From: MAILER-DAEMON@mx.example.org\nTo: news@example.com\nSubject: failure notice\n\n"
        "Hi. This is the qmail-send program at mx.example.org.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n\n"
        "<frank@example.net>:\n192.0.2.1 does not like recipient.\nRemote host said: 552 5.2.2 Mailbox quota "
        "exceeded\n\n"
        "--- Below this line is a copy of the message.\n\nFrom: news@example.com\nTo: "
        "frank@example.net\n\nhello\n";
    const QList<BounceRecord> r = BounceParser::parse(qmail);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.at(0).recipient, u"frank@example.net"_s);
    QCOMPARE(r.at(0).reason, u"mailboxfull"_s);
    QCOMPARE(r.at(0).status, u"5.2.2"_s);
    QCOMPARE(r.at(0).replyCode, 552);
    QCOMPARE(
        bounce::BounceClassifier::reason(u"550 5.7.1 Service unavailable; client [192.0.2.9] blocked using "
                                         u"zen.spamhaus.org"_s,
                                         u"5.7.1"_s, 550),
        u"blocked"_s);
}

void tst_Bounce::stageOfTheRefusal() {
    // A Sendmail-style report: the same "User unknown" words mean a filter after DATA, a dead mailbox
    // after RCPT TO, and a refused sender after MAIL FROM.
    const auto report = [](const char *command, const char *status, const char *reply) -> QByteArray {
        return QByteArray(
                   "From: MAILER-DAEMON@mx.example.org\nTo: news@example.com\nSubject: Returned mail\n"
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n\n"
                   "   ----- Transcript of session follows -----\n... while talking to mx.example.net.:\n"
                   ">>> ") +
               command + "\n<<< " + reply +
               "\n554 5.0.0 Service unavailable\n--B\n"
               "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
               "Final-Recipient: rfc822; gail@example.net\nAction: failed\nStatus: " +
               status + "\nDiagnostic-Code: smtp; " + reply + "\n--B--\n";
    };
    const auto reasonOf = [](const QByteArray &m) {
        const QList<BounceRecord> r = BounceParser::parse(m);
        return r.size() == 1 ? r.at(0).reason + (r.at(0).hard ? u" hard"_s : u" soft"_s) : u"?"_s;
    };
    QCOMPARE(reasonOf(report("DATA", "5.0.0", "550 Unknown user gail@example.net")), u"filtered soft"_s);
    QCOMPARE(reasonOf(report("RCPT To:<gail@example.net>", "5.0.0", "550 Unknown user gail@example.net")),
             u"userunknown hard"_s);
    // ... unless the status itself says the mailbox does not exist.
    QCOMPARE(reasonOf(report("DATA", "5.1.1", "550 5.1.1 Unknown user gail@example.net")),
             u"userunknown hard"_s);
    QCOMPARE(reasonOf(report("MAIL From:<news@example.com>", "5.0.0", "550 Unknown user news@example.com")),
             u"rejected soft"_s);
    // The remote server's own code outranks the reporting MTA's summary status.
    QCOMPARE(reasonOf(report("RCPT To:<gail@example.net>", "5.1.1", "552 5.2.2 Over quota")),
             u"mailboxfull soft"_s);
    // Postfix's "try again" is a name server that failed for now, not a domain that does not exist.
    QCOMPARE(reasonOf(report("RCPT To:<gail@example.net>", "5.4.4",
                             "Name service error for domain example.net: Host not found, try again")),
             u"networkerror soft"_s);
    // Postfix writes every RCPT restriction as "Recipient address rejected: <why>".
    QCOMPARE(reasonOf(report("RCPT To:<gail@example.net>", "5.7.0",
                             "550 5.7.0 <gail@example.net>: Recipient address rejected: Spam detected")),
             u"spamdetected soft"_s);
}

void tst_Bounce::unpinnedWordsAndListedRecipients() {
    // A remote "550 user unknown" that neither an X.1.x status nor the RCPT stage pins on the mailbox
    // is read as a filter, the way Sisimai reads it; RFC 7504's 521 is a host that accepts no mail.
    const auto dsn = [](const char *status, const char *diagnostic) -> QByteArray {
        return QByteArray(
                   "From: MAILER-DAEMON@mx.example.org\nSubject: failure\nContent-Type: multipart/report; "
                   "report-type=delivery-status; boundary=B\n\n--B\nContent-Type: "
                   "message/delivery-status\n\nFinal-Recipient: rfc822; hal@example.net\nAction: failed\n"
                   "Status: ") +
               status + "\nDiagnostic-Code: smtp; " + diagnostic + "\n--B--\n";
    };
    QCOMPARE(BounceParser::parse(dsn("5.0.0", "550 user unknown")).value(0).reason, u"filtered"_s);
    QCOMPARE(BounceParser::parse(dsn("5.1.0", "550 user unknown")).value(0).reason, u"userunknown"_s);
    QCOMPARE(
        BounceParser::parse(dsn("5.0.0", "550 user unknown (in reply to RCPT TO command)")).value(0).reason,
        u"userunknown"_s);
    QCOMPARE(
        BounceParser::parse(dsn("5.0.0", "521 5.3.2 mx.example.net does not accept mail")).value(0).reason,
        u"notaccept"_s);
    // A free-text notice that lists its recipients as bullets.
    const QByteArray listed =
        "From: Mail Delivery System <mds@mx.example.org>\nSubject: Delivery status notification\n\n"
        "Delivery to the following recipients failed permanently:\n   * ivy@example.net\n   * "
        "jack@example.net\n\nTechnical details:\nSMTP:RCPT host 192.0.2.9: 550 5.1.1 No such user here\n";
    const QList<BounceRecord> r = BounceParser::parse(listed);
    QCOMPARE(r.size(), 2);
    QCOMPARE(r.at(0).recipient, u"ivy@example.net"_s);
    QCOMPARE(r.at(1).recipient, u"jack@example.net"_s);
    QCOMPARE(r.at(1).reason, u"userunknown"_s);
}

void tst_Bounce::wrappedReportAndStatusComment() {
    // A filter's notice that says nothing itself but carries the MTA's report as its attachment.
    const QByteArray wrapped =
        "From: Mail Gateway <postmaster@gw.example.org>\nSubject: Undeliverable mail\nContent-Type: "
        "multipart/mixed; boundary=W\n\n--W\nContent-Type: text/plain\n\nThe message could not be "
        "delivered.\n--W\nContent-Type: message/rfc822\n\nFrom: MAILER-DAEMON@mx.example.org\nSubject: "
        "Returned mail\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n"
        "Content-Type: message/delivery-status\n\nFinal-Recipient: rfc822; kim@example.net\nAction: failed\n"
        "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--B--\n--W--\n";
    const QList<BounceRecord> r = BounceParser::parse(wrapped);
    QCOMPARE(r.size(), 1);
    QCOMPARE(r.at(0).recipient, u"kim@example.net"_s);
    QCOMPARE(r.at(0).reason, u"userunknown"_s);
    // No Diagnostic-Code: the comment of the Status field gives the reason.
    const QByteArray commented =
        "From: MAILER-DAEMON@mx.example.org\nSubject: Returned mail\nContent-Type: multipart/report; "
        "report-type=delivery-status; boundary=B\n\n--B\nContent-Type: message/delivery-status\n\n"
        "Final-Recipient: rfc822; lee@example.net\nAction: delayed\nStatus: 4.0.0 (example.net: host name "
        "lookup failure)\n--B--\n";
    QCOMPARE(BounceParser::parse(commented).value(0).reason, u"networkerror"_s);
}

void tst_Bounce::corpusAgreement() {
    // Sisimai's results are an opinion, not ground truth; agreement is printed for each measure.
    const QDir dir(QStringLiteral(HIVEPOST_SOURCE_DIR "/tests/data/bounce-corpus/dev"));
    QFile manifest(dir.filePath(u"manifest.jsonl"_s));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    int total = 0, hard = 0, reason = 0, statusTotal = 0, status = 0, replyTotal = 0, reply = 0;
    int recipientTotal = 0, recipient = 0, files = 0;
    qint64 bytes = 0;
    QElapsedTimer timer;
    qint64 parseNs = 0;
    while (!manifest.atEnd()) {
        const QJsonObject m = QJsonDocument::fromJson(manifest.readLine()).object();
        QFile f(dir.filePath(m.value(u"file"_s).toString()));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QByteArray data = f.readAll();
        bytes += data.size();
        ++files;
        timer.start();
        const QList<BounceRecord> got = BounceParser::parse(data);
        parseNs += timer.nsecsElapsed();
        const QJsonArray expected = m.value(u"expected"_s).toArray();
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QJsonObject e = expected.at(i).toObject();
            ++total;
            const BounceRecord *g = i < got.size() ? &got.at(i) : nullptr;
            // The manifest copies Final-Recipient as written; an RFC 2047-encoded one (not valid there,
            // but sent) is the same address as its decoded UTF-8 form, which is what the ledger holds.
            const QString wantRecipient =
                mime::MimeReader::decodeHeader(e.value(u"recipient"_s).toString().toUtf8());
            for (const BounceRecord &r : got) {
                if (!wantRecipient.isEmpty() && r.recipient.compare(wantRecipient, Qt::CaseInsensitive) == 0)
                    g = &r;
            }
            if (!g)
                continue;
            hard += g->hard == e.value(u"hardbounce"_s).toBool();
            reason += g->reason == e.value(u"reason"_s).toString();
            if (e.value(u"status"_s).isString() && !e.value(u"status_internal"_s).toBool()) {
                ++statusTotal;
                status += g->status == e.value(u"status"_s).toString();
            }
            if (e.value(u"replycode"_s).isString()) {
                ++replyTotal;
                reply += g->replyCode == e.value(u"replycode"_s).toString().toInt();
            }
            if (!wantRecipient.isEmpty()) {
                ++recipientTotal;
                recipient += g->recipient.compare(wantRecipient, Qt::CaseInsensitive) == 0;
            }
        }
    }
    const auto pct = [](int n, int of) {
        return of ? 100.0 * n / of : 100.0;
    };
    qInfo("bounce corpus: %d e-mails, %d records; agreement with Sisimai: hard/soft %.1f%%, reason %.1f%%, "
          "status %.1f%% (of %d with an RFC 3463 code), reply code %.1f%% (of %d), recipient %.1f%% (of %d); "
          "%.0f e-mails/s on one core",
          files, total, pct(hard, total), pct(reason, total), pct(status, statusTotal), statusTotal,
          pct(reply, replyTotal), replyTotal, pct(recipient, recipientTotal), recipientTotal,
          files / (double(parseNs) / 1e9));
    QVERIFY(files >= 423);
    // Issue 7's targets are hard/soft 97%, reason 90%, status 90%, recipient 100%; the floors sit at
    // what this parser reaches today (all targets met), so that it can only get better.
    QVERIFY2(pct(hard, total) >= 97.0, "hard/soft agreement fell");
    QVERIFY2(pct(reason, total) >= 91.0, "reason agreement fell");
    QVERIFY2(pct(status, statusTotal) >= 97.5, "status agreement fell");
    QVERIFY2(pct(reply, replyTotal) >= 93.0, "reply code agreement fell");
    QVERIFY2(pct(recipient, recipientTotal) >= 100.0, "recipient agreement fell");
}

QTEST_GUILESS_MAIN(tst_Bounce)
#include "tst_Bounce.moc"
