#include "campaign/TestSend.h"

#include <QJsonDocument>

#include "accounts/SettingsResolver.h"
#include "campaign/CampaignMessages.h"
#include "campaign/DkimKeys.h"
#include "common/EmailAddress.h"
#include "smtp/SmtpClient.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::campaign {

TestSend::TestSend(storage::Database &db, secrets::SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(secrets) {}

TestSend::~TestSend() {
    if (m_client)
        m_client->abort();
}

Result<QByteArray> TestSend::compose(storage::Database &db, const QString &templateName, const QString &to,
                                     bool anyAddress, QString *fromAddress, const QString &fromOverride,
                                     const QString &campaignName, const QByteArray &dkimPem) {
    if (auto stored = storage::TemplateStore(db).byName(templateName); !stored)
        return stored.error();
    const QString email = EmailAddress::normalized(to);
    if (email.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("“%1” is not an e-mail address.").arg(to));
    storage::ContactFilter filter;
    filter.search = email;
    auto found = storage::ContactStore(db).page(filter, 0, 0, 50);
    if (!found)
        return found.error();
    const auto it = std::find_if(found->begin(), found->end(),
                                 [&](const storage::Contact &c) { return c.email == email; });
    storage::Contact contact;
    if (it != found->end())
        contact = *it;
    else if (anyAddress)
        contact.email = email; // a test message to someone who is not a contact
    else
        return makeError(ErrorCode::NotFound, tr("There is no contact with the address “%1”.").arg(to));
    auto messages = CampaignMessages::load(db, templateName, fromOverride, campaignName, dkimPem);
    if (!messages)
        return messages.error();
    if (fromAddress)
        *fromAddress = messages->fromAddress();
    return messages->compose(
        messages->recipient(contact.email, contact.name, contact.firstName, contact.lastName,
                            QJsonDocument(contact.fields).toJson(QJsonDocument::Compact)));
}

void TestSend::start(const QString &accountName, const QString &templateName, const QString &to) {
    // The From domain's DKIM key first (from the secret store), so the test is signed like the campaign.
    auto *keys = new DkimKeys(m_db, m_secrets, this);
    keys->fetch(CampaignMessages::signingDomain(m_db),
                [this, keys, accountName, templateName, to](const Result<QByteArray> &pem) {
                    keys->deleteLater();
                    if (!pem)
                        return fail(pem.errorString());
                    send(accountName, templateName, to, pem.value());
                });
}

void TestSend::send(const QString &accountName, const QString &templateName, const QString &to,
                    const QByteArray &dkimPem) {
    auto account = storage::AccountStore(m_db).byName(accountName);
    if (!account)
        return fail(account.errorString());
    QString from;
    auto message = compose(m_db, templateName, to, true, &from, {}, {}, dkimPem);
    if (!message)
        return fail(message.errorString());
    const smtp::Envelope envelope{from, {EmailAddress::normalized(to)}, QByteArray(), true};
    auto *resolver = new accounts::SettingsResolver(&m_secrets, this);
    connect(resolver, &accounts::SettingsResolver::failed, this, [this, resolver](const QString &why) {
        resolver->deleteLater();
        fail(why);
    });
    connect(
        resolver, &accounts::SettingsResolver::resolved, this,
        [this, resolver, envelope, data = message.value()](const smtp::SmtpSettings &settings) {
            resolver->deleteLater();
            m_client = new smtp::SmtpClient(settings, this);
            connect(m_client, &smtp::SmtpClient::ready, this,
                    [this, envelope, data] { m_client->send(envelope, data); });
            connect(m_client, &smtp::SmtpClient::messageFinished, this, [this](const smtp::SmtpResult &r) {
                m_client->quit();
                if (m_done)
                    return;
                m_done = true;
                if (r.ok())
                    Q_EMIT finished(Result<QString>(
                        QString(QString::number(r.reply.code) + u' ' + QString::fromUtf8(r.reply.text()))));
                else
                    Q_EMIT finished(makeError(ErrorCode::Io, r.describe()));
            });
            connect(m_client, &smtp::SmtpClient::connectionFailed, this, [this](const smtp::SmtpResult &r) {
                fail(r.errorString.isEmpty() ? QString::fromUtf8(r.reply.text()) : r.errorString);
            });
            m_client->connectToServer();
        });
    resolver->resolve(account.value());
}

void TestSend::fail(const QString &why) {
    if (m_done)
        return;
    m_done = true;
    // Not from inside start(): the caller connects to finished() after start() returns at the latest.
    QMetaObject::invokeMethod(
        this, [this, why] { Q_EMIT finished(makeError(ErrorCode::Io, why)); }, Qt::QueuedConnection);
}

} // namespace hivepost::campaign
