// "hivepost-cli campaign ..." as a user runs it: the real binary, a real database file, and an SMTP
// server in this process (FakeSmtpServer) that keeps its own record of every message that arrived.
// The crash test kills the sending process at random moments, many times, and checks against that
// record that no recipient was lost and none was sent twice except those the ledger calls unknown.

#include <csignal>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "FakeSmtpServer.h"
#include "TestSupport.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;
using hivepost::test::FakeSmtpServer;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class tst_CampaignCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void createSendStatusAndRecipients();
    void badOptionsAreUsageErrors();
    void emptyValuesCountedBeforeSending();
    void testSendToSeedAddresses();
    void interruptPausesCleanlyAndSendResumes();
    void killedAtRandomLosesNoneAndSendsNoneTwice();

private:
    // Runs the CLI without blocking this thread's event loop (the server lives on it).
    Run cli(const QStringList &args, int timeoutMs = 120'000);
    void setUpCampaign(int contacts, quint16 port, int connections, const QStringList &extra = {});
    QHash<QString, QString> ledger();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
};

void tst_CampaignCli::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = m_dir->filePath(u"c.db"_s);
}

Run tst_CampaignCli::cli(const QStringList &args, int timeoutMs) {
    QProcess p;
    p.start(QStringLiteral(HIVEPOST_CLI_PATH), QStringList{u"--db"_s, m_db} + args);
    Run r;
    if (!p.waitForStarted())
        return r;
    QElapsedTimer t;
    t.start();
    while (p.state() != QProcess::NotRunning && t.elapsed() < timeoutMs)
        QTest::qWait(5);
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

void tst_CampaignCli::setUpCampaign(int contacts, quint16 port, int connections, const QStringList &extra) {
    QByteArray csv = "email,first_name\n";
    for (int i = 0; i < contacts; ++i) {
        const QByteArray n = QByteArray::number(i);
        // A few that the server refuses, defers, or loses the reply of.
        const QByteArray local = QByteArray(i % 97 == 5 ? "reject" : i % 89 == 7 ? "defer" : "u") + n;
        csv += local + "@example" + QByteArray::number(i % 5) + ".com,U" + n + '\n';
    }
    QVERIFY(hivepost::test::writeFile(m_dir->filePath(u"c.csv"_s), csv));
    QVERIFY(hivepost::test::writeFile(m_dir->filePath(u"t.html"_s), "<p>Hello {{first_name}}</p>"));
    QCOMPARE(cli({u"import"_s, m_dir->filePath(u"c.csv"_s), u"--list"_s, u"L"_s}).exitCode, 0);
    QCOMPARE(cli({u"template"_s, u"add"_s, u"T"_s, u"--subject"_s, u"Hi {{first_name}}"_s, u"--html"_s,
                  m_dir->filePath(u"t.html"_s)})
                 .exitCode,
             0);
    QCOMPARE(cli({u"sender"_s, u"set"_s, u"--from"_s, u"News <news@example.com>"_s}).exitCode, 0);
    QCOMPARE(
        cli({u"account"_s, u"add"_s, u"A"_s, u"--host"_s, u"127.0.0.1"_s, u"--port"_s, QString::number(port),
             u"--security"_s, u"none"_s, u"--connections"_s, QString::number(connections)})
            .exitCode,
        0);
    const Run created = cli(QStringList{u"campaign"_s, u"create"_s, u"C"_s, u"--list"_s, u"L"_s,
                                        u"--template"_s, u"T"_s, u"--json"_s} +
                            extra);
    QVERIFY2(created.exitCode == 0, created.err.constData());
}

QHash<QString, QString> tst_CampaignCli::ledger() {
    QHash<QString, QString> out;
    auto db = hivepost::storage::Database::open(m_db);
    if (!db)
        return out;
    QSqlQuery q(db.value()->connection());
    q.exec(u"SELECT email, state FROM recipients"_s);
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toString());
    return out;
}

