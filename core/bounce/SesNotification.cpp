#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "bounce/BounceClassifier.h"
#include "bounce/BounceFormats.h"

using namespace Qt::StringLiterals;

namespace hivepost::bounce {

namespace {

QJsonObject jsonIn(const QString &text) {
    const qsizetype open = text.indexOf(u'{');
    if (open < 0)
        return {};
    // The object ends at one of the later "}"s (a footer may follow it): the longest that parses.
    for (qsizetype close = text.lastIndexOf(u'}'); close > open; close = text.lastIndexOf(u'}', close - 1)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(text.mid(open, close - open + 1).toUtf8(), &error);
        if (error.error == QJsonParseError::NoError && doc.isObject())
            return doc.object();
    }
    return {};
}

} // namespace

QList<BounceRecord> sesNotification(const QString &text) {
    QJsonObject o = jsonIn(text);
    if (o.value(u"Type"_s).toString() == u"Notification") // SNS wraps SES's message as a string
        o = QJsonDocument::fromJson(o.value(u"Message"_s).toString().toUtf8()).object();
    const QString type = o.value(u"notificationType"_s).toString(o.value(u"eventType"_s).toString());
    QList<BounceRecord> records;
    if (type == u"Bounce") {
        const QJsonObject b = o.value(u"bounce"_s).toObject();
        const bool permanent = b.value(u"bounceType"_s).toString() == u"Permanent";
        for (const QJsonValue &v : b.value(u"bouncedRecipients"_s).toArray()) {
            const QJsonObject rcpt = v.toObject();
            BounceRecord r;
            r.recipient = rcpt.value(u"emailAddress"_s).toString();
            r.action = rcpt.value(u"action"_s).toString(permanent ? u"failed"_s : u"delayed"_s);
            r.status = BounceClassifier::statusIn(rcpt.value(u"status"_s).toString());
            r.diagnostic = rcpt.value(u"diagnosticCode"_s).toString().simplified();
            const qsizetype semicolon = r.diagnostic.indexOf(u';');
            if (r.diagnostic.startsWith(u"smtp;"_s, Qt::CaseInsensitive) && semicolon >= 0)
                r.diagnostic = r.diagnostic.mid(semicolon + 1).trimmed();
            r.remoteMta = b.value(u"reportingMTA"_s).toString();
            r.replyCode = BounceClassifier::replyCodeIn(r.diagnostic);
            if (r.status.isEmpty())
                r.status = BounceClassifier::statusIn(r.diagnostic);
            QString words = r.diagnostic;
            if (words.isEmpty()) // SES's own sub-type ("Suppressed", "MailboxFull", "NoEmail", ...)
                words = b.value(u"bounceSubType"_s).toString();
            r.reason = BounceClassifier::reason(words, r.status, r.replyCode);
            if (r.status.isEmpty())
                r.status = BounceClassifier::statusFor(r.reason, r.replyCode, !permanent);
            r.hard = BounceClassifier::isHard(r.reason, r.status);
            records << r;
        }
    } else if (type == u"Complaint") {
        const QJsonObject c = o.value(u"complaint"_s).toObject();
        for (const QJsonValue &v : c.value(u"complainedRecipients"_s).toArray()) {
            BounceRecord r;
            r.recipient = v.toObject().value(u"emailAddress"_s).toString();
            r.reason = u"feedback"_s;
            r.feedbackType = c.value(u"complaintFeedbackType"_s).toString(u"abuse"_s).toLower();
            records << r;
        }
    } else if (type == u"Delivery") {
        const QJsonObject d = o.value(u"delivery"_s).toObject();
        const QString response = d.value(u"smtpResponse"_s).toString();
        for (const QJsonValue &v : d.value(u"recipients"_s).toArray()) {
            BounceRecord r;
            r.recipient = v.toString();
            r.action = u"delivered"_s;
            r.diagnostic = response;
            r.replyCode = BounceClassifier::replyCodeIn(response);
            r.status = BounceClassifier::statusIn(response);
            if (r.status.isEmpty())
                r.status = u"2.6.0"_s; // delivered, nothing more said (RFC 3463: "other or undefined")
            r.reason = u"delivered"_s;
            records << r;
        }
    }
    return records;
}

} // namespace hivepost::bounce
