#include "storage/TrackingStore.h"

#include <QDateTime>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

#include "common/EmailAddress.h"
#include "storage/Database.h"
#include "storage/SqlErrors.h"
#include "storage/SqliteStatement.h"
#include "storage/TrackingEffects.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

Error sqlError(const QSqlQuery &q) {
    return Error{ErrorCode::Sql, sqlErrorText(q.lastError())};
}

const QString RelayColumns =
    u"id, name, url, key_env, last_event_id, last_pull_at, last_result FROM relays"_s;

Relay relayFrom(const QSqlQuery &q) {
    return {q.value(0).toLongLong(), q.value(1).toString(),   q.value(2).toString(), q.value(3).toString(),
            q.value(4).toLongLong(), q.value(5).toLongLong(), q.value(6).toString()};
}

// A person's event, in SQL: not flagged as what a proxy or a scanner did.
QString human(const QString &flag) {
    return u"(',' || e.flags || ',') NOT LIKE '%,"_s + flag + u",%'"_s;
}

bool hasFlag(const QString &flags, QStringView flag) {
    for (QStringView f : QStringView(flags).split(u','))
        if (f == flag)
            return true;
    return false;
}

QString withFlag(const QString &flags, const QString &flag) {
    if (hasFlag(flags, flag))
        return flags;
    if (flags.isEmpty())
        return flag; // shared, not copied
    // The few combinations there are, each made once and shared.
    static thread_local QHash<QString, QString> made;
    const QString key = flags + u'+' + flag;
    auto it = made.constFind(key);
    if (it != made.constEnd())
        return it.value();
    const QString joined = flags + u',' + flag;
    if (made.size() < 256)
        made.insert(key, joined);
    return joined;
}

} // namespace

Result<qint64> TrackingStore::addRelay(const QString &name, const QString &url, const QString &keyEnv) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO relays (name, url, key_env, created_at) VALUES (?, ?, coalesce(?, ''), ?) "
              "ON CONFLICT (name) DO UPDATE SET url = excluded.url, key_env = excluded.key_env"_s);
    q.addBindValue(name.trimmed());
    q.addBindValue(url.trimmed());
    q.addBindValue(keyEnv);
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return sqlError(q);
    auto r = relay(name.trimmed());
    if (!r)
        return r.error();
    return r->id;
}

Result<QList<Relay>> TrackingStore::relays() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT "_s + RelayColumns + u" ORDER BY name"_s))
        return sqlError(q);
    QList<Relay> out;
    while (q.next())
        out.append(relayFrom(q));
    return out;
}

Result<Relay> TrackingStore::relay(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + RelayColumns + u" WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no relay called “%1”.").arg(name));
    return relayFrom(q);
}

Result<Relay> TrackingStore::relayById(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT "_s + RelayColumns + u" WHERE id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(q);
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("The campaign's relay was removed."));
    return relayFrom(q);
}

Result<void> TrackingStore::removeRelay(const QString &name) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM relays WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return sqlError(q);
    if (q.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("There is no relay called “%1”.").arg(name));
    return {};
}

Result<void> TrackingStore::notePull(qint64 relayId, qint64 nowMs, const QString &result) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"UPDATE relays SET last_pull_at = ?, last_result = ? WHERE id = ?"_s);
    q.addBindValue(nowMs);
    q.addBindValue(result.left(500));
    q.addBindValue(relayId);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<void> TrackingStore::setLinks(qint64 campaignId, const QList<RelayLink> &links) {
    Transaction t(m_db);
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO campaign_links (campaign_id, link_id, url, hidden) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (campaign_id, link_id) DO UPDATE SET url = excluded.url, hidden = excluded.hidden"_s);
    for (const RelayLink &l : links) {
        q.addBindValue(campaignId);
        q.addBindValue(l.linkId);
        q.addBindValue(l.url);
        q.addBindValue(l.hidden ? 1 : 0);
        if (!q.exec())
            return sqlError(q);
    }
    return t.commit();
}

Result<QList<RelayLink>> TrackingStore::links(qint64 campaignId) const {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT campaign_id, link_id, url, hidden FROM campaign_links WHERE campaign_id = ? ORDER BY link_id"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return sqlError(q);
    QList<RelayLink> out;
    while (q.next())
        out.append(
            {q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toString(), q.value(3).toBool()});
    return out;
}

