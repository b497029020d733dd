#include "campaign/CampaignMessages.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "campaign/Verp.h"
#include "common/EmailAddress.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/LedgerStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::campaign {

templating::SenderProfile CampaignMessages::senderProfile(const storage::TemplateStore &store) {
    const auto get = [&store](const QString &key) {
        auto value = store.setting(key);
        return value ? value.value() : QString();
    };
    return {get(u"sender/from_name"_s),       get(u"sender/from_address"_s),       get(u"sender/reply_to"_s),
            get(u"sender/unsubscribe_url"_s), get(u"sender/unsubscribe_mailto"_s), get(u"sender/list_id"_s),
            get(u"sender/feedback_id"_s)};
}

templating::TemplateContent CampaignMessages::contentOf(const storage::StoredTemplate &t) {
    templating::TemplateContent c{t.name, t.subject, t.html, t.textGenerated ? QString() : t.text, {}};
    for (const storage::TemplateFile &f : t.files)
        c.files.append({f.fileName, f.contentType.toLatin1(), f.data, f.contentId.toLatin1(), f.isInline});
    return c;
}

QStringList CampaignMessages::customFieldNames(storage::Database &db) {
    QStringList names;
    if (auto fields = storage::ContactStore(db).customFields(); fields) {
        for (const storage::CustomField &f : std::as_const(fields.value()))
            names << f.name;
    }
    return names;
}

Result<QList<CampaignMessages::EmptyField>>
CampaignMessages::emptyFields(storage::Database &db, const templating::TemplateContent &content,
                              const QList<qint64> &listIds) {
    // The fields that come from the contact: name, first and last name, and the custom ones.
    const QStringList custom = customFieldNames(db);
    QStringList fields;
    for (const QString &part : {content.subject, content.html, content.text}) {
        auto parsed = templating::MergeTemplate::parse(part);
        if (!parsed)
            continue; // said by the template's own check
        for (const QString &f : parsed->fieldsWithoutFallback()) {
            const bool fromContact =
                f == u"name"_s || f == u"first_name"_s || f == u"last_name"_s || custom.contains(f);
            if (fromContact && !fields.contains(f))
                fields << f;
        }
    }
    auto counts = storage::LedgerStore(db).emptyValues(listIds, fields);
    if (!counts)
        return counts.error();
    QList<EmptyField> out;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (counts->at(i) > 0)
            out.append({fields.at(i), counts->at(i)});
    }
    return out;
}

QString CampaignMessages::signingDomain(storage::Database &db, const QString &fromOverride) {
    const EmailAddress::Mailbox from = EmailAddress::parseMailbox(fromOverride);
    if (!from.address.isEmpty())
        return EmailAddress::domainOf(from.address).toLower();
    return EmailAddress::domainOf(senderProfile(storage::TemplateStore(db)).fromAddress).toLower();
}

Result<CampaignMessages> CampaignMessages::load(storage::Database &db, const QString &templateName,
                                                const QString &fromOverride, const QString &campaignName,
                                                const QByteArray &dkimPem,
                                                const templating::RelayTracking *relay) {
    storage::TemplateStore templates(db);
    auto stored = templates.byName(templateName);
    if (!stored)
        return stored.error();
    CampaignMessages m;
    m.m_campaignName = campaignName;
    m.m_sender = senderProfile(templates);
    if (!fromOverride.trimmed().isEmpty()) {
        const EmailAddress::Mailbox from = EmailAddress::parseMailbox(fromOverride);
        if (from.address.isEmpty())
            return makeError(ErrorCode::InvalidInput, tr("“%1” is not an e-mail address.").arg(fromOverride));
        m.m_sender.fromAddress = from.address;
        if (!from.name.isEmpty())
            m.m_sender.fromName = from.name;
    }
    auto composer = templating::MessageComposer::create(contentOf(stored.value()), m.m_sender,
                                                        customFieldNames(db), relay);
    if (!composer)
        return composer.error();
    m.m_composer.emplace(std::move(composer).value());
    auto secret = templates.unsubscribeSecret();
    if (!secret)
        return secret.error();
    m.m_secret = secret.value();
    m.m_verpSecret = Verp::secretFrom(m.m_secret);
    auto dkim = templates.dkimKey(EmailAddress::domainOf(m.m_sender.fromAddress));
    if (!dkim)
        return dkim.error();
    if (dkim->has_value()) {
        const storage::DkimKey &k = *dkim.value();
        const QByteArray pem = k.inSecretStore() ? dkimPem : k.privateKeyPem;
        if (pem.isEmpty())
            return makeError(ErrorCode::NotFound,
                             tr("The DKIM key of %1 is in the secret store and was not read: the message "
                                "would go out unsigned.")
                                 .arg(k.domain));
        auto signer = mime::DkimSigner::fromPem(k.domain, k.selector, pem);
        if (!signer)
            return signer.error();
        m.m_signer.emplace(std::move(signer).value());
    }
    return m;
}

Result<QList<tracking::TrackedLink>> CampaignMessages::trackedLinks(storage::Database &db,
                                                                    const QString &templateName,
                                                                    const QString &fromOverride,
                                                                    const templating::RelayTracking &relay) {
    storage::TemplateStore templates(db);
    auto stored = templates.byName(templateName);
    if (!stored)
        return stored.error();
    templating::SenderProfile sender = senderProfile(templates);
    const EmailAddress::Mailbox from = EmailAddress::parseMailbox(fromOverride);
    if (!from.address.isEmpty())
        sender.fromAddress = from.address;
    auto composer =
        templating::MessageComposer::create(contentOf(stored.value()), sender, customFieldNames(db), &relay);
    if (!composer)
        return composer.error();
    return composer->trackedLinks();
}

templating::Recipient CampaignMessages::recipient(const QString &email, const QString &name,
                                                  const QString &firstName, const QString &lastName,
                                                  const QByteArray &fieldsJson,
                                                  const QString &trackingToken) const {
    templating::Recipient r;
    r.email = email;
    r.name = name;
    r.firstName = firstName;
    r.lastName = lastName;
    if (!fieldsJson.isEmpty() && fieldsJson != "{}")
        r.fields = QJsonDocument::fromJson(fieldsJson).object();
    r.campaignName = m_campaignName;
    r.unsubscribeToken = templating::MessageComposer::unsubscribeToken(m_secret, email);
    r.trackingToken = trackingToken;
    return r;
}

templating::Recipient CampaignMessages::recipient(qint64 campaignId, qint64 recipientId, qint64 contactId,
                                                  const QString &email, const QString &name,
                                                  const QString &firstName, const QString &lastName,
                                                  const QByteArray &fieldsJson,
                                                  const QString &trackingToken) const {
    templating::Recipient r = recipient(email, name, firstName, lastName, fieldsJson, trackingToken);
    r.campaignId = campaignId;
    r.recipientId = recipientId;
    r.contactId = contactId;
    return r;
}

Result<QByteArray> CampaignMessages::compose(const templating::Recipient &r, QByteArray *messageId) const {
    return m_composer->compose(r, m_signer ? &*m_signer : nullptr, messageId);
}

} // namespace hivepost::campaign
