#include "import/RowParser.h"

#include "import/CsvFile.h"

namespace hivepost::import {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// A cell that a spreadsheet-safe CSV writer (Hivepost's own, Excel's text marker) guarded with a
// leading ' because it starts with = + - @ tab or CR (OWASP CSV injection) is read as it was.
std::string_view unguarded(std::string_view s) {
    if (s.size() >= 2 && s[0] == '\'' && std::string_view("=+-@\t\r").find(s[1]) != std::string_view::npos)
        s.remove_prefix(1);
    return s;
}

Span append(std::string &text, std::string_view s) {
    const Span span{std::uint32_t(text.size()), std::uint32_t(s.size())};
    text.append(s);
    return span;
}

void appendJsonString(std::string &out, std::string_view s) {
    out.push_back('"');
    size_t plain = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        out.append(s.substr(plain, i - plain));
        plain = i + 1;
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(char(c));
        } else {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    out.append(s.substr(plain));
    out.push_back('"');
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// -12, 3.5, 1,5 (a decimal comma), 1e6
bool looksLikeNumber(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    const size_t digitsStart = i;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    if (i == digitsStart)
        return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        const size_t fraction = ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == fraction)
            return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        const size_t exponent = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == exponent)
            return false;
    }
    return i == s.size();
}

// 2024-03-01, 2024/3/1, 2024.03.01
bool looksLikeDate(std::string_view s) {
    if (s.size() < 8 || s.size() > 10 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]))
        return false;
    const char sep = s[4];
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    size_t i = 5;
    int parts[2] = {0, 0};
    for (int p = 0; p < 2; ++p) {
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]) && i - start < 2)
            parts[p] = parts[p] * 10 + (s[i++] - '0');
        if (i == start)
            return false;
        if (p == 0) {
            if (i >= s.size() || s[i] != sep)
                return false;
            ++i;
        }
    }
    return i == s.size() && parts[0] >= 1 && parts[0] <= 12 && parts[1] >= 1 && parts[1] <= 31;
}

} // namespace

std::vector<std::string_view> RowBatch::rawFields(const ParsedRow &row) const {
    std::vector<std::string_view> fields;
    std::uint32_t begin = row.rawFirstField == 0 ? 0 : rawEnds[row.rawFirstField - 1];
    for (qsizetype i = 0; i < row.fieldCount; ++i) {
        const std::uint32_t end = rawEnds[row.rawFirstField + size_t(i)];
        fields.push_back(std::string_view(rawText).substr(begin, end - begin));
        begin = end;
    }
    return fields;
}

RowParser::RowParser(CsvFile &file, ParserColumns columns, bool keepRawRecords)
    : m_file(file)
    , m_columns(std::move(columns))
    , m_keepRaw(keepRawRecords)
    , m_stats(m_columns.custom.size()) {}

RowParser::~RowParser() {
    stop();
}

void RowParser::start() {
    m_thread = std::thread([this] { run(); });
}

void RowParser::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

std::unique_ptr<RowBatch> RowParser::next() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_queue.empty(); });
    std::unique_ptr<RowBatch> batch = std::move(m_queue.front());
    m_queue.pop_front();
    lock.unlock();
    m_changed.notify_all();
    return batch;
}

void RowParser::run() {
    for (;;) {
        auto batch = std::make_unique<RowBatch>();
        parseInto(*batch);
        const bool last = batch->last;
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_stopping || m_queue.size() < QueueDepth; });
        if (m_stopping)
            return;
        m_queue.push_back(std::move(batch));
        lock.unlock();
        m_changed.notify_all();
        if (last)
            return;
    }
}

void RowParser::parseInto(RowBatch &batch) {
    CsvReader &reader = m_file.reader();
    CsvRecord record;
    std::string email;
    batch.rows.reserve(BatchRows);
    batch.text.reserve(BatchRows * 96);
    const auto fieldAt = [&record](int column) {
        return column >= 0 && column < record.size() ? unguarded(trimmed(record.field(column)))
                                                     : std::string_view();
    };
    while (batch.rows.size() < BatchRows) {
        const CsvReader::Status status = reader.next(record);
        if (status == CsvReader::Status::End) {
            batch.last = true;
            break;
        }
        if (status == CsvReader::Status::Error) {
            batch.last = true;
            batch.error = std::make_pair(reader.errorLine(), reader.errorString());
            break;
        }
        ParsedRow row;
        row.line = record.line;
        row.fieldCount = record.size();
        row.replacedCharacters = record.data.find("\xEF\xBF\xBD") != std::string::npos;
        const std::string_view rawEmail =
            m_columns.email < record.size() ? record.field(m_columns.email) : std::string_view();
        row.rawEmail = append(batch.text, rawEmail);
        row.problem = EmailAddress::normalizeUtf8(unguarded(trimmed(rawEmail)), email);
        if (row.problem == EmailAddress::Problem::None) {
            row.email = append(batch.text, email);
            row.name = append(batch.text, fieldAt(m_columns.name));
            row.firstName = append(batch.text, fieldAt(m_columns.firstName));
            row.lastName = append(batch.text, fieldAt(m_columns.lastName));
            const size_t jsonStart = batch.text.size();
            batch.text.push_back('{');
            for (size_t k = 0; k < m_columns.custom.size(); ++k) {
                const std::string_view value = fieldAt(m_columns.custom[k].column);
                if (value.empty())
                    continue;
                if (batch.text.size() > jsonStart + 1)
                    batch.text.push_back(',');
                appendJsonString(batch.text, m_columns.custom[k].name);
                batch.text.push_back(':');
                appendJsonString(batch.text, value);
                CustomStats &stats = m_stats[k];
                stats.any = true;
                stats.allNumbers = stats.allNumbers && looksLikeNumber(value);
                stats.allDates = stats.allDates && looksLikeDate(value);
            }
            batch.text.push_back('}');
            row.json = Span{std::uint32_t(jsonStart), std::uint32_t(batch.text.size() - jsonStart)};
        }
        if (m_keepRaw) {
            row.rawFirstField = std::uint32_t(batch.rawEnds.size());
            const std::uint32_t base = std::uint32_t(batch.rawText.size());
            batch.rawText.append(record.data);
            for (std::uint32_t end : record.ends)
                batch.rawEnds.push_back(base + end);
        }
        batch.rows.push_back(row);
    }
    batch.bytesRead = m_file.bytesRead();
}

} // namespace hivepost::import
