#include "import/Encoding.h"

using namespace Qt::StringLiterals;

namespace hivepost::import {

QString encodingName(Encoding encoding) {
    switch (encoding) {
    case Encoding::Auto:
        return u"auto"_s;
    case Encoding::Utf8:
        return u"utf-8"_s;
    case Encoding::Utf8Bom:
        return u"utf-8-bom"_s;
    case Encoding::Utf16LE:
        return u"utf-16le"_s;
    case Encoding::Utf16BE:
        return u"utf-16be"_s;
    case Encoding::Gb18030:
        return u"gb18030"_s;
    }
    return QString();
}

std::optional<Encoding> parseEncoding(const QString &name) {
    const QString n = name.trimmed().toLower();
    if (n == u"auto"_s || n.isEmpty())
        return Encoding::Auto;
    if (n == u"utf-8"_s || n == u"utf8"_s)
        return Encoding::Utf8;
    if (n == u"utf-8-bom"_s)
        return Encoding::Utf8Bom;
    if (n == u"utf-16"_s || n == u"utf16"_s || n == u"utf-16le"_s)
        return Encoding::Utf16LE;
    if (n == u"utf-16be"_s)
        return Encoding::Utf16BE;
    if (n == u"gb18030"_s || n == u"gbk"_s || n == u"gb2312"_s || n == u"cp936"_s)
        return Encoding::Gb18030;
    return std::nullopt;
}

qsizetype validUtf8Prefix(QByteArrayView data, bool *invalid) {
    *invalid = false;
    const auto *p = reinterpret_cast<const unsigned char *>(data.data());
    const qsizetype n = data.size();
    qsizetype i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len = 0;
        unsigned minimum = 0;
        unsigned cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F, minimum = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F, minimum = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07, minimum = 0x10000;
        } else {
            *invalid = true;
            return i;
        }
        if (i + len > n) {
            // A character cut at the end: valid so far if its continuation bytes are.
            for (qsizetype k = i + 1; k < n; ++k) {
                if ((p[k] & 0xC0) != 0x80) {
                    *invalid = true;
                    break;
                }
            }
            return i;
        }
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) {
                *invalid = true;
                return i;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *invalid = true;
            return i;
        }
        i += len;
    }
    return i;
}

Encoding detectEncoding(QByteArrayView head) {
    if (head.startsWith("\xEF\xBB\xBF"))
        return Encoding::Utf8Bom;
    if (head.startsWith("\xFF\xFE"))
        return Encoding::Utf16LE;
    if (head.startsWith("\xFE\xFF"))
        return Encoding::Utf16BE;

    // UTF-16 without a BOM: text that is mostly ASCII has a zero in every other byte.
    const qsizetype sample = std::min<qsizetype>(head.size(), 4096);
    qsizetype zeroEven = 0;
    qsizetype zeroOdd = 0;
    for (qsizetype i = 0; i < sample; ++i) {
        if (head[i] == '\0')
            (i % 2 ? zeroOdd : zeroEven)++;
    }
    if (sample >= 4 && zeroOdd > sample / 4 && zeroEven < sample / 50)
        return Encoding::Utf16LE;
    if (sample >= 4 && zeroEven > sample / 4 && zeroOdd < sample / 50)
        return Encoding::Utf16BE;

    bool invalid = false;
    validUtf8Prefix(head, &invalid);
    return invalid ? Encoding::Gb18030 : Encoding::Utf8;
}

} // namespace hivepost::import
