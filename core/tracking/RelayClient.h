#pragma once

// RelayClient: the desktop's (and the CLI's) side of the hivepost-relay API, asynchronous over
// QNetworkAccessManager: every call answers once, on this object's thread, and never blocks.
// Certificates are verified (TLS is the reverse proxy's job; a plain http:// URL is for loopback).
// The admin key goes in "Authorization: Bearer"; it is never logged.
//
// RelayPull: pulls a relay's events page by page from the stored cursor and imports each page
// (TrackingStore::import) before asking for the next, so a pull interrupted anywhere resumes
// without losing or doubling an event.

#include <functional>
#include <optional>

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include "common/Clock.h"
#include "common/Result.h"
#include "storage/RelayStore.h"
#include "storage/TrackingStore.h"
#include "tracking/TrackingToken.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::tracking {

// What the desktop keeps of a relay in the secret store ("relay/NAME"), as JSON.
struct RelaySecret {
    QString adminKey;
    KeyRing keys;
    QString toJson() const;
    static Result<RelaySecret> fromJson(const QString &json);
    static QString storeKey(const QString &relayName) {
        return QStringLiteral("relay/") + relayName.toLower();
    }
};

// What adding or testing a relay found: the key that signs now, and whether it was new here.
struct RelayCheck {
    quint32 keyId = 0;
    bool keysRefreshed = false;
};

class RelayClient : public QObject {
    Q_OBJECT
public:
    using JsonDone = std::function<void(const Result<QJsonObject> &)>;

    RelayClient(const QUrl &baseUrl, const QString &adminKey, QObject *parent = nullptr);

    void get(const QString &path, JsonDone done);
    void put(const QString &path, const QJsonObject &body, JsonDone done);
    void post(const QString &path, const QJsonObject &body, JsonDone done);

    void health(JsonDone done) { get(QStringLiteral("/healthz"), std::move(done)); }
    // The signing keys (admin key required): {"keys": [...]}.
    void keys(JsonDone done) { get(QStringLiteral("/api/v1/keys"), std::move(done)); }
    void publishCampaign(const storage::RelayCampaign &campaign, JsonDone done);
    void publishCategories(const QList<storage::RelayCategory> &categories, const QString &senderName,
                           JsonDone done);
    void events(qint64 after, int limit, JsonDone done);

    static QList<storage::TrackingEvent> eventsFrom(const QJsonObject &page);

private:
    void send(const QByteArray &verb, const QString &path, const QByteArray &body, JsonDone done);

    QNetworkAccessManager m_net;
    QUrl m_base;
    QByteArray m_auth;
};

class RelayPull : public QObject {
    Q_OBJECT
public:
    RelayPull(storage::Database &db, const storage::Relay &relay, const QString &adminKey, const Clock *clock,
              QObject *parent = nullptr);
    void start();

    static constexpr int PageSize = 10'000; // the relay's largest page

Q_SIGNALS:
    void finished(const hivepost::Result<hivepost::storage::TrackingImport> &result);

private:
    void next();
    void request(qint64 after);
    void onPage(const Result<QJsonObject> &page);
    void finish();
    void drain(); // imports the pages that came, in order

    storage::Database &m_db;
    storage::Relay m_relay;
    RelayClient m_client;
    const Clock *m_clock;
    qint64 m_cursor = 0;
    storage::TrackingImport m_total;
    storage::TrackingImportCache m_cache;
    int m_inFlight = 0;
    std::optional<Error> m_error;
    QList<QList<storage::TrackingEvent>> m_queue;
    bool m_lastPageSeen = false;
    bool m_finished = false;
};

} // namespace hivepost::tracking
