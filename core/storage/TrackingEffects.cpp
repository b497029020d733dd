#include "storage/TrackingEffects.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include "common/EmailAddress.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

Error sqlError(const QSqlQuery &q) {
    return Error{ErrorCode::Sql, sqlErrorText(q.lastError())};
}

} // namespace

Result<void> TrackingEffects::unsubscribe(const TrackingEvent &e) {
    QSqlQuery q(m_conn);
    q.prepare(u"SELECT email, status FROM contacts WHERE id = ?"_s);
    q.addBindValue(e.contactId);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return {}; // deleted since: nothing to do
    const QString email = q.value(0).toString();
    const QString previous = q.value(1).toString();
    q.prepare(u"INSERT INTO suppressions (pattern, reason, created_at) VALUES (?, ?, ?) "
              "ON CONFLICT (pattern) DO NOTHING"_s);
    q.addBindValue(email);
    q.addBindValue(u"unsubscribed (one-click, relay)"_s);
    q.addBindValue(m_now / 1000);
    if (!q.exec())
        return sqlError(q);
    const QString added = q.numRowsAffected() > 0 ? email : QString();
    if (previous == u"subscribed"_s) {
        q.prepare(u"UPDATE contacts SET status = 'unsubscribed', updated_at = ? WHERE id = ?"_s);
        q.addBindValue(m_now / 1000);
        q.addBindValue(e.contactId);
        if (!q.exec())
            return sqlError(q);
    }
    // In the bounce log with what it changed, so that the Bounces page shows it and can undo it.
    q.prepare(
        u"INSERT INTO bounces (received_at, source, email, campaign_id, recipient_id, contact_id, kind, "
        "reason, hard, evidence, action, previous_status, suppressed) VALUES (?, 'relay', ?, "
        "(SELECT id FROM campaigns WHERE id = ?), ?, ?, 'unsubscribe', 'unsubscribe', 0, ?, "
        "'suppressed', coalesce(?, ''), coalesce(?, ''))"_s);
    q.addBindValue(e.at);
    q.addBindValue(email);
    q.addBindValue(e.campaignId);
    q.addBindValue(e.recipientId);
    q.addBindValue(e.contactId);
    q.addBindValue(u"one-click unsubscribe from %1"_s.arg(e.ip.isEmpty() ? u"?"_s : e.ip));
    q.addBindValue(previous);
    q.addBindValue(added);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<void> TrackingEffects::preferences(const TrackingEvent &e) {
    const QJsonObject detail = QJsonDocument::fromJson(e.detail.toUtf8()).object();
    if (detail.value(u"unsubscribe_all"_s).toBool())
        return unsubscribe(e);
    const QJsonObject chosen = detail.value(u"categories"_s).toObject();
    QSqlQuery q(m_conn);
    for (auto it = chosen.begin(); it != chosen.end(); ++it) {
        const qint64 listId = it.key().toLongLong();
        if (it.value().toBool()) {
            q.prepare(u"INSERT INTO list_members (list_id, contact_id, added_at) SELECT id, ?, ? FROM lists "
                      "WHERE id = ? AND EXISTS (SELECT 1 FROM contacts WHERE id = ?) "
                      "ON CONFLICT (list_id, contact_id) DO NOTHING"_s);
            q.addBindValue(e.contactId);
            q.addBindValue(m_now / 1000);
            q.addBindValue(listId);
            q.addBindValue(e.contactId);
        } else {
            q.prepare(u"DELETE FROM list_members WHERE list_id = ? AND contact_id = ?"_s);
            q.addBindValue(listId);
            q.addBindValue(e.contactId);
        }
        if (!q.exec())
            return sqlError(q);
    }
    return {};
}

Result<void> TrackingEffects::signupPending(qint64 relayId, const TrackingEvent &e) {
    const QJsonObject d = QJsonDocument::fromJson(e.detail.toUtf8()).object();
    // Relays before the "mailer" key mailed nothing themselves.
    if (d.value(u"mailer"_s).toString(u"desktop"_s) != u"desktop"_s ||
        d.value(u"email"_s).toString().isEmpty())
        return {};
    QSqlQuery q(m_conn);
    q.prepare(u"INSERT INTO signup_mails (relay_id, remote_id) VALUES (?, ?) ON CONFLICT DO NOTHING"_s);
    q.addBindValue(relayId);
    q.addBindValue(e.id);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<qint64> TrackingEffects::signup(const TrackingEvent &e) {
    const QJsonObject d = QJsonDocument::fromJson(e.detail.toUtf8()).object();
    const QString email = EmailAddress::normalized(d.value(u"email"_s).toString());
    if (email.isEmpty())
        return qint64(0);
    QSqlQuery q(m_conn);
    q.prepare(u"INSERT INTO contacts (email, name, created_at, updated_at) VALUES (?, coalesce(?, ''), ?, ?) "
              "ON CONFLICT (email) DO UPDATE SET status = CASE WHEN contacts.status = 'unsubscribed' THEN "
              "'subscribed' ELSE contacts.status END, updated_at = excluded.updated_at"_s);
    q.addBindValue(email);
    q.addBindValue(d.value(u"name"_s).toString().left(200));
    q.addBindValue(m_now / 1000);
    q.addBindValue(m_now / 1000);
    if (!q.exec())
        return sqlError(q);
    q.prepare(u"SELECT id FROM contacts WHERE email = ?"_s);
    q.addBindValue(email);
    if (!q.exec() || !q.next())
        return sqlError(q);
    const qint64 contactId = q.value(0).toLongLong();
    const qint64 listId = d.value(u"list_id"_s).toInteger();
    q.prepare(u"INSERT INTO list_members (list_id, contact_id, added_at) SELECT id, ?, ? FROM lists "
              u"WHERE id = ? "
              "ON CONFLICT (list_id, contact_id) DO NOTHING"_s);
    q.addBindValue(contactId);
    q.addBindValue(m_now / 1000);
    q.addBindValue(listId);
    if (!q.exec())
        return sqlError(q);
    q.prepare(
        u"INSERT INTO consents (contact_id, list_id, source, ip, form, signed_up_at, confirmed_at) "
        "VALUES (?, (SELECT id FROM lists WHERE id = ?), 'double opt-in', coalesce(?, ''), coalesce(?, ''), ?, ?)"_s);
    q.addBindValue(contactId);
    q.addBindValue(listId);
    q.addBindValue(e.ip);
    q.addBindValue(d.value(u"form"_s).toString().left(200));
    q.addBindValue(d.value(u"signed_up_at"_s).toInteger());
    q.addBindValue(d.value(u"confirmed_at"_s).toInteger(e.at));
    if (!q.exec())
        return sqlError(q);
    return contactId;
}

} // namespace hivepost::storage
