#include "storage/LedgerStore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlErrors.h"
#include "storage/SqliteStatement.h"

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

LedgerStore::~LedgerStore() = default;

Result<qint64> LedgerStore::create(const CampaignSpec &spec) {
    if (spec.name.trimmed().isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A campaign needs a name."));
    if (spec.listIds.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A campaign needs at least one list."));
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    QSqlQuery q(conn);
    const auto fail = [&](const QString &what) {
        const QString text = storage::sqlErrorText(q.lastError());
        conn.rollback();
        return makeError(ErrorCode::Sql, what + u": "_s + text);
    };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QJsonObject limits;
    for (auto it = spec.domainLimits.cbegin(); it != spec.domainLimits.cend(); ++it)
        limits.insert(it.key(), it.value());
    q.prepare(
        u"INSERT INTO campaigns (name, template_name, from_address, bounce_domain, max_rate, "
        "domain_limits, state, start_at, created_at, updated_at, relay_id, open_tracking, click_tracking) "
        "VALUES (?, ?, coalesce(?, ''), coalesce(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(spec.name.trimmed());
    q.addBindValue(spec.templateName);
    q.addBindValue(spec.fromAddress);
    q.addBindValue(spec.bounceDomain);
    q.addBindValue(spec.maxRate);
    q.addBindValue(QString::fromUtf8(QJsonDocument(limits).toJson(QJsonDocument::Compact)));
    q.addBindValue(spec.startAt > 0 ? u"scheduled"_s : u"draft"_s);
    q.addBindValue(spec.startAt);
    q.addBindValue(now);
    q.addBindValue(now);
    q.addBindValue(spec.relayId > 0 ? QVariant(spec.relayId) : QVariant(QMetaType(QMetaType::LongLong)));
    q.addBindValue(spec.openTracking ? 1 : 0);
    q.addBindValue(spec.clickTracking ? 1 : 0);
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
    q.prepare(u"INSERT INTO recipients (campaign_id, contact_id, email, state, skip_reason, updated_at) "
              "SELECT ?1, c.id, c.email, "
              "  CASE WHEN c.status <> 'subscribed' THEN 'skipped' "
              "       WHEN s.pattern IS NOT NULL THEN 'skipped' ELSE 'pending' END, "
              "  CASE WHEN c.status <> 'subscribed' THEN c.status "
              "       WHEN s.pattern IS NOT NULL THEN 'suppressed' ELSE '' END, ?2 "
              "FROM contacts c "
              "LEFT JOIN suppressions s ON s.pattern = c.email "
              "  OR s.pattern = '@' || %2 "
              "WHERE c.id IN (SELECT contact_id FROM list_members WHERE list_id IN (%1)) "
              "ORDER BY c.id ON CONFLICT DO NOTHING"_s.arg(idList(spec.listIds),
                                                           m_db.dialect().emailDomainAsIs(u"c.email"_s)));
    q.addBindValue(id);
    q.addBindValue(now);
    if (!q.exec())
        return fail(tr("Cannot write the recipients"));
    if (!conn.commit())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    return id;
}

QString LedgerStore::inLists(const QList<qint64> &listIds) {
    return u"c.id IN (SELECT contact_id FROM list_members WHERE list_id IN (%1))"_s.arg(idList(listIds));
}

QString LedgerStore::mailed() const {
    // The rules of create(): a contact c is mailed when subscribed and not suppressed, by address or
    // by domain.
    return u"(c.status = 'subscribed' AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.pattern = c.email "
           "OR s.pattern = '@' || %1))"_s.arg(m_db.dialect().emailDomainAsIs(u"c.email"_s));
}

Result<QPair<qint64, qint64>> LedgerStore::audience(const QList<qint64> &listIds) const {
    if (listIds.isEmpty())
        return qMakePair(qint64(0), qint64(0));
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT sum(ok), count(*) - sum(ok) FROM (SELECT %1 AS ok FROM contacts c WHERE %2)"_s.arg(
            mailed(), inLists(listIds))) ||
        !q.next())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return qMakePair(q.value(0).toLongLong(), q.value(1).toLongLong());
}

Result<QList<qint64>> LedgerStore::emptyValues(const QList<qint64> &listIds,
                                               const QStringList &fields) const {
    QList<qint64> counts(fields.size(), 0);
    if (listIds.isEmpty() || fields.isEmpty())
        return counts;
    static const QStringList columns{u"name"_s, u"first_name"_s, u"last_name"_s};
    QStringList sums;
    QStringList keys; // bound in order, one per custom field
    for (const QString &f : fields) {
        QString value;
        if (columns.contains(f)) {
            value = u"c."_s + f;
        } else {
            value = m_db.dialect().jsonMember(u"c.fields"_s);
            keys << m_db.dialect().jsonKeyParameter(f);
        }
        // A number is a value; text is empty when it is only spaces.
        sums << u"sum(CASE WHEN trim(coalesce(CAST(%1 AS TEXT), '')) = '' THEN 1 ELSE 0 END)"_s.arg(value);
    }
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(
        u"SELECT %1 FROM contacts c WHERE %2 AND %3"_s.arg(sums.join(u", "_s), inLists(listIds), mailed()));
    for (const QString &k : std::as_const(keys))
        q.addBindValue(k);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    for (qsizetype i = 0; i < fields.size(); ++i)
        counts[i] = q.value(int(i)).toLongLong();
    return counts;
}

