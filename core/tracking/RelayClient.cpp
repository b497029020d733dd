#include "tracking/RelayClient.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace hivepost::tracking {

QString RelaySecret::toJson() const {
    return QString::fromUtf8(
        QJsonDocument(QJsonObject{{u"admin_key"_s, adminKey}, {u"keys"_s, keys.toJson()}})
            .toJson(QJsonDocument::Compact));
}

Result<RelaySecret> RelaySecret::fromJson(const QString &json) {
    const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
    RelaySecret s;
    s.adminKey = o.value(u"admin_key"_s).toString();
    auto ring = KeyRing::fromJson(o.value(u"keys"_s).toArray());
    if (!ring)
        return ring.error();
    s.keys = ring.value();
    if (s.adminKey.isEmpty())
        return makeError(ErrorCode::InvalidInput,
                         u"the relay's entry in the secret store has no admin key"_s);
    return s;
}

RelayClient::RelayClient(const QUrl &baseUrl, const QString &adminKey, QObject *parent)
    : QObject(parent)
    , m_base(baseUrl)
    , m_auth("Bearer " + adminKey.toUtf8()) {
    m_net.setAutoDeleteReplies(true);
}

void RelayClient::send(const QByteArray &verb, const QString &path, const QByteArray &body, JsonDone done) {
    QUrl url = m_base;
    const int query = path.indexOf(u'?');
    QString basePath = url.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + (query < 0 ? path : path.left(query)));
    if (query >= 0)
        url.setQuery(path.mid(query + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", m_auth);
    request.setRawHeader("Accept", "application/json");
    request.setHeader(QNetworkRequest::UserAgentHeader, u"hivepost"_s);
    request.setTransferTimeout(30'000);
    if (!body.isEmpty() || verb != "GET")
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply = m_net.sendCustomRequest(request, verb, body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done), url] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->readAll();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            done(makeError(ErrorCode::Network, u"the relay at %1 did not answer: %2"_s.arg(
                                                   url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo),
                                                   reply->errorString())));
            return;
        }
        if (status == 401 || status == 403) {
            done(makeError(ErrorCode::Auth, u"the relay refused the admin key (HTTP %1)"_s.arg(status)));
            return;
        }
        if (status < 200 || status >= 300) {
            done(makeError(ErrorCode::Network, u"the relay answered HTTP %1: %2"_s.arg(status).arg(
                                                   QString::fromUtf8(data.left(200)))));
            return;
        }
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        if (!data.isEmpty() && (error.error != QJsonParseError::NoError || !doc.isObject())) {
            done(makeError(ErrorCode::Network,
                           u"the relay's answer is not JSON: %1"_s.arg(error.errorString())));
            return;
        }
        done(doc.object());
    });
}

void RelayClient::get(const QString &path, JsonDone done) {
    send("GET", path, {}, std::move(done));
}

void RelayClient::put(const QString &path, const QJsonObject &body, JsonDone done) {
    send("PUT", path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

void RelayClient::post(const QString &path, const QJsonObject &body, JsonDone done) {
    send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact), std::move(done));
}

void RelayClient::publishCampaign(const storage::RelayCampaign &c, JsonDone done) {
    QJsonArray links;
    for (const storage::RelayLink &l : c.links)
        links.append(QJsonObject{{u"id"_s, l.linkId}, {u"url"_s, l.url}, {u"hidden"_s, l.hidden}});
    QJsonArray categories;
    for (qint64 id : c.categories)
        categories.append(id);
    put(u"/api/v1/campaigns/%1"_s.arg(c.id),
        {{u"name"_s, c.name},
         {u"sender_name"_s, c.senderName},
         {u"categories"_s, categories},
         {u"links"_s, links}},
        std::move(done));
}

void RelayClient::publishCategories(const QList<storage::RelayCategory> &categories,
                                    const QString &senderName, JsonDone done) {
    QJsonArray list;
    for (const storage::RelayCategory &c : categories)
        list.append(QJsonObject{{u"id"_s, c.id}, {u"name"_s, c.name}, {u"signup"_s, c.signup}});
    put(u"/api/v1/settings"_s, {{u"sender_name"_s, senderName}, {u"categories"_s, list}}, std::move(done));
}

void RelayClient::events(qint64 after, int limit, JsonDone done) {
    get(u"/api/v1/events?after=%1&limit=%2"_s.arg(after).arg(limit), std::move(done));
}

