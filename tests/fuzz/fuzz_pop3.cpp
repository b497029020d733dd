// POP3 response framing: status lines and multi-line data (dot-stuffing undone, RFC 1939 3) come out
// the same whether the bytes arrive split anywhere or at once, with the same commands expecting data.

#include "FuzzSupport.h"
#include "mailbox/MailResponses.h"

using namespace hivepost;
using mailbox::Pop3ResponseReader;

namespace {

struct Response {
    Pop3ResponseReader::Status status;
    QByteArray line;
    QList<QByteArray> data;
    bool operator==(const Response &) const = default;
};

// Reads what is complete; whether the response after the n-th expects data is bit n of plan.
QList<Response> drain(Pop3ResponseReader &reader, std::uint32_t plan, qsizetype &count, bool *error) {
    QList<Response> out;
    for (;;) {
        Response r;
        r.status = reader.next(r.line, r.data);
        if (r.status == Pop3ResponseReader::Status::NeedMore)
            return out;
        if (r.status == Pop3ResponseReader::Status::Error) {
            *error = true;
            return out;
        }
        FUZZ_CHECK(r.status == Pop3ResponseReader::Status::Multiline ? r.line.startsWith("+OK")
                                                                     : r.data.isEmpty(),
                   "data follows only +OK");
        for (const QByteArray &l : r.data)
            FUZZ_CHECK(!l.contains("\r\n"), "data lines have no line break");
        out.append(r);
        ++count;
        if (plan & (1u << (count % 32)))
            reader.expectMultiline();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Input in(data, size);
    const std::uint8_t seed = in.byte();
    std::uint32_t plan = 0;
    for (int i = 0; i < 4; ++i)
        plan = (plan << 8) | in.byte();
    const QByteArray bytes = in.rest();

    Pop3ResponseReader whole;
    if (plan & 1u)
        whole.expectMultiline();
    whole.feed(bytes);
    qsizetype wholeCount = 0;
    bool wholeError = false;
    const QList<Response> all = drain(whole, plan, wholeCount, &wholeError);

    Pop3ResponseReader split;
    if (plan & 1u)
        split.expectMultiline();
    qsizetype splitCount = 0;
    bool splitError = false;
    QList<Response> pieces;
    for (const QByteArray &chunk : fuzz::chunks(bytes, seed)) {
        split.feed(chunk);
        pieces += drain(split, plan, splitCount, &splitError);
    }
    FUZZ_CHECK(wholeError == splitError, "split and whole fail alike");
    FUZZ_CHECK(pieces == all, "split and whole give the same responses");
    return 0;
}
