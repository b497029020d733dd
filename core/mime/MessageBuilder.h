#pragma once

// MessageBuilder: one recipient's message as RFC 5322 bytes with CRLF line endings:
// multipart/mixed (attachments, RFC 2231 file names) > multipart/related (inline images by
// Content-ID) > multipart/alternative (text first, then HTML), each level only when needed.
// Every header value passes through sanitizeHeaderValue, so contact data cannot add a header.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

#include "mime/MimeEncoding.h"

namespace hivepost::mime {

struct Attachment {
    QString fileName;
    QByteArray contentType; // e.g. "application/pdf", "image/png"
    QByteArray data;
    QByteArray contentId; // for inline images: referenced as cid:<contentId> in the HTML
    bool isInline = false;
};

struct MessageParts {
    QString fromName;
    QString fromAddress;
    QString toName;
    QString toAddress;
    QString replyTo;
    QString subject;
    QString text; // the plain-text part; empty: none
    QString html; // the HTML part; empty: none
    // The same parts already as UTF-8 (the composer renders straight to bytes); used when set.
    QByteArray textUtf8;
    QByteArray htmlUtf8;
    // Lines of textUtf8/htmlUtf8 whose quoted-printable form is known (a template's literal lines).
    QList<QpKnownLines> textKnown;
    QList<QpKnownLines> htmlKnown;
    QList<Attachment> attachments;
    QString listUnsubscribeMailto; // mailto: address, without "mailto:"
    QString listUnsubscribeUrl;    // https URL; adds List-Unsubscribe-Post (RFC 8058)
    QString listId;                // RFC 2919, e.g. "Newsletter <newsletter.example.com>"
    QString feedbackId;
    QDateTime date; // default: now
    QList<QPair<QByteArray, QString>> extraHeaders;
};

class MessageBuilder {
public:
    // The message; *messageId receives the Message-ID without angle brackets.
    static QByteArray build(const MessageParts &parts, QByteArray *messageId = nullptr);

    // A new globally unique Message-ID for the sender's domain (without angle brackets).
    static QByteArray newMessageId(const QString &domain);
};

} // namespace hivepost::mime
