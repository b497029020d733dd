#include "bounce/BounceProcessor.h"

#include "bounce/BounceClassifier.h"
#include "bounce/BounceParser.h"
#include "campaign/CampaignMessages.h"
#include "common/EmailAddress.h"
#include "mime/MimeReader.h"
#include "storage/Database.h"
#include "storage/SuppressionStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::bounce {

ProcessSummary &ProcessSummary::operator+=(const ProcessSummary &o) {
    messages += o.messages;
    bounces += o.bounces;
    complaints += o.complaints;
    autoReplies += o.autoReplies;
    unsubscribes += o.unsubscribes;
    other += o.other;
    suppressed += o.suppressed;
    return *this;
}

BounceProcessor::BounceProcessor(storage::Database &db, BouncePolicy policy)
    : m_db(db)
    , m_store(db)
    , m_origins(db)
    , m_policy(policy) {}

Result<bool> BounceProcessor::logAndAct(storage::BounceEvent &e, ProcessSummary &sum, qint64 nowMs) {
    if (e.contactId == 0) {
        if (auto c = m_store.contactStatus(e.email, &e.contactId); !c)
            return c.error();
    }
    auto id = m_store.add(e);
    if (!id)
        return id.error();
    if (id.value() == 0)
        return false; // an SMTP refusal logged before
    e.id = id.value();
    (e.kind == u"complaint"     ? sum.complaints
     : e.kind == u"autoreply"   ? sum.autoReplies
     : e.kind == u"unsubscribe" ? sum.unsubscribes
                                : sum.bounces)++;
    auto acted = act(e, nowMs);
    if (!acted)
        return acted.error();
    sum.suppressed += acted.value() ? 1 : 0;
    return true;
}

Result<bool> BounceProcessor::act(storage::BounceEvent &e, qint64 nowMs) {
    qint64 contactId = 0;
    auto status = m_store.contactStatus(e.email, &contactId);
    if (!status)
        return status.error();
    if (e.contactId == 0)
        e.contactId = contactId;
    QString newStatus;
    bool suppress = false;
    QString why;
    if (e.kind == u"complaint" && m_policy.complaintUnsubscribes) {
        newStatus = u"complained"_s;
        suppress = true;
        why = tr("complaint (%1)").arg(e.feedbackType.isEmpty() ? u"abuse"_s : e.feedbackType);
    } else if (e.kind == u"unsubscribe") {
        newStatus = u"unsubscribed"_s;
    } else if (e.kind == u"bounce" && e.hard && m_policy.suppressHard) {
        newStatus = u"bounced"_s;
        suppress = true;
        why = tr("hard bounce: %1 %2").arg(e.status, e.reason);
    } else if (e.kind == u"bounce" && !e.hard && m_policy.softLimit > 0) {
        auto soft = m_store.softBounces(e.email, nowMs - qint64(m_policy.softWindowDays) * 86'400'000);
        if (!soft)
            return soft.error();
        if (soft.value() >= m_policy.softLimit) {
            newStatus = u"bounced"_s;
            suppress = true;
            why = tr("%1 soft bounces in %2 days, the last: %3 %4")
                      .arg(soft.value())
                      .arg(m_policy.softWindowDays)
                      .arg(e.status, e.reason);
        }
    }
    if (newStatus.isEmpty())
        return false;
    QString added;
    if (suppress) {
        storage::SuppressionStore suppressions(m_db);
        auto done = suppressions.add(e.email, why);
        if (!done)
            return done.error();
        if (done.value())
            added = e.email.toLower();
    }
    if (!status.value().isEmpty() && status.value() != newStatus) {
        if (auto r = m_store.setContactStatus(e.email, newStatus); !r)
            return r.error();
    }
    e.action = suppress ? u"suppressed"_s : u"unsubscribed"_s;
    e.previousStatus = status.value();
    e.suppressed = added;
    if (auto r = m_store.setAction(e.id, e.action, e.previousStatus, e.suppressed); !r)
        return r.error();
    return true;
}

