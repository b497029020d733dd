#include "import/CsvReader.h"

#include <array>
#include <cstring>

namespace hivepost::import {

CsvReader::CsvReader(Utf8Source &source, char delimiter)
    : m_source(source)
    , m_delimiter(delimiter) {}

bool CsvReader::fill() {
    if (m_pos > 0) {
        m_buffer.erase(0, m_pos);
        m_pos = 0;
    }
    if (!m_source.readChunk(m_buffer)) {
        m_eof = true;
        return false;
    }
    return true;
}

CsvReader::Status CsvReader::next(CsvRecord &record) {
    for (;;) {
        size_t end = 0;
        qint64 newlines = 0;
        switch (parse(record, end, newlines)) {
        case Parse::NeedMore:
            if (m_buffer.size() - m_pos > MaxFieldBytes * 4) {
                m_errorLine = m_line;
                m_error =
                    tr("line %1: a record longer than 4 MiB; is a quote never closed, or is this not a CSV "
                       "file?")
                        .arg(m_line);
                return Status::Error;
            }
            fill();
            if (m_eof && !m_source.errorString().isEmpty()) {
                m_errorLine = m_line;
                m_error = tr("line %1: cannot read the file: %2").arg(m_line).arg(m_source.errorString());
                return Status::Error;
            }
            continue;
        case Parse::End:
            return Status::End;
        case Parse::Error:
            m_errorLine = m_line;
            return Status::Error;
        case Parse::Blank:
            m_line += newlines;
            m_pos = end;
            continue;
        case Parse::Ok:
            record.line = m_line;
            m_line += newlines;
            m_pos = end;
            return Status::Record;
        }
    }
}

// Parses one record from m_pos. NeedMore means the buffer ends inside the record: the caller
// reads more and the record is parsed again from its start.
CsvReader::Parse CsvReader::parse(CsvRecord &record, size_t &end, qint64 &newlines) {
    record.data.clear();
    record.ends.clear();
    const char *buf = m_buffer.data();
    const size_t n = m_buffer.size();
    const char delim = m_delimiter;
    size_t i = m_pos;
    newlines = 0;
    if (i >= n)
        return m_eof ? Parse::End : Parse::NeedMore;

    bool quotedAny = false;
    for (;;) {
        const size_t fieldStart = record.data.size();
        if (i < n && buf[i] == '"') {
            quotedAny = true;
            ++i;
            for (;;) {
                const void *q = std::memchr(buf + i, '"', n - i);
                if (!q) {
                    if (n - i > MaxFieldBytes) {
                        m_error = tr("line %1: a quoted field that starts here is longer than 1 MiB; is its "
                                     "closing "
                                     "quote missing?")
                                      .arg(m_line);
                        return Parse::Error;
                    }
                    if (!m_eof)
                        return Parse::NeedMore;
                    m_error = tr("line %1: a quoted field that starts here is never closed (a \" is missing)")
                                  .arg(m_line);
                    return Parse::Error;
                }
                const size_t qi = size_t(static_cast<const char *>(q) - buf);
                for (size_t k = i; k < qi; ++k) {
                    const char c = buf[k];
                    if (c == '\n' || (c == '\r' && (k + 1 >= n || buf[k + 1] != '\n')))
                        ++newlines;
                    else if (c == '\0') {
                        m_error =
                            tr("line %1: the file contains binary data (a NUL byte); is it really a CSV "
                               "file?")
                                .arg(m_line + newlines);
                        return Parse::Error;
                    }
                }
                record.data.append(buf + i, qi - i);
                i = qi + 1;
                if (i >= n && !m_eof)
                    return Parse::NeedMore;
                if (i < n && buf[i] == '"') { // a doubled quote stands for one
                    record.data.push_back('"');
                    ++i;
                    continue;
                }
                break;
            }
        }
        // Unquoted text, or what follows a closing quote before the delimiter (kept, as Excel does).
        size_t j = i;
        while (j < n) {
            const char c = buf[j];
            if (c == delim || c == '\n' || c == '\r')
                break;
            if (c == '\0') {
                m_error = tr("line %1: the file contains binary data (a NUL byte); is it really a CSV file?")
                              .arg(m_line + newlines);
                return Parse::Error;
            }
            ++j;
        }
        record.data.append(buf + i, j - i);
        i = j;
        if (record.data.size() - fieldStart > MaxFieldBytes) {
            m_error =
                tr("line %1: a field longer than 1 MiB; is this really a CSV file?").arg(m_line + newlines);
            return Parse::Error;
        }
        record.ends.push_back(std::uint32_t(record.data.size()));
        if (record.ends.size() > MaxFields) {
            m_error = tr("line %1: more than %2 fields; is the delimiter right?").arg(m_line).arg(MaxFields);
            return Parse::Error;
        }
        if (i >= n) {
            if (!m_eof)
                return Parse::NeedMore;
            end = n;
            break;
        }
        const char c = buf[i];
        if (c == delim) {
            ++i;
            if (i >= n && !m_eof)
                return Parse::NeedMore;
            continue;
        }
        // A line break ends the record: CRLF, LF or CR.
        ++i;
        if (c == '\r') {
            if (i >= n && !m_eof)
                return Parse::NeedMore;
            if (i < n && buf[i] == '\n')
                ++i;
        }
        ++newlines;
        end = i;
        break;
    }
    if (!quotedAny && record.ends.size() == 1 && record.data.empty())
        return Parse::Blank;
    return Parse::Ok;
}

char CsvReader::sniffDelimiter(std::string_view sample) {
    constexpr std::array<char, 4> candidates{',', ';', '\t', '|'};
    // Count each candidate outside quotes, line by line, over the first lines.
    std::vector<std::array<int, 4>> perLine;
    std::array<int, 4> counts{};
    bool inQuotes = false;
    for (size_t i = 0; i < sample.size() && perLine.size() < 50; ++i) {
        const char c = sample[i];
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes && (c == '\n' || c == '\r')) {
            if (c == '\r' && i + 1 < sample.size() && sample[i + 1] == '\n')
                ++i;
            perLine.push_back(counts);
            counts = {};
        } else if (!inQuotes) {
            for (size_t k = 0; k < candidates.size(); ++k)
                counts[k] += c == candidates[k];
        }
    }
    if (counts != std::array<int, 4>{} || perLine.empty())
        perLine.push_back(counts);

    // The best candidate appears in the header and the same number of times on most lines.
    char best = ',';
    int bestScore = 0;
    for (size_t k = 0; k < candidates.size(); ++k) {
        const int header = perLine.front()[k];
        if (header == 0)
            continue;
        int score = 0;
        for (const auto &line : perLine)
            score += line[k] == header ? 2 : line[k] > 0 ? 1 : 0;
        if (score > bestScore) {
            bestScore = score;
            best = candidates[k];
        }
    }
    return best;
}

} // namespace hivepost::import
