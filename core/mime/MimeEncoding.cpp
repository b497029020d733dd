#include "mime/MimeEncoding.h"

#include <array>
#include <cstring>

#include <QUrl>

#include "common/EmailAddress.h"

using namespace Qt::StringLiterals;

namespace hivepost::mime {

QString sanitizeHeaderValue(const QString &value) {
    QString out;
    out.reserve(value.size());
    bool space = false;
    for (QChar c : value) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || u == 0x7F || (u >= 0x80 && u < 0xA0) || u == 0x2028 || u == 0x2029;
        if (control || c.isSpace()) {
            space = !out.isEmpty();
            continue;
        }
        if (space)
            out += u' ';
        space = false;
        out += c;
    }
    return out;
}

QByteArray encodedWords(const QString &text, int firstLineUsed) {
    // Each word is "=?UTF-8?B?" + base64 + "?=" (12 characters of overhead) and fits its line:
    // the first after what the line already holds, the others after CRLF SP, so at most 45 bytes
    // of UTF-8 (60 base64 characters, 75 in all) per word, and whole characters only.
    QByteArray out;
    QByteArray chunk;
    int maxBytes = std::max(3, (78 - firstLineUsed - 12) / 4 * 3);
    const auto flush = [&] {
        if (chunk.isEmpty())
            return;
        if (!out.isEmpty())
            out += "\r\n ";
        out += "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
        maxBytes = 45;
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        // Whole code points: a surrogate pair stays together.
        const qsizetype len = text[i].isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QByteArray bytes = text.mid(i, len).toUtf8();
        if (!chunk.isEmpty() && chunk.size() + bytes.size() > maxBytes)
            flush();
        chunk += bytes;
        i += len - 1;
    }
    flush();
    return out;
}

namespace {

bool isPlainAscii(const QString &s) {
    for (QChar c : s) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7E)
            return false;
    }
    return true;
}

// Folds printable ASCII at spaces so lines stay within 78 characters where possible.
QByteArray foldAscii(const QByteArray &name, const QByteArray &value) {
    QByteArray out = name + ": ";
    int lineLength = int(out.size());
    const QList<QByteArray> words = value.split(' ');
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QByteArray &w = words[i];
        if (i > 0) {
            if (lineLength + 1 + w.size() > 78) {
                out += "\r\n ";
                lineLength = 1;
            } else {
                out += ' ';
                ++lineLength;
            }
        }
        out += w;
        lineLength += int(w.size());
    }
    return out + "\r\n";
}

bool isAtextOrSpace(QChar c) {
    const char16_t u = c.unicode();
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == ' ')
        return true;
    return u < 0x80 && QByteArrayView("!#$%&'*+-/=?^_`{|}~").contains(char(u));
}

} // namespace

static bool hasLongWord(const QString &s, int limit) {
    for (const QString &w : s.split(u' '))
        if (w.size() > limit)
            return true;
    return false;
}

QByteArray unstructuredHeader(const QByteArray &name, const QString &value) {
    const QString clean = sanitizeHeaderValue(value);
    // A word longer than a line could only be folded past 998 characters: encode it instead.
    if (isPlainAscii(clean) && !clean.contains(u"=?"_s) && !hasLongWord(clean, 76 - int(name.size()) - 2))
        return foldAscii(name, clean.toLatin1());
    return name + ": " + encodedWords(clean, int(name.size()) + 2) + "\r\n";
}

QByteArray asciiAddress(const QString &address) {
    const qsizetype at = address.lastIndexOf(u'@');
    if (at < 0)
        return address.toUtf8();
    const QString domain = address.mid(at + 1);
    QByteArray ace = QUrl::toAce(domain, QUrl::IgnoreIDNWhitelist);
    if (ace.isEmpty())
        ace = domain.toUtf8();
    return address.left(at).toUtf8() + '@' + ace;
}

QByteArray mailbox(const QString &displayName, const QString &address) {
    const QString name = sanitizeHeaderValue(displayName);
    const QByteArray addr = '<' + asciiAddress(sanitizeHeaderValue(address)) + '>';
    if (name.isEmpty())
        return addr;
    const bool shortEnough = name.size() <= 60 && !name.contains(u"=?"_s);
    bool atoms = shortEnough;
    for (QChar c : name)
        atoms = atoms && isAtextOrSpace(c);
    if (atoms)
        return name.toLatin1() + ' ' + addr;
    if (shortEnough && isPlainAscii(name)) {
        QByteArray quoted = name.toLatin1();
        quoted.replace('\\', "\\\\").replace('"', "\\\"");
        return '"' + quoted + "\" " + addr;
    }
    return encodedWords(name, 6) + ' ' + addr;
}

namespace {
// 0: literal (printable ASCII but "="), 1: space or tab, 2: encoded, 3: CR or LF.
constexpr auto kQpClass = [] {
    std::array<unsigned char, 256> table{};
    for (int c = 0; c < 256; ++c)
        table[size_t(c)] = (c >= 33 && c <= 126 && c != '=') ? 0
                           : (c == ' ' || c == '\t')         ? 1
                           : (c == '\r' || c == '\n')        ? 3
                                                             : 2;
    return table;
}();
} // namespace

