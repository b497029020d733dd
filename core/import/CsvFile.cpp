#include "import/CsvFile.h"

#include <QBuffer>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace hivepost::import {

Result<void> CsvFile::open(const QString &path, Encoding encoding, char delimiter) {
    if (QFileInfo(path).isDir())
        return makeError(ErrorCode::Io, tr("“%1” is a folder, not a file.").arg(path));
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot open “%1”: %2").arg(path, m_file.errorString()));

    const QByteArray head = m_file.peek(64 * 1024);
    if (encoding == Encoding::Auto)
        encoding = detectEncoding(head);

    m_delimiter = delimiter;
    if (m_delimiter == 0) {
        // Decode the head on its own to sniff the delimiter; the real source starts afresh.
        QByteArray sampleBytes = head;
        QBuffer buffer(&sampleBytes);
        buffer.open(QIODevice::ReadOnly);
        Utf8Source sampleSource(&buffer, encoding);
        std::string sample;
        sampleSource.readChunk(sample);
        m_delimiter = CsvReader::sniffDelimiter(sample);
    }
    m_source = std::make_unique<Utf8Source>(&m_file, encoding);
    m_reader = std::make_unique<CsvReader>(*m_source, m_delimiter);
    return {};
}

QString CsvFile::delimiterName(char delimiter) {
    return delimiter == '\t' ? u"tab"_s : QString(QLatin1Char(delimiter));
}

int CsvFile::parseDelimiter(const QString &name) {
    if (name.isEmpty() || name == u"auto"_s)
        return 0;
    if (name == u"tab"_s || name == u"\\t"_s || name == u"\t"_s)
        return '\t';
    if (name == u","_s || name == u";"_s || name == u"|"_s)
        return name.at(0).toLatin1();
    return -1;
}

} // namespace hivepost::import
