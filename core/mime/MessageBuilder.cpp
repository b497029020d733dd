#include "mime/MessageBuilder.h"

#include <atomic>

#include <QLocale>
#include <QRandomGenerator>
#include <QUrl>

#include "common/EmailAddress.h"
#include "mime/MimeEncoding.h"

using namespace Qt::StringLiterals;

namespace hivepost::mime {

namespace {

std::atomic<quint64> g_counter{0};

QByteArray boundary() {
    // "=_" never occurs in quoted-printable or base64 output.
    return "=_hp_" + QByteArray::number(QRandomGenerator::global()->generate64(), 36) +
           QByteArray::number(++g_counter, 36);
}

QByteArray formatDate(const QDateTime &t) {
    // RFC 5322 3.3, in English whatever the locale: "Fri, 27 Nov 2026 14:42:12 +0000".
    const int offset = t.offsetFromUtc() / 60;
    const QByteArray zone = (offset >= 0 ? "+" : "-") +
                            QByteArray::number(std::abs(offset) / 60).rightJustified(2, '0') +
                            QByteArray::number(std::abs(offset) % 60).rightJustified(2, '0');
    return QLocale::c().toString(t, u"ddd, d MMM yyyy HH:mm:ss"_s).toLatin1() + ' ' + zone;
}

QByteArray rfc5322Date(const QDateTime &when) {
    if (when.isValid())
        return formatDate(when);
    // The current date, formatted once a second: the time zone lookup behind it costs system calls.
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != cachedSecond) {
        cached = formatDate(QDateTime::fromSecsSinceEpoch(now));
        cachedSecond = now;
    }
    return cached;
}

// RFC 2231 file name parameter: plain when ASCII token-safe, else filename*=UTF-8''percent-encoded.
QByteArray fileNameParameter(const QByteArray &param, const QString &fileName) {
    const QString clean = sanitizeHeaderValue(fileName);
    bool plain = !clean.isEmpty();
    for (QChar c : clean)
        plain = plain && c.unicode() > 0x20 && c.unicode() < 0x7F && c != u'"' && c != u'\\';
    if (plain)
        return param + "=\"" + clean.toLatin1() + '"';
    return param + "*=UTF-8''" + QUrl::toPercentEncoding(clean);
}

// A text part appended to out: its headers, then its content in quoted-printable or base64.
void appendTextPart(QByteArray &out, const QByteArray &contentType, const QByteArray &utf8,
                    const QList<QpKnownLines> &known) {
    const bool b64 = preferBase64(utf8);
    out += "Content-Type: " + contentType + "; charset=UTF-8\r\nContent-Transfer-Encoding: " +
           (b64 ? QByteArray("base64") : QByteArray("quoted-printable")) + "\r\n\r\n";
    if (b64) {
        out += base64Lines(utf8);
    } else {
        appendQuotedPrintable(out, utf8, known);
        out += "\r\n";
    }
}

QByteArray attachmentPart(const Attachment &a) {
    QByteArray part = "Content-Type: " +
                      (a.contentType.isEmpty() ? QByteArray("application/octet-stream") : a.contentType) +
                      "; " + fileNameParameter("name", a.fileName) +
                      "\r\nContent-Transfer-Encoding: base64\r\n";
    if (a.isInline && !a.contentId.isEmpty())
        part += "Content-ID: <" + a.contentId + ">\r\n";
    part += "Content-Disposition: " + QByteArray(a.isInline ? "inline" : "attachment") + "; " +
            fileNameParameter("filename", a.fileName) + "\r\n\r\n" + base64Lines(a.data);
    return part;
}

} // namespace

QByteArray MessageBuilder::newMessageId(const QString &domain) {
    const quint64 a = QRandomGenerator::global()->generate64();
    const quint64 b = QRandomGenerator::global()->generate64();
    QByteArray ace = QUrl::toAce(domain, QUrl::IgnoreIDNWhitelist);
    if (ace.isEmpty())
        ace = "hivepost.invalid";
    return QByteArray::number(QDateTime::currentMSecsSinceEpoch(), 36) + '.' + QByteArray::number(a, 36) +
           QByteArray::number(b, 36) + QByteArray::number(++g_counter, 36) + '@' + ace;
}

