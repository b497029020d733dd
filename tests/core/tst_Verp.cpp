// VERP addresses: they round-trip, survive a server that lower- or upper-cases them, stay short,
// and a changed character, another secret or a foreign address is never taken for one of ours.

#include <QTest>

#include "campaign/Verp.h"

using namespace Qt::StringLiterals;
using hivepost::campaign::Verp;
using hivepost::campaign::VerpIds;

class tst_Verp : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void rejectsForgeriesAndStrangers();
};

void tst_Verp::roundTrip_data() {
    QTest::addColumn<qint64>("campaign");
    QTest::addColumn<qint64>("recipient");
    QTest::newRow("small") << qint64(1) << qint64(1);
    QTest::newRow("typical") << qint64(42) << qint64(123456);
    QTest::newRow("large") << qint64(99999) << qint64(4'000'000'000LL);
}

void tst_Verp::roundTrip() {
    QFETCH(qint64, campaign);
    QFETCH(qint64, recipient);
    const QByteArray secret = "0123456789abcdef0123456789abcdef";
    const QString address = Verp::address({campaign, recipient}, secret, u"Bounces.Example.COM"_s);
    QVERIFY(address.startsWith(u"bounce+"_s));
    QVERIFY(address.endsWith(u"@bounces.example.com"_s));
    QVERIFY2(address.indexOf(u'@') <= 64, qPrintable(address)); // a local part within RFC 5321's 64
    for (const QString &seen : {address, address.toUpper()}) {
        const auto ids = Verp::parseAddress(seen, secret);
        QVERIFY(ids.has_value());
        QCOMPARE(ids->campaignId, campaign);
        QCOMPARE(ids->recipientId, recipient);
    }
}

void tst_Verp::rejectsForgeriesAndStrangers() {
    const QByteArray secret = "secret-one";
    const QString address = Verp::address({7, 1000}, secret, u"b.example.com"_s);
    QVERIFY(!Verp::parseAddress(address, "secret-two").has_value());
    QString changed = address;
    const qsizetype i = changed.indexOf(u'+') + 3;
    changed[i] = changed[i] == u'a' ? u'b' : u'a';
    QVERIFY(!Verp::parseAddress(changed, secret).has_value());
    QVERIFY(!Verp::parseAddress(u"someone@example.com"_s, secret).has_value());
    QVERIFY(!Verp::parseAddress(u"bounce+@example.com"_s, secret).has_value());
    QVERIFY(!Verp::parseAddress(u"bounce+!!!@example.com"_s, secret).has_value());
    QVERIFY(!Verp::parseToken(QString(), secret).has_value());
}

QTEST_GUILESS_MAIN(tst_Verp)
#include "tst_Verp.moc"
