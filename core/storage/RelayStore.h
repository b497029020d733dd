#pragma once

// RelayStore: a hivepost-relay's own database (relayMigrations()): the events it recorded, in id
// order for the desktop's cursor pull; the campaigns, links and categories the desktop published;
// what contacts chose in the preference centre; pending and confirmed signups. Use from the
// thread that opened the Database.

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

// One event, as the relay records it and the desktop imports it. kind: open, click, unsubscribe,
// preferences, signup (confirmed), signup_pending (the desktop mails the confirmation).
struct TrackingEvent {
    qint64 id = 0;
    QString kind;
    qint64 at = 0; // Unix ms
    qint64 campaignId = 0;
    qint64 recipientId = 0;
    qint64 contactId = 0;
    qint64 linkId = 0;
    QString flags; // comma-separated: proxy, scanner, repeat
    QString ip;
    QString userAgent;
    QString detail; // JSON: the preferences chosen, a signup's address and evidence
};

struct RelayLink {
    qint64 campaignId = 0;
    qint64 linkId = 0;
    QString url;
    bool hidden = false;
};

struct RelayCategory {
    qint64 id = 0;
    QString name;
    bool signup = false; // has a public signup form
};

struct RelayCampaign {
    qint64 id = 0;
    QString name;
    QString senderName;
    QList<qint64> categories; // the lists it went to
    QList<RelayLink> links;
};

struct RelaySignup {
    qint64 id = 0;
    qint64 categoryId = 0;
    QString email;
    QString name;
    QString ip;
    QString form;
    qint64 createdAt = 0; // ms
    qint64 mailedAt = 0;
    qint64 confirmedAt = 0;
    QString language;                           // the form's page language: en, zh-CN
    QString mailer = QStringLiteral("desktop"); // relay: mailed by the relay's own SMTP account
    QString mailError;
};

class RelayStore {
    Q_DECLARE_TR_FUNCTIONS(RelayStore)

public:
    explicit RelayStore(Database &db)
        : m_db(db) {}

    // Opens and clicks, many in one transaction.
    Result<void> append(const QList<TrackingEvent> &events);
    // An unsubscribe or a preference change: the event and the state it sets, committed together.
    Result<qint64> unsubscribe(const TrackingEvent &event);
    Result<qint64> setPreferences(const TrackingEvent &event, const QHash<qint64, bool> &subscribed);
    // Events with id > after, oldest first.
    Result<QList<TrackingEvent>> events(qint64 after, int limit) const;
    Result<qint64> lastEventId() const;

    Result<void> putCampaign(const RelayCampaign &campaign);
    Result<RelayCampaign> campaign(qint64 id) const; // NotFound when it was never published
    Result<QList<RelayLink>> links() const;
    Result<void> setCategories(const QList<RelayCategory> &categories);
    Result<QList<RelayCategory>> categories() const;
    Result<QHash<qint64, bool>> preferences(qint64 contactId) const;
    Result<bool> isUnsubscribed(qint64 contactId) const;

    Result<qint64> addSignup(const RelaySignup &signup);
    Result<RelaySignup> signup(qint64 id) const;
    // Confirms a pending signup and records the "signup" event; false when it was confirmed before.
    Result<bool> confirmSignup(qint64 id, qint64 nowMs);
    Result<void> markMailed(qint64 id, qint64 nowMs);
    // The relay could not mail it: the desktop mails it on its next pull (a new signup_pending
    // event with mailer "desktop"), or nobody when giveUp (the address was refused).
    Result<void> handOver(qint64 id, const QString &error, const TrackingEvent &event, bool giveUp);
    // Signups the relay should mail and has not: created since sinceMs, not confirmed, not failed.
    Result<QList<RelaySignup>> unmailedSignups(qint64 sinceMs) const;

    Result<QString> setting(const QString &key) const; // empty when unset
    Result<void> setSetting(const QString &key, const QString &value);

private:
    Database &m_db;
};

} // namespace hivepost::storage