namespace {

// Encodes p[0, size) into o, from the start of a line; returns the end of the output.
char *encodeQp(const char *p, qsizetype size, char *o) {
    static const char hex[] = "0123456789ABCDEF";
    int lineLength = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < size && p[i + 1] == '\n')
                ++i;
            *o++ = '\r';
            *o++ = '\n';
            lineLength = 0;
            continue;
        }
        // The common case, without branches that mispredict: a printable character (or a space
        // or tab that does not end the line) in the middle of a line.
        if (lineLength < 74 && lineLength > 0) {
            const unsigned char kind = kQpClass[c];
            if (kind == 0) {
                // A run of literal characters, copied at once, up to where the line must break.
                const qsizetype limit = std::min(size, i + (74 - lineLength));
                qsizetype j = i + 1;
                // Spaces and tabs belong to the run too, unless they end a line.
                while (j < limit) {
                    const unsigned char k = kQpClass[static_cast<unsigned char>(p[j])];
                    if (k == 0 ||
                        (k == 1 && j + 1 < size && kQpClass[static_cast<unsigned char>(p[j + 1])] != 3))
                        ++j;
                    else
                        break;
                }
                std::memcpy(o, p + i, size_t(j - i));
                o += j - i;
                lineLength += int(j - i);
                i = j - 1;
                continue;
            }
            if ((kind == 1 && i + 1 < size && kQpClass[static_cast<unsigned char>(p[i + 1])] != 3)) {
                *o++ = char(c);
                ++lineLength;
                continue;
            }
        }
        const bool atLineEnd = i + 1 == size || p[i + 1] == '\r' || p[i + 1] == '\n';
        // Literal: printable ASCII except "=", and space/tab unless they end a line. A "." that starts
        // a line is encoded too, so that no transport can mistake it for the end of the data.
        const bool plain = ((c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !atLineEnd)) &&
                           !(c == '.' && lineLength == 0);
        bool literal = plain;
        int n = literal ? 1 : 3;
        // A soft line break keeps every line within 76 characters (75 + "="); the last character
        // of a line may use the 76th.
        if (lineLength + n > (atLineEnd ? 76 : 75)) {
            *o++ = '=';
            *o++ = '\r';
            *o++ = '\n';
            lineLength = 0;
            if (c == '.') { // it now starts a line
                literal = false;
                n = 3;
            }
        }
        if (literal) {
            *o++ = char(c);
        } else {
            *o++ = '=';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xF];
        }
        lineLength += n;
    }
    return o;
}

} // namespace

// Worst case: every byte as =XX, plus a soft break every 25 of them.
qsizetype qpBound(qsizetype size) {
    return size * 3 + size / 8 + 16;
}

QByteArray quotedPrintable(const QByteArray &text) {
    QByteArray out(qpBound(text.size()), Qt::Uninitialized);
    const char *end = encodeQp(text.constData(), text.size(), out.data());
    out.truncate(end - out.constData());
    return out;
}

QByteArray quotedPrintable(const QByteArray &text, const QList<QpKnownLines> &known) {
    QByteArray out;
    appendQuotedPrintable(out, text, known);
    return out;
}

void appendQuotedPrintable(QByteArray &out, const QByteArray &text, const QList<QpKnownLines> &known) {
    const char *p = text.constData();
    const qsizetype size = text.size();
    // Only stretches that are what they claim to be, in order, on line boundaries.
    QList<const QpKnownLines *> usable;
    qsizetype bound = qpBound(size);
    qsizetype from = 0;
    for (const QpKnownLines &k : known) {
        const qsizetype n = k.source.size();
        if (n == 0 || k.offset < from || k.offset + n > size || (k.offset > 0 && p[k.offset - 1] != '\n') ||
            k.source.back() != '\n' || std::memcmp(p + k.offset, k.source.constData(), size_t(n)) != 0)
            continue;
        usable.append(&k);
        bound += k.encoded.size();
        from = k.offset + n;
    }
    const qsizetype start = out.size();
    out.resize(start + bound);
    char *o = out.data() + start;
    from = 0;
    for (const QpKnownLines *k : std::as_const(usable)) {
        o = encodeQp(p + from, k->offset - from, o);
        std::memcpy(o, k->encoded.constData(), size_t(k->encoded.size()));
        o += k->encoded.size();
        from = k->offset + k->source.size();
    }
    o = encodeQp(p + from, size - from, o);
    out.truncate(o - out.constData());
}

QByteArray base64Lines(const QByteArray &data) {
    const QByteArray b64 = data.toBase64();
    QByteArray out;
    out.reserve(b64.size() + b64.size() / 38 + 2);
    for (qsizetype i = 0; i < b64.size(); i += 76) {
        out += b64.mid(i, 76);
        out += "\r\n";
    }
    return out;
}

bool preferBase64(const QByteArray &utf8) {
    qsizetype high = 0;
    for (char c : utf8)
        high += static_cast<unsigned char>(c) >= 0x80;
    // Quoted-printable triples each such byte; base64 costs 4/3 on everything.
    return high * 2 > utf8.size() / 3;
}

} // namespace hivepost::mime
