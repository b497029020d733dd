#pragma once

// ComposeAhead: a campaign's messages composed on worker threads before the connections need
// them, so that the thread that talks SMTP and writes the ledger does not render, encode and sign.
// request() returns at once; ready() follows when a batch is done; take() hands a message over.
// The destructor waits for the workers, so no result outlives the object.

#include <memory>
#include <optional>

#include <QHash>
#include <QObject>
#include <QSet>
#include <QThreadPool>

#include "smtp/SmtpTypes.h"
#include "storage/LedgerStore.h"

namespace hivepost::campaign {

class CampaignMessages;

struct ComposedMessage {
    smtp::DataPayload message; // ready for DATA: the worker thread dot-stuffs it too
    QByteArray messageId;
    QString token; // the VERP token (X-Hivepost-ID, ENVID)
    QString error; // when the message could not be made
};

class ComposeAhead : public QObject {
    Q_OBJECT
public:
    ComposeAhead(std::shared_ptr<const CampaignMessages> messages, qint64 campaignId,
                 QObject *parent = nullptr);
    ~ComposeAhead() override;

    void request(const QList<storage::ClaimedRecipient> &recipients);
    bool isReady(qint64 recipientId) const { return m_done.contains(recipientId); }
    std::optional<ComposedMessage> take(qint64 recipientId);
    // For a recipient that was never requested.
    ComposedMessage composeNow(const storage::ClaimedRecipient &r) const;

Q_SIGNALS:
    void ready();

private:
    static ComposedMessage compose(const CampaignMessages &messages, qint64 campaignId,
                                   const storage::ClaimedRecipient &r);

    std::shared_ptr<const CampaignMessages> m_messages;
    qint64 m_campaignId;
    QThreadPool m_pool;
    QHash<qint64, ComposedMessage> m_done;
};

} // namespace hivepost::campaign
