#include "RelayServer.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <regex>

#include <QCryptographicHash>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include "RelayPages.h"
#include "SignupMailer.h"
#include "common/EmailAddress.h"

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

// The smallest transparent GIF: 43 bytes.
constexpr unsigned char Pixel[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                                   0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04,
                                   0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
                                   0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};
static_assert(sizeof(Pixel) == 43);

const char *const TokenPattern = "([A-Za-z0-9_-]{1,96})";

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

// A token bucket per client address.
class RateLimiter {
public:
    RateLimiter(double perSecond, double burst)
        : m_rate(perSecond)
        , m_burst(burst) {}

    bool allow(const std::string &who) {
        if (m_rate <= 0)
            return true;
        const auto now = std::chrono::steady_clock::now();
        std::lock_guard lock(m_mutex);
        if (m_buckets.size() > 100'000) // a flood of addresses: forget the idle ones
            std::erase_if(m_buckets,
                          [&](const auto &b) { return now - b.second.last > std::chrono::minutes(10); });
        auto [it, inserted] = m_buckets.try_emplace(who, Bucket{m_burst, now});
        Bucket &b = it->second;
        if (!inserted) {
            b.tokens =
                std::min(m_burst, b.tokens + std::chrono::duration<double>(now - b.last).count() * m_rate);
            b.last = now;
        }
        if (b.tokens < 1)
            return false;
        b.tokens -= 1;
        return true;
    }

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point last;
    };
    double m_rate;
    double m_burst;
    std::mutex m_mutex;
    std::unordered_map<std::string, Bucket> m_buckets;
};

RelayServer::RelayServer(RelayConfig config, tracking::KeyRing keys)
    : m_config(std::move(config))
    , m_keys(std::move(keys))
    , m_http(std::make_unique<RelayHttp>([this](HttpRequest &req, HttpResponse &res) { dispatch(req, res); }))
    , m_limiter(std::make_unique<RateLimiter>(m_config.ratePerIp, m_config.burstPerIp))
    , m_signupLimiter(std::make_unique<RateLimiter>(m_config.signupsPerIpHour / 3600.0,
                                                    std::max(1, m_config.signupsPerIpHour))) {
    while (m_config.publicUrl.endsWith(u'/'))
        m_config.publicUrl.chop(1);
}

RelayServer::~RelayServer() {
    stop();
    m_http.reset();
    m_mailer.reset(); // before the database goes
    if (m_store)
        m_store->stop(); // what is queued is written
}

Result<void> RelayServer::open() {
    m_store = std::make_unique<StoreWorker>(m_config.databasePath(), m_config.flushMs);
    if (auto r = m_store->start(); !r)
        return r;
    auto links = m_store->call([](storage::RelayStore &s) { return s.links(); });
    if (!links)
        return links.error();
    std::unique_lock lock(m_linksMutex);
    for (const storage::RelayLink &l : std::as_const(links.value()))
        m_links.insert({l.campaignId, l.linkId}, {l.url, l.hidden});
    lock.unlock();
    if (m_config.smtp.enabled()) {
        if (auto settings = m_config.smtpSettings(); !settings)
            return settings.error(); // said at start, not at the first signup
    }
    m_mailer = std::make_unique<SignupMailer>(
        m_config, *m_store, [this](qint64 listId, qint64 signupId) { return confirmUrl(listId, signupId); });
    m_mailer->resume();
    return {};
}

QString RelayServer::confirmUrl(qint64 listId, qint64 signupId) const {
    tracking::TokenData d;
    d.kind = tracking::TokenKind::Confirm;
    d.campaignId = listId;
    d.recipientId = signupId;
    std::shared_lock lock(m_keysMutex);
    return m_config.publicUrl + u"/confirm/"_s + tracking::TrackingToken::sign(d, *m_keys.current());
}