QList<storage::TrackingEvent> RelayClient::eventsFrom(const QJsonObject &page) {
    QList<storage::TrackingEvent> out;
    const QJsonArray events = page.value(u"events"_s).toArray();
    out.reserve(events.size());
    // A page repeats the same few kinds, flags, networks and browsers: each distinct text is kept
    // once and shared (implicitly) by every event that has it, instead of allocated 10,000 times.
    QHash<QString, QString> seen;
    const auto shared = [&seen](const QString &text) -> QString {
        if (text.isEmpty())
            return {};
        auto it = seen.constFind(text);
        if (it != seen.constEnd())
            return it.value();
        if (seen.size() > 4096)
            return text;
        seen.insert(text, text);
        return text;
    };
    for (const QJsonValue &v : events) {
        const QJsonObject o = v.toObject();
        storage::TrackingEvent e;
        e.id = o.value(u"id"_s).toInteger();
        e.kind = shared(o.value(u"kind"_s).toString());
        e.at = o.value(u"at"_s).toInteger();
        e.campaignId = o.value(u"campaign_id"_s).toInteger();
        e.recipientId = o.value(u"recipient_id"_s).toInteger();
        e.contactId = o.value(u"contact_id"_s).toInteger();
        e.linkId = o.value(u"link_id"_s).toInteger();
        const QJsonArray flags = o.value(u"flags"_s).toArray();
        if (flags.size() == 1) {
            e.flags = shared(flags.at(0).toString());
        } else if (!flags.isEmpty()) {
            QStringList list;
            for (const QJsonValue &f : flags)
                list << f.toString();
            e.flags = shared(list.join(u','));
        }
        e.ip = shared(o.value(u"ip"_s).toString());
        e.userAgent = shared(o.value(u"user_agent"_s).toString());
        if (o.contains(u"detail"_s))
            e.detail = QString::fromUtf8(
                QJsonDocument(o.value(u"detail"_s).toObject()).toJson(QJsonDocument::Compact));
        if (e.id > 0 && !e.kind.isEmpty())
            out.append(e);
    }
    return out;
}

RelayPull::RelayPull(storage::Database &db, const storage::Relay &relay, const QString &adminKey,
                     const Clock *clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_relay(relay)
    , m_client(QUrl(relay.url), adminKey)
    , m_clock(clock)
    , m_cursor(relay.lastEventId) {}

void RelayPull::start() {
    next();
}

void RelayPull::next() {
    storage::TrackingStore(m_db).beginPull();
    request(m_cursor);
}

void RelayPull::request(qint64 after) {
    ++m_inFlight;
    m_client.events(after, PageSize, [this](const Result<QJsonObject> &page) {
        --m_inFlight;
        onPage(page);
    });
}

void RelayPull::finish() {
    m_finished = true;
    storage::TrackingStore store(m_db);
    store.endPull();
    const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
    if (m_error) {
        (void)store.notePull(m_relay.id, now, m_error->message);
        Q_EMIT finished(*m_error);
        return;
    }
    (void)store.notePull(m_relay.id, now, u"ok: %1 new events"_s.arg(m_total.events));
    Q_EMIT finished(m_total);
}

void RelayPull::onPage(const Result<QJsonObject> &page) {
    if (m_error || !page) { // a failed page, or one asked for before an import failed: dropped
        if (!m_error)
            m_error = page.error();
        QMetaObject::invokeMethod(this, &RelayPull::drain, Qt::QueuedConnection);
        return;
    }
    QList<storage::TrackingEvent> events = RelayClient::eventsFrom(page.value());
    const bool more = !events.isEmpty() && (events.size() >= PageSize || page->value(u"more"_s).toBool());
    if (more)
        request(std::max(page->value(u"last_id"_s).toInteger(), events.constLast().id));
    else
        m_lastPageSeen = true;
    m_queue.append(std::move(events));
    // Written after the event loop has handed the next request to the network, so that the relay
    // reads the next page while this one is written.
    QMetaObject::invokeMethod(this, &RelayPull::drain, Qt::QueuedConnection);
}

void RelayPull::drain() {
    while (!m_queue.isEmpty() && !m_error) {
        const QList<storage::TrackingEvent> events = m_queue.takeFirst();
        if (events.isEmpty())
            continue;
        const qint64 now = m_clock ? m_clock->nowMs() : QDateTime::currentMSecsSinceEpoch();
        auto imported = storage::TrackingStore(m_db).import(m_relay.id, events, now, &m_cache);
        if (!imported) {
            m_error = imported.error();
            break;
        }
        m_total += imported.value();
        m_cursor = std::max(m_cursor, imported->lastId);
    }
    if (m_finished || m_inFlight > 0)
        return;
    if (m_error || (m_lastPageSeen && m_queue.isEmpty())) {
        m_finished = true;
        finish();
    }
}

} // namespace hivepost::tracking
