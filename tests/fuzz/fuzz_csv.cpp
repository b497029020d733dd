// The CSV reader behind every import, with encoding detection: any bytes give records or one error
// with its line, never a crash. Records come out as valid UTF-8 (bytes invalid in the encoding become
// U+FFFD), within the reader's bounds, on non-decreasing lines.

#include <QBuffer>

#include "FuzzSupport.h"
#include "import/CsvReader.h"
#include "import/Encoding.h"
#include "import/Utf8Source.h"

using namespace hivepost;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const import::Encoding encoding =
        import::detectEncoding(bytes.first(qMin<qsizetype>(bytes.size(), 64 * 1024)));
    FUZZ_CHECK(encoding != import::Encoding::Auto, "detection always decides");

    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    import::Utf8Source source(&device, encoding);
    std::string sample;
    source.readChunk(sample);
    const char delimiter = import::CsvReader::sniffDelimiter(sample);
    FUZZ_CHECK(delimiter == ',' || delimiter == ';' || delimiter == '\t' || delimiter == '|',
               "a known delimiter");

    device.seek(0);
    import::Utf8Source again(&device, encoding);
    import::CsvReader reader(again, delimiter);
    import::CsvRecord record;
    qint64 lastLine = 0;
    for (int n = 0; n < 100000; ++n) {
        const auto status = reader.next(record);
        if (status == import::CsvReader::Status::End)
            break;
        if (status == import::CsvReader::Status::Error) {
            FUZZ_CHECK(reader.errorLine() >= 1, "an error names its line");
            FUZZ_CHECK(!reader.errorString().isEmpty(), "an error says what is wrong");
            break;
        }
        FUZZ_CHECK(record.line >= 1 && record.line >= lastLine, "records on non-decreasing lines");
        lastLine = record.line;
        FUZZ_CHECK(record.size() >= 1 && size_t(record.size()) <= import::CsvReader::MaxFields,
                   "field count");
        FUZZ_CHECK(record.ends.back() == record.data.size(), "the fields cover the record");
        bool invalid = false;
        const QByteArrayView text(record.data.data(), qsizetype(record.data.size()));
        FUZZ_CHECK(import::validUtf8Prefix(text, &invalid) == text.size() && !invalid, "records are UTF-8");
        for (qsizetype i = 0; i < record.size(); ++i)
            FUZZ_CHECK(record.field(i).size() <= import::CsvReader::MaxFieldBytes, "field size");
    }
    return 0;
}
