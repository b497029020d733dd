#include "common/CsvWriter.h"

namespace hivepost {

CsvWriter::CsvWriter(QIODevice *device, bool withBom)
    : m_device(device) {
    if (withBom)
        m_ok = m_device->write("\xEF\xBB\xBF", 3) == 3;
}

QByteArray CsvWriter::quoted(const QString &field) {
    QByteArray utf8 = field.toUtf8();
    // What a spreadsheet would run as a formula (or as DDE) is made text.
    if (!utf8.isEmpty() && QByteArrayView("=+-@\t\r").contains(utf8.front()))
        utf8.prepend('\'');
    // Quote when the field holds a delimiter a reader might sniff, a quote or a line break, or
    // would be trimmed by a reader.
    bool needsQuotes = utf8.startsWith(' ') || utf8.endsWith(' ');
    for (char c : std::as_const(utf8)) {
        if (c == ',' || c == ';' || c == '\t' || c == '|' || c == '"' || c == '\n' || c == '\r') {
            needsQuotes = true;
            break;
        }
    }
    if (!needsQuotes)
        return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

QString CsvWriter::quotedText(const QString &field) {
    return QString::fromUtf8(quoted(field));
}

void CsvWriter::writeRow(const QStringList &fields) {
    QByteArray line;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            line += ',';
        line += quoted(fields.at(i));
    }
    line += "\r\n";
    m_ok = m_ok && m_device->write(line) == line.size();
}

} // namespace hivepost
