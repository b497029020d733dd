#include "EngineFixture.h"

#include <QElapsedTimer>
#include <QSqlQuery>
#include <QTest>

#include "TestSupport.h"
#include "import/ContactImporter.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::test {

void EngineFixture::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    m_clock.set(1'800'000'000'000);
    m_options = {};
    m_options.stopWhenOnlyDeferred = true;
}

void EngineFixture::cleanup() {
    m_db.reset();
    m_dir.reset();
}

void EngineFixture::makeDatabase(const QStringList &emails) {
    auto db = storage::Database::open(m_dir->filePath(u"engine.db"_s));
    QVERIFY2(db.ok(), qPrintable(db.errorString()));
    m_db = std::move(db).value();
    QByteArray csv = "email,first_name\n";
    for (const QString &e : emails)
        csv += e.toUtf8() + ",F" + e.left(e.indexOf(u'@')).toUtf8() + '\n';
    const QString file = m_dir->filePath(u"list.csv"_s);
    QVERIFY(test::writeFile(file, csv));
    import::ImportOptions o;
    o.path = file;
    o.listName = u"L"_s;
    QCOMPARE(import::ContactImporter(*m_db).run(o).outcome, import::ImportReport::Outcome::Completed);
    storage::TemplateStore templates(*m_db);
    storage::StoredTemplate t;
    t.name = u"T"_s;
    t.subject = u"Hello {{first_name}}"_s;
    t.html = u"<p>Dear {{first_name}}, news.</p>"_s;
    QVERIFY(templates.save(t).ok());
    QVERIFY(templates.setSetting(u"sender/from_address"_s, u"news@example.com"_s).ok());
    QVERIFY(templates.setSetting(u"sender/from_name"_s, u"News"_s).ok());
}

qint64 EngineFixture::addAccount(const QString &name, quint16 port, int connections, double perSecond,
                                 int perMinute, int perHour, int perDay, const QString &user) {
    storage::Account a;
    a.name = name;
    a.host = u"127.0.0.1"_s;
    a.port = port;
    a.security = u"none"_s;
    a.connections = connections;
    a.perConnection = 1000;
    a.perSecond = perSecond;
    a.perMinute = perMinute;
    a.perHour = perHour;
    a.perDay = perDay;
    a.heloName = u"client.test"_s;
    if (!user.isEmpty()) {
        a.auth = u"plain"_s;
        a.user = user;
        a.secretRef = u"session"_s;
        a.allowPlaintextAuth = true;
    }
    auto id = storage::AccountStore(*m_db).add(a);
    return id ? id.value() : 0;
}

qint64 EngineFixture::createCampaign(const QString &name, const storage::CampaignSpec &extra) {
    storage::CampaignSpec spec = extra;
    spec.name = name;
    spec.templateName = u"T"_s;
    spec.listIds = {storage::ContactStore(*m_db).listId(u"L"_s).value()};
    auto id = storage::LedgerStore(*m_db).create(spec);
    return id ? id.value() : 0;
}

QHash<QString, QString> EngineFixture::states(qint64 campaignId) {
    QHash<QString, QString> out;
    QSqlQuery q(m_db->connection());
    q.prepare(u"SELECT email, state FROM recipients WHERE campaign_id = ?"_s);
    q.addBindValue(campaignId);
    q.exec();
    while (q.next())
        out.insert(q.value(0).toString(), q.value(1).toString());
    return out;
}

bool EngineFixture::runUntilStopped(campaign::SendEngine &engine, QSignalSpy &stopped, int timeoutMs,
                                    qint64 stepMs) {
    QElapsedTimer t;
    t.start();
    while (stopped.isEmpty() && t.elapsed() < timeoutMs) {
        QTest::qWait(5);
        if (stepMs > 0) {
            m_clock.advance(stepMs);
            engine.wake();
        }
    }
    return !stopped.isEmpty();
}

} // namespace hivepost::test
