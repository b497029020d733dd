// IMAP response framing (literals included): bytes split anywhere give the same responses as the same
// bytes at once; a literal's bytes are taken exactly as announced, whatever they hold; bounds hold.

#include "FuzzSupport.h"
#include "mailbox/MailResponses.h"

using namespace hivepost;
using mailbox::ImapResponseReader;

namespace {

QList<mailbox::ImapResponse> drain(ImapResponseReader &reader, bool *error) {
    QList<mailbox::ImapResponse> out;
    mailbox::ImapResponse r;
    for (;;) {
        const auto status = reader.next(r);
        if (status == ImapResponseReader::Status::Response) {
            out.append(r);
            continue;
        }
        *error = *error || status == ImapResponseReader::Status::Error;
        return out;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Input in(data, size);
    const std::uint8_t seed = in.byte();
    const QByteArray bytes = in.rest();

    ImapResponseReader whole;
    whole.feed(bytes);
    bool wholeError = false;
    const QList<mailbox::ImapResponse> all = drain(whole, &wholeError);

    ImapResponseReader split;
    bool splitError = false;
    QList<mailbox::ImapResponse> pieces;
    for (const QByteArray &chunk : fuzz::chunks(bytes, seed)) {
        split.feed(chunk);
        pieces += drain(split, &splitError);
    }
    FUZZ_CHECK(wholeError == splitError, "split and whole fail alike");
    FUZZ_CHECK(pieces.size() == all.size(), "split and whole find the same responses");
    qint64 consumed = 0;
    for (qsizetype i = 0; i < all.size(); ++i) {
        FUZZ_CHECK(pieces[i].line == all[i].line && pieces[i].literals == all[i].literals,
                   "split and whole agree");
        FUZZ_CHECK(all[i].line.count("{}") >= all[i].literals.size(), "each literal was announced");
        FUZZ_CHECK(!all[i].line.contains("\r\n"), "a response's text has no line break");
        consumed += all[i].line.size();
        for (const QByteArray &literal : all[i].literals)
            consumed += literal.size();
    }
    FUZZ_CHECK(consumed <= bytes.size(), "nothing read twice");
    return 0;
}
