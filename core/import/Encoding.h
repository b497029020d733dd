#pragma once

// Text encodings of imported files: the ones Excel writes (UTF-8 with or without BOM, UTF-16 with
// BOM, GB18030/GBK on Chinese Windows), their names on the command line, and detection.

#include <optional>

#include <QByteArrayView>
#include <QString>

namespace hivepost::import {

enum class Encoding { Auto, Utf8, Utf8Bom, Utf16LE, Utf16BE, Gb18030 };

// "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030" ("auto" for Auto).
QString encodingName(Encoding encoding);

// auto, utf-8 (utf8), gb18030 (gbk, gb2312), utf-16 (utf-16le, utf-16be); nullopt if unknown.
std::optional<Encoding> parseEncoding(const QString &name);

// Looks at the first bytes of a file: a BOM, UTF-16 without BOM by its zero bytes, valid UTF-8,
// else GB18030 (a superset of GBK and GB2312, which is what Excel on Chinese Windows writes).
Encoding detectEncoding(QByteArrayView head);

// Length of the longest prefix of data that is valid UTF-8 ending on a whole character, and
// whether anything before the last (possibly cut) character is invalid.
qsizetype validUtf8Prefix(QByteArrayView data, bool *invalid);

} // namespace hivepost::import
