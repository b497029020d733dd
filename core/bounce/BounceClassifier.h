#pragma once

// BounceClassifier: why a message was refused, in Sisimai's public taxonomy (userunknown, mailboxfull,
// hostunknown, filtered, rejected, blocked, expired, ...), from the words of the refusal (the
// diagnostic an MTA wrote, in any of the common MTAs' and providers' phrasings), its RFC 3463 status
// and its SMTP reply code. The same classifier reads SMTP-time refusals from the campaign ledger and
// bounces from the bounce mailbox, so both land in one place.

#include <QString>

namespace hivepost::bounce {

class BounceClassifier {
public:
    // The reason; "undefined" when nothing tells.
    static QString reason(const QString &diagnostic, const QString &status, int replyCode);
    // A hard bounce: the address will never work (suppress at once). Everything else is soft.
    static bool isHard(const QString &reason, const QString &status);
    // The RFC 3463 status written in a text ("5.1.1"), or empty.
    static QString statusIn(const QString &text);
    // The SMTP reply code written in a text (550), or 0.
    static int replyCodeIn(const QString &text);
    // A status for a reason when the bounce gives none (class from the reply code when there is one).
    static QString statusFor(const QString &reason, int replyCode, bool temporary);
};

} // namespace hivepost::bounce
