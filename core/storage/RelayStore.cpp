#include "storage/RelayStore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

Error sqlError(const QSqlQuery &q) {
    return Error{ErrorCode::Sql, sqlErrorText(q.lastError())};
}

const QString EventColumns =
    u"id, kind, at, campaign_id, recipient_id, contact_id, link_id, flags, ip, user_agent, detail"_s;

bool insertEvent(QSqlQuery &q, const TrackingEvent &e) {
    q.addBindValue(e.kind);
    q.addBindValue(e.at);
    q.addBindValue(e.campaignId);
    q.addBindValue(e.recipientId);
    q.addBindValue(e.contactId);
    q.addBindValue(e.linkId);
    q.addBindValue(e.flags);
    q.addBindValue(e.ip);
    q.addBindValue(e.userAgent);
    q.addBindValue(e.detail);
    return q.exec();
}

const QString InsertEvent =
    u"INSERT INTO events (kind, at, campaign_id, recipient_id, contact_id, link_id, flags, "
    "ip, user_agent, detail) VALUES (?, ?, ?, ?, ?, ?, coalesce(?, ''), coalesce(?, ''), "
    "coalesce(?, ''), coalesce(?, ''))"_s;

QString idsJson(const QList<qint64> &ids) {
    QJsonArray a;
    for (qint64 id : ids)
        a.append(id);
    return QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Compact));
}

Error notBegun(Database &db) {
    return Error{ErrorCode::Sql, sqlErrorText(db.connection().lastError())};
}

const QString SignupColumns = QStringLiteral("id, category_id, email, name, ip, form, created_at, mailed_at, "
                                             "confirmed_at, language, mailer, mail_error");

RelaySignup signupFrom(const QSqlQuery &q) {
    RelaySignup s;
    s.id = q.value(0).toLongLong();
    s.categoryId = q.value(1).toLongLong();
    s.email = q.value(2).toString();
    s.name = q.value(3).toString();
    s.ip = q.value(4).toString();
    s.form = q.value(5).toString();
    s.createdAt = q.value(6).toLongLong();
    s.mailedAt = q.value(7).toLongLong();
    s.confirmedAt = q.value(8).toLongLong();
    s.language = q.value(9).toString();
    s.mailer = q.value(10).toString();
    s.mailError = q.value(11).toString();
    return s;
}

} // namespace

Result<void> RelayStore::append(const QList<TrackingEvent> &events) {
    if (events.isEmpty())
        return {};
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    if (!q.prepare(InsertEvent))
        return sqlError(q);
    for (const TrackingEvent &e : events) {
        if (!insertEvent(q, e))
            return sqlError(q);
    }
    return t.commit();
}

Result<qint64> RelayStore::unsubscribe(const TrackingEvent &event) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO unsubscribed (contact_id, at) VALUES (?, ?) ON CONFLICT (contact_id) DO NOTHING"_s);
    q.addBindValue(event.contactId);
    q.addBindValue(event.at);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() == 0)
        return qint64(0); // unsubscribed before: the desktop has heard of it once already
    q.prepare(InsertEvent);
    if (!insertEvent(q, event))
        return sqlError(q);
    const qint64 id = q.lastInsertId().toLongLong();
    if (auto c = t.commit(); !c)
        return c.error();
    return id;
}

Result<qint64> RelayStore::setPreferences(const TrackingEvent &event, const QHash<qint64, bool> &subscribed) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO preferences (contact_id, category_id, subscribed, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (contact_id, category_id) DO UPDATE SET subscribed = excluded.subscribed, "
        "updated_at = excluded.updated_at"_s);
    for (auto it = subscribed.cbegin(); it != subscribed.cend(); ++it) {
        q.addBindValue(event.contactId);
        q.addBindValue(it.key());
        q.addBindValue(it.value() ? 1 : 0);
        q.addBindValue(event.at);
        if (!q.exec())
            return sqlError(q);
    }
    // Choosing to receive something again takes back an earlier "unsubscribe from everything".
    bool any = false;
    for (bool on : subscribed)
        any = any || on;
    if (any) {
        q.prepare(u"DELETE FROM unsubscribed WHERE contact_id = ?"_s);
        q.addBindValue(event.contactId);
        if (!q.exec())
            return sqlError(q);
    }
    q.prepare(InsertEvent);
    if (!insertEvent(q, event))
        return sqlError(q);
    const qint64 id = q.lastInsertId().toLongLong();
    if (auto c = t.commit(); !c)
        return c.error();
    return id;
}

