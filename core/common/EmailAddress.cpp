#include "common/EmailAddress.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace hivepost {

namespace {

bool isSpace(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

// RFC 5322 3.2.3 atext, without ALPHA and DIGIT.
bool isAtextSpecial(unsigned char c) {
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '/':
    case '=':
    case '?':
    case '^':
    case '_':
    case '`':
    case '{':
    case '|':
    case '}':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isAlnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    // A no-break space (U+00A0, UTF-8 C2 A0) pasted from a web page or Excel.
    while (s.size() >= 2 && s.substr(0, 2) == "\xC2\xA0")
        s.remove_prefix(2);
    while (s.size() >= 2 && s.substr(s.size() - 2) == "\xC2\xA0")
        s.remove_suffix(2);
    return s;
}

// RFC 1035 2.3.1 / RFC 5321 4.1.2 Domain, on a lower-case ASCII (A-label) domain.
EmailAddress::Problem checkAsciiDomain(std::string_view d) {
    if (d.empty())
        return EmailAddress::Problem::DomainEmpty;
    if (d.size() > 253)
        return EmailAddress::Problem::DomainInvalid;
    size_t labelStart = 0;
    int labels = 0;
    bool lastLabelNumeric = true;
    for (size_t i = 0; i <= d.size(); ++i) {
        if (i == d.size() || d[i] == '.') {
            const size_t len = i - labelStart;
            if (len == 0 || len > 63)
                return EmailAddress::Problem::DomainInvalid;
            if (d[labelStart] == '-' || d[i - 1] == '-')
                return EmailAddress::Problem::DomainInvalid;
            ++labels;
            lastLabelNumeric = true;
            for (size_t k = labelStart; k < i; ++k)
                lastLabelNumeric = lastLabelNumeric && d[k] >= '0' && d[k] <= '9';
            labelStart = i + 1;
            continue;
        }
        const unsigned char c = static_cast<unsigned char>(d[i]);
        if (!isAlnum(c) && c != '-')
            return EmailAddress::Problem::DomainInvalid;
    }
    if (labels < 2)
        return EmailAddress::Problem::DomainNoDot;
    if (lastLabelNumeric) // an IP address or a number is no top-level domain
        return EmailAddress::Problem::DomainInvalid;
    return EmailAddress::Problem::None;
}

} // namespace

EmailAddress::Problem EmailAddress::normalizeUtf8(std::string_view input, std::string &out) {
    out.clear();
    const std::string_view s = trim(input);
    if (s.empty())
        return Problem::Empty;
    if (s.size() > 254 * 4)
        return Problem::TooLong;

    size_t at = std::string_view::npos;
    bool nonAsciiDomain = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (isSpace(c) || c < 0x20 || c == 0x7F)
            return Problem::Space;
        if (c == '@') {
            if (at != std::string_view::npos)
                return Problem::SeveralAt;
            at = i;
        } else if (c >= 0x80 && at != std::string_view::npos) {
            nonAsciiDomain = true;
        }
    }
    if (at == std::string_view::npos)
        return Problem::NoAt;

    // Local part: RFC 5321 4.1.2 Dot-string, with UTF-8 allowed (RFC 6531 3.3).
    const std::string_view local = s.substr(0, at);
    if (local.empty())
        return Problem::LocalEmpty;
    if (local.size() > 64) // RFC 5321 4.5.3.1.1
        return Problem::LocalTooLong;
    if (local.front() == '.' || local.back() == '.')
        return Problem::LocalDots;
    out.reserve(s.size());
    for (size_t i = 0; i < local.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(local[i]);
        if (c == '.') {
            if (local[i + 1] == '.')
                return Problem::LocalDots;
        } else if (c >= 'A' && c <= 'Z') {
            c = static_cast<unsigned char>(c - 'A' + 'a');
        } else if (c < 0x80 && !isAlnum(c) && !isAtextSpecial(c)) {
            return Problem::LocalCharacter;
        }
        out.push_back(static_cast<char>(c));
    }
    out.push_back('@');

