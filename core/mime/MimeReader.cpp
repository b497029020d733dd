#include "mime/MimeReader.h"

#include <QRegularExpression>
#include <QStringDecoder>

namespace hivepost::mime {

namespace {

constexpr int MaxDepth = 12; // nested messages and multiparts; deeper ones stay unparsed

bool isWsp(char c) {
    return c == ' ' || c == '\t';
}

// The next line of data from pos, without its line ending; pos moves past it.
QByteArray nextLine(const QByteArray &data, qsizetype &pos) {
    const qsizetype nl = data.indexOf('\n', pos);
    const qsizetype end = nl < 0 ? data.size() : nl;
    QByteArray line = data.mid(pos, end - pos);
    if (line.endsWith('\r'))
        line.chop(1);
    pos = nl < 0 ? data.size() : nl + 1;
    return line;
}

QByteArray decodeBase64Lenient(const QByteArray &data) {
    QByteArray clean;
    clean.reserve(data.size());
    for (char c : data) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
            c == '/' || c == '=')
            clean += c;
    }
    return QByteArray::fromBase64(clean);
}

void parseEntity(const QByteArray &data, MimeEntity &e, int depth);

void parseMultipart(const QByteArray &body, const QByteArray &boundary, MimeEntity &e, int depth) {
    const QByteArray dash = "--" + boundary;
    qsizetype pos = 0;
    qsizetype partStart = -1;
    while (pos < body.size()) {
        const qsizetype lineStart = pos;
        const QByteArray line = nextLine(body, pos);
        if (!line.startsWith(dash))
            continue;
        const QByteArray rest = line.mid(dash.size()).trimmed();
        const bool last = rest.startsWith("--");
        if (!rest.isEmpty() && !last)
            continue; // a longer boundary that starts with ours
        if (partStart >= 0) {
            qsizetype end = lineStart;
            // The line break before a boundary belongs to the boundary (RFC 2046 5.1.1).
            if (end > partStart && body.at(end - 1) == '\n')
                --end;
            if (end > partStart && body.at(end - 1) == '\r')
                --end;
            MimeEntity part;
            parseEntity(body.mid(partStart, end - partStart), part, depth + 1);
            e.parts.append(std::move(part));
        }
        if (last)
            return;
        partStart = pos;
    }
    if (partStart >= 0 && partStart < body.size()) { // no closing boundary: take what is there
        MimeEntity part;
        parseEntity(body.mid(partStart), part, depth + 1);
        e.parts.append(std::move(part));
    }
}

void parseEntity(const QByteArray &data, MimeEntity &e, int depth) {
    qsizetype bodyStart = 0;
    e.headers = MimeReader::readHeaders(data, &bodyStart);
    const QByteArray contentType = e.raw("Content-Type");
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray declared =
        (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
    if (declared.contains('/'))
        e.type = declared;
    e.charset = MimeReader::parameter(contentType, "charset").toLower();
    const QByteArray raw = data.mid(bodyStart);
    const QByteArray cte = e.raw("Content-Transfer-Encoding").trimmed().toLower();
    if (cte == "base64")
        e.body = decodeBase64Lenient(raw);
    else if (cte == "quoted-printable")
        e.body = MimeReader::decodeQuotedPrintable(raw);
    else
        e.body = raw;
    if (depth >= MaxDepth)
        return;
    if (e.isMultipart()) {
        const QByteArray boundary = MimeReader::parameter(contentType, "boundary");
        if (!boundary.isEmpty())
            parseMultipart(e.body, boundary, e, depth);
    } else if (e.type == "message/rfc822" || e.type == "message/global") {
        MimeEntity inner;
        parseEntity(e.body, inner, depth + 1);
        e.parts.append(std::move(inner));
    }
}

} // namespace

QByteArray MimeEntity::raw(const QByteArray &name) const {
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

QList<QByteArray> MimeEntity::rawAll(const QByteArray &name) const {
    QList<QByteArray> out;
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            out << v;
    }
    return out;
}

QString MimeEntity::value(const QByteArray &name) const {
    return MimeReader::decodeHeader(raw(name));
}

QString MimeEntity::text() const {
    return MimeReader::decodeCharset(body, charset);
}

MimeEntity MimeReader::read(const QByteArray &message) {
    MimeEntity e;
    parseEntity(message, e, 0);
    return e;
}