Result<TrackingImport> TrackingStore::import(qint64 relayId, const QList<TrackingEvent> &events, qint64 nowMs,
                                             TrackingImportCache *sharedCache) {
    TrackingImport sum;
    TrackingImportCache localCache;
    TrackingImportCache &cache = sharedCache ? *sharedCache : localCache;
    Transaction t(m_db);
    if (!t.isActive())
        return makeError(ErrorCode::Sql, sqlErrorText(m_db.connection().lastError()));
    QSqlDatabase conn = m_db.connection();
    const QString insertSql =
        u"INSERT INTO tracking_events (relay_id, remote_id, kind, at, campaign_id, recipient_id, contact_id, "
        u"link_id, "
        "flags, ip, user_agent, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, ''), coalesce(?, ''), "
        "coalesce(?, ''), coalesce(?, '')) ON CONFLICT (relay_id, remote_id) DO NOTHING"_s;
    // SQLite: the sqlite3 API, where QSqlQuery's binding cost was most of an import's time.
    SqliteStatement fast;
    sqlite3 *handle = sqliteHandle(conn);
    const bool useFast = handle && fast.prepare(handle, insertSql.toStdString());
    QSqlQuery insert(conn);
    if (!useFast && !insert.prepare(insertSql))
        return sqlError(insert);
    // UTF-8 of the texts events share (eventsFrom shares them): converted once, not per event.
    struct Utf8Cache {
        const QChar *text = nullptr;
        qsizetype size = -1;
        QByteArray utf8;
        const QByteArray &of(const QString &s) {
            if (s.constData() != text || s.size() != size) {
                text = s.constData();
                size = s.size();
                utf8 = s.toUtf8();
            }
            return utf8;
        }
    };
    Utf8Cache kindUtf8, flagsUtf8, ipUtf8, agentUtf8;
    const auto insertRow = [&](const TrackingEvent &e) -> Result<bool> {
        if (useFast) {
            const QByteArray &kind = kindUtf8.of(e.kind), &flags = flagsUtf8.of(e.flags),
                             &ip = ipUtf8.of(e.ip), &agent = agentUtf8.of(e.userAgent);
            const QByteArray detail = e.detail.toUtf8();
            fast.reset();
            fast.bind(1, std::int64_t(relayId));
            fast.bind(2, std::int64_t(e.id));
            fast.bind(3, std::string_view(kind.constData(), size_t(kind.size())));
            fast.bind(4, std::int64_t(e.at));
            fast.bind(5, std::int64_t(e.campaignId));
            fast.bind(6, std::int64_t(e.recipientId));
            fast.bind(7, std::int64_t(e.contactId));
            fast.bind(8, std::int64_t(e.linkId));
            fast.bind(9, std::string_view(flags.constData(), size_t(flags.size())));
            fast.bind(10, std::string_view(ip.constData(), size_t(ip.size())));
            fast.bind(11, std::string_view(agent.constData(), size_t(agent.size())));
            fast.bind(12, std::string_view(detail.constData(), size_t(detail.size())));
            fast.step();
            if (!fast.ok())
                return makeError(ErrorCode::Sql, fast.errorString());
            return fast.changes() > 0;
        }
        for (const QVariant &v : QVariantList{relayId, e.id, e.kind, e.at, e.campaignId, e.recipientId,
                                              e.contactId, e.linkId, e.flags, e.ip, e.userAgent, e.detail})
            insert.addBindValue(v);
        if (!insert.exec())
            return sqlError(insert);
        return insert.numRowsAffected() > 0;
    };
    QSqlQuery flag(conn);
    flag.prepare(u"UPDATE tracking_events SET flags = ? WHERE relay_id = ? AND remote_id = ?"_s);
    QSqlQuery read(conn);
    read.setForwardOnly(true);
    const auto trapsOf = [&](qint64 campaignId) -> const QSet<qint64> & {
        auto it = cache.traps.find(campaignId);
        if (it == cache.traps.end()) {
            QSet<qint64> traps;
            if (auto links = this->links(campaignId); links) {
                for (const RelayLink &l : std::as_const(links.value()))
                    if (l.hidden)
                        traps.insert(l.linkId);
            }
            it = cache.traps.insert(campaignId, traps);
        }
        return it.value();
    };
    const auto openedOf = [&](qint64 campaignId) -> QSet<qint64> & {
        auto it = cache.opened.find(campaignId);
        if (it == cache.opened.end()) {
            QSet<qint64> opened;
            read.prepare(
                u"SELECT DISTINCT recipient_id FROM tracking_events WHERE campaign_id = ? AND kind = 'open'"_s);
            read.addBindValue(campaignId);
            if (read.exec())
                while (read.next())
                    opened.insert(read.value(0).toLongLong());
            it = cache.opened.insert(campaignId, opened);
        }
        return it.value();
    };
    const auto sentAtOf = [&](qint64 campaignId) -> const QHash<qint64, qint64> & {
        auto it = cache.sentAt.find(campaignId);
        if (it == cache.sentAt.end()) {
            QHash<qint64, qint64> sent;
            read.prepare(u"SELECT id, sent_at FROM recipients WHERE campaign_id = ? AND sent_at > 0"_s);
            read.addBindValue(campaignId);
            if (read.exec())
                while (read.next())
                    sent.insert(read.value(0).toLongLong(), read.value(1).toLongLong());
            it = cache.sentAt.insert(campaignId, sent);
        }
        return it.value();
    };
    struct RecentClick {
        qint64 at;
        qint64 linkId;
        qint64 remoteId;
        QString flags;
    };
    QHash<QPair<qint64, qint64>, QList<RecentClick>> recent; // (campaign, recipient) -> this page's clicks
    TrackingEffects effects(conn, nowMs);

    for (const TrackingEvent &ev : events) {
        TrackingEvent e = ev;
        sum.lastId = std::max(sum.lastId, e.id);
        const QPair<qint64, qint64> who{e.campaignId, e.recipientId};
        if (e.kind == u"open"_s) {
            if (openedOf(e.campaignId).contains(e.recipientId))
                e.flags = withFlag(e.flags, u"repeat"_s);
        } else if (e.kind == u"click"_s) {
            bool scanner = trapsOf(e.campaignId).contains(e.linkId);
            if (!scanner) {
                const qint64 sent = sentAtOf(e.campaignId).value(e.recipientId);
                scanner = sent > 0 && e.at >= sent - 60'000 && e.at - sent < ScannerWindowMs;
            }
            // Every link at once: three or more different links within two seconds.
            QList<RecentClick> &mine = recent[who];
            mine.removeIf([&](const RecentClick &c) { return e.at - c.at > 2000; });
            QSet<qint64> distinct{e.linkId};
            for (const RecentClick &c : std::as_const(mine))
                distinct.insert(c.linkId);
            const bool burst = distinct.size() >= 3;
            if (burst) {
                for (RecentClick &c : mine) {
                    if (hasFlag(c.flags, u"scanner"))
                        continue;
                    c.flags = withFlag(c.flags, u"scanner"_s);
                    flag.addBindValue(c.flags);
                    flag.addBindValue(relayId);
                    flag.addBindValue(c.remoteId);
                    if (!flag.exec())
                        return sqlError(flag);
                }
            }
            if (scanner || burst)
                e.flags = withFlag(e.flags, u"scanner"_s);
            mine.append({e.at, e.linkId, e.id, e.flags});
        }
        auto inserted = insertRow(e);
        if (!inserted)
            return inserted.error();
        if (!inserted.value())
            continue; // pulled before
        ++sum.events;
        if (e.kind == u"open"_s) {
            openedOf(e.campaignId).insert(e.recipientId);
            ++sum.opens;
        } else if (e.kind == u"click"_s) {
            ++sum.clicks;
        } else if (e.kind == u"unsubscribe"_s) {
            if (auto r = effects.unsubscribe(e); !r)
                return r.error();
            ++sum.unsubscribes;
        } else if (e.kind == u"preferences"_s) {
            if (auto r = effects.preferences(e); !r)
                return r.error();
            ++sum.preferences;
        } else if (e.kind == u"signup"_s) {
            if (auto r = effects.signup(e); !r)
                return r.error();
            ++sum.signups;
        } else if (e.kind == u"signup_pending"_s) {
            if (auto r = effects.signupPending(relayId, e); !r)
                return r.error();
            ++sum.pendingSignups;
        }
    }
    QSqlQuery cursor(conn);
    cursor.prepare(u"UPDATE relays SET last_event_id = ? WHERE id = ? AND last_event_id < ?"_s);
    cursor.addBindValue(sum.lastId);
    cursor.addBindValue(relayId);
    cursor.addBindValue(sum.lastId);
    if (!cursor.exec())
        return sqlError(cursor);
    if (auto c = t.commit(); !c)
        return c.error();
    return sum;
}

