#pragma once

// CsvReader: a streaming RFC 4180 reader over a Utf8Source: quoted fields, doubled quotes, line
// breaks inside quotes, CRLF/LF/CR. Lenient where Excel is (a stray quote inside an unquoted
// field is text), strict where data would be lost (an unclosed quote, binary data, a field over
// 1 MiB): those stop the reader with the line they start on. Blank lines are skipped.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <QCoreApplication>
#include <QString>

#include "import/Utf8Source.h"

namespace hivepost::import {

struct CsvRecord {
    qint64 line = 0; // the physical line the record starts on, from 1
    std::string data;
    std::vector<std::uint32_t> ends; // end offset of each field in data

    qsizetype size() const { return qsizetype(ends.size()); }
    std::string_view field(qsizetype i) const {
        const std::uint32_t begin = i == 0 ? 0 : ends[size_t(i - 1)];
        return std::string_view(data).substr(begin, ends[size_t(i)] - begin);
    }
};

class CsvReader {
    Q_DECLARE_TR_FUNCTIONS(CsvReader)

public:
    enum class Status { Record, End, Error };

    static constexpr size_t MaxFieldBytes = 1024 * 1024;
    static constexpr size_t MaxFields = 4096;

    CsvReader(Utf8Source &source, char delimiter);

    Status next(CsvRecord &record);
    QString errorString() const { return m_error; }
    qint64 errorLine() const { return m_errorLine; }

    // The delimiter that splits the sample (the first lines of a file) most consistently.
    static char sniffDelimiter(std::string_view sample);

private:
    enum class Parse { Ok, Blank, NeedMore, End, Error };
    Parse parse(CsvRecord &record, size_t &end, qint64 &newlines);
    bool fill();

    Utf8Source &m_source;
    const char m_delimiter;
    std::string m_buffer;
    size_t m_pos = 0;
    bool m_eof = false;
    qint64 m_line = 1;
    QString m_error;
    qint64 m_errorLine = 0;
};

} // namespace hivepost::import
