// The campaign ledger on a real SQLite file: who is written (each address once, the ones not to be
// mailed as skipped with why), claims that are durable before anything is sent, outcomes, deferred
// retries that wait their turn, and recovery after a crash (pending again, or unknown when the
// final "." had already been written).

#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "import/ContactImporter.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerState.h"
#include "storage/LedgerStore.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

class tst_Ledger : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void ledgerLifecycle();
    void stateNamesReadBack();
};

void tst_Ledger::stateNamesReadBack() {
    // The names are written once (stateName); both readers, the QString one and the byte one of the
    // report's million-row pass, must read every one of them back, and nothing else.
    QSet<QString> names;
    for (storage::LedgerState s : storage::kLedgerStates) {
        const QString &name = storage::stateName(s);
        names.insert(name);
        const QByteArray bytes = name.toUtf8();
        QCOMPARE(storage::ledgerStateFrom(QStringView(name)), std::optional(s));
        QCOMPARE(storage::ledgerStateFrom(std::string_view(bytes.constData(), size_t(bytes.size()))),
                 std::optional(s));
    }
    QCOMPARE(names.size(), qsizetype(storage::kLedgerStates.size()));
    QCOMPARE(storage::ledgerStates().size(), qsizetype(storage::kLedgerStates.size()));
    for (const char *word : {"", "s", "Sent", "sen", "sentx", "draft", "running"}) {
        QVERIFY(!storage::ledgerStateFrom(std::string_view(word)));
        QVERIFY(!storage::ledgerStateFrom(QStringView(QString::fromLatin1(word))));
    }
}

void tst_Ledger::ledgerLifecycle() {
    QTemporaryDir dir;
    const QString path = dir.filePath(u"l.db"_s);
    auto db = storage::Database::open(path);
    QVERIFY(db.ok());
    const auto importInto = [&](const QByteArray &csv, const QString &list) {
        const QString file = dir.filePath(list + u".csv"_s);
        QVERIFY(test::writeFile(file, csv));
        import::ImportOptions o;
        o.path = file;
        o.listName = list;
        QCOMPARE(import::ContactImporter(*db.value()).run(o).outcome,
                 import::ImportReport::Outcome::Completed);
    };
    importInto("email\na@example.com\nb@example.com\nquit@example.com\nx@blocked.test\nd@example.com\n",
               u"One"_s);
    importInto("email\na@example.com\ne@example.com\n", u"Two"_s); // a is on both lists
    storage::ContactStore contacts(*db.value());
    storage::Contact quit = contacts.page({0, u"quit@"_s, {}}, 0, 0, 1).value().constFirst();
    quit.status = u"unsubscribed"_s;
    QVERIFY(contacts.update(quit).ok());
    QVERIFY(storage::SuppressionStore(*db.value()).add(u"@blocked.test"_s, u"competitor"_s).ok());

    storage::LedgerStore ledger(*db.value());
    auto id = ledger.create({u"Spring"_s,
                             u"T"_s,
                             {contacts.listId(u"One"_s).value(), contacts.listId(u"Two"_s).value()},
                             {},
                             u"news@example.com"_s,
                             {},
                             0,
                             {},
                             0});
    QVERIFY2(id.ok(), qPrintable(id.errorString()));
    auto counts = ledger.countsByState(id.value()).value();
    QCOMPARE(counts.value(u"pending"_s), 4); // a, b, d, e: a once
    QCOMPARE(counts.value(u"skipped"_s), 2);
    QSqlQuery q(db.value()->connection());
    QVERIFY(q.exec(
        u"SELECT email || ':' || skip_reason FROM recipients WHERE state = 'skipped' ORDER BY email"_s));
    QStringList skipped;
    while (q.next())
        skipped << q.value(0).toString();
    QCOMPARE(skipped, (QStringList{u"quit@example.com:unsubscribed"_s, u"x@blocked.test:suppressed"_s}));

    // Claimed rows are "sending" on disk before anything is sent: another connection sees them.
    const qint64 now = 1'700'000'000'000;
    auto claimed = ledger.claim(id.value(), 3, now).value();
    QCOMPARE(claimed.size(), 3);
    QCOMPARE(claimed[0].attempts, 1);
    {
        auto other = storage::Database::open(path);
        QVERIFY(other.ok());
        QCOMPARE(storage::LedgerStore(*other.value()).countsByState(id.value()).value().value(u"sending"_s),
                 3);
    }
    // Its final "." may go now (a store of its own: record() keeps prepared statements, and the
    // database closes below, as in a crash, while `ledger` lives on).
    QVERIFY(storage::LedgerStore(*db.value()).record({}, now, {claimed[2].id}).ok());

    // A crash now: the two whose data never went out are pending again; the third is unknown.
    db.value().reset();
    auto reopened = storage::Database::open(path);
    QVERIFY(reopened.ok());
    storage::LedgerStore after(*reopened.value());
    const auto recovered = after.recover(id.value()).value();
    QCOMPARE(recovered.first, 2);
    QCOMPARE(recovered.second, 1);
    counts = after.countsByState(id.value()).value();
    QCOMPARE(counts.value(u"pending"_s), 3);
    QCOMPARE(counts.value(u"unknown"_s), 1);
    QCOMPARE(counts.value(u"sending"_s), 0);

    // Outcomes; a deferred recipient waits for its time.
    auto batch = after.claim(id.value(), 10, now).value();
    QCOMPARE(batch.size(), 3);
    QVERIFY(after
                .record({{batch[0].id, storage::LedgerState::Sent, 0, 250, u"2.0.0"_s, u"queued"_s,
                          u"<m1@example.com>"_s, 0, 0, 0},
                         {batch[1].id,
                          storage::LedgerState::Failed,
                          0,
                          550,
                          u"5.1.1"_s,
                          u"user unknown"_s,
                          {},
                          0,
                          0,
                          0},
                         {batch[2].id,
                          storage::LedgerState::Deferred,
                          0,
                          451,
                          u"4.7.1"_s,
                          u"try later"_s,
                          {},
                          now + 5 * 60'000,
                          now,
                          0}},
                        now)
                .ok());
    QCOMPARE(after.claim(id.value(), 10, now + 60'000).value().size(), 0);
    auto retry = after.claim(id.value(), 10, now + 5 * 60'000).value();
    QCOMPARE(retry.size(), 1);
    QCOMPARE(retry[0].email, batch[2].email);
    QCOMPARE(retry[0].attempts, 2);
    counts = after.countsByState(id.value()).value();
    QCOMPARE(counts.value(u"sent"_s), 1);
    QCOMPARE(counts.value(u"failed"_s), 1);

    // A list a campaign uses cannot be deleted from under it.
    QVERIFY(!storage::ContactStore(*reopened.value())
                 .deleteList(storage::ContactStore(*reopened.value()).listId(u"One"_s).value())
                 .ok());
}

QTEST_GUILESS_MAIN(tst_Ledger)
#include "tst_Ledger.moc"
