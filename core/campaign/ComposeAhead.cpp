#include "campaign/ComposeAhead.h"

#include <QThread>

#include "campaign/CampaignMessages.h"
#include "campaign/Verp.h"

namespace hivepost::campaign {

namespace {
constexpr int Batch = 8; // recipients per task: fewer hand-overs between threads
}

ComposeAhead::ComposeAhead(std::shared_ptr<const CampaignMessages> messages, qint64 campaignId,
                           QObject *parent)
    : QObject(parent)
    , m_messages(std::move(messages))
    , m_campaignId(campaignId) {
    // One core is left for the SMTP and ledger thread (and, on a small machine, the rest of the system).
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
}

ComposeAhead::~ComposeAhead() {
    m_pool.clear();
    m_pool.waitForDone();
}

ComposedMessage ComposeAhead::compose(const CampaignMessages &messages, qint64 campaignId,
                                      const storage::ClaimedRecipient &r) {
    ComposedMessage c;
    c.token = Verp::token({campaignId, r.id}, messages.verpSecret());
    auto message = messages.compose(messages.recipient(campaignId, r.id, r.contactId, r.email, r.name,
                                                       r.firstName, r.lastName, r.fields, c.token),
                                    &c.messageId);
    if (message)
        c.message = smtp::DataPayload::prepare(std::move(message).value());
    else
        c.error = message.errorString();
    return c;
}

ComposedMessage ComposeAhead::composeNow(const storage::ClaimedRecipient &r) const {
    return compose(*m_messages, m_campaignId, r);
}

void ComposeAhead::request(const QList<storage::ClaimedRecipient> &recipients) {
    for (qsizetype from = 0; from < recipients.size(); from += Batch) {
        const QList<storage::ClaimedRecipient> batch = recipients.mid(from, Batch);
        std::shared_ptr<const CampaignMessages> messages = m_messages;
        const qint64 campaignId = m_campaignId;
        m_pool.start([this, messages, campaignId, batch] {
            QList<QPair<qint64, ComposedMessage>> out;
            out.reserve(batch.size());
            for (const storage::ClaimedRecipient &r : batch)
                out.append({r.id, compose(*messages, campaignId, r)});
            // Safe: the destructor waits for this task before the object goes.
            QMetaObject::invokeMethod(
                this,
                [this, out = std::move(out)]() mutable {
                    for (auto &[id, composed] : out)
                        m_done.insert(id, std::move(composed));
                    Q_EMIT ready();
                },
                Qt::QueuedConnection);
        });
    }
}

std::optional<ComposedMessage> ComposeAhead::take(qint64 recipientId) {
    auto it = m_done.find(recipientId);
    if (it == m_done.end())
        return std::nullopt;
    ComposedMessage c = std::move(it.value());
    m_done.erase(it);
    return c;
}

} // namespace hivepost::campaign
