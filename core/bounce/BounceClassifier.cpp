#include "bounce/BounceClassifier.h"

#include <QList>
#include <QRegularExpression>

namespace hivepost::bounce {

namespace {

struct Rule {
    const char *reason;
    QRegularExpression pattern;
};

// The phrasings of refusals, most specific first: the first rule whose pattern occurs in the
// diagnostic decides. Written from RFC 3463's descriptions and the wording of common MTAs (Postfix,
// Exim, Sendmail, qmail, Exchange, Domino) and providers (Gmail, Outlook, Yahoo, QQ, 163, SES, ...).
const QList<Rule> &rules() {
    static const auto opts =
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption;
    static const QList<Rule> r = [] {
        QList<Rule> out;
        const auto add = [&out](const char *reason, const char *pattern) {
            out.append({reason, QRegularExpression(QString::fromUtf8(pattern), opts)});
        };
        add("feedback", R"(^feedback-type:)");
        add("notcompliantrfc",
            R"(rfc ?5322|rfc ?2822|not (rfc|standards?)[ -]compliant|multiple .{0,40}headers?\b|)"
            R"(multiple addresses in (the )?from)");
        add("spamdetected", R"(spam classification|rejected due to spam)");
        add("policyviolation", R"(for policy reasons)");
        add("blocked", R"(\bclient host (is )?blocked)");
        add("badreputation", R"(reputation|low quality|sender score|unexpected volume|\[TSS04\])");
        add("securityerror",
            R"(turn on smtp auth|(enable|use) smtp auth|smtp authentication|unauthenticated senders)");
        add("ratelimited",
            R"(too many (connections|concurrent|messages|recipients|sessions|simultaneous|errors)|rate.?limit|throttl|)"
            R"(sending rate|temporarily deferred due to|connection (rate|count) limit|exceeded the (rate|connection)|)"
            R"(receiving mail at a rate|too fast|too frequently|frequency limit|mailbox receiving too|RCPT limit|)"
            R"(max(imum)? (number of )?(connections|recipients))");
        add("emailtoolarge",
            R"(message (size|length) exceeds|message (is )?too (big|large)|mail (is )?too large|exceeds (the )?)"
            R"((maximum|size|message size)|size limit|message file too big|size of (the )?message|larger than)"
            R"( (the )?(maximum|allowed)|message exceeds|too large for|line limit exceeded)");
        add("systemfull", R"(insufficient (disk )?space|insufficient system storage)");
        add("mailboxfull",
            R"(mailbox (is )?(full|over)|over ?quota|quota (exceeded|full|violation)|exceeded (the |its |his |her )?)"
            R"((storage|quota|mailbox)|disk quota|mailbox exceeded|user('s)? (mailbox|disk) is full|)"
            R"(mailbox size limit|mail ?box.{0,20}full|not enough (storage|space)|storage (quota|allocation)|)"
            R"(exceeds? (his|her|the user's|the recipient's) (quota|storage)|mailfolder is full|has exceeded)");
        add("hasmoved", R"(has moved|address (has )?changed|moved to)");
        add("norelaying",
            R"(relay(ing)? (access )?(denied|not (permitted|allowed))|not permitted to relay|unable to relay|)"
            R"(we do not relay|relay not permitted|not allowed to relay|relaying denied|no relaying|)"
            R"(not (a )?local (domain|host)|unauthori[sz]ed relay|not configured to relay)");
        add("requireptr",
            R"(reverse (dns|lookup|hostname)|ptr record|no ptr|cannot find your hostname|rdns|)"
            R"(client host .{0,60}(not|without).{0,20}(name|hostname)|host ?name (does not|doesn't) match|)"
            R"(cannot resolve your (address|hostname)|not resolve to your|unresolvable (address|host)|)"
            R"(needs? (a )?valid (hostname|ptr)|IP address .{0,40}(has no|without) (a )?(name|hostname)|)"
            R"(mismatches client ip|unverif(y|i)able sending ip|ip name lookup failed)");
        add("authfailure",
            R"(\bspf\b|\bdkim\b|\bdmarc\b|sender policy framework|not authorized to send|unauthenticated)"
            R"( (email|mail)|authentication (check|policy|fail|information)|5\.7\.26|5\.7\.509)");
        add("rejected",
            R"(sender address rejected|domain of sender address|sender verify failed|sender verification failed|)"
            R"(sender was rejected|sending this from a different address|)"
            R"(sender (address )?(is )?(invalid|unknown|not allowed|refused|denied)|invalid sender)");
        add("suspend",
            R"((account|mailbox|user|address|recipient).{0,30}(is )?(disabled|suspended|inactive|deactivated|locked|)"
            R"(frozen|blocked by the administrator|not active|expired)|temporarily (disabled|suspended)|)"
            R"(mailbox (is )?(inactive|disabled)|suspended|deactivated|account has been disabled|)"
            R"(temporar(y|ily) locked)");
        // A domain that does not exist, said before the words for a user that does not exist.
        add("hostunknown", R"(\bdomain (name )?(does not exist|not found)|host or domain name not found)");
        add("mailererror", R"(mailer error|command (died|failed)|exit (code|status)|pipe to|procmail|\bsh:|)"
                           R"(program (failed|error)|unknown mailer|local delivery failed)");
        add("userunknown",
            R"(user unknown|unknown user|no such (user|mailbox|recipient|address|account|person|local user|)"
            R"(e-?mail)|(recipient|user|mailbox|address|account|addressee|e-?mail)( address)?( name)? (does not|)"
            R"(doesn't|did not) exist|does not exist|invalid (recipient|mailbox|user|address|e-?mail)|)"
            R"(unknown (recipient|address|local.?part|mailbox|alias|account)|not a valid (mailbox|user|recipient)|)"
            R"(mailbox (unavailable|not found|name not allowed)|no mailbox|user not found|recipient not found|)"
            R"(user (does not|doesn't) exist|unknown or illegal alias|address unknown|)"
            R"(not our customer|no longer (valid|available|in use|active)|bad (recipient|destination mailbox)|)"
            R"(recipient (address )?rejected(?!:\s*\w)|undeliverable address|account (does not|doesn't) exist|)"
            R"(mailbox .{0,40}(not exist|unknown)|unknown (e-?mail|name)|is not a known user|)"
            R"(no such address|there is no one|user doesn't have|dosn't exist|account is unavailable|)"
            R"(address (is )?(invalid|not valid|not found)|recipient address rejected: access denied|not listed in (the )?\w* ?directory|not listed in (the )?public name|)"
            R"(not a registered|unknown or invalid|invalid address|invalid (final )?(delivery )?userid)");
        add("virusdetected", R"(virus|malware|infected|trojan|worm detected)");
        add("spamdetected",
            R"(\bspam(?!haus|cop)|unsolicited|junk ?mail|bulk mail|message (content )?(looks|appears|is) (like )?(spam|suspicious)|)"
            R"(content (filter|rejected)|scored? (too high|above|over)|spamassassin|phishing|\bofr_?506\b)");
        add("blocked",
            R"(block(ed)? ?list|black ?list|\bblocked\b|\bblock\b|listed (in|on|at|by)|\brbl\b|spamhaus|dnsbl|spamcop|)"
            R"(sorbs|barracuda|banned|\b(ip|host|connection|client)\b.{0,40}(rejected|refused|denied)|)"
            R"(access denied|not allowed to send|poor reputation|service unavailable.{0,20}client|)"
            R"(refused to talk|your (ip|server|network)|mail from .{0,60} (refused|rejected) by|)"
            R"(not accepting connections|invalid ip for sending|smtp server of your isp|dynamic ip|dial-?up)");
        add("notaccept",
            R"(does not accept (e-?)?mail|accepts? no mail|null ?mx|no mx found|not accepting (any )?mail|)"
            R"(no (mail|smtp) (service|server)|find a mail exchanger|no mx record|no mail exchanger)");
        add("hostunknown",
            R"(host (or domain name )?not found|domain (does not exist|not found|name not found)|)"
            R"(unrouteable (mail domain|address)|name or service not known|host unknown|unknown host|)"
            R"(nxdomain|domain (is )?(invalid|unknown)|unknown domain|no such domain|host name lookup failure|)"
            R"(hostname .{0,20} not found|\bhost \S+ not found|domain .{0,40} (not|no longer) (exist|registered))");
        add("expired",
            R"(delivery time expired|retry time(out)? (not reached|exceeded)|(message|mail) (has been|was) )"
            R"((delayed|queued|undeliverable) (too long|for)|could not be delivered (for|within)|giving up|)"
            R"(timed? ?out .{0,40}queue|\bexpired\b|too long in (the )?queue|maximum time|delivery period|)"
            R"(message (has )?expired|hours? in (the )?queue|days? in (the )?queue|queue too long|)"
            R"(undeliverable for \d+ (day|hour)|failing for a long time|will be retried|failed \d+ attempts|)"
            R"(did not accept our requests to connect|still undelivered after)");
        add("networkerror",
            R"(connection (refused|timed out|reset|closed|lost|dropped)|network (is )?unreachable|no route to host|)"
            R"(lost connection|dns (lookup|error|failure|problem)|temporary failure in name resolution|)"
            R"(too many hops|mail loop|loop(s)? (back|detected)|routing loop|could not connect|unable to connect|)"
            R"(host (is )?(down|unreachable)|no answer|timed? ?out)");
        add("securityerror",
            R"(tls (is )?required|must (issue|use) (a )?starttls|encryption (is )?required|authentication )"
            R"(required|must authenticate|certificate|secure connection|not authenticated|sender address must match)");
        add("rejected",
            R"(sender (address )?(rejected|refused|denied|unknown|invalid|not allowed)|)"
            R"(domain of sender address|sender verify failed|sender verification|mail from.{0,60}(rejected|)"
            R"(refused|denied)|invalid sender|bad sender|sender domain|from address|return.?path|)"
            R"(envelope sender|address of sender|after mail from|your (e-?mail )?address (is|has been) (rejected|blocked|denied)|)"
            R"(not allowed to post|you do not have permission|permission to post|moderat|not a member of)");
        add("filtered",
            R"(filtered|rejected by (the )?(recipient|user|mailbox)|refused by (the )?(recipient|user)|)"
            R"(user refuses|denied by (the )?(recipient|user)|recipient (has )?rejected|not accepting mail from|)"
            R"(has chosen not to|does not (want|wish) to receive|only accepts mail from|mail rules)");
        add("systemfull", R"(insufficient system storage|system (disk )?(is )?full|out of (disk )?space)");
        add("contenterror",
            R"(content (type|error)|mime|header (error|syntax)|invalid (header|character)|8-?bit|charset)");
        add("syntaxerror",
            R"(syntax error|command unrecognized|unrecognized command|bad sequence of commands|)"
            R"(malformed address|parameter not implemented)");
        add("policyviolation", R"(policy|prohibited|not allowed|violat)");
        add("systemerror",
            R"(system error|internal (server )?error|configuration error|local (configuration|error)|)"
            R"(server (error|failure)|temporary (local )?problem|try again later|resources|service currently unavailable)");
        return out;
    }();
    return r;
}

QString fromStatus(const QString &status) {
    // RFC 3463's subjects and details, where they name one reason.
    const QString detail = status.mid(status.indexOf(u'.'));
    static const QList<QPair<QString, const char *>> map = {
        {QStringLiteral(".1.1"), "userunknown"},   {QStringLiteral(".1.2"), "hostunknown"},
        {QStringLiteral(".1.3"), "userunknown"},   {QStringLiteral(".1.4"), "userunknown"},
        {QStringLiteral(".1.6"), "hasmoved"},      {QStringLiteral(".1.7"), "rejected"},
        {QStringLiteral(".1.8"), "rejected"},      {QStringLiteral(".1.10"), "notaccept"},
        {QStringLiteral(".2.1"), "suspend"},       {QStringLiteral(".2.2"), "mailboxfull"},
        {QStringLiteral(".2.3"), "emailtoolarge"}, {QStringLiteral(".2.4"), "systemerror"},
        {QStringLiteral(".3.1"), "systemfull"},    {QStringLiteral(".3.2"), "notaccept"},
        {QStringLiteral(".3.4"), "emailtoolarge"}, {QStringLiteral(".3.5"), "systemerror"},
        {QStringLiteral(".4.1"), "networkerror"},  {QStringLiteral(".4.2"), "networkerror"},
        {QStringLiteral(".4.3"), "systemerror"},   {QStringLiteral(".4.4"), "hostunknown"},
        {QStringLiteral(".4.6"), "networkerror"},  {QStringLiteral(".4.7"), "expired"},
        {QStringLiteral(".5.3"), "syntaxerror"},   {QStringLiteral(".6.0"), "contenterror"},
        {QStringLiteral(".7.1"), "blocked"},       {QStringLiteral(".7.7"), "securityerror"},
        {QStringLiteral(".7.6"), "securityerror"}, {QStringLiteral(".7.9"), "policyviolation"},
        {QStringLiteral(".7.13"), "suspend"},      {QStringLiteral(".7.25"), "requireptr"},
        {QStringLiteral(".7.26"), "authfailure"},  {QStringLiteral(".7.27"), "notaccept"},
    };
    for (const auto &[d, reason] : map) {
        if (detail == d)
            return QString::fromLatin1(reason);
    }
    if (detail.startsWith(QStringLiteral(".6.")))
        return QStringLiteral("contenterror");
    if (detail.startsWith(QStringLiteral(".5.")))
        return QStringLiteral("syntaxerror");
    return {};
}

} // namespace

QString BounceClassifier::reason(const QString &diagnostic, const QString &status, int replyCode) {
    if (status.startsWith(u'2'))
        return QStringLiteral("delivered");
    // A specific status outranks words for the few details that say it all.
    static const QStringList decisive = {
        QStringLiteral(".1.1"),  QStringLiteral(".1.2"),  QStringLiteral(".2.2"), QStringLiteral(".1.6"),
        QStringLiteral(".7.13"), QStringLiteral(".7.25"), QStringLiteral(".7.26")};
    const QString detail = status.mid(status.indexOf(u'.'));
    // ... unless the words name the domain as what does not exist.
    static const QRegularExpression noDomain(
        QStringLiteral(R"(domain (name )?(does not exist|not found|unknown))"),
        QRegularExpression::CaseInsensitiveOption);
    if (detail == u".1.1" && noDomain.match(diagnostic).hasMatch())
        return QStringLiteral("hostunknown");
    // ... or the words say spam, a rate limit (servers that limit senders reply with any code), or a
    // local delivery program that failed (procmail, a pipe), whatever it said about the user.
    const auto says = [&diagnostic](const char *reason) {
        for (const Rule &rule : rules()) {
            if (qstrcmp(rule.reason, reason) == 0 && rule.pattern.match(diagnostic).hasMatch())
                return true;
        }
        return false;
    };
    if (decisive.contains(detail) && !diagnostic.contains(QStringLiteral("spam"), Qt::CaseInsensitive) &&
        !says("ratelimited") && !says("mailererror"))
        return fromStatus(status);
    for (const Rule &rule : rules()) {
        if (rule.pattern.match(diagnostic).hasMatch())
            return QString::fromLatin1(rule.reason);
    }
    const QString byStatus = fromStatus(status);
    if (!byStatus.isEmpty())
        return byStatus;
    if (replyCode == 521 || replyCode == 556) // RFC 7504: the host or domain does not accept mail
        return QStringLiteral("notaccept");
    if (replyCode == 421 || replyCode == 450 || replyCode == 451)
        return QStringLiteral("systemerror");
    return QStringLiteral("undefined");
}

bool BounceClassifier::isHard(const QString &reason, const QString &status) {
    if (reason == u"userunknown" || reason == u"hostunknown" || reason == u"hasmoved")
        return true;
    return reason == u"notaccept" && !status.startsWith(u'4');
}

QString BounceClassifier::statusIn(const QString &text) {
    static const QRegularExpression re(
        QStringLiteral(R"((?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]|\.\d))"));
    const auto m = re.match(text);
    return m.hasMatch() ? m.captured(0) : QString();
}

int BounceClassifier::replyCodeIn(const QString &text) {
    static const QRegularExpression re(
        QStringLiteral(
            R"((?:^|said:|\s|\(|\[|:|#)\s*([245][0-5]\d)(?:[ ,-]|$)(?![\d.]*\s*(?:bytes|seconds|days)))"),
        QRegularExpression::MultilineOption);
    const auto m = re.match(text);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

QString BounceClassifier::statusFor(const QString &reason, int replyCode, bool temporary) {
    const QChar cls =
        replyCode >= 400 && replyCode < 500 ? u'4' : (replyCode >= 500 || !temporary ? u'5' : u'4');
    static const QList<QPair<QString, QString>> map = {
        {QStringLiteral("userunknown"), QStringLiteral(".1.1")},
        {QStringLiteral("hostunknown"), QStringLiteral(".1.2")},
        {QStringLiteral("hasmoved"), QStringLiteral(".1.6")},
        {QStringLiteral("rejected"), QStringLiteral(".1.8")},
        {QStringLiteral("notaccept"), QStringLiteral(".1.10")},
        {QStringLiteral("suspend"), QStringLiteral(".2.1")},
        {QStringLiteral("mailboxfull"), QStringLiteral(".2.2")},
        {QStringLiteral("emailtoolarge"), QStringLiteral(".3.4")},
        {QStringLiteral("systemfull"), QStringLiteral(".3.1")},
        {QStringLiteral("networkerror"), QStringLiteral(".4.1")},
        {QStringLiteral("expired"), QStringLiteral(".4.7")},
        {QStringLiteral("syntaxerror"), QStringLiteral(".5.2")},
        {QStringLiteral("contenterror"), QStringLiteral(".6.0")},
        {QStringLiteral("norelaying"), QStringLiteral(".7.1")},
        {QStringLiteral("blocked"), QStringLiteral(".7.1")},
        {QStringLiteral("spamdetected"), QStringLiteral(".7.1")},
        {QStringLiteral("requireptr"), QStringLiteral(".7.25")},
        {QStringLiteral("authfailure"), QStringLiteral(".7.26")},
        {QStringLiteral("ratelimited"), QStringLiteral(".7.0")},
        {QStringLiteral("securityerror"), QStringLiteral(".7.0")},
        {QStringLiteral("policyviolation"), QStringLiteral(".7.0")},
        {QStringLiteral("filtered"), QStringLiteral(".2.0")},
    };
    for (const auto &[r, detail] : map) {
        if (r == reason)
            return cls + detail;
    }
    return cls + QStringLiteral(".0.0");
}

} // namespace hivepost::bounce
