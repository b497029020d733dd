// The SMTP reply parser: bytes split anywhere give the same replies as the same bytes at once, up to
// the first malformed line (or a line split past the parser's limit); every reply has a code, a line
// and, when it has one, an enhanced status shaped as RFC 3463 2 says.

#include "FuzzSupport.h"
#include "smtp/SmtpReply.h"

using namespace hivepost;

namespace {

bool same(const smtp::SmtpReply &a, const smtp::SmtpReply &b) {
    return a.code == b.code && a.enhanced == b.enhanced && a.lines == b.lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Input in(data, size);
    const std::uint8_t seed = in.byte();
    const QByteArray bytes = in.rest();

    smtp::SmtpReplyParser whole;
    bool wholeError = false;
    const QList<smtp::SmtpReply> all = whole.feed(bytes, &wholeError);

    smtp::SmtpReplyParser split;
    QList<smtp::SmtpReply> pieces;
    bool splitError = false;
    for (const QByteArray &chunk : fuzz::chunks(bytes, seed)) {
        pieces += split.feed(chunk, &splitError);
        if (splitError)
            break;
    }
    // A line over the limit is refused as soon as it is seen whole or grows past it, so the split
    // parser may stop earlier than the whole one only for that reason; replies before agree.
    FUZZ_CHECK(pieces.size() <= all.size(), "splitting never makes replies");
    for (qsizetype i = 0; i < pieces.size(); ++i)
        FUZZ_CHECK(same(pieces[i], all[i]), "split and whole agree");
    if (!splitError && !wholeError)
        FUZZ_CHECK(pieces.size() == all.size(), "split and whole find the same replies");

    for (const smtp::SmtpReply &r : all) {
        FUZZ_CHECK(r.code >= 0 && r.code <= 999 && !r.lines.isEmpty(), "a code and at least one line");
        if (!r.enhanced.isEmpty())
            FUZZ_CHECK(r.enhanced.size() >= 5 && r.enhanced.size() <= 9 && r.enhanced[1] == '.',
                       "an enhanced status looks like one");
        for (const QByteArray &line : r.lines)
            FUZZ_CHECK(line.size() <= bytes.size(), "no text from nowhere");
    }
    return 0;
}
