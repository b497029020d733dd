#include "storage/CampaignStore.h"

#include <cerrno>

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include "storage/Database.h"
#include "storage/SqlErrors.h"

#include <signal.h>

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

const QString CampaignColumns = u"id, name, template_name, from_address, bounce_domain, state, max_rate, "
                                "start_at, domain_limits, created_at, updated_at, relay_id, open_tracking, "
                                "click_tracking FROM campaigns"_s;

CampaignInfo campaignFrom(const QSqlQuery &q) {
    CampaignInfo c;
    c.id = q.value(0).toLongLong();
    c.name = q.value(1).toString();
    c.templateName = q.value(2).toString();
    c.fromAddress = q.value(3).toString();
    c.bounceDomain = q.value(4).toString();
    c.state = q.value(5).toString();
    c.maxRate = q.value(6).toDouble();
    c.startAt = q.value(7).toLongLong();
    const QJsonObject limits = QJsonDocument::fromJson(q.value(8).toString().toUtf8()).object();
    for (auto it = limits.begin(); it != limits.end(); ++it)
        c.domainLimits.insert(it.key(), it.value().toInt());
    c.createdAt = q.value(9).toLongLong();
    c.updatedAt = q.value(10).toLongLong();
    c.relayId = q.value(11).toLongLong();
    c.openTracking = q.value(12).toBool();
    c.clickTracking = q.value(13).toBool();
    return c;
}

Result<QList<qint64>> ids(QSqlDatabase conn, const QString &sql, qint64 campaignId) {
    QSqlQuery q(conn);
    q.prepare(sql);
    q.addBindValue(campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<qint64> out;
    while (q.next())
        out << q.value(0).toLongLong();
    return out;
}

Result<void> fillDetails(QSqlDatabase conn, CampaignInfo &c) {
    auto lists =
        ids(conn, u"SELECT list_id FROM campaign_lists WHERE campaign_id = ? ORDER BY list_id"_s, c.id);
    if (!lists)
        return lists.error();
    c.listIds = lists.value();
    auto accounts = ids(
        conn, u"SELECT account_id FROM campaign_accounts WHERE campaign_id = ? ORDER BY account_id"_s, c.id);
    if (!accounts)
        return accounts.error();
    c.accountIds = accounts.value();
    QSqlQuery q(conn);
    q.prepare(u"SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state"_s);
    q.addBindValue(c.id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    while (q.next())
        c.counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    return {};
}

// The stored runner, dead or alive (to take over from a dead one).
QString runnerColumn(Database &db, qint64 id) {
    QSqlQuery q(db.connection());
    q.prepare(u"SELECT runner FROM campaigns WHERE id = ?"_s);
    q.addBindValue(id);
    return q.exec() && q.next() ? q.value(0).toString() : QString();
}

} // namespace

const QStringList &ledgerStates() {
    static const QStringList states = [] {
        QStringList names;
        for (LedgerState s : kLedgerStates)
            names << stateName(s);
        return names;
    }();
    return states;
}

qint64 totalOf(const QHash<QString, qint64> &counts) {
    qint64 n = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        n += it.value();
    return n;
}

qint64 finishedOf(const QHash<QString, qint64> &counts) {
    qint64 open = 0;
    for (LedgerState s : kLedgerStates)
        open += isOpen(s) ? counts.value(stateName(s)) : 0;
    return totalOf(counts) - open;
}

CampaignStore::CampaignStore(Database &db)
    : m_db(db) {}

Result<CampaignInfo> CampaignStore::load(const QString &where, const QVariant &key,
                                         CampaignDetail detail) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + CampaignColumns + u" WHERE "_s + where);
    q.addBindValue(key);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no campaign called “%1”.").arg(key.toString()));
    CampaignInfo c = campaignFrom(q);
    if (detail == CampaignDetail::Full) {
        if (auto r = fillDetails(m_db.connection(), c); !r)
            return r.error();
    }
    return c;
}

Result<CampaignInfo> CampaignStore::byName(const QString &name, CampaignDetail detail) const {
    return load(u"name = ?"_s, name.trimmed(), detail);
}

Result<CampaignInfo> CampaignStore::byId(qint64 id, CampaignDetail detail) const {
    return load(u"id = ?"_s, id, detail);
}

Result<QList<CampaignInfo>> CampaignStore::list(CampaignDetail detail) const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT "_s + CampaignColumns + u" ORDER BY created_at DESC, id DESC"_s))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<CampaignInfo> out;
    while (q.next())
        out << campaignFrom(q);
    for (CampaignInfo &c : out) {
        if (detail == CampaignDetail::Row)
            break;
        if (auto r = fillDetails(m_db.connection(), c); !r)
            return r.error();
    }
    return out;
}

Result<void> CampaignStore::setState(qint64 id, const QString &state) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?"_s);
    q.addBindValue(state);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

Result<QString> CampaignStore::state(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT state FROM campaigns WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("The campaign no longer exists."));
    return q.value(0).toString();
}

QString CampaignStore::thisRunner() {
    return QSysInfo::machineHostName() + u':' + QString::number(QCoreApplication::applicationPid());
}