QByteArray MessageBuilder::build(const MessageParts &p, QByteArray *messageIdOut) {
    const QByteArray messageId = newMessageId(EmailAddress::domainOf(p.fromAddress));
    if (messageIdOut)
        *messageIdOut = messageId;

    QByteArray h;
    h += "Date: " + rfc5322Date(p.date) + "\r\n";
    h += "From: " + mailbox(p.fromName, p.fromAddress) + "\r\n";
    h += "To: " + mailbox(p.toName, p.toAddress) + "\r\n";
    if (!p.replyTo.isEmpty())
        h += "Reply-To: " + mailbox(QString(), p.replyTo) + "\r\n";
    h += unstructuredHeader("Subject", p.subject);
    h += "Message-ID: <" + messageId + ">\r\n";
    // RFC 2369 / RFC 8058: one-click unsubscribe needs an https URL and the POST header.
    QList<QByteArray> unsubscribe;
    if (!p.listUnsubscribeUrl.isEmpty())
        unsubscribe << '<' + sanitizeHeaderValue(p.listUnsubscribeUrl).toUtf8() + '>';
    if (!p.listUnsubscribeMailto.isEmpty())
        unsubscribe << "<mailto:" + asciiAddress(sanitizeHeaderValue(p.listUnsubscribeMailto)) + '>';
    if (!unsubscribe.isEmpty())
        h += "List-Unsubscribe: " + unsubscribe.join(",\r\n ") + "\r\n";
    if (!p.listUnsubscribeUrl.isEmpty())
        h += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
    if (!p.listId.isEmpty())
        h += unstructuredHeader("List-Id", p.listId);
    if (!p.feedbackId.isEmpty())
        h += unstructuredHeader("Feedback-ID", p.feedbackId);
    for (const auto &[name, value] : p.extraHeaders)
        h += unstructuredHeader(name, value);
    h += "MIME-Version: 1.0\r\n";

    const QByteArray text = p.textUtf8.isEmpty() ? p.text.toUtf8() : p.textUtf8;
    const QByteArray html = p.htmlUtf8.isEmpty() ? p.html.toUtf8() : p.htmlUtf8;
    const QList<QpKnownLines> none;
    const QList<QpKnownLines> &textKnown = p.textUtf8.isEmpty() ? none : p.textKnown;
    const QList<QpKnownLines> &htmlKnown = p.htmlUtf8.isEmpty() ? none : p.htmlKnown;
    QList<QByteArray> inlineParts;
    QList<QByteArray> attachedParts;
    for (const Attachment &a : p.attachments)
        (a.isInline ? inlineParts : attachedParts) << attachmentPart(a);

    // Written front to back into one buffer, large enough for the worst case, so the 20 kB of a
    // message are not copied from part to part: mixed (what is attached) around related (inline
    // images) around alternative (text, then HTML), each only when it has something to hold.
    qsizetype bound = h.size() + 1024 + qpBound(text.size()) + qpBound(html.size());
    for (const QList<QpKnownLines> *known : {&textKnown, &htmlKnown}) {
        for (const QpKnownLines &k : *known)
            bound += k.encoded.size();
    }
    for (const QList<QByteArray> *parts : {&inlineParts, &attachedParts}) {
        for (const QByteArray &part : *parts)
            bound += part.size() + 128;
    }
    QByteArray out;
    out.reserve(bound + 8); // and room for the data's final ".", added without a copy
    out += h;
    // A multipart's header and first delimiter; the first part follows.
    const auto openMultipart = [&out](const QByteArray &subtype) {
        const QByteArray b = boundary();
        out += "Content-Type: multipart/" + subtype + ";\r\n boundary=\"" + b + "\"\r\n\r\n--" + b + "\r\n";
        return b;
    };
    // The parts after the first, and the closing delimiter.
    const auto closeMultipart = [&out](const QByteArray &b, const QList<QByteArray> &parts) {
        for (const QByteArray &part : parts)
            out += "--" + b + "\r\n" + part + (part.endsWith("\r\n") ? "" : "\r\n");
        out += "--" + b + "--\r\n";
    };
    const QByteArray mixed = attachedParts.isEmpty() ? QByteArray() : openMultipart("mixed");
    const QByteArray related =
        inlineParts.isEmpty() ? QByteArray() : openMultipart("related; type=\"multipart/alternative\"");
    if (!text.isEmpty() && !html.isEmpty()) {
        const QByteArray alternative = openMultipart("alternative");
        appendTextPart(out, "text/plain", text, textKnown);
        out += "--" + alternative + "\r\n";
        appendTextPart(out, "text/html", html, htmlKnown);
        closeMultipart(alternative, {});
    } else if (!html.isEmpty()) {
        appendTextPart(out, "text/html", html, htmlKnown);
    } else {
        appendTextPart(out, "text/plain", text, textKnown);
    }
    if (!related.isEmpty())
        closeMultipart(related, inlineParts);
    if (!mixed.isEmpty())
        closeMultipart(mixed, attachedParts);
    return out;
}

} // namespace hivepost::mime
