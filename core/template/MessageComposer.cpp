#include "template/MessageComposer.h"

#include <QDate>
#include <QLocale>
#include <QMessageAuthenticationCode>
#include <QUrl>

#include "common/EmailAddress.h"
#include "mime/DkimSigner.h"
#include "template/HtmlToText.h"

using namespace Qt::StringLiterals;

namespace hivepost::templating {

namespace {

// Each part is checked on its own so that a line and column point into that part.
QList<TemplateIssue> checkPart(const QString &partName, const QString &source, const QStringList &known) {
    QList<TemplateIssue> issues;
    auto parsed = MergeTemplate::parse(source);
    if (!parsed) {
        issues.append({0, 0, partName + u": "_s + parsed.errorString()});
        return issues;
    }
    for (TemplateIssue issue : parsed->unknownFields(known)) {
        issue.message = partName + u": "_s + issue.message;
        issues.append(issue);
    }
    return issues;
}

} // namespace

QList<TemplateIssue> MessageComposer::check(const TemplateContent &content, const QStringList &knownFields) {
    const QStringList known = standardMergeFields() + knownFields;
    QList<TemplateIssue> issues = checkPart(tr("Subject"), content.subject, known);
    issues += checkPart(tr("HTML"), content.html, known);
    issues += checkPart(tr("Text"), content.text, known);
    if (content.subject.trimmed().isEmpty())
        issues.append({0, 0, tr("The subject is empty.")});
    if (content.html.trimmed().isEmpty() && content.text.trimmed().isEmpty())
        issues.append({0, 0, tr("The message has neither HTML nor text.")});
    return issues;
}

Result<MessageComposer> MessageComposer::create(const TemplateContent &content, const SenderProfile &sender,
                                                const QStringList &knownFields, const RelayTracking *relay) {
    for (const TemplateIssue &issue : check(content, knownFields))
        if (!issue.warning)
            return makeError(ErrorCode::InvalidInput, issue.message);
    if (sender.fromAddress.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("No sender address is set."));
    MessageComposer c;
    c.m_sender = sender;
    c.m_files = content.files;
    c.m_subject = MergeTemplate::parse(content.subject).value();
    QString html = content.html;
    QString text = content.text.trimmed().isEmpty() ? htmlToText(content.html) : content.text;
    if (relay) {
        c.m_relay = *relay;
        while (c.m_relay->publicUrl.endsWith(u'/'))
            c.m_relay->publicUrl.chop(1);
        tracking::TrackedContent tracked = tracking::trackContent(html, text, relay->opens, relay->clicks);
        html = std::move(tracked.html);
        text = std::move(tracked.text);
        c.m_links = std::move(tracked.links);
    }
    auto parsedHtml = MergeTemplate::parse(html);
    auto parsedText = MergeTemplate::parse(text);
    if (!parsedHtml || !parsedText)
        return makeError(ErrorCode::InvalidInput, tr("The template could not be prepared for tracking."));
    c.m_html = std::move(parsedHtml).value();
    c.m_hasHtml = !content.html.trimmed().isEmpty();
    c.m_text = std::move(parsedText).value();
    c.m_htmlKnown = knownLinesOf(c.m_html);
    c.m_textKnown = knownLinesOf(c.m_text);
    return c;
}

QList<MessageComposer::KnownLines> MessageComposer::knownLinesOf(const MergeTemplate &t) {
    QList<KnownLines> out;
    for (const auto &[segment, utf8] : t.literals()) {
        // From the start of its second line to the end of its last whole line: those lines are the
        // same in every message and do not depend on what a merge field put before them.
        const qsizetype first = utf8.indexOf('\n');
        const qsizetype last = utf8.lastIndexOf('\n');
        if (first < 0 || last - first < 32) // small ones cost more to look up than to encode
            continue;
        KnownLines k;
        k.segment = segment;
        k.start = first + 1;
        k.source = utf8.mid(first + 1, last - first);
        k.encoded = mime::quotedPrintable(k.source);
        out.append(k);
    }
    return out;
}

QList<mime::QpKnownLines> MessageComposer::placed(const QList<KnownLines> &known,
                                                  const QList<qsizetype> &offsets) {
    QList<mime::QpKnownLines> out;
    out.reserve(known.size());
    for (const KnownLines &k : known) {
        if (k.segment < offsets.size())
            out.append({offsets.at(k.segment) + k.start, k.source, k.encoded});
    }
    return out;
}

QString MessageComposer::unsubscribeToken(const QString &secret, const QString &email) {
    return QString::fromLatin1(
        QMessageAuthenticationCode::hash(email.toUtf8(), secret.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)
            .left(22));
}

std::optional<QString> MessageComposer::fieldValue(const Recipient &r, const QString &field,
                                                   const QString &unsubscribeUrl) {
    if (field == u"email"_s)
        return r.email;
    if (field == u"name"_s)
        return r.name;
    if (field == u"first_name"_s)
        return r.firstName;
    if (field == u"last_name"_s)
        return r.lastName;
    if (field == u"list_name"_s)
        return r.listName;
    if (field == u"campaign_name"_s)
        return r.campaignName;
    if (field == u"date"_s)
        return QLocale().toString(QDate::currentDate(), QLocale::LongFormat);
    if (field == u"unsubscribe_url"_s) {
        QString url = unsubscribeUrl;
        return url.replace(u"{{token}}"_s, QString::fromLatin1(QUrl::toPercentEncoding(r.unsubscribeToken)));
    }
    const QJsonValue v = r.fields.value(field);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return v.isDouble() ? QString::number(v.toDouble()) : v.toString();
}

QString MessageComposer::relayUrl(const Recipient &r, tracking::TokenKind kind, int linkId) const {
    if (!m_relay)
        return {};
    tracking::TokenData d;
    d.kind = kind;
    d.campaignId = r.campaignId;
    d.recipientId = r.recipientId;
    d.contactId = r.contactId;
    d.linkId = linkId;
    const char *path = kind == tracking::TokenKind::Open    ? "/o/"
                       : kind == tracking::TokenKind::Click ? "/c/"
                                                            : "/u/";
    return m_relay->publicUrl + QLatin1StringView(path) + tracking::TrackingToken::sign(d, m_relay->key);
}

std::optional<QString> MessageComposer::value(const Recipient &r, const QString &field) const {
    if (m_relay) {
        if (field == tracking::OpenField)
            return relayUrl(r, tracking::TokenKind::Open);
        if (field.startsWith(tracking::ClickFieldPrefix))
            return relayUrl(r, tracking::TokenKind::Click,
                            QStringView(field).mid(tracking::ClickFieldPrefix.size()).toInt());
        if (field == u"unsubscribe_url"_s)
            return relayUrl(r, tracking::TokenKind::Unsubscribe);
    }
    return fieldValue(r, field, m_sender.unsubscribeUrl);
}

Result<QByteArray> MessageComposer::compose(const Recipient &r, const mime::DkimSigner *signer,
                                            QByteArray *messageId) const {
    // Addresses are checked when stored; one that is not an address still never reaches a header
    // (a domain that is not one would be written there as raw 8-bit text).
    if (EmailAddress::normalized(r.email).isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("“%1” is not an e-mail address.").arg(r.email));
    const auto lookup = [this, &r](const QString &field) {
        return value(r, field);
    };
    mime::MessageParts p;
    p.fromName = m_sender.fromName;
    p.fromAddress = m_sender.fromAddress;
    p.replyTo = m_sender.replyTo;
    p.toName = !r.name.isEmpty() ? r.name : QStringList{r.firstName, r.lastName}.join(u' ').trimmed();
    p.toAddress = r.email;
    p.subject = m_subject.render(lookup);
    QList<qsizetype> offsets;
    if (m_hasHtml) {
        p.htmlUtf8 = m_html.renderUtf8(lookup, MergeTemplate::Escape::Html, &offsets);
        p.htmlKnown = placed(m_htmlKnown, offsets);
    }
    p.textUtf8 = m_text.renderUtf8(lookup, MergeTemplate::Escape::None, &offsets);
    p.textKnown = placed(m_textKnown, offsets);
    p.attachments = m_files;
    if (m_relay || !m_sender.unsubscribeUrl.isEmpty())
        p.listUnsubscribeUrl = *value(r, u"unsubscribe_url"_s);
    p.listUnsubscribeMailto = m_sender.unsubscribeMailto;
    p.listId = m_sender.listId;
    p.feedbackId = m_sender.feedbackId;
    if (!r.trackingToken.isEmpty())
        p.extraHeaders.append({QByteArrayLiteral("X-Hivepost-ID"), r.trackingToken});
    QByteArray message = mime::MessageBuilder::build(p, messageId);
    if (!signer)
        return message;
    auto signature = signer->sign(message, QDateTime::currentSecsSinceEpoch());
    if (!signature)
        return signature.error();
    return QByteArray(signature.value() + message);
}

} // namespace hivepost::templating
