#pragma once

// TrackingStore: the desktop's side of hivepost-relay: the relays it sends for, the links each
// campaign published, and the events pulled from them. import() takes a page of events in one
// transaction: each once (relay, remote id), with the flags that tell machines from people, and
// applies what must take effect at once: an unsubscribe suppresses the address and marks the
// contact unsubscribed (logged in the bounce log, so it can be undone), a preference change adds
// or removes list memberships, a confirmed signup adds the contact with its consent evidence.

#include <algorithm>

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include "common/Result.h"
#include "storage/RelayStore.h"

namespace hivepost::storage {

class Database;

struct Relay {
    qint64 id = 0;
    QString name;
    QString url;
    QString keyEnv; // the variable the admin key was read from at "relay add" (for the record)
    qint64 lastEventId = 0;
    qint64 lastPullAt = 0; // Unix ms
    QString lastResult;
};

struct TrackingImport {
    int events = 0; // new ones
    int opens = 0;
    int clicks = 0;
    int unsubscribes = 0;
    int preferences = 0;
    int signups = 0;
    int pendingSignups = 0;
    qint64 lastId = 0;

    TrackingImport &operator+=(const TrackingImport &o) {
        events += o.events;
        opens += o.opens;
        clicks += o.clicks;
        unsubscribes += o.unsubscribes;
        preferences += o.preferences;
        signups += o.signups;
        pendingSignups += o.pendingSignups;
        lastId = std::max(lastId, o.lastId);
        return *this;
    }
};

// What an import needs to know of earlier events and sends, read once per campaign and kept for the
// pages of one pull (a pull of a million events asks the database per campaign, not per event).
struct TrackingImportCache {
    QHash<qint64, QSet<qint64>> opened;          // campaign -> recipients with an open
    QHash<qint64, QHash<qint64, qint64>> sentAt; // campaign -> recipient -> sent (Unix ms)
    QHash<qint64, QSet<qint64>> traps;           // campaign -> its hidden links
};

// A signup confirmation the desktop is to mail (the relay has no SMTP account of its own).
struct SignupMailJob {
    qint64 relayId = 0;
    qint64 remoteId = 0; // the signup_pending event's id on the relay
    int attempts = 0;
    QString email;
    QString name;
    QString listName;
    QString confirmUrl;
    QString language;
};

// One line of a contact's history. kind: sent, bounced, open, click, unsubscribe, preferences, signup.
struct ContactEvent {
    QString kind;
    qint64 at = 0; // Unix ms
    qint64 campaignId = 0;
    QString campaign; // its name; empty for a signup
    QString flags;    // proxy, scanner, repeat; a bounce's reason
    QString url;      // the link, for a click
};

struct LinkClicks {
    qint64 linkId = 0;
    QString url;
    qint64 uniqueClicks = 0;
    qint64 humanClicks = 0;
    qint64 clicks = 0;
};

struct HourActivity {
    qint64 hour = 0;     // the hour's start, Unix s
    qint64 openers = 0;  // recipients whose open was not a proxy's
    qint64 clickers = 0; // recipients whose click was not a scanner's
};

struct EngagementFigures {
    qint64 opens = 0; // every open event
    qint64 uniqueOpens = 0;
    qint64 humanOpens = 0;
    qint64 clicks = 0;
    qint64 uniqueClicks = 0;
    qint64 humanClicks = 0;
    qint64 unsubscribes = 0;
    QList<LinkClicks> links;
    QList<QPair<QString, qint64>> unsubscribesByCategory; // "" for everything
    QList<HourActivity> byHour;                           // hours with a person's open or click
};

class TrackingStore {
    Q_DECLARE_TR_FUNCTIONS(TrackingStore)

public:
    // Seconds after a message was sent within which a click is a security scanner's.
    static constexpr qint64 ScannerWindowMs = 10'000;

    explicit TrackingStore(Database &db)
        : m_db(db) {}

    Result<qint64> addRelay(const QString &name, const QString &url, const QString &keyEnv);
    Result<QList<Relay>> relays() const;
    Result<Relay> relay(const QString &name) const;
    Result<Relay> relayById(qint64 id) const;
    Result<void> removeRelay(const QString &name);
    Result<void> notePull(qint64 relayId, qint64 nowMs, const QString &result);

    Result<void> setLinks(qint64 campaignId, const QList<RelayLink> &links);
    Result<QList<RelayLink>> links(qint64 campaignId) const;

    Result<TrackingImport> import(qint64 relayId, const QList<TrackingEvent> &events, qint64 nowMs,
                                  TrackingImportCache *cache = nullptr);

    // Around the pages of one pull: a large cache and WAL commits without a sync each. Safe because
    // a page and the cursor commit together: a page lost to a power cut is pulled again.
    void beginPull();
    void endPull();

    // Confirmations to mail now: not sent, fewer than 5 attempts, due, signed up since sinceMs.
    Result<QList<SignupMailJob>> signupMailsDue(qint64 nowMs, qint64 sinceMs, int limit) const;
    // Sent, or failed (tried again after 5 min, 10, 20, 40; a permanent refusal is not retried).
    Result<void> noteSignupMail(const SignupMailJob &job, bool sent, bool permanent, const QString &error,
                                qint64 nowMs);

    Result<EngagementFigures> figures(qint64 campaignId) const;
    // What happened to a contact, oldest first: sends and bounces from the ledgers, and the relay's events.
    Result<QList<ContactEvent>> timeline(qint64 contactId) const;

private:
    Database &m_db;
};

} // namespace hivepost::storage