Result<QList<TrackingEvent>> RelayStore::events(qint64 after, int limit) const {
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    q.prepare(u"SELECT "_s + EventColumns + u" FROM events WHERE id > ? ORDER BY id LIMIT ?"_s);
    q.addBindValue(after);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(q);
    QList<TrackingEvent> out;
    while (q.next()) {
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                    q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toLongLong(),
                    q.value(6).toLongLong(), q.value(7).toString(), q.value(8).toString(),
                    q.value(9).toString(), q.value(10).toString()});
    }
    return out;
}

Result<qint64> RelayStore::lastEventId() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT coalesce(max(id), 0) FROM events"_s) || !q.next())
        return sqlError(q);
    return q.value(0).toLongLong();
}

Result<void> RelayStore::putCampaign(const RelayCampaign &c) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO campaigns (id, name, sender_name, categories, updated_at) VALUES (?, coalesce(?, ''), "
        "coalesce(?, ''), ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, sender_name = "
        "excluded.sender_name, "
        "categories = excluded.categories, updated_at = excluded.updated_at"_s);
    q.addBindValue(c.id);
    q.addBindValue(c.name);
    q.addBindValue(c.senderName);
    q.addBindValue(idsJson(c.categories));
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return sqlError(q);
    // Links are only added or corrected, never dropped: a message already out may still point to one.
    q.prepare(
        u"INSERT INTO links (campaign_id, link_id, url, hidden) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (campaign_id, link_id) DO UPDATE SET url = excluded.url, hidden = excluded.hidden"_s);
    for (const RelayLink &l : c.links) {
        q.addBindValue(c.id);
        q.addBindValue(l.linkId);
        q.addBindValue(l.url);
        q.addBindValue(l.hidden ? 1 : 0);
        if (!q.exec())
            return sqlError(q);
    }
    return t.commit();
}

Result<RelayCampaign> RelayStore::campaign(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT id, name, sender_name, categories FROM campaigns WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("No such campaign."));
    RelayCampaign c;
    c.id = q.value(0).toLongLong();
    c.name = q.value(1).toString();
    c.senderName = q.value(2).toString();
    for (const QJsonValue &v : QJsonDocument::fromJson(q.value(3).toString().toUtf8()).array())
        c.categories << v.toInteger();
    return c;
}

Result<QList<RelayLink>> RelayStore::links() const {
    QSqlQuery q(m_db.connection());
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT campaign_id, link_id, url, hidden FROM links"_s))
        return sqlError(q);
    QList<RelayLink> out;
    while (q.next())
        out.append(
            {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toBool()});
    return out;
}

Result<void> RelayStore::setCategories(const QList<RelayCategory> &categories) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"DELETE FROM categories"_s))
        return sqlError(q);
    q.prepare(u"INSERT INTO categories (id, name, signup) VALUES (?, ?, ?)"_s);
    for (const RelayCategory &c : categories) {
        q.addBindValue(c.id);
        q.addBindValue(c.name);
        q.addBindValue(c.signup ? 1 : 0);
        if (!q.exec())
            return sqlError(q);
    }
    return t.commit();
}

Result<QList<RelayCategory>> RelayStore::categories() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT id, name, signup FROM categories ORDER BY name, id"_s))
        return sqlError(q);
    QList<RelayCategory> out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toBool()});
    return out;
}

Result<QHash<qint64, bool>> RelayStore::preferences(qint64 contactId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT category_id, subscribed FROM preferences WHERE contact_id = ?"_s);
    q.addBindValue(contactId);
    if (!q.exec())
        return sqlError(q);
    QHash<qint64, bool> out;
    while (q.next())
        out.insert(q.value(0).toLongLong(), q.value(1).toBool());
    return out;
}

