#pragma once

// RowParser: the reading half of an import, on a thread of its own so that it overlaps with the
// database writes. It reads records, validates and normalises the e-mail, trims the names and
// builds the custom-field JSON, and hands rows over in batches of 4096 through a queue of four
// (bounded memory). The importer takes the batches in file order with next(). Destroying the
// parser stops and joins its thread.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <QString>

#include "common/EmailAddress.h"

namespace hivepost::import {

class CsvFile;

struct Span {
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
};

struct ParsedRow {
    qint64 line = 0;
    EmailAddress::Problem problem = EmailAddress::Problem::None;
    qsizetype fieldCount = 0;
    bool replacedCharacters = false; // U+FFFD: bytes the encoding could not decode
    Span rawEmail;
    Span email; // the rest only when the address is valid
    Span name;
    Span firstName;
    Span lastName;
    Span json;
    std::uint32_t rawFirstField = 0; // into RowBatch::rawEnds, when raw records are kept
};

struct RowBatch {
    std::string text;
    std::vector<ParsedRow> rows;
    std::string rawText;                // whole records, for the rejected-rows file
    std::vector<std::uint32_t> rawEnds; // field end offsets into rawText
    qint64 bytesRead = 0;
    bool last = false;
    std::optional<std::pair<qint64, QString>> error; // a fatal reading error after these rows

    std::string_view view(Span s) const { return std::string_view(text).substr(s.offset, s.size); }
    std::vector<std::string_view> rawFields(const ParsedRow &row) const;
};

struct ParserColumns {
    struct Custom {
        int column;
        std::string name; // UTF-8
    };
    int email = -1;
    int name = -1;
    int firstName = -1;
    int lastName = -1;
    std::vector<Custom> custom;
};

// What the values of a custom column looked like, to give a new field its type.
struct CustomStats {
    bool any = false;
    bool allNumbers = true;
    bool allDates = true;
};

class RowParser {
public:
    // file must be positioned after the header and outlive the parser.
    RowParser(CsvFile &file, ParserColumns columns, bool keepRawRecords);
    ~RowParser();
    RowParser(const RowParser &) = delete;
    RowParser &operator=(const RowParser &) = delete;

    void start();
    // The next batch in file order; blocks until it is parsed. The one with last set ends it.
    std::unique_ptr<RowBatch> next();
    void stop(); // idempotent; next() must not be called afterwards

    // Valid once the last batch was taken.
    const std::vector<CustomStats> &customStats() const { return m_stats; }

    static constexpr size_t BatchRows = 4096;
    static constexpr size_t QueueDepth = 4;

private:
    void run();
    void parseInto(RowBatch &batch);

    CsvFile &m_file;
    const ParserColumns m_columns;
    const bool m_keepRaw;
    std::vector<CustomStats> m_stats;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<RowBatch>> m_queue;
    bool m_stopping = false;
};

} // namespace hivepost::import
