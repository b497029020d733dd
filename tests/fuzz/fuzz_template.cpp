// The template engine: any template text parses or gives one error with its line and column. A
// parsed template renders the same as text and as UTF-8, its segment offsets are in order, and every
// literal segment appears in each rendering at its offset. In HTML, a merged value never adds markup.

#include "FuzzSupport.h"
#include "template/MergeTemplate.h"

using namespace hivepost;
using namespace Qt::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    fuzz::Input in(data, size);
    // The template up to a NUL byte, then the value merged into it: a template file is a seed as it is.
    const QString source = QString::fromUtf8(in.piece());
    const QString value = QString::fromUtf8(in.rest());
    const auto parsed = templating::MergeTemplate::parse(source);
    if (!parsed.ok()) {
        FUZZ_CHECK(parsed.errorString().startsWith(u"line "_s), "an error names its line and column");
        return 0;
    }
    const templating::MergeTemplate &t = parsed.value();
    // Fields whose name has an even length have the value; the others fall back.
    const auto lookup = [&](const QString &field) -> std::optional<QString> {
        if (field.size() % 2 == 0)
            return value;
        return std::nullopt;
    };
    for (const auto escape :
         {templating::MergeTemplate::Escape::None, templating::MergeTemplate::Escape::Html}) {
        QList<qsizetype> offsets;
        const QByteArray utf8 = t.renderUtf8(lookup, escape, &offsets);
        FUZZ_CHECK(utf8 == t.render(lookup, escape).toUtf8(), "text and UTF-8 renderings agree");
        for (qsizetype i = 0; i < offsets.size(); ++i) {
            FUZZ_CHECK(offsets[i] >= 0 && offsets[i] <= utf8.size(), "offsets inside the rendering");
            FUZZ_CHECK(i == 0 || offsets[i] >= offsets[i - 1], "offsets in order");
        }
        for (const auto &[index, literal] : t.literals()) {
            FUZZ_CHECK(index >= 0 && index < offsets.size(), "a literal's segment exists");
            FUZZ_CHECK(utf8.mid(offsets[index], literal.size()) == literal,
                       "a literal where its offset says");
        }
    }
    // In HTML a value's markup characters are escaped: with a value of only markup characters, the
    // rendering has no more of them than the template's own literals and fallbacks.
    const auto markup = [](const QString &s) {
        return s.count(u'<') + s.count(u'>') + s.count(u'"');
    };
    const QString plain = t.render([](const QString &) { return std::optional<QString>(QString()); },
                                   templating::MergeTemplate::Escape::Html);
    const QString hostile = t.render([](const QString &) { return std::optional<QString>(u"<\">"_s); },
                                     templating::MergeTemplate::Escape::Html);
    FUZZ_CHECK(markup(hostile) == markup(plain), "a merged value never adds markup");
    return 0;
}