Result<QString> CampaignStore::runner(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT runner, runner_seen FROM campaigns WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    const QString who = q.value(0).toString();
    if (who.isEmpty())
        return QString();
    // Alive: on this machine, the process exists; elsewhere, it said so within the last minute.
    const qsizetype colon = who.lastIndexOf(u':');
    if (who.left(colon) == QSysInfo::machineHostName()) {
        const qint64 pid = who.mid(colon + 1).toLongLong();
        if (pid <= 0 || (::kill(pid_t(pid), 0) != 0 && errno == ESRCH))
            return QString();
        return who;
    }
    return q.value(1).toLongLong() >= QDateTime::currentSecsSinceEpoch() - 60 ? who : QString();
}

Result<void> CampaignStore::acquireRunner(qint64 id) {
    auto who = runner(id);
    if (!who)
        return who.error();
    if (!who->isEmpty() && who.value() != thisRunner())
        return makeError(ErrorCode::Exists,
                         tr("Another Hivepost (%1) is sending this campaign.").arg(who.value()));
    QSqlQuery q(m_db.connection());
    // Only if nobody took it in between.
    q.prepare(u"UPDATE campaigns SET runner = ?, runner_seen = ? WHERE id = ? AND runner IN ('', ?, ?)"_s);
    q.addBindValue(thisRunner());
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(id);
    q.addBindValue(thisRunner());
    q.addBindValue(QString(who.value()).isEmpty() ? runnerColumn(m_db, id) : who.value());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (q.numRowsAffected() != 1)
        return makeError(ErrorCode::Exists, tr("Another Hivepost started sending this campaign."));
    return {};
}

Result<void> CampaignStore::heartbeat(qint64 id) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE campaigns SET runner_seen = ? WHERE id = ? AND runner = ?"_s);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(id);
    q.addBindValue(thisRunner());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

Result<void> CampaignStore::releaseRunner(qint64 id) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE campaigns SET runner = '' WHERE id = ? AND runner = ?"_s);
    q.addBindValue(id);
    q.addBindValue(thisRunner());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

Result<QList<LedgerRow>> CampaignStore::recipients(qint64 id, const QString &state, qint64 offset,
                                                   int limit) const {
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT r.id, r.email, r.state, r.skip_reason, coalesce(a.name, ''), r.attempts, r.reply_code, "
        "r.enhanced_status, r.reply_text, r.message_id, r.next_attempt_at, r.sent_at, r.updated_at "
        "FROM recipients r LEFT JOIN accounts a ON a.id = r.account_id WHERE r.campaign_id = ? "
        "AND (? = '' OR r.state = ?) ORDER BY r.id LIMIT ? OFFSET ?"_s);
    q.addBindValue(id);
    q.addBindValue(state.isNull() ? u""_s : state);
    q.addBindValue(state.isNull() ? u""_s : state);
    q.addBindValue(limit);
    q.addBindValue(offset);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<LedgerRow> rows;
    while (q.next()) {
        rows.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toString(), q.value(5).toInt(), q.value(6).toInt(),
                     q.value(7).toString(), q.value(8).toString(), q.value(9).toString(),
                     q.value(10).toLongLong(), q.value(11).toLongLong(), q.value(12).toLongLong()});
    }
    return rows;
}

Result<QList<AccountTally>> CampaignStore::accountTallies(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT a.name, sum(r.state = 'sent'), sum(r.state = 'failed'), sum(r.state = 'deferred'), "
              "sum(r.state = 'unknown') FROM recipients r JOIN accounts a ON a.id = r.account_id "
              "WHERE r.campaign_id = ? GROUP BY a.name ORDER BY a.name"_s);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<AccountTally> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                    q.value(3).toLongLong(), q.value(4).toLongLong()});
    return out;
}

namespace {

Result<std::optional<RecipientOrigin>> originFrom(QSqlQuery &q) {
    if (!q.exec())
        return makeError(ErrorCode::Sql, sqlErrorText(q.lastError()));
    if (!q.next())
        return std::optional<RecipientOrigin>();
    return std::optional<RecipientOrigin>(RecipientOrigin{q.value(0).toLongLong(), q.value(1).toString(),
                                                          q.value(2).toLongLong(), q.value(3).toLongLong(),
                                                          q.value(4).toString()});
}

const QString kOriginColumns =
    u"SELECT r.campaign_id, c.name, r.id, r.contact_id, r.email FROM recipients r JOIN campaigns c ON c.id = "
    "r.campaign_id "_s;

} // namespace

Result<std::optional<RecipientOrigin>> CampaignStore::recipientByMessageId(const QString &messageId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(kOriginColumns + u"WHERE r.message_id = ? AND r.message_id <> ''"_s);
    q.addBindValue(messageId);
    return originFrom(q);
}

Result<std::optional<RecipientOrigin>> CampaignStore::recipient(qint64 campaignId, qint64 recipientId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(kOriginColumns + u"WHERE r.id = ? AND r.campaign_id = ?"_s);
    q.addBindValue(recipientId);
    q.addBindValue(campaignId);
    return originFrom(q);
}

} // namespace hivepost::storage
