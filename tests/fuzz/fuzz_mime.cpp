// The MIME writer fed hostile merge values (and a hostile display name and address): whatever the
// values, the message either is refused or has exactly the headers a harmless message has, in the
// same order, lines of CRLF-ended 7-bit text no longer than 998 octets, and reads back as the same
// multipart/alternative of text and HTML with the value in each body.

#include <QStringList>

#include "FuzzSupport.h"
#include "mime/MimeReader.h"
#include "template/MessageComposer.h"

using namespace hivepost;
using namespace Qt::StringLiterals;

namespace {

const templating::MessageComposer &composer() {
    static const templating::MessageComposer c = [] {
        const templating::TemplateContent content{
            u"fuzz"_s,
            u"Hello {{first_name}}, {{x}} news"_s,
            u"<html><body><p>Dear {{first_name}} {{last_name}},</p>\n<p>{{x}}</p>\n"
            u"<a href=\"{{unsubscribe_url}}\">Unsubscribe</a></body></html>\n"_s,
            u"Dear {{first_name}} {{last_name}},\n{{x}}\nUnsubscribe: {{unsubscribe_url}}\n"_s,
            {}};
        const templating::SenderProfile sender{u"Garden Club"_s,
                                               u"news@garden.example.com"_s,
                                               u"club@garden.example.com"_s,
                                               u"https://garden.example.com/u/{{token}}"_s,
                                               u"unsubscribe@garden.example.com"_s,
                                               u"Garden news <news.garden.example.com>"_s,
                                               {}};
        auto made = templating::MessageComposer::create(content, sender, {u"x"_s});
        FUZZ_CHECK(made.ok(), "the fuzz template compiles");
        return made.value();
    }();
    return c;
}

QList<QByteArray> headerNames(const QByteArray &message) {
    QList<QByteArray> names;
    const qsizetype end = message.indexOf("\r\n\r\n");
    for (const QByteArray &line : message.left(end).split('\n')) {
        if (line.isEmpty() || line[0] == ' ' || line[0] == '\t')
            continue;
        names.append(line.left(line.indexOf(':')).toLower());
    }
    return names;
}

bool isAscii(const QString &s) {
    for (QChar c : s)
        if (c.unicode() >= 0x80)
            return false;
    return true;
}

templating::Recipient recipient(const QString &name, const QString &email, const QString &first,
                                const QString &last, const QString &x) {
    templating::Recipient r{email, name, first, last, {}, u"List"_s, u"Campaign"_s, u"tok"_s, u"vt"_s};
    r.fields.insert(u"x"_s, x);
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    static const QByteArray harmless =
        composer().compose(recipient(u"Ann Lee"_s, u"ann@example.org"_s, u"Ann"_s, u"Lee"_s, u"v"_s)).value();
    static const QList<QByteArray> expectedHeaders = [] {
        QList<QByteArray> names = headerNames(harmless);
        names.removeAll("message-id"); // always one, checked below
        return names;
    }();

    fuzz::Input in(data, size);
    const QString name = QString::fromUtf8(in.piece());
    const QString first = QString::fromUtf8(in.piece());
    const QString last = QString::fromUtf8(in.piece());
    const QString x = QString::fromUtf8(in.piece());
    QString email = QString::fromUtf8(in.piece());
    if (email.isEmpty())
        email = u"ann@example.org"_s;
    const auto composed = composer().compose(recipient(name, email, first, last, x));
    if (!composed.ok())
        return 0; // refused (an address that is not one): nothing to check
    const QByteArray message = composed.value();

    bool inTo = false;
    for (qsizetype pos = 0; pos < message.size();) {
        const qsizetype eol = message.indexOf('\n', pos);
        FUZZ_CHECK(eol > pos && message[eol - 1] == '\r', "every line ends with CRLF");
        FUZZ_CHECK(eol - 1 - pos <= 998, "no line over 998 octets (RFC 5322 2.1.1)");
        // 8-bit only in To: (folded or not) for an internationalised local part (RFC 6531/6532, sent
        // with SMTPUTF8).
        if (message[pos] != ' ' && message[pos] != '\t')
            inTo = message.mid(pos, 4) == "To: ";
        const bool utf8Allowed = inTo && !isAscii(email.left(email.indexOf(u'@')));
        for (qsizetype i = pos; i < eol - 1; ++i)
            FUZZ_CHECK(message[i] != '\r' && message[i] != '\0' &&
                           (utf8Allowed || (unsigned char)message[i] < 0x80),
                       "7-bit text without bare CR or NUL");
        pos = eol + 1;
    }
    QList<QByteArray> names = headerNames(message);
    FUZZ_CHECK(names.removeAll("message-id") == 1, "exactly one Message-ID");
    FUZZ_CHECK(names == expectedHeaders, "hostile values never add, remove or reorder a header");

    const mime::MimeEntity read = mime::MimeReader::read(message);
    FUZZ_CHECK(read.type == "multipart/alternative" && read.parts.size() == 2, "the same structure");
    FUZZ_CHECK(read.parts[0].type == "text/plain" && read.parts[1].type == "text/html", "text, then HTML");
    const QString text = read.parts[0].text();
    const QString html = read.parts[1].text();
    FUZZ_CHECK(text.startsWith(u"Dear "_s) && text.contains(u"Unsubscribe: https://garden.example.com/u/"_s),
               "the text part keeps its literals");
    FUZZ_CHECK(html.startsWith(u"<html><body><p>Dear "_s) && html.trimmed().endsWith(u"</body></html>"_s),
               "the HTML part keeps its literals");
    return 0;
}