Result<ProcessSummary> BounceProcessor::processMessage(const QByteArray &message, const QString &source,
                                                       const QString &evidence, qint64 nowMs) {
    ProcessSummary sum;
    sum.messages = 1;
    QList<BounceRecord> records = BounceParser::parse(message);
    if (records.isEmpty()) {
        // An e-mail to the List-Unsubscribe mailto address unsubscribes whoever wrote it (RFC 2369).
        storage::TemplateStore templates(m_db);
        const QString mailto = campaign::CampaignMessages::senderProfile(templates).unsubscribeMailto;
        const mime::MimeEntity top = mime::MimeReader::read(message.left(64 * 1024));
        const QString to = EmailAddress::parseMailbox(top.value("To")).address;
        const QString from = EmailAddress::parseMailbox(top.value("From")).address;
        if (!mailto.isEmpty() && !from.isEmpty() && to.compare(mailto, Qt::CaseInsensitive) == 0) {
            BounceRecord r;
            r.recipient = from;
            r.reason = u"unsubscribe"_s;
            r.diagnostic = top.value("Subject");
            records << r;
        } else {
            sum.other = 1;
            return sum;
        }
    }
    // All of one e-mail's records and actions, or none of them.
    storage::Transaction transaction(m_db);
    auto result = [&]() -> Result<ProcessSummary> {
        for (const BounceRecord &r : std::as_const(records)) {
            if (r.reason == u"delivered" || r.recipient.isEmpty())
                continue;
            storage::BounceEvent e;
            e.receivedAt = nowMs;
            e.source = source;
            e.email = r.recipient.trimmed().toLower();
            e.kind = r.reason == u"feedback"      ? u"complaint"_s
                     : r.reason == u"vacation"    ? u"autoreply"_s
                     : r.reason == u"unsubscribe" ? u"unsubscribe"_s
                                                  : u"bounce"_s;
            e.reason = r.reason;
            e.hard = r.hard;
            e.status = r.status;
            e.replyCode = r.replyCode;
            e.diagnostic = r.diagnostic;
            e.feedbackType = r.feedbackType;
            e.evidence =
                evidence + (r.messageId.isEmpty() ? QString() : u", Message-ID <%1>"_s.arg(r.messageId));
            auto origin = m_origins.resolve(r.token, r.messageId);
            if (!origin)
                return origin.error();
            if (origin->has_value()) {
                e.campaignId = origin->value().campaignId;
                e.recipientId = origin->value().recipientId;
                e.contactId = origin->value().contactId;
            }
            if (auto logged = logAndAct(e, sum, nowMs); !logged)
                return logged.error();
        }
        return sum;
    }();
    if (result) {
        if (auto committed = transaction.commit(); !committed)
            return committed.error();
    }
    return result; // rolled back when it failed
}

Result<ProcessSummary> BounceProcessor::processLedger(qint64 nowMs) {
    ProcessSummary sum;
    for (;;) {
        auto refusals = m_store.unloggedRefusals(500);
        if (!refusals)
            return refusals.error();
        if (refusals->isEmpty())
            return sum;
        for (const storage::LedgerRefusal &f : std::as_const(refusals.value())) {
            storage::BounceEvent e;
            e.receivedAt = f.updatedAtMs > 0 ? f.updatedAtMs : nowMs;
            e.source = u"smtp"_s;
            e.email = f.email;
            e.campaignId = f.campaignId;
            e.recipientId = f.recipientId;
            e.contactId = f.contactId;
            e.kind = u"bounce"_s;
            e.replyCode = f.replyCode;
            e.status =
                !f.enhancedStatus.isEmpty() ? f.enhancedStatus : BounceClassifier::statusIn(f.replyText);
            e.diagnostic = f.replyText;
            e.reason = BounceClassifier::reason(f.replyText, e.status, f.replyCode);
            if (e.status.isEmpty())
                e.status = BounceClassifier::statusFor(e.reason, f.replyCode, f.replyCode < 500);
            e.hard = BounceClassifier::isHard(e.reason, e.status);
            e.evidence = tr("the SMTP reply during the campaign");
            if (auto logged = logAndAct(e, sum, nowMs); !logged)
                return logged.error();
        }
    }
}

Result<bool> BounceProcessor::undo(qint64 bounceId, qint64 nowMs) {
    auto e = m_store.byId(bounceId);
    if (!e)
        return e.error();
    if (e->undoneAt != 0)
        return false;
    if (!e->suppressed.isEmpty()) {
        storage::SuppressionStore suppressions(m_db);
        if (auto r = suppressions.remove(e->suppressed); !r)
            return r.error();
    }
    if (e->action != u"none" && !e->previousStatus.isEmpty()) {
        if (auto r = m_store.setContactStatus(e->email, e->previousStatus); !r)
            return r.error();
    }
    return m_store.markUndone(bounceId, nowMs);
}

} // namespace hivepost::bounce
