#pragma once

// CsvFile: a CSV file opened for reading: its encoding and delimiter detected (or as chosen), and
// a CsvReader positioned at its first record. Owns the file, the source and the reader.

#include <memory>

#include <QCoreApplication>
#include <QFile>

#include "common/Result.h"
#include "import/CsvReader.h"
#include "import/Encoding.h"
#include "import/Utf8Source.h"

namespace hivepost::import {

class CsvFile {
    Q_DECLARE_TR_FUNCTIONS(CsvFile)

public:
    // delimiter 0: sniff it from the first lines.
    Result<void> open(const QString &path, Encoding encoding, char delimiter);

    Encoding encoding() const { return m_source->encoding(); }
    char delimiter() const { return m_delimiter; }
    qint64 size() const { return m_file.size(); }
    qint64 bytesRead() const { return m_source->bytesRead(); }
    CsvReader &reader() { return *m_reader; }

    // "," ";" "tab" "|"
    static QString delimiterName(char delimiter);
    // auto (0), ",", ";", "tab" (or \t), "|"; -1 if unknown.
    static int parseDelimiter(const QString &name);

private:
    QFile m_file;
    char m_delimiter = ',';
    std::unique_ptr<Utf8Source> m_source;
    std::unique_ptr<CsvReader> m_reader;
};

} // namespace hivepost::import