Result<bool> RelayStore::isUnsubscribed(qint64 contactId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT 1 FROM unsubscribed WHERE contact_id = ?"_s);
    q.addBindValue(contactId);
    if (!q.exec())
        return sqlError(q);
    return q.next();
}

Result<qint64> RelayStore::addSignup(const RelaySignup &s) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO signups (category_id, email, name, ip, form, created_at, language, mailer) "
              "VALUES (?, ?, coalesce(?, ''), coalesce(?, ''), coalesce(?, ''), ?, coalesce(?, ''), ?)"_s);
    q.addBindValue(s.categoryId);
    q.addBindValue(s.email);
    q.addBindValue(s.name);
    q.addBindValue(s.ip);
    q.addBindValue(s.form);
    q.addBindValue(s.createdAt);
    q.addBindValue(s.language);
    q.addBindValue(s.mailer);
    if (!q.exec())
        return sqlError(q);
    const qint64 id = q.lastInsertId().toLongLong();
    if (auto c = t.commit(); !c)
        return c.error();
    return id;
}

Result<RelaySignup> RelayStore::signup(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + SignupColumns + u" FROM signups WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("No such signup."));
    return signupFrom(q);
}

Result<QList<RelaySignup>> RelayStore::unmailedSignups(qint64 sinceMs) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + SignupColumns +
              u" FROM signups WHERE mailer = 'relay' AND mailed_at = 0 AND confirmed_at = 0 AND "
              "mail_error = '' AND created_at >= ? ORDER BY id"_s);
    q.addBindValue(sinceMs);
    if (!q.exec())
        return sqlError(q);
    QList<RelaySignup> out;
    while (q.next())
        out.append(signupFrom(q));
    return out;
}

Result<void> RelayStore::handOver(qint64 id, const QString &error, const TrackingEvent &event, bool giveUp) {
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE signups SET mailer = ?, mail_error = ? WHERE id = ?"_s);
    q.addBindValue(giveUp ? u"relay"_s : u"desktop"_s);
    q.addBindValue(error.isEmpty() ? u"?"_s : error.left(500));
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!giveUp) {
        q.prepare(InsertEvent);
        if (!insertEvent(q, event))
            return sqlError(q);
    }
    return t.commit();
}

Result<bool> RelayStore::confirmSignup(qint64 id, qint64 nowMs) {
    auto s = signup(id);
    if (!s)
        return s.error();
    if (s->confirmedAt != 0)
        return false;
    Transaction t(m_db);
    if (!t.isActive())
        return notBegun(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE signups SET confirmed_at = ? WHERE id = ? AND confirmed_at = 0"_s);
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() == 0)
        return false;
    TrackingEvent e;
    e.kind = u"signup"_s;
    e.at = nowMs;
    e.recipientId = id;
    e.ip = s->ip;
    e.detail = QString::fromUtf8(QJsonDocument(QJsonObject{{u"email"_s, s->email},
                                                           {u"name"_s, s->name},
                                                           {u"list_id"_s, s->categoryId},
                                                           {u"form"_s, s->form},
                                                           {u"signed_up_at"_s, s->createdAt},
                                                           {u"confirmed_at"_s, nowMs}})
                                     .toJson(QJsonDocument::Compact));
    q.prepare(InsertEvent);
    if (!insertEvent(q, e))
        return sqlError(q);
    if (auto c = t.commit(); !c)
        return c.error();
    return true;
}

Result<void> RelayStore::markMailed(qint64 id, qint64 nowMs) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE signups SET mailed_at = ? WHERE id = ?"_s);
    q.addBindValue(nowMs);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<QString> RelayStore::setting(const QString &key) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT value FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (!q.exec())
        return sqlError(q);
    return q.next() ? q.value(0).toString() : QString();
}

Result<void> RelayStore::setSetting(const QString &key, const QString &value) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO settings (key, value) VALUES (?, coalesce(?, '')) ON CONFLICT (key) DO UPDATE "
              u"SET value = "
              "excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return sqlError(q);
    return {};
}

} // namespace hivepost::storage
