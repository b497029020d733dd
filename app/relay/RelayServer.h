#pragma once

// RelayServer: hivepost-relay's HTTP side, on 127.0.0.1 behind the operator's reverse proxy, which
// does TLS. HTTP itself is RelayHttp's (QtHttpServer with a size limit and timeouts); the pages'
// handlers are here, the desktop's API (/api/v1/) in RelayApi.cpp.
//   GET  /o/TOKEN            the open pixel (43-byte GIF, no-store), records an open
//   GET  /c/TOKEN            302 to the link the desktop registered; 404 without Location otherwise
//   POST /u/TOKEN            RFC 8058 one-click (List-Unsubscribe=One-Click), or the page's forms
//   GET  /u/TOKEN            a confirm button and the preference centre; never unsubscribes
//   GET/POST /s/LIST         the signup form (HTML form or JSON); double opt-in
//   GET  /confirm/TOKEN      confirms a signup
//   GET  /healthz            200
//   /api/v1/...              the desktop's: events, keys, campaigns, settings (Bearer admin key)

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <QHash>
#include <QString>

#include "RelayConfig.h"
#include "RelayHttp.h"
#include "StoreWorker.h"
#include "tracking/TrackingToken.h"

namespace hivepost::relay {

class RateLimiter;
class SignupMailer;

class RelayServer {

public:
    RelayServer(RelayConfig config, tracking::KeyRing keys);
    ~RelayServer();

    Result<void> open();                             // the database, the link cache
    Result<int> bind(const QString &host, int port); // the port bound (port 0: any free one)
    void run();                                      // serves until stop()
    void stop();

    // The address a request came from: the peer, or the last X-Forwarded-For entry when the
    // peer is the reverse proxy on loopback.
    static QString clientAddress(const HttpRequest &req);
    // What is stored of it: /24 of IPv4, /48 of IPv6, unless the operator opted in to all of it.
    static QString storedAddress(const QString &address, bool full);
    // Apple Mail Privacy Protection and other machine prefetches.
    static bool isProxyFetch(const QString &address, const QString &userAgent);

private:
    void dispatch(HttpRequest &req, HttpResponse &res);
    bool authorised(const HttpRequest &req, HttpResponse &res) const;
    std::optional<tracking::TokenData> token(const std::string &text, tracking::TokenKind kind) const;
    storage::TrackingEvent eventFor(const HttpRequest &req, const tracking::TokenData &t,
                                    const char *kind) const;
    // The list's category when it offers a signup form.
    std::optional<storage::RelayCategory> signupCategory(qint64 listId);
    QString confirmUrl(qint64 listId, qint64 signupId) const; // signed with the current key
    void page(HttpResponse &res, int status, const QString &html, bool frameable = false) const;

    void handleOpen(const HttpRequest &req, HttpResponse &res);
    void handleClick(const HttpRequest &req, HttpResponse &res);
    void handleUnsubscribeGet(const HttpRequest &req, HttpResponse &res);
    void handleUnsubscribePost(const HttpRequest &req, HttpResponse &res);
    void handleSignupGet(const HttpRequest &req, HttpResponse &res);
    void handleSignupPost(const HttpRequest &req, HttpResponse &res);
    void handleConfirm(const HttpRequest &req, HttpResponse &res);
    void handleEvents(const HttpRequest &req, HttpResponse &res);
    void handleKeys(const HttpRequest &req, HttpResponse &res, bool rotate);
    void handleKeysGet(const HttpRequest &req, HttpResponse &res);
    void handleKeysRotate(const HttpRequest &req, HttpResponse &res);
    void handleCampaign(const HttpRequest &req, HttpResponse &res);
    void handleSettings(const HttpRequest &req, HttpResponse &res);

    RelayConfig m_config;
    mutable std::shared_mutex m_keysMutex;
    tracking::KeyRing m_keys;
    std::unique_ptr<StoreWorker> m_store;
    std::unique_ptr<RelayHttp> m_http;
    std::unique_ptr<SignupMailer> m_mailer;
    std::unique_ptr<RateLimiter> m_limiter;
    std::unique_ptr<RateLimiter> m_signupLimiter;
    mutable std::shared_mutex m_linksMutex;
    QHash<QPair<qint64, qint64>, QPair<QString, bool>> m_links; // (campaign, link) -> (url, hidden)
};

} // namespace hivepost::relay