Result<QList<ClaimedRecipient>> LedgerStore::claim(qint64 campaignId, int limit, qint64 nowMs) {
    QSqlDatabase conn = m_db.connection();
    QSqlQuery q(conn);
    // IMMEDIATE: it reads, then writes; a deferred transaction could not take the write lock if the
    // ledger writer committed in between (SQLITE_BUSY without waiting).
    if (!q.exec(u"BEGIN IMMEDIATE"_s))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    q.setForwardOnly(true);
    const auto fail = [&] {
        const QString text = storage::sqlErrorText(q.lastError());
        QSqlQuery(conn).exec(u"ROLLBACK"_s);
        return makeError(ErrorCode::Sql, text);
    };
    QList<ClaimedRecipient> claimed;
    QList<qint64> ids;
    // Two queries, each walking the queue index in order: deferred ones that are due, then pending
    // ones (whose next_attempt_at is always 0) in id order.
    const QString select =
        u"SELECT r.id, r.contact_id, r.email, r.attempts, coalesce(c.name, ''), coalesce(c.first_name, ''), "
        "coalesce(c.last_name, ''), coalesce(c.fields, '{}'), r.deferred_since FROM recipients r "
        "LEFT JOIN contacts c ON c.id = r.contact_id WHERE r.campaign_id = ? AND %1 LIMIT ?"_s;
    const QString conditions[] = {
        u"r.state = 'deferred' AND r.next_attempt_at <= ? ORDER BY r.next_attempt_at"_s,
        u"r.state = 'pending' AND r.next_attempt_at = ? ORDER BY r.id"_s};
    for (int pass = 0; pass < 2 && claimed.size() < limit; ++pass) {
        q.prepare(select.arg(conditions[pass]));
        q.addBindValue(campaignId);
        q.addBindValue(pass == 0 ? nowMs : 0);
        q.addBindValue(limit - int(claimed.size()));
        if (!q.exec())
            return fail();
        while (q.next()) {
            ClaimedRecipient c;
            c.id = q.value(0).toLongLong();
            c.contactId = q.value(1).toLongLong();
            c.email = q.value(2).toString();
            c.attempts = q.value(3).toInt() + 1;
            c.name = q.value(4).toString();
            c.firstName = q.value(5).toString();
            c.lastName = q.value(6).toString();
            c.fields = q.value(7).toString().toUtf8();
            c.deferredSince = q.value(8).toLongLong();
            c.wasDeferred = pass == 0;
            ids << c.id;
            claimed.append(std::move(c));
        }
    }
    if (!ids.isEmpty() &&
        !q.exec(
            u"UPDATE recipients SET state = 'sending', stage = 0, attempts = attempts + 1, updated_at = %1 "
            "WHERE id IN (%2)"_s.arg(nowMs / 1000)
                .arg(idList(ids))))
        return fail();
    if (!q.exec(u"COMMIT"_s))
        return fail();
    return claimed;
}

Result<void> LedgerStore::release(const QList<qint64> &recipientIds) {
    if (recipientIds.isEmpty())
        return {};
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"UPDATE recipients SET state = 'pending', stage = 0, next_attempt_at = 0, "
                "attempts = max(attempts - 1, 0) WHERE state = 'sending' AND id IN (%1)"_s.arg(
                    idList(recipientIds))))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

