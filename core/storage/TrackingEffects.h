#pragma once

// TrackingEffects: what TrackingStore::import applies, inside its transaction, for the events that
// change a contact: an unsubscribe (suppression, contact status, a bounce-log row that can be undone),
// a preference change (list memberships), a confirmed signup (the contact, its list, the consent
// evidence), a pending signup the desktop is to mail. Each is a no-op when it was done before. Internal to
// core/storage.

#include <QSqlDatabase>

#include "common/Result.h"
#include "storage/RelayStore.h"

namespace hivepost::storage {

class TrackingEffects {
public:
    TrackingEffects(QSqlDatabase conn, qint64 nowMs)
        : m_conn(conn)
        , m_now(nowMs) {}

    Result<void> unsubscribe(const TrackingEvent &e);
    Result<void> preferences(const TrackingEvent &e);
    Result<qint64> signup(const TrackingEvent &e);
    // A pending signup whose confirmation the desktop mails (the relay says who mails it).
    Result<void> signupPending(qint64 relayId, const TrackingEvent &e);

private:
    QSqlDatabase m_conn;
    qint64 m_now;
};

} // namespace hivepost::storage
