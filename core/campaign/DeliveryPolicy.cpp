#include "campaign/DeliveryPolicy.h"

using namespace Qt::StringLiterals;
using hivepost::smtp::SmtpResult;

namespace hivepost::campaign {

qint64 RetrySchedule::delayAfter(int attempt) const {
    if (delaysMs.isEmpty())
        return 60 * 60'000;
    return delaysMs.at(std::clamp<qsizetype>(attempt - 1, 0, delaysMs.size() - 1));
}

bool DeliveryPolicy::isRateLimited(const smtp::SmtpReply &reply) {
    return smtp::isThrottling(reply);
}

Judgement DeliveryPolicy::judge(const SmtpResult &result) {
    Judgement j;
    j.rateLimited = isRateLimited(result.reply);
    if (result.behindFailure) { // the fault was counted once, with the message before it
        j.verdict = Verdict::Requeue;
        return j;
    }
    switch (result.status) {
    case SmtpResult::Status::Success:
        j.verdict = Verdict::Sent;
        return j;
    case SmtpResult::Status::Unknown:
        j.verdict = Verdict::Unknown;
        j.accountFault = true;
        return j;
    case SmtpResult::Status::Transient:
        if (result.connectionProblem || result.reply.code == 421 ||
            result.stage == SmtpResult::Stage::Connection || result.stage == SmtpResult::Stage::Mail) {
            j.verdict = Verdict::Requeue;
            j.accountFault = true;
            return j;
        }
        j.verdict = Verdict::Deferred;
        return j;
    case SmtpResult::Status::Permanent:
        if (result.connectionProblem || result.stage == SmtpResult::Stage::Mail) {
            // The server will not take mail from this account (or this sender): not the recipient's fault.
            j.verdict = Verdict::Requeue;
            j.accountFault = true;
            j.pauseAccount = true;
            return j;
        }
        j.verdict = Verdict::Failed;
        return j;
    }
    return j;
}

} // namespace hivepost::campaign
