#include "bounce/BounceParser.h"

#include <algorithm>

#include <QRegularExpression>
#include <QSet>

#include "bounce/BounceClassifier.h"
#include "bounce/BounceFormats.h"
#include "mime/MimeReader.h"

using hivepost::mime::MimeEntity;
using hivepost::mime::MimeReader;
using namespace Qt::StringLiterals;

namespace hivepost::bounce {

namespace {

using Fields = QList<QPair<QByteArray, QByteArray>>;

const QRegularExpression &addressPattern() {
    static const QRegularExpression re(
        QStringLiteral(R"([A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"));
    return re;
}

// Where the returned copy of the message starts in a free-text bounce.
const QRegularExpression &originalMarker() {
    static const QRegularExpression re(
        QStringLiteral(
            R"(^[\s\-=_*>|]*(?:this is a copy of|below this line is a copy|-+ ?original message|)"
            R"(original message (follows|headers)|returned message|)"
            R"(unsent message below|message headers follow|headers of the original|)"
            R"(this is the original message|a copy of the original|following is a copy|)"
            R"(undelivered message headers|\[?original message\]?$|-+ ?the header of the original|)"
            R"(content-type: message/rfc822|------ ?message|-+ ?copy of the message|included is a copy|)"
            R"(-+ ?original mail info|copy of the (message|original) header))"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    return re;
}

QString fieldValue(const Fields &fields, const QByteArray &name) {
    for (const auto &[n, v] : fields) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return MimeReader::decodeHeader(v);
    }
    return {};
}

QString stripType(QString value) {
    // "rfc822; <ann@example.com>" -> "ann@example.com"
    const qsizetype semicolon = value.indexOf(u';');
    if (semicolon >= 0)
        value = value.mid(semicolon + 1);
    value = value.trimmed();
    if (value.startsWith(u'<') && value.endsWith(u'>'))
        value = value.mid(1, value.size() - 2);
    return value.trimmed();
}

QString addressIn(const QString &text) {
    const auto m = addressPattern().match(text);
    return m.hasMatch() ? m.captured(0) : QString();
}

bool isSystemAddress(const QString &a) {
    const QString local = a.left(a.indexOf(u'@')).toLower();
    return local == u"mailer-daemon" || local == u"postmaster" || local == u"mail-daemon" ||
           local == u"root" || local.startsWith(u"bounce") || local == u"mailerdaemon" || local == u"mdaemon";
}

// Blocks of "Field: value" lines separated by empty lines (RFC 3464 2.1).
QList<Fields> fieldBlocks(const QByteArray &body) {
    QList<Fields> blocks;
    QByteArray normalized = body;
    normalized.replace("\r\n", "\n");
    qsizetype pos = 0;
    while (pos < normalized.size()) {
        while (pos < normalized.size() && (normalized.at(pos) == '\n' || normalized.at(pos) == ' '))
            ++pos;
        if (pos >= normalized.size())
            break;
        qsizetype end = normalized.indexOf("\n\n", pos);
        if (end < 0)
            end = normalized.size();
        const Fields f = MimeReader::readHeaders(normalized.mid(pos, end - pos) + "\n\n");
        if (!f.isEmpty())
            blocks.append(f);
        pos = end + 2;
    }
    return blocks;
}

struct Walk {
    QString human; // the report's words for people
    const MimeEntity *status = nullptr;
    const MimeEntity *feedback = nullptr;
    Fields returnedHeaders; // of the returned message
    bool haveReturned = false;
    const MimeEntity *returned = nullptr; // the first message/rfc822 part
};

void walk(const MimeEntity &e, Walk &w) {
    if (e.type == "message/delivery-status" || e.type == "message/global-delivery-status" ||
        e.type == "text/delivery-status") {
        if (!w.status)
            w.status = &e;
        return;
    }
    if (e.type == "message/feedback-report") {
        if (!w.feedback)
            w.feedback = &e;
        return;
    }
    if (e.type == "message/rfc822" || e.type == "message/global") {
        if (!w.returned)
            w.returned = &e;
        if (!w.haveReturned && !e.parts.isEmpty()) {
            w.returnedHeaders = e.parts.constFirst().headers;
            w.haveReturned = true;
        }
        return;
    }
    if (e.type == "text/rfc822-headers" || e.type == "message/rfc822-headers" ||
        e.type == "message/global-headers") {
        if (!w.haveReturned) {
            w.returnedHeaders = MimeReader::readHeaders(e.body);
            w.haveReturned = true;
        }
        return;
    }
    if (e.isMultipart() && !e.parts.isEmpty()) {
        for (const MimeEntity &p : e.parts)
            walk(p, w);
        return;
    }
    // Text, or a multipart whose boundary never shows (read as the text it is).
    if ((e.type.startsWith("text/") || e.isMultipart()) && w.human.size() < 64 * 1024) {
        QString t = e.text();
        if (e.type == "text/html") {
            static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
            t.replace(tags, QStringLiteral(" "));
            t.replace(u"&nbsp;"_s, u" "_s).replace(u"&lt;"_s, u"<"_s).replace(u"&gt;"_s, u">"_s);
            if (!w.human.isEmpty())
                return; // the text alternative said it already
        }
        const auto marker = originalMarker().match(t);
        if (marker.hasMatch()) {
            if (!w.haveReturned) {
                QByteArray rest = t.mid(marker.capturedEnd()).toUtf8();
                const qsizetype nl = rest.indexOf('\n');
                rest = nl >= 0 ? rest.mid(nl + 1) : QByteArray();
                while (rest.startsWith('\n') || rest.startsWith("\r\n") || rest.startsWith(' '))
                    rest = rest.mid(1);
                w.returnedHeaders = MimeReader::readHeaders(rest);
                w.haveReturned = !w.returnedHeaders.isEmpty();
            }
            t = t.left(marker.capturedStart());
        }
        w.human += t + u'\n';
    }
}

// The lines of text about one recipient: from its first mention to the next recipient's.
QString snippetFor(const QString &human, const QString &recipient, const QStringList &all) {
    const qsizetype at = human.indexOf(recipient, 0, Qt::CaseInsensitive);
    if (at < 0)
        return human;
    qsizetype start = human.lastIndexOf(u'\n', at) + 1;
    qsizetype end = human.size();
    for (const QString &other : all) {
        if (other.compare(recipient, Qt::CaseInsensitive) == 0)
            continue;
        const qsizetype o = human.indexOf(other, at + recipient.size(), Qt::CaseInsensitive);
        if (o > at && o < end)
            end = human.lastIndexOf(u'\n', o) + 1;
    }
    if (end <= start)
        end = human.size();
    return human.mid(start, end - start);
}

// The SMTP command a refusal answered: "DATA", "RCPT", "MAIL", "HELO", "CONN" (the greeting), or empty when
// the bounce does not tell. Read from the MTA's words ("in reply to end of DATA command", "after RCPT TO:")
// or from a session transcript (">>> DATA" then "<<< 550 ..."), where the refusal that names the recipient,
// in its reply or the lines after it, counts, else the first refusal.
QString refusedCommand(const QString &human, const QString &recipient, const QString &diagnostic) {
    static const QRegularExpression words(
        QStringLiteral(
            R"((?:in\s+reply\s+to|after|response\s+to|smtp\s+command:?|did\s+not\s+like\s+our|)"
            R"(most\s+progress\s+was|smtp:)\s*(?:end\s+of\s+)?(data|rcpt|mail|helo|ehlo)\b|does not like (recipient)|)"
            R"(\[(RCPT)_TO\]|after initial (conn)ection|my (helo) was rejected|my name was (rejected)|)"
            R"((recipient) address rejected|requested action not taken: (mailbox) unavailable)"),
        QRegularExpression::CaseInsensitiveOption);
    const auto named = [](const QRegularExpressionMatch &m) {
        const QString w = m.captured(m.lastCapturedIndex()).toUpper();
        return w == u"RECIPIENT" || w == u"MAILBOX" ? u"RCPT"_s
                                                    : (w == u"EHLO" || w == u"REJECTED" ? u"HELO"_s : w);
    };
    if (const auto m = words.match(diagnostic); m.hasMatch())
        return named(m);
    QStringView command, refusedBy, firstRefused;
    bool namedApart = false;
    for (const QStringView line : QStringView(human).split(u'\n')) {
        const QStringView l = line.trimmed();
        if (l.startsWith(u">>> ")) {
            command = l.mid(4).left(4);
            refusedBy = {};
            continue;
        }
        if (l.startsWith(u"<<< ") && l.size() > 5 && (l.at(4) == u'4' || l.at(4) == u'5')) {
            refusedBy = command.isNull() ? u"" : command;
            if (firstRefused.isNull())
                firstRefused = refusedBy;
        }
        if (!refusedBy.isNull() && !recipient.isEmpty() && l.contains(recipient, Qt::CaseInsensitive)) {
            firstRefused = refusedBy;
            break;
        }
        // A line of the MTA's own about something else ends what the refusal's summary lines cover.
        if (!l.startsWith(u"<<< ") && !l.isEmpty())
            refusedBy = {};
        // Named in the transcript, but apart from any refusal: the stage is not known.
        if (!command.isNull() && !recipient.isEmpty() && l.contains(recipient, Qt::CaseInsensitive))
            namedApart = true;
    }
    if (!firstRefused.isNull() && !namedApart)
        return firstRefused.toString().toUpper();
    const qsizetype at = recipient.isEmpty() ? -1 : human.indexOf(recipient, 0, Qt::CaseInsensitive);
    if (const auto m = words.match(human.mid(qMax(at, 0), 300)); at >= 0 && m.hasMatch())
        return named(m);
    return {};
}

void classify(BounceRecord &r, const QString &human) {
    QString text = r.diagnostic;
    if (r.status.isEmpty() || r.status.endsWith(u".0.0") || r.status.endsWith(u".0")) {
        QString inText = BounceClassifier::statusIn(text);
        if (inText.isEmpty() && r.status.isEmpty())
            inText = BounceClassifier::statusIn(human);
        if (!inText.isEmpty() && (r.status.isEmpty() || inText.at(0) == r.status.at(0)))
            r.status = inText;
    } else if (const QString inText = BounceClassifier::statusIn(text);
               !inText.isEmpty() && inText.at(0) == r.status.at(0) && !inText.endsWith(u".0.0"))
        r.status = inText; // the remote server's own code outranks the reporting MTA's summary
    if (r.replyCode == 0)
        r.replyCode = BounceClassifier::replyCodeIn(text.isEmpty() ? human : text);
    r.reason = BounceClassifier::reason(text, r.status, r.replyCode);
    if (r.reason == u"undefined" && !human.isEmpty()) {
        r.reason = BounceClassifier::reason(human, r.status, r.replyCode);
        text = human; // the words that decided
    }
    const bool given = !r.status.isEmpty();
    if (!given && r.reason != u"vacation" && r.reason != u"feedback") {
        const bool temporary = r.action == u"delayed" || (r.replyCode >= 400 && r.replyCode < 500);
        r.status = BounceClassifier::statusFor(r.reason, r.replyCode, temporary);
    }
    // Google Groups answers in the poster's language: a group that refuses the post rejects the sender.
    if (r.reason == u"undefined" && r.recipient.endsWith(u"@googlegroups.com"_s, Qt::CaseInsensitive))
        r.reason = u"rejected"_s;
    // A name server that failed for now is the network's fault, not a domain that does not exist.
    static const QRegularExpression dnsTrouble(
        QStringLiteral(R"(try again|malformed or unexpected|server failure|servfail)"),
        QRegularExpression::CaseInsensitiveOption);
    if (r.reason == u"hostunknown" && (r.status.startsWith(u'4') || dnsTrouble.match(text).hasMatch()))
        r.reason = u"networkerror"_s;
    const QString command = refusedCommand(human, r.recipient, r.diagnostic);
    // A "user unknown" in answer to the data is the recipient's filter, not a dead address; so are the
    // same words quoted from a remote server's reply with neither an addressing status (X.1.x) nor the
    // RCPT stage to pin them on the mailbox (Sisimai reads them so). An X.1.1 status, or Yahoo's
    // "dd This user doesn't have a yahoo.com account" (its RCPT answer wherever it is quoted), pins them.
    // Any refusal of MAIL FROM refuses the sender.
    static const QRegularExpression directoryAnswer(
        QStringLiteral(R"(\bdd this user doesn't have an? \S+ account|not listed in|)"
                       R"(recipient name is not recognized|invalid final delivery userid|unknown user:|)"
                       R"(address couldn't be found)"),
        QRegularExpression::CaseInsensitiveOption);
    const bool pinned = (given && r.status.endsWith(u".1.1")) || directoryAnswer.match(text).hasMatch();
    const bool unpinnedReply = command.isEmpty() && !(given && r.status.mid(1, 3) == u".1.");
    if (r.reason == u"userunknown" && !pinned && (command == u"DATA" || unpinnedReply))
        r.reason = u"filtered"_s;
    static const QStringList notTheSender = {u"userunknown"_s, u"hostunknown"_s, u"filtered"_s, u"suspend"_s,
                                             u"undefined"_s};
    if (command == u"MAIL" && notTheSender.contains(r.reason))
        r.reason = u"rejected"_s;
    // A refusal of the connection or of our name, for no reason a rule knows, refuses the sending host.
    static const QStringList vague = {u"undefined"_s, u"systemerror"_s, u"syntaxerror"_s, u"expired"_s};
    if ((command == u"CONN" || command == u"HELO") && vague.contains(r.reason))
        r.reason = u"blocked"_s;
    // A connection that kept timing out until the message was given up: it expired in the queue.
    static const QRegularExpression timedOut(QStringLiteral("timed? ?out"),
                                             QRegularExpression::CaseInsensitiveOption);
    if (r.reason == u"networkerror" && r.action != u"delayed" && timedOut.match(text).hasMatch())
        r.reason = u"expired"_s;
    r.hard = BounceClassifier::isHard(r.reason, r.status);
}

bool looksLikeFailure(const MimeEntity &top, const QString &human) {
    static const QRegularExpression words(
        QStringLiteral(
            R"(undeliver|could not be delivered|delivery (status notification|has )?fail|failure notice|)"
            R"(returned mail|mail delivery|permanent (error|fatal)|not (be )?delivered|)"
            R"(user unknown|delivery to the following|rejected|bounce|delivery status notification|)"
            R"(failed permanently|error has occurred while attempting to deliver|invalid user address|)"
            R"(not a member of (this|the) (mailing )?list)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString from = top.value("From");
    return isSystemAddress(addressIn(from)) || words.match(top.value("Subject")).hasMatch() ||
           words.match(human.left(2000)).hasMatch();
}

bool isAutoReply(const MimeEntity &top) {
    const QString autoSubmitted = top.value("Auto-Submitted").toLower();
    static const QRegularExpression subject(
        QStringLiteral(R"(out of (the )?office|auto(matic)?[ -]?(reply|response|antwort)|vacation|away from|)"
                       R"(autoreply|abwesenheit|absence|自动回复|不在|^auto:)"),
        QRegularExpression::CaseInsensitiveOption);
    return autoSubmitted.startsWith(u"auto-replied"_s) || !top.raw("X-Autoreply").isEmpty() ||
           !top.raw("X-Autorespond").isEmpty() || top.value("Precedence").contains(u"auto_reply"_s) ||
           subject.match(top.value("Subject")).hasMatch();
}

QList<BounceRecord> dsnRecords(const QByteArray &statusBody, const QString &human) {
    QList<BounceRecord> records;
    QList<BounceRecord> delivered;
    for (const Fields &f : fieldBlocks(statusBody)) {
        QString recipient = stripType(fieldValue(f, "Final-Recipient"));
        if (recipient.isEmpty())
            recipient = stripType(fieldValue(f, "Original-Recipient"));
        if (recipient.isEmpty())
            continue; // the per-message block
        BounceRecord r;
        r.recipient = addressIn(recipient).isEmpty() ? recipient : addressIn(recipient);
        r.action = fieldValue(f, "Action").trimmed().toLower();
        r.status = BounceClassifier::statusIn(fieldValue(f, "Status"));
        r.remoteMta = stripType(fieldValue(f, "Remote-MTA"));
        r.diagnostic = stripType(fieldValue(f, "Diagnostic-Code")).simplified();
        // "Status: 4.0.0 (example.net: host name lookup failure)": the comment is the reason.
        if (const QString st = fieldValue(f, "Status"); r.diagnostic.isEmpty() && st.contains(u'('))
            r.diagnostic =
                st.mid(st.indexOf(u'(') + 1).chopped(st.trimmed().endsWith(u')') ? 1 : 0).trimmed();
        if (r.diagnostic.isEmpty())
            r.diagnostic = snippetFor(human, r.recipient, {}).simplified().left(1000);
        if (r.action == u"delivered" || r.action == u"relayed" || r.action == u"expanded") {
            delivered << r;
            continue;
        }
        records << r;
    }
    if (records.isEmpty())
        records = delivered;
    for (BounceRecord &r : records)
        classify(r, human);
    return records;
}

// The addresses of X-Failed-Recipients (Exim), in order.
QStringList failedRecipients(const MimeEntity &top) {
    QStringList recipients;
    for (const QByteArray &h : top.rawAll("X-Failed-Recipients")) {
        for (const QByteArray &a : h.split(',')) {
            const QString address = addressIn(QString::fromUtf8(a));
            if (!address.isEmpty() && !recipients.contains(address, Qt::CaseInsensitive))
                recipients << address;
        }
    }
    return recipients;
}

// Recipients written on a line of their own, the way qmail ("<a@b>:"), Exim ("  a@b") and others
// ("  * a@b") list them.
QStringList listedRecipients(const QString &human) {
    static const QRegularExpression line(
        QStringLiteral(
            R"(^\s*(?:[*-]\s+)?<?([A-Za-z0-9!#$%&'*+/=?^_`{|}~.\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)>?:?\s*$)"),
        QRegularExpression::MultilineOption);
    QStringList out;
    for (auto it = line.globalMatch(human); it.hasNext();) {
        const QString a = it.next().captured(1);
        if (!isSystemAddress(a) && !out.contains(a, Qt::CaseInsensitive))
            out << a;
    }
    return out;
}

} // namespace

QList<BounceRecord> BounceParser::parse(const QByteArray &message) {
    return parseNested(message, 0);
}

QList<BounceRecord> BounceParser::parseNested(const QByteArray &message, int depth) {
    const MimeEntity top = MimeReader::read(message);
    Walk w;
    walk(top, w);
    QList<BounceRecord> records;

    // Where the bounce went (our VERP address) and what came back (our header).
    QString token;
    static const QRegularExpression verp(QStringLiteral(R"(\bbounce\+([a-z0-9]+)@)"),
                                         QRegularExpression::CaseInsensitiveOption);
    for (const char *h : {"To", "Delivered-To", "X-Original-To", "Envelope-To"}) {
        const auto m = verp.match(top.value(h));
        if (m.hasMatch()) {
            token = m.captured(1).toLower();
            break;
        }
    }
    if (token.isEmpty())
        token = fieldValue(w.returnedHeaders, "X-Hivepost-ID").trimmed();
    const QString messageId = stripType(fieldValue(w.returnedHeaders, "Message-ID"));

    if (w.feedback) { // RFC 5965
        const QList<Fields> blocks = fieldBlocks(w.feedback->body);
        const Fields f = blocks.isEmpty() ? Fields() : blocks.constFirst();
        QStringList complained;
        for (const auto &[name, value] : f) {
            if (name.compare("Original-Rcpt-To", Qt::CaseInsensitive) == 0 &&
                !addressIn(QString::fromUtf8(value)).isEmpty())
                complained << addressIn(QString::fromUtf8(value));
        }
        if (complained.isEmpty())
            complained << addressIn(fieldValue(w.returnedHeaders, "To"));
        for (const QString &recipient : std::as_const(complained)) {
            BounceRecord r;
            r.reason = u"feedback"_s;
            r.feedbackType = fieldValue(f, "Feedback-Type").trimmed().toLower();
            r.recipient = recipient;
            r.diagnostic = w.human.trimmed().left(500);
            records << r;
        }
    } else if (w.status) { // RFC 3464
        records = dsnRecords(w.status->body, w.human);
        // A final recipient that is a file or a pipe (an alias delivered locally): Exim names the
        // address it came from in X-Failed-Recipients.
        const QStringList failed = failedRecipients(top);
        for (qsizetype i = 0; i < records.size(); ++i) {
            if (!records.at(i).recipient.contains(u'@') && failed.size() == records.size())
                records[i].recipient = failed.at(i);
        }
    } else if (static const QRegularExpression inlineDsn(QStringLiteral("^(Reporting-MTA|Final-Recipient):"),
                                                         QRegularExpression::MultilineOption |
                                                             QRegularExpression::CaseInsensitiveOption);
               inlineDsn.match(w.human).hasMatch()) {
        // A report whose parts lost their boundaries: its status fields stand in the text.
        const qsizetype at = inlineDsn.match(w.human).capturedStart();
        records = dsnRecords(w.human.mid(at).toUtf8(), w.human.left(at));
    } else if (top.value("From").contains(u"amazonaws.com"_s) || w.human.trimmed().startsWith(u'{')) {
        records = sesNotification(w.human);
    }

    if (records.isEmpty() && !w.feedback) {
        const bool failure = looksLikeFailure(top, w.human);
        if (!failure && isAutoReply(top)) { // RFC 3834: not a bounce
            BounceRecord r;
            r.reason = u"vacation"_s;
            r.recipient = addressIn(top.value("From"));
            r.diagnostic = top.value("Subject");
            records << r;
        } else if (failure) {
            // Free text: the failed recipients, each with the words about it.
            QStringList recipients = failedRecipients(top);
            if (recipients.isEmpty())
                recipients = listedRecipients(w.human);
            if (recipients.isEmpty()) {
                QSet<QString> exclude;
                for (const char *h : {"From", "To", "Return-Path", "Sender", "Reply-To"})
                    exclude.insert(addressIn(top.value(h)).toLower());
                exclude.insert(addressIn(fieldValue(w.returnedHeaders, "From")).toLower());
                static const QRegularExpression senderContext(
                    QStringLiteral(R"((mail from|sender|from)\s*:?\s*<?$)"),
                    QRegularExpression::CaseInsensitiveOption);
                for (auto it = addressPattern().globalMatch(w.human); it.hasNext();) {
                    const auto m = it.next();
                    const QString a = m.captured(0).toLower();
                    const QString before = w.human.mid(std::max<qsizetype>(0, m.capturedStart() - 12),
                                                       std::min<qsizetype>(12, m.capturedStart()));
                    if (exclude.contains(a) || isSystemAddress(a) || senderContext.match(before).hasMatch() ||
                        recipients.contains(a, Qt::CaseInsensitive))
                        continue;
                    recipients << m.captured(0);
                }
            }
            if (recipients.isEmpty()) {
                const QString to = addressIn(fieldValue(w.returnedHeaders, "To"));
                if (!to.isEmpty())
                    recipients << to;
            }
            for (const QString &recipient : std::as_const(recipients)) {
                BounceRecord r;
                r.recipient = recipient;
                QString snippet = snippetFor(w.human, recipient, recipients);
                r.diagnostic = snippet.simplified().left(1000);
                classify(r, w.human);
                records << r;
            }
        }
    }
    // A notice that forwards the real bounce as its attachment (a gateway or filter wrapping the MTA's
    // report): when the notice itself tells nothing, the attached report does.
    const bool toldNothing = std::all_of(records.cbegin(), records.cend(),
                                         [](const BounceRecord &r) { return r.reason == u"undefined"; });
    if (toldNothing && w.returned && depth < 2) {
        QList<BounceRecord> inner = parseNested(w.returned->body, depth + 1);
        inner.removeIf(
            [](const BounceRecord &r) { return r.reason == u"vacation" || r.reason == u"feedback"; });
        if (!inner.isEmpty()) {
            for (BounceRecord &r : inner) {
                if (!token.isEmpty())
                    r.token = token;
            }
            return inner;
        }
    }
    for (BounceRecord &r : records) {
        r.token = token;
        r.messageId = messageId;
    }
    return records;
}

} // namespace hivepost::bounce