Result<int> RelayServer::bind(const QString &host, int port) {
    return m_http->listen(
        host, port, RequestLimits{m_config.maxBodyBytes + 16 * 1024, m_config.readTimeoutS * 1000, 30'000});
}

void RelayServer::stop() {
    if (m_http)
        m_http->close();
}

QString RelayServer::clientAddress(const HttpRequest &req) {
    const QHostAddress peer(fromStd(req.remote_addr));
    if (peer.isLoopback() && req.has_header("X-Forwarded-For")) {
        const QString forwarded = fromStd(req.get_header_value("X-Forwarded-For"));
        const QString last = forwarded.split(u',').constLast().trimmed();
        const QHostAddress address(last);
        if (!address.isNull())
            return address.toString();
    }
    return peer.isNull() ? fromStd(req.remote_addr) : peer.toString();
}

QString RelayServer::storedAddress(const QString &address, bool full) {
    QHostAddress a(address);
    if (a.isNull())
        return {};
    bool v4 = false;
    const quint32 ip4 = a.toIPv4Address(&v4);
    if (full)
        return v4 ? QHostAddress(ip4).toString() : a.toString();
    if (v4)
        return QHostAddress(ip4 & 0xffffff00u).toString() + u"/24"_s;
    Q_IPV6ADDR ip6 = a.toIPv6Address();
    for (int i = 6; i < 16; ++i)
        ip6[i] = 0;
    return QHostAddress(ip6).toString() + u"/48"_s;
}

bool RelayServer::isProxyFetch(const QString &address, const QString &userAgent) {
    // Apple Mail Privacy Protection fetches every image on delivery from Apple's own network
    // (17.0.0.0/8), with a bare "Mozilla/5.0" user agent.
    bool v4 = false;
    const quint32 ip4 = QHostAddress(address).toIPv4Address(&v4);
    if (v4 && (ip4 >> 24) == 17)
        return true;
    return userAgent.trimmed() == u"Mozilla/5.0"_s;
}

bool RelayServer::authorised(const HttpRequest &req, HttpResponse &res) const {
    const std::string header = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    bool ok = false;
    if (header.size() > prefix.size() && header.compare(0, prefix.size(), prefix) == 0) {
        const QByteArray presented =
            QCryptographicHash::hash(
                QByteArray(header.data() + prefix.size(), qsizetype(header.size() - prefix.size())),
                QCryptographicHash::Sha256)
                .toHex();
        ok = tracking::constantTimeEquals(presented, m_config.adminKeySha256);
    }
    if (!ok) {
        res.set_header("WWW-Authenticate", "Bearer");
        jsonError(res, 401, u"a valid admin key is required (Authorization: Bearer KEY)"_s);
    }
    return ok;
}

std::optional<tracking::TokenData> RelayServer::token(const std::string &text,
                                                      tracking::TokenKind kind) const {
    std::shared_lock lock(m_keysMutex);
    auto t = tracking::TrackingToken::verify(QByteArrayView(text.data(), qsizetype(text.size())), m_keys,
                                             QDateTime::currentSecsSinceEpoch());
    if (!t || t->kind != kind)
        return std::nullopt;
    return t;
}

storage::TrackingEvent RelayServer::eventFor(const HttpRequest &req, const tracking::TokenData &t,
                                             const char *kind) const {
    storage::TrackingEvent e;
    e.kind = QString::fromLatin1(kind);
    e.at = nowMs();
    e.campaignId = t.campaignId;
    e.recipientId = t.recipientId;
    e.contactId = t.contactId;
    e.linkId = t.linkId;
    const QString address = clientAddress(req);
    e.userAgent = fromStd(req.get_header_value("User-Agent")).left(300);
    e.ip = storedAddress(address, m_config.storeFullIp);
    if (isProxyFetch(address, e.userAgent))
        e.flags = u"proxy"_s;
    return e;
}

void RelayServer::page(HttpResponse &res, int status, const QString &html, bool frameable) const {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "no-referrer");
    res.set_header("Content-Security-Policy",
                   frameable ? "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
                             : "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                               "frame-ancestors 'none'");
    res.set_content(toStd(html), "text/html; charset=utf-8");
}

void RelayServer::dispatch(HttpRequest &req, HttpResponse &res) {
    struct Route {
        const char *method;
        std::regex pattern;
        void (RelayServer::*handler)(const HttpRequest &, HttpResponse &);
    };
    static const std::string token = TokenPattern;
    static const std::vector<Route> table = [] {
        std::vector<Route> t;
        t.push_back({"GET", std::regex("/o/" + token + "(?:\\.gif)?"), &RelayServer::handleOpen});
        t.push_back({"GET", std::regex("/c/" + token), &RelayServer::handleClick});
        t.push_back({"GET", std::regex("/u/" + token), &RelayServer::handleUnsubscribeGet});
        t.push_back({"POST", std::regex("/u/" + token), &RelayServer::handleUnsubscribePost});
        t.push_back({"GET", std::regex("/s/([0-9]{1,18})"), &RelayServer::handleSignupGet});
        t.push_back({"POST", std::regex("/s/([0-9]{1,18})"), &RelayServer::handleSignupPost});
        t.push_back({"GET", std::regex("/confirm/" + token), &RelayServer::handleConfirm});
        t.push_back({"GET", std::regex("/api/v1/events"), &RelayServer::handleEvents});
        t.push_back({"GET", std::regex("/api/v1/keys"), &RelayServer::handleKeysGet});
        t.push_back({"POST", std::regex("/api/v1/keys/rotate"), &RelayServer::handleKeysRotate});
        t.push_back({"PUT", std::regex("/api/v1/campaigns/([0-9]{1,18})"), &RelayServer::handleCampaign});
        t.push_back({"PUT", std::regex("/api/v1/settings"), &RelayServer::handleSettings});
        return t;
    }();
    res.set_header("Cache-Control", "no-store");
    if (req.path == "/healthz" && (req.method == "GET" || req.method == "HEAD")) {
        res.set_content("{\"status\":\"ok\"}", "application/json; charset=utf-8");
        return;
    }
    // Per-address limits, but for the desktop's calls (authenticated) and the health check.
    if (req.path.rfind("/api/", 0) != 0 && !m_limiter->allow(toStd(clientAddress(req)))) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        res.set_content("Too many requests\n", "text/plain; charset=utf-8");
        return;
    }
    bool pathKnown = false;
    for (const Route &r : table) {
        std::smatch m;
        if (!std::regex_match(req.path, m, r.pattern))
            continue;
        pathKnown = true;
        if (req.method != r.method)
            continue;
        req.matches.clear();
        for (const auto &part : m)
            req.matches.push_back(part.str());
        (this->*r.handler)(req, res);
        if (res.status == 404 && res.body.empty()) {
            const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
            res.set_content(toStd(pages.notFound()), "text/html; charset=utf-8");
        }
        return;
    }
    res.status = pathKnown ? 405 : 404;
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    if (pathKnown)
        res.set_content("Method not allowed\n", "text/plain; charset=utf-8");
    else
        res.set_content(toStd(pages.notFound()), "text/html; charset=utf-8");
}

void RelayServer::handleOpen(const HttpRequest &req, HttpResponse &res) {
    const auto t = token(req.matches[1], tracking::TokenKind::Open);
    if (!t) {
        res.status = 404;
        return;
    }
    m_store->record(eventFor(req, *t, "open"));
    res.set_header("Cache-Control", "no-store, no-cache, must-revalidate, private");
    res.set_header("Pragma", "no-cache");
    res.set_header("Expires", "0");
    res.set_content(reinterpret_cast<const char *>(Pixel), sizeof(Pixel), "image/gif");
}

void RelayServer::handleClick(const HttpRequest &req, HttpResponse &res) {
    const auto t = token(req.matches[1], tracking::TokenKind::Click);
    QString url;
    if (t) {
        std::shared_lock lock(m_linksMutex);
        url = m_links.value({t->campaignId, t->linkId}).first;
    }
    if (!t || url.isEmpty()) {
        res.status = 404; // never a Location: the relay is no open redirect
        return;
    }
    m_store->record(eventFor(req, *t, "click"));
    res.status = 302;
    res.set_header("Location", QUrl(url).toEncoded().toStdString());
    res.set_header("Cache-Control", "no-store");
    res.set_header("Referrer-Policy", "no-referrer");
}

void RelayServer::handleUnsubscribeGet(const HttpRequest &req, HttpResponse &res) {
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    const auto t = token(req.matches[1], tracking::TokenKind::Unsubscribe);
    if (!t) {
        page(res, 404, pages.notFound());
        return;
    }
    struct View {
        QString sender;
        QList<CategoryChoice> categories;
        bool unsubscribed = false;
    };
    const View view = m_store->call([&](storage::RelayStore &s) {
        View v;
        auto campaign = s.campaign(t->campaignId);
        auto sender = s.setting(u"sender_name"_s);
        v.sender = campaign && !campaign->senderName.isEmpty() ? campaign->senderName
                                                               : (sender ? sender.value() : QString());
        const QHash<qint64, bool> chosen = s.preferences(t->contactId).value_or({});
        const QList<qint64> mine = campaign ? campaign->categories : QList<qint64>();
        for (const storage::RelayCategory &c : s.categories().value_or({})) {
            if (!mine.contains(c.id) && !chosen.contains(c.id))
                continue;
            v.categories.append({c.id, c.name, chosen.value(c.id, true)});
        }
        v.unsubscribed = s.isUnsubscribed(t->contactId).value_or(false);
        return v;
    });
    page(res, 200, pages.preferences(view.sender, fromStd(req.path), view.categories, view.unsubscribed));
}

void RelayServer::handleUnsubscribePost(const HttpRequest &req, HttpResponse &res) {
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    const auto t = token(req.matches[1], tracking::TokenKind::Unsubscribe);
    if (!t) {
        page(res, 404, pages.notFound());
        return;
    }
    QMultiHash<QString, QString> fields;
    if (req.is_multipart_form_data()) {
        for (const auto &[name, file] : req.files) {
            const auto n = utf8(QByteArray::fromStdString(name));
            const auto v = utf8(QByteArray::fromStdString(file.content));
            if (!n || !v) {
                page(res, 400,
                     pages.message(pages.text("Bad request"), pages.text("The form could not be read.")));
                return;
            }
            fields.insert(*n, *v);
        }
    } else {
        const auto parsed = formFields(req.body);
        if (!parsed) {
            page(res, 400,
                 pages.message(pages.text("Bad request"), pages.text("The form could not be read.")));
            return;
        }
        fields = *parsed;
    }
    const bool oneClick = fields.value(u"List-Unsubscribe"_s) == u"One-Click"_s;
    const QString action = fields.value(u"action"_s);
    storage::TrackingEvent e = eventFor(req, *t, "unsubscribe");
    e.flags.clear(); // a POST is a person's (or their mail client's) decision
    if (oneClick || action == u"unsubscribe"_s) {
        e.detail =
            QString::fromUtf8(QJsonDocument(QJsonObject{{u"method"_s, oneClick ? u"one-click"_s : u"page"_s}})
                                  .toJson(QJsonDocument::Compact));
        auto stored = m_store->call([&e](storage::RelayStore &s) { return s.unsubscribe(e); });
        if (!stored) {
            page(res, 503,
                 pages.message(pages.text("Too many requests"), pages.text("Please try again later.")));
            return;
        }
        if (oneClick) {
            res.set_header("Cache-Control", "no-store");
            res.set_content("Unsubscribed\n", "text/plain; charset=utf-8");
            return;
        }
        auto campaign = m_store->call([&](storage::RelayStore &s) { return s.campaign(t->campaignId); });
        page(res, 200, pages.unsubscribed(campaign ? campaign->senderName : QString()));
        return;
    }
    if (action != u"save"_s) {
        page(res, 400, pages.message(pages.text("Bad request"), pages.text("The form could not be read.")));
        return;
    }
    const QStringList checked = fields.values(u"cat"_s);
    auto result = m_store->call([&](storage::RelayStore &s) -> Result<qint64> {
        auto campaign = s.campaign(t->campaignId);
        const QList<qint64> mine = campaign ? campaign->categories : QList<qint64>();
        const QHash<qint64, bool> before = s.preferences(t->contactId).value_or({});
        QHash<qint64, bool> chosen;
        QJsonObject detail;
        for (const storage::RelayCategory &c : s.categories().value_or({})) {
            if (!mine.contains(c.id) && !before.contains(c.id))
                continue; // only what the page showed
            const bool on = checked.contains(QString::number(c.id));
            chosen.insert(c.id, on);
            detail.insert(QString::number(c.id), on);
        }
        storage::TrackingEvent p = e;
        p.kind = u"preferences"_s;
        p.detail = QString::fromUtf8(
            QJsonDocument(QJsonObject{{u"categories"_s, detail}}).toJson(QJsonDocument::Compact));
        return s.setPreferences(p, chosen);
    });
    if (!result) {
        page(res, 503, pages.message(pages.text("Too many requests"), pages.text("Please try again later.")));
        return;
    }
    page(res, 200, pages.saved(QString(), fromStd(req.path)));
}

std::optional<storage::RelayCategory> RelayServer::signupCategory(qint64 listId) {
    return m_store->call([listId](storage::RelayStore &s) -> std::optional<storage::RelayCategory> {
        for (const storage::RelayCategory &c : s.categories().value_or({}))
            if (c.id == listId && c.signup)
                return c;
        return std::nullopt;
    });
}

void RelayServer::handleSignupGet(const HttpRequest &req, HttpResponse &res) {
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    const qint64 listId = fromStd(req.matches[1]).toLongLong();
    const auto category = signupCategory(listId);
    if (!category) {
        page(res, 404, pages.notFound());
        return;
    }
    page(res, 200, pages.signupForm(category->name, QString(), fromStd(req.path)), true);
}

void RelayServer::handleSignupPost(const HttpRequest &req, HttpResponse &res) {
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    const bool asJson = req.get_header_value("Content-Type").rfind("application/json", 0) == 0;
    const qint64 listId = fromStd(req.matches[1]).toLongLong();
    const auto category = signupCategory(listId);
    if (!category) {
        asJson ? jsonError(res, 404, u"no such signup form"_s) : page(res, 404, pages.notFound());
        return;
    }
    QString email, name, honeypot;
    if (asJson) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            jsonError(res, 400, u"the body is not a JSON object: %1"_s.arg(error.errorString()));
            return;
        }
        email = doc.object().value(u"email"_s).toString();
        name = doc.object().value(u"name"_s).toString();
        honeypot = doc.object().value(u"website"_s).toString();
    } else {
        const auto fields = formFields(req.body);
        if (!fields) {
            page(res, 400,
                 pages.message(pages.text("Bad request"), pages.text("The form could not be read.")));
            return;
        }
        email = fields->value(u"email"_s);
        name = fields->value(u"name"_s);
        honeypot = fields->value(u"website"_s);
    }
    // A bot fills every field: it is told what a person is told, and nothing is stored.
    if (!honeypot.isEmpty()) {
        asJson ? json(res, 202, {{u"status"_s, u"pending"_s}})
               : page(res, 200, pages.signupPending(category->name));
        return;
    }
    const QString address = EmailAddress::normalized(email.trimmed());
    if (address.isEmpty() || email.size() > 254) {
        const QString why = pages.text("Please enter a valid email address.");
        asJson ? jsonError(res, 422, why)
               : page(res, 422, pages.signupForm(category->name, {}, fromStd(req.path), why), true);
        return;
    }
    const QString client = clientAddress(req);
    if (!m_signupLimiter->allow(toStd(client))) {
        res.set_header("Retry-After", "3600");
        asJson ? jsonError(res, 429, u"too many signups from this address"_s)
               : page(res, 429,
                      pages.message(pages.text("Too many requests"), pages.text("Please try again later.")));
        return;
    }
    storage::RelaySignup signup;
    signup.categoryId = listId;
    signup.email = address;
    signup.name = name.trimmed().left(200);
    signup.ip = storedAddress(client, m_config.storeFullIp);
    signup.form = (asJson ? u"api:"_s : u"form:"_s) + fromStd(req.get_header_value("Referer")).left(200);
    signup.createdAt = nowMs();
    signup.language = pages.language() == Language::Chinese ? u"zh-CN"_s : u"en"_s;
    signup.mailer = m_mailer->enabled() ? u"relay"_s : u"desktop"_s;
    auto stored = m_store->call([&](storage::RelayStore &s) -> Result<qint64> {
        auto id = s.addSignup(signup);
        if (!id)
            return id;
        signup.id = id.value();
        const storage::TrackingEvent e =
            SignupMailer::pendingEvent(signup, category->name, confirmUrl(listId, signup.id));
        if (auto r = s.append({e}); !r)
            return r.error();
        return id;
    });
    if (!stored) {
        asJson ? jsonError(res, 503, stored.errorString())
               : page(res, 503,
                      pages.message(pages.text("Too many requests"), pages.text("Please try again later.")));
        return;
    }
    if (m_mailer->enabled())
        m_mailer->enqueue(signup);
    asJson ? json(res, 202, {{u"status"_s, u"pending"_s}})
           : page(res, 200, pages.signupPending(category->name));
}

void RelayServer::handleConfirm(const HttpRequest &req, HttpResponse &res) {
    const RelayPages pages(languageFrom(fromStd(req.get_header_value("Accept-Language"))));
    const auto t = token(req.matches[1], tracking::TokenKind::Confirm);
    if (!t) {
        page(res, 404, pages.notFound());
        return;
    }
    auto result = m_store->call([&](storage::RelayStore &s) -> Result<QString> {
        auto signup = s.signup(t->recipientId);
        if (!signup)
            return signup.error();
        if (signup->categoryId != t->campaignId)
            return makeError(ErrorCode::NotFound, QString());
        if (auto c = s.confirmSignup(t->recipientId, nowMs()); !c)
            return c.error();
        for (const storage::RelayCategory &c : s.categories().value_or({}))
            if (c.id == signup->categoryId)
                return c.name;
        return QString();
    });
    if (!result) {
        page(res, 404, pages.notFound());
        return;
    }
    page(res, 200, pages.confirmed(result.value()));
}

} // namespace hivepost::relay