QList<QPair<QByteArray, QByteArray>> MimeReader::readHeaders(const QByteArray &block, qsizetype *bodyStart) {
    QList<QPair<QByteArray, QByteArray>> headers;
    qsizetype pos = 0;
    // An mbox "From " line before the headers is not a header.
    if (block.startsWith("From "))
        nextLine(block, pos);
    while (pos < block.size()) {
        const qsizetype before = pos;
        const QByteArray line = nextLine(block, pos);
        if (line.trimmed().isEmpty()) {
            if (bodyStart)
                *bodyStart = pos;
            return headers;
        }
        if (isWsp(line.at(0)) && !headers.isEmpty()) {
            headers.last().second += ' ' + line.trimmed();
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = colon > 0 ? line.left(colon).trimmed() : QByteArray();
        bool validName = !name.isEmpty() && !name.contains(' ');
        if (!validName) {
            // Not a header: the body starts here (a message without the empty line).
            if (bodyStart)
                *bodyStart = before;
            return headers;
        }
        headers.append({name, line.mid(colon + 1).trimmed()});
    }
    if (bodyStart)
        *bodyStart = block.size();
    return headers;
}

QString MimeReader::decodeHeader(const QByteArray &raw) {
    if (!raw.contains("=?"))
        return QString::fromUtf8(raw); // 8-bit headers are mostly UTF-8 (RFC 6532)
    static const QRegularExpression word(QStringLiteral(R"(=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=)"));
    const QString text = QString::fromLatin1(raw);
    QString out;
    qsizetype last = 0;
    bool previousWasWord = false;
    for (auto it = word.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const QString between = text.mid(last, m.capturedStart() - last);
        // White space between two encoded-words is not shown (RFC 2047 6.2).
        if (!(previousWasWord && between.trimmed().isEmpty()))
            out += QString::fromUtf8(between.toLatin1());
        QByteArray charset = m.captured(1).toLatin1().toLower();
        if (const qsizetype star = charset.indexOf('*'); star >= 0)
            charset.truncate(star); // RFC 2231 language suffix
        const QByteArray payload = m.captured(3).toLatin1();
        QByteArray bytes;
        if (m.captured(2).compare(QStringLiteral("b"), Qt::CaseInsensitive) == 0) {
            bytes = decodeBase64Lenient(payload);
        } else {
            QByteArray q = payload;
            q.replace('_', ' ');
            bytes = decodeQuotedPrintable(q);
        }
        out += decodeCharset(bytes, charset);
        last = m.capturedEnd();
        previousWasWord = true;
    }
    out += QString::fromUtf8(text.mid(last).toLatin1());
    return out;
}

QByteArray MimeReader::parameter(const QByteArray &headerValue, const QByteArray &name) {
    // name=value or name="quoted value", case-insensitive name, after a ';'.
    const QByteArray lower = headerValue.toLower();
    const QByteArray key = name.toLower() + '=';
    qsizetype at = 0;
    while ((at = lower.indexOf(key, at)) >= 0) {
        const bool boundaryBefore = at == 0 || lower.at(at - 1) == ';' || isWsp(lower.at(at - 1));
        if (!boundaryBefore) {
            at += key.size();
            continue;
        }
        qsizetype v = at + key.size();
        if (v < headerValue.size() && headerValue.at(v) == '"') {
            QByteArray out;
            for (++v; v < headerValue.size() && headerValue.at(v) != '"'; ++v) {
                if (headerValue.at(v) == '\\' && v + 1 < headerValue.size())
                    ++v;
                out += headerValue.at(v);
            }
            return out;
        }
        qsizetype end = v;
        while (end < headerValue.size() && headerValue.at(end) != ';' && !isWsp(headerValue.at(end)))
            ++end;
        return headerValue.mid(v, end - v);
    }
    return {};
}

QString MimeReader::decodeCharset(const QByteArray &bytes, const QByteArray &charset) {
    if (charset.isEmpty() || charset == "us-ascii" || charset == "utf-8" || charset == "utf8") {
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString s = utf8(bytes);
        return utf8.hasError() ? QString::fromLatin1(bytes) : s;
    }
    QStringDecoder decoder(charset.constData());
    if (!decoder.isValid() && (charset == "gb2312" || charset == "gbk"))
        decoder = QStringDecoder("GB18030");
    if (!decoder.isValid())
        return QString::fromLatin1(bytes);
    return decoder(bytes);
}

QByteArray MimeReader::decodeQuotedPrintable(const QByteArray &qp) {
    QByteArray out;
    out.reserve(qp.size());
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1;
    };
    for (qsizetype i = 0; i < qp.size(); ++i) {
        const char c = qp.at(i);
        if (c != '=') {
            out += c;
            continue;
        }
        if (i + 1 < qp.size() && (qp.at(i + 1) == '\n' || qp.at(i + 1) == '\r')) { // soft line break
            ++i;
            if (qp.at(i) == '\r' && i + 1 < qp.size() && qp.at(i + 1) == '\n')
                ++i;
            continue;
        }
        const int hi = i + 1 < qp.size() ? hex(qp.at(i + 1)) : -1;
        const int lo = i + 2 < qp.size() ? hex(qp.at(i + 2)) : -1;
        if (hi >= 0 && lo >= 0) {
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += c; // not an escape: kept as it is
        }
    }
    return out;
}

} // namespace hivepost::mime