    std::string_view domain = s.substr(at + 1);
    if (domain.empty())
        return Problem::DomainEmpty;
    if (domain.back() == '.') // a trailing root dot is not part of an address
        domain.remove_suffix(1);

    std::string ascii;
    std::string unicode;
    bool hasAceLabel = false;
    if (!nonAsciiDomain) {
        ascii.reserve(domain.size());
        for (char ch : domain)
            ascii.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
        hasAceLabel = ascii.starts_with("xn--") || ascii.find(".xn--") != std::string::npos;
    }
    if (nonAsciiDomain || hasAceLabel) {
        // IDNA (UTS #46 mapping by Qt): full-width dots and letters folded, then A-labels.
        const QString d = QString::fromUtf8(domain.data(), qsizetype(domain.size()));
        const QByteArray ace = QUrl::toAce(d, QUrl::IgnoreIDNWhitelist);
        if (ace.isEmpty())
            return Problem::DomainInvalid;
        ascii.assign(ace.constData(), size_t(ace.size()));
        unicode = QUrl::fromAce(ace, QUrl::IgnoreIDNWhitelist).toUtf8().toStdString();
    }
    if (const Problem p = checkAsciiDomain(ascii); p != Problem::None)
        return p;
    if (local.size() + 1 + ascii.size() > 254) // RFC 5321 4.5.3.1.3, as sent
        return Problem::TooLong;
    out += unicode.empty() ? ascii : unicode;
    return Problem::None;
}

QString EmailAddress::normalized(const QString &input, Problem *problem) {
    const QByteArray utf8 = input.toUtf8();
    std::string out;
    const Problem p = normalizeUtf8(std::string_view(utf8.constData(), size_t(utf8.size())), out);
    if (problem)
        *problem = p;
    return p == Problem::None ? QString::fromStdString(out) : QString();
}

QString EmailAddress::domainOf(const QString &address) {
    const qsizetype at = address.lastIndexOf(u'@');
    return at < 0 ? QString() : address.mid(at + 1);
}

EmailAddress::Mailbox EmailAddress::parseMailbox(const QString &text) {
    static const QRegularExpression named(u"^\\s*(.*?)\\s*<([^<>]+)>\\s*$"_s);
    const QRegularExpressionMatch m = named.match(text);
    if (!m.hasMatch())
        return {QString(), normalized(text)};
    QString name = m.captured(1).trimmed();
    if (name.size() >= 2 && name.startsWith(u'"') && name.endsWith(u'"'))
        name = name.mid(1, name.size() - 2).trimmed();
    return {name, normalized(m.captured(2))};
}

QString EmailAddress::describe(Problem problem) {
    const char *text = nullptr;
    switch (problem) {
    case Problem::None:
        return QString();
    case Problem::Empty:
        text = QT_TRANSLATE_NOOP("EmailAddress", "no e-mail address");
        break;
    case Problem::NoAt:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the address has no @");
        break;
    case Problem::SeveralAt:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the address has more than one @");
        break;
    case Problem::Space:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the address contains a space or control character");
        break;
    case Problem::LocalEmpty:
        text = QT_TRANSLATE_NOOP("EmailAddress", "nothing before the @");
        break;
    case Problem::LocalTooLong:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the part before the @ is longer than 64 characters");
        break;
    case Problem::LocalDots:
        text = QT_TRANSLATE_NOOP("EmailAddress",
                                 "the part before the @ starts or ends with a dot, or has two dots in a row");
        break;
    case Problem::LocalCharacter:
        text =
            QT_TRANSLATE_NOOP("EmailAddress", "the part before the @ contains a character not allowed there");
        break;
    case Problem::DomainEmpty:
        text = QT_TRANSLATE_NOOP("EmailAddress", "nothing after the @");
        break;
    case Problem::DomainNoDot:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the domain has no dot");
        break;
    case Problem::DomainInvalid:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the domain is not a valid domain name");
        break;
    case Problem::TooLong:
        text = QT_TRANSLATE_NOOP("EmailAddress", "the address is longer than 254 characters");
        break;
    }
    return QCoreApplication::translate("EmailAddress", text);
}

} // namespace hivepost
