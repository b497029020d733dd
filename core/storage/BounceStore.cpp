#include "storage/BounceStore.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

const QString kColumns =
    u"b.id, b.received_at, b.source, b.email, coalesce(b.campaign_id, 0), coalesce(c.name, ''), "
    "coalesce(b.recipient_id, 0), coalesce(b.contact_id, 0), b.kind, b.reason, b.hard, b.status, "
    "b.reply_code, b.diagnostic, b.feedback_type, b.evidence, b.action, b.previous_status, "
    "b.suppressed, b.undone_at"_s;

BounceEvent eventFrom(const QSqlQuery &q) {
    BounceEvent e;
    int i = 0;
    e.id = q.value(i++).toLongLong();
    e.receivedAt = q.value(i++).toLongLong();
    e.source = q.value(i++).toString();
    e.email = q.value(i++).toString();
    e.campaignId = q.value(i++).toLongLong();
    e.campaign = q.value(i++).toString();
    e.recipientId = q.value(i++).toLongLong();
    e.contactId = q.value(i++).toLongLong();
    e.kind = q.value(i++).toString();
    e.reason = q.value(i++).toString();
    e.hard = q.value(i++).toBool();
    e.status = q.value(i++).toString();
    e.replyCode = q.value(i++).toInt();
    e.diagnostic = q.value(i++).toString();
    e.feedbackType = q.value(i++).toString();
    e.evidence = q.value(i++).toString();
    e.action = q.value(i++).toString();
    e.previousStatus = q.value(i++).toString();
    e.suppressed = q.value(i++).toString();
    e.undoneAt = q.value(i++).toLongLong();
    return e;
}

// A QString that is null binds as NULL; the text columns are NOT NULL.
QVariant text(const QString &s) {
    return QVariant(s.isNull() ? QString(u""_s) : s);
}

QVariant idOrNull(qint64 id) {
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

} // namespace

BounceStore::BounceStore(Database &db)
    : m_db(db) {}

Result<qint64> BounceStore::add(const BounceEvent &e) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO bounces (received_at, source, email, campaign_id, recipient_id, contact_id, kind, "
        u"reason, "
        "hard, status, reply_code, diagnostic, feedback_type, evidence, action, previous_status, suppressed) "
        "VALUES (?, ?, ?, (SELECT id FROM campaigns WHERE id = ?), ?, (SELECT id FROM contacts WHERE id = "
        "?), "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s);
    for (const QVariant &v :
         {QVariant(e.receivedAt), text(e.source), text(e.email), idOrNull(e.campaignId),
          idOrNull(e.recipientId), idOrNull(e.contactId), text(e.kind), text(e.reason), QVariant(e.hard),
          text(e.status), QVariant(e.replyCode), text(e.diagnostic.left(2000)), text(e.feedbackType),
          text(e.evidence), text(e.action), text(e.previousStatus), text(e.suppressed)})
        q.addBindValue(v);
    if (!q.exec())
        return makeError(
            ErrorCode::Sql,
            tr("Cannot log the bounce of %1: %2").arg(e.email, storage::sqlErrorText(q.lastError())));
    return q.numRowsAffected() > 0 ? q.lastInsertId().toLongLong() : qint64(0);
}

Result<bool> BounceStore::setAction(qint64 id, const QString &action, const QString &previousStatus,
                                    const QString &suppressed) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE bounces SET action = ?, previous_status = ?, suppressed = ? WHERE id = ?"_s);
    q.addBindValue(text(action));
    q.addBindValue(text(previousStatus));
    q.addBindValue(text(suppressed));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

Result<bool> BounceStore::markUndone(qint64 id, qint64 nowMs) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE bounces SET undone_at = ? WHERE id = ? AND undone_at = 0"_s);
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

Result<QList<BounceEvent>> BounceStore::list(const BounceFilter &f) const {
    QString sql =
        u"SELECT %1 FROM bounces b LEFT JOIN campaigns c ON c.id = b.campaign_id WHERE b.received_at >= ?"_s
            .arg(kColumns);
    QVariantList binds{f.sinceMs};
    if (f.campaignId > 0) {
        sql += u" AND b.campaign_id = ?"_s;
        binds << f.campaignId;
    }
    if (!f.reason.isEmpty()) {
        sql += u" AND b.reason = ?"_s;
        binds << f.reason;
    }
    if (f.hard >= 0) {
        sql += u" AND b.hard = ?"_s;
        binds << f.hard;
    }
    sql += u" ORDER BY b.received_at DESC, b.id DESC LIMIT ?"_s;
    binds << f.limit;
    QSqlQuery q(m_db.connection());
    q.prepare(sql);
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<BounceEvent> out;
    while (q.next())
        out << eventFrom(q);
    return out;
}

Result<BounceEvent> BounceStore::byId(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT %1 FROM bounces b LEFT JOIN campaigns c ON c.id = b.campaign_id WHERE b.id = ?"_s.arg(
        kColumns));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no bounce %1.").arg(id));
    return eventFrom(q);
}

Result<int> BounceStore::softBounces(const QString &email, qint64 sinceMs) const {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT count(*) FROM bounces WHERE email = ? AND received_at >= ? AND kind = 'bounce' AND hard = 0 "
        "AND undone_at = 0"_s);
    q.addBindValue(email);
    q.addBindValue(sinceMs);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.value(0).toInt();
}

Result<QList<LedgerRefusal>> BounceStore::unloggedRefusals(int limit) const {
    // Refusals with a reply: permanent ones (failed), and transient ones that were given up (also failed).
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT r.id, r.campaign_id, coalesce(r.contact_id, 0), r.email, r.reply_code, r.enhanced_status, "
        "r.reply_text, r.state, r.updated_at * 1000 FROM recipients r WHERE r.state = 'failed' AND "
        "r.reply_code >= "
        "400 "
        "AND NOT EXISTS (SELECT 1 FROM bounces b WHERE b.source = 'smtp' AND b.recipient_id = r.id) "
        "ORDER BY r.id LIMIT ?"_s);
    q.addBindValue(limit);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<LedgerRefusal> out;
    while (q.next()) {
        LedgerRefusal r{q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong(),
                        q.value(3).toString(),   q.value(4).toInt(),      q.value(5).toString(),
                        q.value(6).toString(),   q.value(7).toString(),   q.value(8).toLongLong()};
        out << r;
    }
    return out;
}

Result<QString> BounceStore::contactStatus(const QString &email, qint64 *contactId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT id, status FROM contacts WHERE email = ?"_s);
    q.addBindValue(email.trimmed().toLower());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return QString();
    if (contactId)
        *contactId = q.value(0).toLongLong();
    return q.value(1).toString();
}

Result<bool> BounceStore::setContactStatus(const QString &email, const QString &status) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE contacts SET status = ?, updated_at = ? WHERE email = ?"_s);
    q.addBindValue(status);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    q.addBindValue(email.trimmed().toLower());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

} // namespace hivepost::storage
