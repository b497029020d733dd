// RelayServer: the desktop's API (/api/v1/), with the Bearer admin key: events by cursor, the
// signing keys and their rotation, a campaign's links, the categories and the sender's name.

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include "RelayServer.h"

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

// A JSON string (RFC 8259: quote, backslash and control characters escaped).
void appendJsonString(std::string &out, const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
            out += escaped;
        } else {
            out += c;
        }
    }
    out += '"';
}

// One event as a JSON object, written directly: a page of 10,000 goes out in milliseconds, where
// QJsonDocument took most of the request's time. detail is JSON the relay itself stored.
void appendEventJson(std::string &out, const storage::TrackingEvent &e) {
    out += "{\"id\":" + std::to_string(e.id) + ",\"kind\":";
    appendJsonString(out, e.kind);
    out += ",\"at\":" + std::to_string(e.at) + ",\"campaign_id\":" + std::to_string(e.campaignId) +
           ",\"recipient_id\":" + std::to_string(e.recipientId) +
           ",\"contact_id\":" + std::to_string(e.contactId);
    if (e.linkId)
        out += ",\"link_id\":" + std::to_string(e.linkId);
    out += ",\"flags\":[";
    bool first = true;
    for (const QString &f : e.flags.split(u',', Qt::SkipEmptyParts)) {
        if (!first)
            out += ',';
        first = false;
        appendJsonString(out, f);
    }
    out += ']';
    if (!e.ip.isEmpty()) {
        out += ",\"ip\":";
        appendJsonString(out, e.ip);
    }
    if (!e.userAgent.isEmpty()) {
        out += ",\"user_agent\":";
        appendJsonString(out, e.userAgent);
    }
    if (!e.detail.isEmpty() && e.detail.startsWith(u'{')) {
        out += ",\"detail\":";
        out += e.detail.toStdString();
    }
    out += '}';
}

} // namespace

void RelayServer::handleEvents(const HttpRequest &req, HttpResponse &res) {
    if (!authorised(req, res))
        return;
    bool okAfter = true, okLimit = true;
    const qint64 after =
        req.has_param("after") ? fromStd(req.get_param_value("after")).toLongLong(&okAfter) : 0;
    const int limit = req.has_param("limit") ? fromStd(req.get_param_value("limit")).toInt(&okLimit) : 1000;
    if (!okAfter || !okLimit || after < 0 || limit <= 0) {
        jsonError(res, 400, u"after and limit must be whole numbers (after >= 0, limit > 0)"_s);
        return;
    }
    const int capped = std::min(limit, 10'000);
    // Runs after every event recorded before it has been written.
    auto events =
        m_store->call([after, capped](storage::RelayStore &s) { return s.events(after, capped + 1); });
    if (!events) {
        jsonError(res, 503, events.errorString());
        return;
    }
    std::string body = "{\"events\":[";
    body.reserve(size_t(events->size()) * 200 + 64);
    qint64 last = after;
    const qsizetype n = std::min<qsizetype>(events->size(), capped);
    for (qsizetype i = 0; i < n; ++i) {
        if (i)
            body += ',';
        appendEventJson(body, events->at(i));
        last = events->at(i).id;
    }
    body += "],\"last_id\":" + std::to_string(last) +
            ",\"more\":" + (events->size() > capped ? "true" : "false") + "}";
    res.set_header("Cache-Control", "no-store");
    res.set_content(body, "application/json; charset=utf-8");
}

void RelayServer::handleKeysGet(const HttpRequest &req, HttpResponse &res) {
    handleKeys(req, res, false);
}

void RelayServer::handleKeysRotate(const HttpRequest &req, HttpResponse &res) {
    handleKeys(req, res, true);
}

void RelayServer::handleKeys(const HttpRequest &req, HttpResponse &res, bool rotate) {
    if (!authorised(req, res))
        return;
    if (rotate) {
        std::unique_lock lock(m_keysMutex);
        tracking::KeyRing next = m_keys;
        next.rotate(QDateTime::currentSecsSinceEpoch(), qint64(m_config.keyGraceDays) * 86'400);
        if (auto saved = RelayConfig::saveKeys(m_config.keysPath(), next); !saved) {
            jsonError(res, 500, saved.errorString());
            return;
        }
        m_keys = next;
    }
    std::shared_lock lock(m_keysMutex);
    json(res, 200, {{u"keys"_s, m_keys.toJson()}, {u"current"_s, qint64(m_keys.current()->id)}});
}

void RelayServer::handleCampaign(const HttpRequest &req, HttpResponse &res) {
    if (!authorised(req, res))
        return;
    const auto body = jsonBody(req, res);
    if (!body)
        return;
    const QJsonObject &o = *body;
    storage::RelayCampaign c;
    c.id = fromStd(req.matches[1]).toLongLong();
    c.name = o.value(u"name"_s).toString().left(300);
    c.senderName = o.value(u"sender_name"_s).toString().left(300);
    for (const QJsonValue &v : o.value(u"categories"_s).toArray())
        c.categories << v.toInteger();
    const QJsonArray links = o.value(u"links"_s).toArray();
    for (qsizetype i = 0; i < links.size(); ++i) {
        const QJsonObject l = links.at(i).toObject();
        const QUrl url(l.value(u"url"_s).toString(), QUrl::StrictMode);
        const qint64 id = l.value(u"id"_s).toInteger();
        if (id <= 0 || !url.isValid() || (url.scheme() != u"http"_s && url.scheme() != u"https"_s) ||
            url.host().isEmpty()) {
            jsonError(res, 400, u"links[%1]: an id > 0 and an http(s) URL are required"_s.arg(i));
            return;
        }
        c.links.append({c.id, id, url.toString(), l.value(u"hidden"_s).toBool()});
    }
    auto stored = m_store->call([&c](storage::RelayStore &s) { return s.putCampaign(c); });
    if (!stored) {
        jsonError(res, 503, stored.errorString());
        return;
    }
    std::unique_lock lock(m_linksMutex);
    for (const storage::RelayLink &l : std::as_const(c.links))
        m_links.insert({c.id, l.linkId}, {l.url, l.hidden});
    lock.unlock();
    json(res, 200, {{u"campaign"_s, c.id}, {u"links"_s, qint64(c.links.size())}});
}

void RelayServer::handleSettings(const HttpRequest &req, HttpResponse &res) {
    if (!authorised(req, res))
        return;
    const auto body = jsonBody(req, res);
    if (!body)
        return;
    const QJsonObject &o = *body;
    QList<storage::RelayCategory> categories;
    for (const QJsonValue &v : o.value(u"categories"_s).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value(u"id"_s).toInteger() <= 0 || c.value(u"name"_s).toString().trimmed().isEmpty()) {
            jsonError(res, 400, u"each category needs an id > 0 and a name"_s);
            return;
        }
        categories.append({c.value(u"id"_s).toInteger(), c.value(u"name"_s).toString().left(200),
                           c.value(u"signup"_s).toBool()});
    }
    const QString sender = o.value(u"sender_name"_s).toString().left(300);
    auto stored = m_store->call([&](storage::RelayStore &s) -> Result<void> {
        if (o.contains(u"categories"_s)) {
            if (auto r = s.setCategories(categories); !r)
                return r;
        }
        if (o.contains(u"sender_name"_s))
            return s.setSetting(u"sender_name"_s, sender);
        return {};
    });
    if (!stored) {
        jsonError(res, 503, stored.errorString());
        return;
    }
    json(res, 200, {{u"categories"_s, qint64(categories.size())}});
}

} // namespace hivepost::relay
