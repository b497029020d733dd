#include "bounce/BounceOrigin.h"

#include <QSqlError>
#include <QSqlQuery>

#include "campaign/Verp.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"
#include "storage/TemplateStore.h"

namespace hivepost::bounce {

namespace {

Result<std::optional<Origin>> byMessageId(storage::Database &db, const QString &messageId) {
    QSqlQuery q(db.connection());
    q.prepare(
        QStringLiteral("SELECT r.campaign_id, c.name, r.id, r.contact_id, r.email FROM recipients r JOIN "
                       "campaigns c ON c.id = r.campaign_id WHERE r.message_id = ? AND r.message_id <> ''"));
    q.addBindValue(messageId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return std::optional<Origin>();
    return std::optional<Origin>(Origin{q.value(0).toLongLong(), q.value(1).toString(),
                                        q.value(2).toLongLong(), q.value(3).toLongLong(),
                                        q.value(4).toString()});
}

} // namespace

Result<std::optional<Origin>> BounceOrigin::resolve(const QString &token, const QString &messageId) {
    if (token.isEmpty())
        return messageId.isEmpty() ? std::optional<Origin>() : byMessageId(m_db, messageId);
    if (m_secret.isEmpty()) {
        auto secret = storage::TemplateStore(m_db).unsubscribeSecret();
        if (!secret)
            return secret.error();
        m_secret = campaign::Verp::secretFrom(secret.value());
    }
    const auto ids = campaign::Verp::parseToken(token, m_secret);
    if (!ids)
        return messageId.isEmpty() ? std::optional<Origin>() : byMessageId(m_db, messageId);
    QSqlQuery q(m_db.connection());
    q.prepare(QStringLiteral("SELECT c.name, r.contact_id, r.email FROM recipients r JOIN campaigns c ON "
                             "c.id = r.campaign_id WHERE r.id = ? AND r.campaign_id = ?"));
    q.addBindValue(ids->recipientId);
    q.addBindValue(ids->campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return std::optional<Origin>();
    return std::optional<Origin>(Origin{ids->campaignId, q.value(0).toString(), ids->recipientId,
                                        q.value(1).toLongLong(), q.value(2).toString()});
}

} // namespace hivepost::bounce