void TrackingStore::beginPull() {
    if (m_db.dialect().backend() != Backend::Sqlite)
        return;
    QSqlQuery q(m_db.connection());
    for (const QString &pragma : SqlDialect::sqliteRepeatableImportPragmas())
        q.exec(pragma);
}

void TrackingStore::endPull() {
    if (m_db.dialect().backend() != Backend::Sqlite)
        return;
    QSqlQuery q(m_db.connection());
    for (const QString &pragma : SqlDialect::sqliteNormalPragmas())
        if (!pragma.contains(u"foreign_keys"_s))
            q.exec(pragma);
}

Result<QList<SignupMailJob>> TrackingStore::signupMailsDue(qint64 nowMs, qint64 sinceMs, int limit) const {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT m.relay_id, m.remote_id, m.attempts, e.detail FROM signup_mails m JOIN tracking_events e "
        "ON e.relay_id = m.relay_id AND e.remote_id = m.remote_id WHERE m.sent_at = 0 AND m.attempts < 5 "
        "AND m.next_at <= ? AND e.at >= ? ORDER BY m.relay_id, m.remote_id LIMIT ?"_s);
    q.addBindValue(nowMs);
    q.addBindValue(sinceMs);
    q.addBindValue(limit);
    if (!q.exec())
        return sqlError(q);
    QList<SignupMailJob> out;
    while (q.next()) {
        const QJsonObject d = QJsonDocument::fromJson(q.value(3).toString().toUtf8()).object();
        SignupMailJob j;
        j.relayId = q.value(0).toLongLong();
        j.remoteId = q.value(1).toLongLong();
        j.attempts = q.value(2).toInt();
        j.email = d.value(u"email"_s).toString();
        j.name = d.value(u"name"_s).toString();
        j.listName = d.value(u"list_name"_s).toString();
        j.confirmUrl = d.value(u"confirm_url"_s).toString();
        j.language = d.value(u"language"_s).toString();
        out.append(j);
    }
    return out;
}

