#pragma once

// MessageComposer: one template and one sender, compiled once, composed into a personalised,
// optionally DKIM-signed message per recipient. Contact values are HTML-escaped in the HTML part,
// plain in the text part, and cleaned of control characters in headers. Immutable after create();
// compose() is const and may run on several threads.

#include <optional>

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "common/Result.h"
#include "mime/MessageBuilder.h"
#include "template/MergeTemplate.h"
#include "tracking/LinkTracking.h"
#include "tracking/TrackingToken.h"

namespace hivepost::mime {
class DkimSigner;
}

namespace hivepost::templating {

struct SenderProfile {
    QString fromName;
    QString fromAddress;
    QString replyTo;
    QString unsubscribeUrl;    // https URL with {{token}} where the recipient's token goes
    QString unsubscribeMailto; // an address that unsubscribes whoever writes to it
    QString listId;
    QString feedbackId;
};

struct TemplateContent {
    QString name;
    QString subject;
    QString html;
    QString text; // empty: made from the HTML
    QList<mime::Attachment> files;
};

struct Recipient {
    QString email;
    QString name;
    QString firstName;
    QString lastName;
    QJsonObject fields;
    QString listName;
    QString campaignName;
    QString unsubscribeToken;
    QString trackingToken; // goes in an X-Hivepost-ID header (the VERP token), when set
    // The desktop's ids, which a relay's signed URLs carry (never the address).
    qint64 campaignId = 0;
    qint64 recipientId = 0;
    qint64 contactId = 0;
};

// Open and click tracking and one-click unsubscribe through a hivepost-relay.
struct RelayTracking {
    QString publicUrl; // the relay's https base URL, without a trailing "/"
    tracking::SigningKey key;
    bool opens = true;
    bool clicks = true;
};

class MessageComposer {
    Q_DECLARE_TR_FUNCTIONS(MessageComposer)

public:
    // Parses the subject, HTML and text once. knownFields: the custom fields that exist; any other
    // field is an error naming its line and column.
    // With relay: links rewritten, the pixel added, and the unsubscribe link and List-Unsubscribe
    // URL the relay's (RFC 8058 one-click).
    static Result<MessageComposer> create(const TemplateContent &content, const SenderProfile &sender,
                                          const QStringList &knownFields,
                                          const RelayTracking *relay = nullptr);

    // Checks a template's fields without a sender (for saving a template).
    static QList<TemplateIssue> check(const TemplateContent &content, const QStringList &knownFields);

    // The message for one recipient; signed when signer is given.
    Result<QByteArray> compose(const Recipient &recipient, const mime::DkimSigner *signer = nullptr,
                               QByteArray *messageId = nullptr) const;

    // The recipient's token for {{unsubscribe_url}}: 22 URL-safe characters of HMAC-SHA256(secret, email).
    static QString unsubscribeToken(const QString &secret, const QString &email);

    // The value of a merge field for a recipient (nullopt: the contact has none).
    static std::optional<QString> fieldValue(const Recipient &r, const QString &field,
                                             const QString &unsubscribeUrl);

    // The links the relay must know before the first message goes (empty without click tracking).
    const QList<tracking::TrackedLink> &trackedLinks() const { return m_links; }
    // A relay URL for a recipient: "o" (pixel), "c" (a link), "u" (unsubscribe).
    QString relayUrl(const Recipient &r, tracking::TokenKind kind, int linkId = 0) const;

private:
    MessageComposer() = default;
    std::optional<QString> value(const Recipient &r, const QString &field) const;

    SenderProfile m_sender;
    QList<mime::Attachment> m_files;
    MergeTemplate m_subject;
    MergeTemplate m_html;
    MergeTemplate m_text;
    bool m_hasHtml = false;
    std::optional<RelayTracking> m_relay;
    QList<tracking::TrackedLink> m_links;
    // The templates' literal lines, quoted-printable encoded once (most of a newsletter's bytes).
    struct KnownLines {
        int segment = 0;
        qsizetype start = 0; // in the segment
        QByteArray source;
        QByteArray encoded;
    };
    static QList<KnownLines> knownLinesOf(const MergeTemplate &t);
    static QList<mime::QpKnownLines> placed(const QList<KnownLines> &known, const QList<qsizetype> &offsets);
    QList<KnownLines> m_htmlKnown;
    QList<KnownLines> m_textKnown;
};

} // namespace hivepost::templating
