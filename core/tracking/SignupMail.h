#pragma once

// SignupMail: the double opt-in confirmation message for a signup on a relay's form, in the language
// the visitor's browser asked for (English or Simplified Chinese): a text and an HTML part with the
// confirmation link, and nothing a visitor typed in a header except through MessageBuilder's
// sanitising. The relay sends it when it has an SMTP account of its own; else the desktop does
// after a pull. Pure function; any thread.

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace hivepost::tracking {

struct SignupMailFields {
    QString language; // "zh" (any zh*) or anything else for English
    QString senderName;
    QString fromAddress;
    QString to;
    QString name; // as typed on the form; may be empty
    QString listName;
    QString confirmUrl;
    QDateTime date; // default: now
};

class SignupMail {
public:
    static QString subject(const SignupMailFields &f);
    // RFC 5322 bytes with CRLF line endings; *messageId gets the Message-ID.
    static QByteArray compose(const SignupMailFields &f, QByteArray *messageId = nullptr);
    static bool isChinese(const QString &language) { return language.startsWith(u"zh", Qt::CaseInsensitive); }
};

} // namespace hivepost::tracking