Result<void> LedgerStore::record(const QList<RecipientOutcome> &outcomes, qint64 nowMs,
                                 const QList<DataSentMark> &dataSent) {
    QSqlDatabase conn = m_db.connection();
    sqlite3 *handle = sqliteHandle(conn);
    if (!handle)
        return makeError(ErrorCode::Sql, tr("The ledger's connection is not open."));
    // The engine's hot path: statements prepared once, on the sqlite3 C API (QSqlQuery's per-row
    // cost was a fifth of a campaign's CPU time).
    if (!m_markSent) {
        m_markSent = std::make_unique<SqliteStatement>();
        m_outcome = std::make_unique<SqliteStatement>();
        if (!m_markSent->prepare(
                handle, "UPDATE recipients SET stage = 1, account_id = coalesce(nullif(?2, 0), account_id) "
                        "WHERE id = ?1 AND state = 'sending'") ||
            !m_outcome->prepare(
                handle, "UPDATE recipients SET state = ?1, account_id = ?2, reply_code = ?3, "
                        "enhanced_status = ?4, reply_text = ?5, message_id = ?6, next_attempt_at = ?7, "
                        "stage = 0, deferred_since = ?8, sent_at = ?9, reply_ms = ?10, updated_at = ?11 "
                        "WHERE id = ?12 AND state = 'sending'")) {
            const QString why = m_markSent->ok() ? m_outcome->errorString() : m_markSent->errorString();
            m_markSent.reset();
            m_outcome.reset();
            return makeError(ErrorCode::Sql, why);
        }
    }
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    const auto fail = [&](const SqliteStatement &st) {
        const QString text = st.errorString();
        conn.rollback();
        return makeError(ErrorCode::Sql, text);
    };
    for (const DataSentMark &mark : dataSent) {
        m_markSent->reset();
        m_markSent->bind(1, std::int64_t(mark.recipientId));
        m_markSent->bind(2, std::int64_t(mark.accountId));
        m_markSent->step();
        if (!m_markSent->ok())
            return fail(*m_markSent);
    }
    for (const RecipientOutcome &o : outcomes) {
        const QByteArray state = stateName(o.state).toUtf8();
        const QByteArray enhanced = o.enhancedStatus.toUtf8();
        const QByteArray text = o.replyText.toUtf8();
        const QByteArray messageId = o.messageId.toUtf8();
        const bool deferred = o.state == LedgerState::Deferred;
        SqliteStatement &st = *m_outcome;
        st.reset();
        st.bind(1, std::string_view(state.constData(), size_t(state.size())));
        if (o.accountId > 0)
            st.bind(2, std::int64_t(o.accountId));
        else
            st.bindNull(2);
        st.bind(3, std::int64_t(o.replyCode));
        st.bind(4, std::string_view(enhanced.constData(), size_t(enhanced.size())));
        st.bind(5, std::string_view(text.constData(), size_t(text.size())));
        st.bind(6, std::string_view(messageId.constData(), size_t(messageId.size())));
        st.bind(7, std::int64_t(deferred ? o.nextAttemptAt : 0));
        st.bind(8, std::int64_t(deferred ? o.deferredSince : 0));
        st.bind(9, std::int64_t(o.state == LedgerState::Sent ? nowMs : 0));
        st.bind(10, std::int64_t(o.replyMs));
        st.bind(11, std::int64_t(nowMs / 1000));
        st.bind(12, std::int64_t(o.id));
        st.step();
        if (!st.ok())
            return fail(st);
    }
    m_markSent->reset();
    m_outcome->reset();
    if (!conn.commit())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    return {};
}

Result<QPair<int, int>> LedgerStore::recover(qint64 campaignId) {
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    QSqlQuery q(conn);
    q.prepare(u"UPDATE recipients SET state = 'pending', next_attempt_at = 0 WHERE campaign_id = ? AND "
              "state = 'sending' AND stage = 0"_s);
    q.addBindValue(campaignId);
    if (!q.exec()) {
        conn.rollback();
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    }
    const int pending = q.numRowsAffected();
    q.prepare(
        u"UPDATE recipients SET state = 'unknown', stage = 0, reply_text = 'the connection was lost after "
        u"the "
        "message was sent, before the server confirmed it' WHERE campaign_id = ? AND state = 'sending'"_s);
    q.addBindValue(campaignId);
    if (!q.exec()) {
        conn.rollback();
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    }
    const int unknown = q.numRowsAffected();
    if (!conn.commit())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    return qMakePair(pending, unknown);
}

Result<int> LedgerStore::resendUnknown(qint64 campaignId) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"UPDATE recipients SET state = 'pending', next_attempt_at = 0, stage = 0 WHERE campaign_id = ? "
        "AND state = 'unknown'"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected();
}

Result<int> LedgerStore::cancelRemaining(qint64 campaignId) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE recipients SET state = 'skipped', skip_reason = 'cancelled', next_attempt_at = 0 "
              "WHERE campaign_id = ? AND (state = 'pending' OR state = 'deferred')"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected();
}

Result<qint64> LedgerStore::nextDeferredAt(qint64 campaignId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT min(next_attempt_at) FROM recipients WHERE campaign_id = ? AND state = 'deferred'"_s);
    q.addBindValue(campaignId);
    if (!q.exec() || !q.next())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.value(0).toLongLong();
}

Result<std::deque<qint64>> LedgerStore::sentTimes(qint64 accountId, qint64 sinceMs) const {
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT sent_at FROM recipients WHERE account_id = ? AND state = 'sent' AND sent_at > ? "
              "ORDER BY sent_at"_s);
    q.addBindValue(accountId);
    q.addBindValue(sinceMs);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    std::deque<qint64> times;
    while (q.next())
        times.push_back(q.value(0).toLongLong());
    return times;
}

Result<QHash<QString, qint64>> LedgerStore::countsByState(qint64 campaignId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QHash<QString, qint64> counts;
    while (q.next())
        counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    return counts;
}

} // namespace hivepost::storage
