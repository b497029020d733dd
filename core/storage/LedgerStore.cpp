#include "storage/LedgerStore.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

QString idList(const QList<qint64> &ids) {
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(u',');
}

} // namespace

LedgerStore::LedgerStore(Database &db)
    : m_db(db) {}

Result<qint64> LedgerStore::create(const CampaignSpec &spec) {
    if (spec.name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A campaign needs a name."));
    if (spec.listIds.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A campaign needs at least one list."));
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    QSqlQuery q(conn);
    const auto fail = [&](const QString &what) {
        const QString text = q.lastError().text();
        conn.rollback();
        return makeError(ErrorCode::Sql, what + u": "_s + text);
    };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    q.prepare(
        u"INSERT INTO campaigns (name, template_name, from_address, bounce_domain, max_rate, created_at, "
        "updated_at) VALUES (?, ?, coalesce(?, ''), coalesce(?, ''), ?, ?, ?)"_s);
    q.addBindValue(spec.name.trimmed());
    q.addBindValue(spec.templateName);
    q.addBindValue(spec.fromAddress);
    q.addBindValue(spec.bounceDomain);
    q.addBindValue(spec.maxRate);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(tr("Cannot create the campaign"));
    const qint64 id = q.lastInsertId().toLongLong();
    for (qint64 list : spec.listIds) {
        q.prepare(u"INSERT INTO campaign_lists (campaign_id, list_id) VALUES (?, ?)"_s);
        q.addBindValue(id);
        q.addBindValue(list);
        if (!q.exec())
            return fail(tr("Cannot add the list"));
    }
    for (qint64 account : spec.accountIds) {
        q.prepare(u"INSERT INTO campaign_accounts (campaign_id, account_id) VALUES (?, ?)"_s);
        q.addBindValue(id);
        q.addBindValue(account);
        if (!q.exec())
            return fail(tr("Cannot add the account"));
    }
    // Each address once, in contact order; who must not be mailed is written as skipped, with why.
    q.prepare(
        u"INSERT OR IGNORE INTO recipients (campaign_id, contact_id, email, state, skip_reason, updated_at) "
        "SELECT ?1, c.id, c.email, "
        "  CASE WHEN c.status <> 'subscribed' THEN 'skipped' "
        "       WHEN s.pattern IS NOT NULL THEN 'skipped' ELSE 'pending' END, "
        "  CASE WHEN c.status <> 'subscribed' THEN c.status "
        "       WHEN s.pattern IS NOT NULL THEN 'suppressed' ELSE '' END, ?2 "
        "FROM contacts c "
        "LEFT JOIN suppressions s ON s.pattern = c.email "
        "  OR s.pattern = '@' || substr(c.email, instr(c.email, '@') + 1) "
        "WHERE c.id IN (SELECT contact_id FROM list_members WHERE list_id IN (%1)) "
        "ORDER BY c.id"_s.arg(idList(spec.listIds)));
    q.addBindValue(id);
    q.addBindValue(now);
    if (!q.exec())
        return fail(tr("Cannot write the recipients"));
    if (!conn.commit())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    return id;
}

Result<qint64> LedgerStore::campaignId(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT id FROM campaigns WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, q.lastError().text());
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no campaign called “%1”.").arg(name));
    return q.value(0).toLongLong();
}

Result<QList<ClaimedRecipient>> LedgerStore::claim(qint64 campaignId, int limit, qint64 nowMs) {
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    QSqlQuery q(conn);
    q.prepare(u"SELECT id, contact_id, email, attempts FROM recipients WHERE campaign_id = ? AND "
              "(state = 'pending' OR (state = 'deferred' AND next_attempt_at <= ?)) ORDER BY id LIMIT ?"_s);
    q.addBindValue(campaignId);
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    if (!q.exec()) {
        const QString text = q.lastError().text();
        conn.rollback();
        return makeError(ErrorCode::Sql, text);
    }
    QList<ClaimedRecipient> claimed;
    QList<qint64> ids;
    while (q.next()) {
        claimed.append(
            {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toInt()});
        ids << claimed.constLast().id;
    }
    if (!ids.isEmpty() &&
        !q.exec(
            u"UPDATE recipients SET state = 'sending', stage = 0, attempts = attempts + 1, updated_at = %1 "
            "WHERE id IN (%2)"_s.arg(nowMs / 1000)
                .arg(idList(ids)))) {
        const QString text = q.lastError().text();
        conn.rollback();
        return makeError(ErrorCode::Sql, text);
    }
    if (!conn.commit())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    for (ClaimedRecipient &c : claimed)
        ++c.attempts;
    return claimed;
}

Result<void> LedgerStore::markDataSent(const QList<qint64> &recipientIds) {
    if (recipientIds.isEmpty())
        return {};
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"UPDATE recipients SET stage = 1 WHERE state = 'sending' AND id IN (%1)"_s.arg(
            idList(recipientIds))))
        return makeError(ErrorCode::Sql, q.lastError().text());
    return {};
}

Result<void> LedgerStore::record(const QList<RecipientOutcome> &outcomes, qint64 nowMs) {
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    QSqlQuery q(conn);
    q.prepare(u"UPDATE recipients SET state = ?, account_id = ?, reply_code = ?, enhanced_status = "
              u"coalesce(?, ''), "
              "reply_text = coalesce(?, ''), message_id = coalesce(?, ''), next_attempt_at = ?, stage = 0, "
              "updated_at = ? WHERE id = ? AND state = 'sending'"_s);
    for (const RecipientOutcome &o : outcomes) {
        q.addBindValue(o.state);
        q.addBindValue(o.accountId > 0 ? QVariant(o.accountId) : QVariant(QMetaType(QMetaType::LongLong)));
        q.addBindValue(o.replyCode);
        q.addBindValue(o.enhancedStatus);
        q.addBindValue(o.replyText);
        q.addBindValue(o.messageId);
        q.addBindValue(o.nextAttemptAt);
        q.addBindValue(nowMs / 1000);
        q.addBindValue(o.id);
        if (!q.exec()) {
            const QString text = q.lastError().text();
            conn.rollback();
            return makeError(ErrorCode::Sql, text);
        }
    }
    if (!conn.commit())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    return {};
}

Result<QPair<int, int>> LedgerStore::recover(qint64 campaignId) {
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    QSqlQuery q(conn);
    q.prepare(
        u"UPDATE recipients SET state = 'pending' WHERE campaign_id = ? AND state = 'sending' AND stage = 0"_s);
    q.addBindValue(campaignId);
    if (!q.exec()) {
        conn.rollback();
        return makeError(ErrorCode::Sql, q.lastError().text());
    }
    const int pending = q.numRowsAffected();
    q.prepare(
        u"UPDATE recipients SET state = 'unknown', stage = 0, reply_text = 'the connection was lost after "
        u"the "
        "message was sent, before the server confirmed it' WHERE campaign_id = ? AND state = 'sending'"_s);
    q.addBindValue(campaignId);
    if (!q.exec()) {
        conn.rollback();
        return makeError(ErrorCode::Sql, q.lastError().text());
    }
    const int unknown = q.numRowsAffected();
    if (!conn.commit())
        return makeError(ErrorCode::Sql, conn.lastError().text());
    return qMakePair(pending, unknown);
}

Result<QHash<QString, qint64>> LedgerStore::countsByState(qint64 campaignId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, q.lastError().text());
    QHash<QString, qint64> counts;
    while (q.next())
        counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    return counts;
}

} // namespace hivepost::storage
