#pragma once

// BounceOrigin: the campaign and contact a bounce belongs to, from the VERP token it carries
// (bounce+TOKEN@ or X-Hivepost-ID), else from the returned message's Message-ID in the campaign
// ledger. A token that this database did not make, or a Message-ID it did not send, resolves to nothing.

#include <optional>

#include <QByteArray>
#include <QString>

#include "common/Result.h"
#include "storage/CampaignStore.h"

namespace hivepost::bounce {

using Origin = storage::RecipientOrigin; // the ledger row a bounce belongs to

class BounceOrigin {
public:
    explicit BounceOrigin(storage::Database &db)
        : m_db(db) {}
    // The database's secret is read once, at the first token.
    Result<std::optional<Origin>> resolve(const QString &token, const QString &messageId = {});

private:
    storage::Database &m_db;
    QByteArray m_secret;
};

} // namespace hivepost::bounce