void tst_CampaignCli::createSendStatusAndRecipients() {
    FakeSmtpServer server;
    setUpCampaign(200, server.listenLocal(), 3, {u"--bounce-domain"_s, u"bounces.example.com"_s});
    const Run sent = cli({u"campaign"_s, u"send"_s, u"C"_s, u"--json"_s});
    QCOMPARE(sent.exitCode, 0);
    const QJsonObject report = QJsonDocument::fromJson(sent.out).object();
    QCOMPARE(report.value(u"campaign"_s).toString(), u"C"_s);
    QCOMPARE(report.value(u"recipients"_s).toInt(), 200);
    const int rejected = 3, deferred = 3; // i % 97 == 5: 5, 102, 199; i % 89 == 7: 7, 96, 185
    QCOMPARE(report.value(u"failed"_s).toInt(), rejected);
    QCOMPARE(report.value(u"deferred"_s).toInt(), deferred);
    QCOMPARE(report.value(u"sent"_s).toInt(), 200 - rejected - deferred);
    QCOMPARE(report.value(u"stopped"_s).toString(), u"deferred"_s);
    QCOMPARE(report.value(u"accounts"_s).toObject().value(u"A"_s).toObject().value(u"sent"_s).toInt(),
             200 - rejected - deferred);
    QCOMPARE(server.messages().size(), 200 - rejected - deferred);
    QVERIFY(server.messages().constFirst().from.startsWith(u"bounce+"_s));
    QVERIFY(sent.err.contains("/200")); // progress lines

    const Run status = cli({u"campaign"_s, u"status"_s, u"C"_s, u"--json"_s});
    QCOMPARE(status.exitCode, 0);
    const QJsonObject s = QJsonDocument::fromJson(status.out).object();
    QCOMPARE(s.value(u"state"_s).toString(), u"running"_s); // deferred recipients wait for their retry
    QVERIFY(!s.value(u"next_retry"_s).toString().isEmpty());
    QCOMPARE(s.value(u"sender_process"_s).toString(), QString());

    const Run failed = cli({u"campaign"_s, u"recipients"_s, u"C"_s, u"--state"_s, u"failed"_s, u"--json"_s});
    QCOMPARE(failed.exitCode, 0);
    const QJsonArray rows = QJsonDocument::fromJson(failed.out).object().value(u"recipients"_s).toArray();
    QCOMPARE(rows.size(), rejected);
    QCOMPARE(rows.at(0).toObject().value(u"status"_s).toString(), u"5.1.1"_s);
    QCOMPARE(rows.at(0).toObject().value(u"reply_code"_s).toInt(), 550);

    const Run list = cli({u"campaign"_s, u"list"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(list.out).object().value(u"campaigns"_s).toArray().size(), 1);

    // The report agrees with what the send said, and exports one CSV row per recipient.
    const Run numbers = cli({u"report"_s, u"C"_s, u"--json"_s});
    QCOMPARE(numbers.exitCode, 0);
    const QJsonObject r = QJsonDocument::fromJson(numbers.out).object();
    QCOMPARE(r.value(u"sent"_s).toInt(), 200 - rejected - deferred);
    QCOMPARE(r.value(u"failed"_s).toInt(), rejected);
    QCOMPARE(r.value(u"deferred"_s).toInt(), deferred);
    QCOMPARE(r.value(u"failed_by_reason"_s).toArray().at(0).toObject().value(u"count"_s).toInt(), rejected);
    QCOMPARE(r.value(u"accounts"_s).toArray().at(0).toObject().value(u"sent"_s).toInt(),
             200 - rejected - deferred);
    const QString csv = m_dir->filePath(u"recipients.csv"_s);
    QCOMPARE(cli({u"report"_s, u"C"_s, u"--csv"_s, csv, u"--recipients"_s}).exitCode, 0);
    QCOMPARE(hivepost::test::readAll(csv).count('\n'), 201);
    // The PDF, drawn by the hivepost program without a window; an unknown campaign is one error line.
    const QString pdf = m_dir->filePath(u"report.pdf"_s);
    QCOMPARE(cli({u"report"_s, u"C"_s, u"--pdf"_s, pdf, u"--lang"_s, u"zh_CN"_s}).exitCode, 0);
    QVERIFY(hivepost::test::readAll(pdf).startsWith("%PDF-"));
    const Run nope = cli({u"report"_s, u"Nope"_s, u"--pdf"_s, pdf});
    QCOMPARE(nope.exitCode, 1);
    QVERIFY2(nope.err.startsWith("error: ") && nope.err.contains("Nope") && nope.err.count('\n') == 1,
             nope.err.constData());

    // Cancelled: the deferred ones are skipped, and it cannot be sent again.
    QCOMPARE(cli({u"campaign"_s, u"cancel"_s, u"C"_s}).exitCode, 0);
    const Run after = cli({u"campaign"_s, u"status"_s, u"C"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(after.out).object().value(u"skipped"_s).toInt(), deferred);
    const Run again = cli({u"campaign"_s, u"send"_s, u"C"_s});
    QCOMPARE(again.exitCode, 1);
    QVERIFY(again.err.startsWith("error: "));
}

void tst_CampaignCli::badOptionsAreUsageErrors() {
    FakeSmtpServer server;
    setUpCampaign(3, server.listenLocal(), 1);
    const QStringList base{u"campaign"_s, u"create"_s, u"D"_s, u"--list"_s, u"L"_s, u"--template"_s, u"T"_s};
    QCOMPARE(cli(base + QStringList{u"--domain-limit"_s, u"qq.com"_s}).exitCode, 2);
    QCOMPARE(cli(base + QStringList{u"--max-rate"_s, u"fast"_s}).exitCode, 2);
    QCOMPARE(cli(base + QStringList{u"--at"_s, u"tomorrow"_s}).exitCode, 2);
    const Run noList =
        cli({u"campaign"_s, u"create"_s, u"D"_s, u"--list"_s, u"Nope"_s, u"--template"_s, u"T"_s});
    QCOMPARE(noList.exitCode, 1);
    QVERIFY(noList.err.contains("Nope"));
    QCOMPARE(cli({u"campaign"_s, u"send"_s, u"Nope"_s}).exitCode, 1);
    QCOMPARE(cli({u"campaign"_s, u"recipients"_s, u"C"_s, u"--state"_s, u"bogus"_s}).exitCode, 2);
}

void tst_CampaignCli::emptyValuesCountedBeforeSending() {
    // 6 contacts: 2 without a first name, 3 without a city (one of them only spaces), 1 suppressed
    // (not mailed, not counted); 城市 is a custom field in another script.
    QVERIFY(hivepost::test::writeFile(m_dir->filePath(u"e.csv"_s), "email,first_name,city,城市\n"
                                                                   "a@example.com,Ann,Paris,上海\n"
                                                                   "b@example.com,,Rome,\n"
                                                                   "c@example.com,Cat,,北京\n"
                                                                   "d@example.com,,   ,广州\n"
                                                                   "e@example.com,Eve,,深圳\n"
                                                                   "f@example.com,,,\n"));
    QCOMPARE(cli({u"import"_s, m_dir->filePath(u"e.csv"_s), u"--list"_s, u"L"_s}).exitCode, 0);
    QCOMPARE(cli({u"suppress"_s, u"add"_s, u"f@example.com"_s}).exitCode, 0);
    QVERIFY(
        hivepost::test::writeFile(m_dir->filePath(u"e.html"_s),
                                  "<p>Hi {{first_name}} in {{city}}, {{城市}}, {{last_name|friend}}</p>"));
    QCOMPARE(cli({u"template"_s, u"add"_s, u"T"_s, u"--subject"_s, u"News for {{first_name|you}}"_s,
                  u"--html"_s, m_dir->filePath(u"e.html"_s)})
                 .exitCode,
             0);
    QCOMPARE(cli({u"sender"_s, u"set"_s, u"--from"_s, u"news@example.com"_s}).exitCode, 0);
    const Run created =
        cli({u"campaign"_s, u"create"_s, u"C"_s, u"--list"_s, u"L"_s, u"--template"_s, u"T"_s, u"--json"_s});
    QVERIFY2(created.exitCode == 0, created.err.constData());
    const QJsonArray empty = QJsonDocument::fromJson(created.out).object().value(u"empty_values"_s).toArray();
    QCOMPARE(empty.size(), 3);
    const auto count = [&](const QString &field) {
        for (const QJsonValue &v : empty) {
            if (v.toObject().value(u"field"_s).toString() == field)
                return v.toObject().value(u"contacts"_s).toInt();
        }
        return -1;
    };
    QCOMPARE(count(u"first_name"_s), 2);
    QCOMPARE(count(u"city"_s), 3);
    QCOMPARE(count(u"城市"_s), 1);
    QCOMPARE(count(u"last_name"_s), -1); // it has a fallback
    QVERIFY2(
        QString::fromUtf8(created.err).contains(u"warning: 3 of the contacts to be mailed have no “city”"_s),
        created.err.constData());
    // A template that does not exist makes no campaign.
    const Run nope =
        cli({u"campaign"_s, u"create"_s, u"D"_s, u"--list"_s, u"L"_s, u"--template"_s, u"Nope"_s});
    QCOMPARE(nope.exitCode, 1);
    QVERIFY2(nope.err.contains("Nope"), nope.err.constData());
    const Run list = cli({u"campaign"_s, u"list"_s, u"--json"_s});
    QCOMPARE(QJsonDocument::fromJson(list.out).object().value(u"campaigns"_s).toArray().size(), 1);
}

void tst_CampaignCli::testSendToSeedAddresses() {
    FakeSmtpServer server;
    setUpCampaign(5, server.listenLocal(), 1, {u"--from"_s, u"Offers <offers@example.com>"_s});
    const Run r = cli({u"send-test"_s, u"--campaign"_s, u"C"_s, u"--to"_s,
                       u"seed1@example.org,seed2@example.org"_s, u"--json"_s});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(u"results"_s).toArray().size(), 2);
    QVERIFY(o.value(u"ok"_s).toBool());
    QCOMPARE(server.messages().size(), 2);
    QCOMPARE(server.messages().at(0).to, u"seed1@example.org"_s);
    QVERIFY(server.messages().at(1).data.contains("From: Offers <offers@example.com>"));
    // A test send is not part of the campaign: the ledger is untouched.
    QCOMPARE(ledger().values().count(u"pending"_s), 5);
}

void tst_CampaignCli::interruptPausesCleanlyAndSendResumes() {
    FakeSmtpServer server;
    setUpCampaign(400, server.listenLocal(), 2, {u"--max-rate"_s, u"100/s"_s});
    QProcess p;
    p.start(QStringLiteral(HIVEPOST_CLI_PATH),
            {u"--db"_s, m_db, u"campaign"_s, u"send"_s, u"C"_s, u"--json"_s});
    QVERIFY(p.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(server.messages().size() >= 20, 20'000);
    ::kill(pid_t(p.processId()), SIGINT);
    QElapsedTimer t;
    t.start();
    while (p.state() != QProcess::NotRunning && t.elapsed() < 20'000)
        QTest::qWait(5);
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject report = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(report.value(u"stopped"_s).toString(), u"paused"_s);
    const int sentBefore = report.value(u"sent"_s).toInt();
    QVERIFY(sentBefore > 0 && sentBefore < 390);
    QCOMPARE(sentBefore, int(server.messages().size()));
    const QHash<QString, QString> states = ledger();
    QCOMPARE(states.values().count(u"sending"_s), 0);
    QCOMPARE(states.values().count(u"unknown"_s), 0);

    const Run resumed = cli({u"campaign"_s, u"resume"_s, u"C"_s, u"--json"_s});
    QCOMPARE(resumed.exitCode, 0);
    const QHash<QString, int> deliveries = server.deliveries();
    for (auto it = deliveries.cbegin(); it != deliveries.cend(); ++it)
        QCOMPARE(it.value(), 1);
    QCOMPARE(ledger().values().count(u"pending"_s), 0);
}

void tst_CampaignCli::killedAtRandomLosesNoneAndSendsNoneTwice() {
    FakeSmtpServer server;
    const int contacts = 1500;
    setUpCampaign(contacts, server.listenLocal(), 4);
    QRandomGenerator random(20261127);
    int kills = 0;
    for (int round = 0; round < 8; ++round) {
        QProcess p;
        p.start(QStringLiteral(HIVEPOST_CLI_PATH), {u"--db"_s, m_db, u"campaign"_s, u"send"_s, u"C"_s});
        QVERIFY(p.waitForStarted());
        const int before = int(server.messages().size());
        // Until it has sent something (it may still be starting), then a random moment later.
        QElapsedTimer t;
        t.start();
        while (int(server.messages().size()) == before && p.state() != QProcess::NotRunning &&
               t.elapsed() < 20'000)
            QTest::qWait(1);
        QTest::qWait(int(random.bounded(1, 150)));
        if (p.state() == QProcess::NotRunning)
            break;
        p.kill(); // SIGKILL: no chance to clean up
        QVERIFY(p.waitForFinished(10'000));
        ++kills;
    }
    QVERIFY2(kills >= 3, "the campaign finished before it could be interrupted");
    const Run last = cli({u"campaign"_s, u"send"_s, u"C"_s, u"--json"_s});
    QCOMPARE(last.exitCode, 0);

    const QHash<QString, QString> states = ledger();
    const QHash<QString, int> deliveries = server.deliveries();
    QCOMPARE(states.size(), contacts);
    int unknown = 0;
    for (auto it = states.cbegin(); it != states.cend(); ++it) {
        const QString &email = it.key();
        const int n = deliveries.value(email);
        QVERIFY2(n <= 1, qPrintable(email + u" arrived "_s + QString::number(n) + u" times"_s));
        if (it.value() == u"sent"_s) {
            QVERIFY2(n == 1, qPrintable(email + u" is sent but never arrived"_s));
        } else if (it.value() == u"unknown"_s) {
            ++unknown;
        } else if (email.startsWith(u"reject"_s)) {
            QCOMPARE(it.value(), u"failed"_s);
        } else if (email.startsWith(u"defer"_s)) {
            QCOMPARE(it.value(), u"deferred"_s);
        } else {
            QFAIL(qPrintable(email + u" was left "_s + it.value()));
        }
    }
    // At most the messages in flight at each kill (4 connections) can be unknown.
    QVERIFY2(unknown <= kills * 4, qPrintable(QString::number(unknown)));
    qInfo("%d kills, %d unknown, %lld messages arrived", kills, unknown, qint64(server.messages().size()));
}

QTEST_GUILESS_MAIN(tst_CampaignCli)
#include "tst_CampaignCli.moc"
