#include "bounce/BounceOrigin.h"

#include "campaign/Verp.h"
#include "storage/CampaignStore.h"
#include "storage/TemplateStore.h"

namespace hivepost::bounce {

Result<std::optional<Origin>> BounceOrigin::resolve(const QString &token, const QString &messageId) {
    const storage::CampaignStore campaigns(m_db);
    const auto byMessageId = [&]() -> Result<std::optional<Origin>> {
        if (messageId.isEmpty())
            return std::optional<Origin>();
        return campaigns.recipientByMessageId(messageId);
    };
    if (token.isEmpty())
        return byMessageId();
    if (m_secret.isEmpty()) {
        auto secret = storage::TemplateStore(m_db).unsubscribeSecret();
        if (!secret)
            return secret.error();
        m_secret = campaign::Verp::secretFrom(secret.value());
    }
    const auto ids = campaign::Verp::parseToken(token, m_secret);
    if (!ids)
        return byMessageId();
    return campaigns.recipient(ids->campaignId, ids->recipientId);
}

} // namespace hivepost::bounce
