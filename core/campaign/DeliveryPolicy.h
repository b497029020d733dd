#pragma once

// DeliveryPolicy: what one SMTP outcome means for a recipient and for the account that sent it.
// A fault of the connection or the account (421, a connection lost or timed out before the data
// was complete, a refused sender) is never the recipient's: the message goes back to the queue. A
// 4xx to the recipient's RCPT or DATA defers the recipient with growing delays until the give-up
// time; a 5xx fails it for good; a connection lost after the final "." leaves it unknown.

#include <QList>
#include <QString>

#include "smtp/SmtpTypes.h"

namespace hivepost::campaign {

struct RetrySchedule {
    QList<qint64> delaysMs{5 * 60'000, 15 * 60'000, 60 * 60'000, 3 * 60 * 60'000};
    qint64 giveUpAfterMs = 24 * 60 * 60'000;

    // The delay before attempt number attempt + 1, after attempt (1-based) was deferred.
    qint64 delayAfter(int attempt) const;
};

enum class Verdict {
    Sent,
    Requeue,  // not the recipient's fault: another connection or account sends it
    Deferred, // transient for this recipient: retry later
    Failed,   // permanent
    Unknown,  // may or may not have been delivered
};

struct Judgement {
    Verdict verdict = Verdict::Sent;
    bool accountFault = false; // counts against the account's health
    bool pauseAccount = false; // the account cannot send at all (sign-in, sender refused, ...)
    bool rateLimited = false;  // the server asks us to slow down
};

class DeliveryPolicy {
public:
    static Judgement judge(const smtp::SmtpResult &result);
    // "421 Too many connections", "450 4.7.1 rate limited", QQ's "Frequency limited", ...
    static bool isRateLimited(const smtp::SmtpReply &reply);
};

} // namespace hivepost::campaign
