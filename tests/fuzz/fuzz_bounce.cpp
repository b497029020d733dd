// The bounce parser (DSN, ARF, auto-replies and the prose of many MTAs) and the MIME reader under
// it: any e-mail gives records or none, never a crash or a runaway nesting, and every record is
// classified: a reason, a status shaped as RFC 3463 says, a reply code that is one.

#include <QRegularExpression>

#include "FuzzSupport.h"
#include "bounce/BounceParser.h"
#include "mime/MimeReader.h"

using namespace hivepost;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const QByteArray message(reinterpret_cast<const char *>(data), qsizetype(size));
    const mime::MimeEntity entity = mime::MimeReader::read(message);
    FUZZ_CHECK(!entity.type.isEmpty(), "every entity has a type");

    static const QRegularExpression status(u"^[245]\\.\\d{1,3}\\.\\d{1,3}$"_s);
    for (const bounce::BounceRecord &r : bounce::BounceParser::parse(message)) {
        FUZZ_CHECK(!r.reason.isEmpty(), "every record has a reason");
        FUZZ_CHECK(r.status.isEmpty() || status.match(r.status).hasMatch(), "a status is an RFC 3463 code");
        FUZZ_CHECK(r.replyCode == 0 || (r.replyCode >= 200 && r.replyCode <= 599), "a reply code is one");
        FUZZ_CHECK(!r.hard || r.status.isEmpty() || !r.status.startsWith(u'2'),
                   "a delivery is not a hard bounce");
    }
    return 0;
}
