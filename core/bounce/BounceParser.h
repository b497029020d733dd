#pragma once

// BounceParser: what a returned e-mail says about each recipient. Reads RFC 3464 delivery status
// notifications (per-recipient fields, folded or encoded), RFC 5965 ARF feedback reports, RFC 3834
// auto-replies (not bounces: reason "vacation"), and the free-text bounces of MTAs and providers
// (qmail, Exim, Sendmail, Exchange, ...) where the recipient, status and reason are in prose. Each
// record is classified by BounceClassifier. Ids for the campaign and contact come from the VERP
// address the bounce was sent to, or the X-Hivepost-ID header of the returned message.

#include <QByteArray>
#include <QList>
#include <QString>

namespace hivepost::bounce {

struct BounceRecord {
    QString recipient;
    QString status;     // RFC 3463, e.g. "5.1.1"; empty for feedback and vacation
    int replyCode = 0;  // SMTP reply code, 0 when none
    QString reason;     // Sisimai's taxonomy: userunknown, mailboxfull, ..., feedback, vacation
    bool hard = false;  // suppress at once
    QString action;     // RFC 3464 Action: failed, delayed, delivered; empty when not given
    QString diagnostic; // the words of the refusal
    QString remoteMta;
    QString feedbackType; // ARF: abuse, opt-out, ...
    QString token;        // the VERP token (bounce+TOKEN@ or X-Hivepost-ID), when found
    QString messageId;    // of the returned message, when found
};

class BounceParser {
public:
    // Every record the e-mail gives; empty when it is not a bounce, complaint or auto-reply.
    static QList<BounceRecord> parse(const QByteArray &message);

private:
    static QList<BounceRecord> parseNested(const QByteArray &message, int depth);
};

} // namespace hivepost::bounce
