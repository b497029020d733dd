#pragma once

// CampaignMessages: everything a campaign's messages are made from, loaded from the database
// once: the template compiled against the custom fields, the sender profile (with the campaign's
// From when it has its own), the DKIM key of the From domain, and the database secret behind
// unsubscribe and VERP tokens. compose() is const.

#include <optional>

#include <QCoreApplication>

#include "common/Result.h"
#include "mime/DkimSigner.h"
#include "template/MessageComposer.h"

namespace hivepost::storage {
class Database;
class TemplateStore;
struct StoredTemplate;
} // namespace hivepost::storage

namespace hivepost::campaign {

class CampaignMessages {
    Q_DECLARE_TR_FUNCTIONS(CampaignMessages)

public:
    // fromOverride: an address (or "Name <address>") that replaces the sender profile's From.
    // dkimPem: the From domain's DKIM key as read from the secret store (DkimKeys::fetch), when
    // the domain has one there; a key an older Hivepost left in the database is used as it is.
    static Result<CampaignMessages> load(storage::Database &db, const QString &templateName,
                                         const QString &fromOverride = {}, const QString &campaignName = {},
                                         const QByteArray &dkimPem = {},
                                         const templating::RelayTracking *relay = nullptr);
    // The links a relay must know for a campaign of this template (no DKIM key needed to know them).
    static Result<QList<tracking::TrackedLink>> trackedLinks(storage::Database &db,
                                                             const QString &templateName,
                                                             const QString &fromOverride,
                                                             const templating::RelayTracking &relay);
    // The domain whose DKIM key signs: the From's, that is fromOverride's or the sender profile's.
    static QString signingDomain(storage::Database &db, const QString &fromOverride = {});

    static templating::SenderProfile senderProfile(const storage::TemplateStore &store);
    static templating::TemplateContent contentOf(const storage::StoredTemplate &t);
    static QStringList customFieldNames(storage::Database &db);

    // A contact field that the template uses without a fallback, and how many of the contacts a
    // campaign to listIds would mail have no value for it: their messages get a gap there.
    struct EmptyField {
        QString field;
        qint64 contacts = 0;
    };
    static Result<QList<EmptyField>> emptyFields(storage::Database &db,
                                                 const templating::TemplateContent &content,
                                                 const QList<qint64> &listIds);

    // A recipient with its unsubscribe token and, when given, the tracking token.
    templating::Recipient recipient(const QString &email, const QString &name, const QString &firstName,
                                    const QString &lastName, const QByteArray &fieldsJson,
                                    const QString &trackingToken = {}) const;
    // The same with the ids that a relay's signed URLs carry.
    templating::Recipient recipient(qint64 campaignId, qint64 recipientId, qint64 contactId,
                                    const QString &email, const QString &name, const QString &firstName,
                                    const QString &lastName, const QByteArray &fieldsJson,
                                    const QString &trackingToken) const;
    // The links a relay must know before the first message goes.
    const QList<tracking::TrackedLink> &trackedLinks() const { return m_composer->trackedLinks(); }
    Result<QByteArray> compose(const templating::Recipient &r, QByteArray *messageId = nullptr) const;

    QString fromAddress() const { return m_sender.fromAddress; }
    // The secret of this database (unsubscribe tokens; VERP tokens derive from it).
    QString secret() const { return m_secret; }
    const QByteArray &verpSecret() const { return m_verpSecret; }
    bool signs() const { return m_signer.has_value(); }

private:
    CampaignMessages() = default;

    std::optional<templating::MessageComposer> m_composer;
    std::optional<mime::DkimSigner> m_signer;
    templating::SenderProfile m_sender;
    QString m_secret;
    QByteArray m_verpSecret; // derived from m_secret once: every message needs it
    QString m_campaignName;
};

} // namespace hivepost::campaign