Result<void> TrackingStore::noteSignupMail(const SignupMailJob &job, bool sent, bool permanent,
                                           const QString &error, qint64 nowMs) {
    QSqlQuery q(m_db.connection());
    if (sent) {
        q.prepare(u"UPDATE signup_mails SET sent_at = ?, attempts = attempts + 1, last_error = '' "
                  "WHERE relay_id = ? AND remote_id = ?"_s);
        q.addBindValue(nowMs);
    } else {
        q.prepare(u"UPDATE signup_mails SET attempts = ?, next_at = ?, last_error = ? "
                  "WHERE relay_id = ? AND remote_id = ?"_s);
        q.addBindValue(permanent ? 5 : job.attempts + 1);
        q.addBindValue(nowMs + (qint64(5 * 60'000) << std::min(job.attempts, 4)));
        q.addBindValue(error.left(500));
    }
    q.addBindValue(job.relayId);
    q.addBindValue(job.remoteId);
    if (!q.exec())
        return sqlError(q);
    return {};
}

Result<EngagementFigures> TrackingStore::figures(qint64 campaignId) const {
    EngagementFigures f;
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT "
        "count(*) FILTER (WHERE e.kind = 'open'), "
        "count(DISTINCT e.recipient_id) FILTER (WHERE e.kind = 'open'), "
        "count(DISTINCT e.recipient_id) FILTER (WHERE e.kind = 'open' AND "_s +
        human(u"proxy"_s) +
        u"), "
        "count(*) FILTER (WHERE e.kind = 'click' AND "_s +
        human(u"scanner"_s) +
        u"), "
        "count(DISTINCT e.recipient_id) FILTER (WHERE e.kind = 'click'), "
        "count(DISTINCT e.recipient_id) FILTER (WHERE e.kind = 'click' AND "_s +
        human(u"scanner"_s) +
        u"), "
        "count(DISTINCT e.contact_id) FILTER (WHERE e.kind = 'unsubscribe' OR (e.kind = 'preferences' AND "
        "e.detail LIKE '%\"unsubscribe_all\":true%')) "
        "FROM tracking_events e WHERE e.campaign_id = ?"_s);
    q.addBindValue(campaignId);
    if (!q.exec() || !q.next())
        return sqlError(q);
    f.opens = q.value(0).toLongLong();
    f.uniqueOpens = q.value(1).toLongLong();
    f.humanOpens = q.value(2).toLongLong();
    f.clicks = q.value(3).toLongLong();
    f.uniqueClicks = q.value(4).toLongLong();
    f.humanClicks = q.value(5).toLongLong();
    f.unsubscribes = q.value(6).toLongLong();
    q.prepare(
        u"SELECT l.link_id, l.url, count(DISTINCT e.recipient_id), count(DISTINCT e.recipient_id) FILTER "
        "(WHERE "_s +
        human(u"scanner"_s) +
        u"), count(e.id) FROM campaign_links l LEFT JOIN tracking_events e ON e.campaign_id = l.campaign_id "
        "AND e.link_id = l.link_id AND e.kind = 'click' WHERE l.campaign_id = ? AND l.hidden = 0 "
        "GROUP BY l.link_id, l.url ORDER BY l.link_id"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return sqlError(q);
    while (q.next())
        f.links.append({q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toLongLong(),
                        q.value(3).toLongLong(), q.value(4).toLongLong()});
    // People per hour, in one pass: openers (not a proxy's fetch) and clickers (not a scanner's).
    const QString humanOpen = u"e.kind = 'open' AND "_s + human(u"proxy"_s);
    const QString humanClick = u"e.kind = 'click' AND "_s + human(u"scanner"_s);
    q.prepare(u"SELECT (e.at / 3600000) * 3600, count(DISTINCT e.recipient_id) FILTER (WHERE "_s + humanOpen +
              u"), count(DISTINCT e.recipient_id) FILTER (WHERE "_s + humanClick +
              u") FROM tracking_events e WHERE e.campaign_id = ? AND (("_s + humanOpen + u") OR ("_s +
              humanClick + u")) GROUP BY 1 ORDER BY 1"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return sqlError(q);
    while (q.next())
        f.byHour.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()});
    // By category: "everything", or each list a contact turned off in the preference centre.
    q.prepare(
        u"SELECT e.kind, e.detail FROM tracking_events e WHERE e.campaign_id = ? AND (e.kind = 'unsubscribe' "
        "OR e.kind = 'preferences')"_s);
    q.addBindValue(campaignId);
    if (!q.exec())
        return sqlError(q);
    QHash<QString, qint64> byCategory;
    QSqlQuery names(m_db.connection());
    names.prepare(u"SELECT name FROM lists WHERE id = ?"_s);
    while (q.next()) {
        const QJsonObject d = QJsonDocument::fromJson(q.value(1).toString().toUtf8()).object();
        if (q.value(0).toString() == u"unsubscribe"_s || d.value(u"unsubscribe_all"_s).toBool()) {
            ++byCategory[QString()];
            continue;
        }
        const QJsonObject chosen = d.value(u"categories"_s).toObject();
        for (auto it = chosen.begin(); it != chosen.end(); ++it) {
            if (it.value().toBool())
                continue;
            names.addBindValue(it.key().toLongLong());
            QString name = it.key();
            if (names.exec() && names.next())
                name = names.value(0).toString();
            names.finish();
            ++byCategory[name];
        }
    }
    for (auto it = byCategory.cbegin(); it != byCategory.cend(); ++it)
        f.unsubscribesByCategory.append({it.key(), it.value()});
    std::sort(f.unsubscribesByCategory.begin(), f.unsubscribesByCategory.end());
    return f;
}

Result<QList<ContactEvent>> TrackingStore::timeline(qint64 contactId) const {
    QList<ContactEvent> out;
    QSqlQuery q(m_db.connection());
    // Sent (and refused) from the ledgers; bounces from the bounce log; the rest from the relay.
    // detail: the campaign's name, and the link's address for a click.
    q.prepare(
        u"SELECT t.kind, t.at, t.campaign_id, t.recipient_id, t.link_id, t.flags, coalesce(c.name, ''), "
        "coalesce(l.url, '') FROM ("
        "SELECT 'sent' AS kind, sent_at AS at, campaign_id, id AS recipient_id, 0 AS link_id, '' AS flags "
        "FROM recipients WHERE contact_id = ? AND state = 'sent' AND sent_at > 0 "
        "UNION ALL SELECT 'bounced', received_at, coalesce(campaign_id, 0), coalesce(recipient_id, 0), 0, "
        "reason FROM bounces WHERE contact_id = ? AND kind = 'bounce' AND undone_at = 0 "
        "UNION ALL SELECT kind, at, campaign_id, recipient_id, link_id, flags FROM tracking_events WHERE "
        "contact_id = ?) t LEFT JOIN campaigns c ON c.id = t.campaign_id LEFT JOIN campaign_links l ON "
        "l.campaign_id = t.campaign_id AND l.link_id = t.link_id AND t.kind = 'click' ORDER BY t.at"_s);
    q.addBindValue(contactId);
    q.addBindValue(contactId);
    q.addBindValue(contactId);
    if (!q.exec())
        return sqlError(q);
    while (q.next()) {
        ContactEvent e;
        e.kind = q.value(0).toString();
        e.at = q.value(1).toLongLong();
        e.campaignId = q.value(2).toLongLong();
        e.flags = q.value(5).toString();
        e.campaign = q.value(6).toString();
        e.url = q.value(7).toString();
        out.append(e);
    }
    return out;
}

} // namespace hivepost::storage
