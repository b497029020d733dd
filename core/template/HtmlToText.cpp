#include "template/HtmlToText.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace hivepost::templating {

namespace {

QString decodeEntities(const QString &s) {
    static const QHash<QString, QChar> named{
        {u"amp"_s, u'&'},        {u"lt"_s, u'<'},         {u"gt"_s, u'>'},          {u"quot"_s, u'"'},
        {u"apos"_s, u'\''},      {u"nbsp"_s, u'\u00A0'},  {u"copy"_s, u'\u00A9'},   {u"reg"_s, u'\u00AE'},
        {u"mdash"_s, u'\u2014'}, {u"ndash"_s, u'\u2013'}, {u"hellip"_s, u'\u2026'}, {u"middot"_s, u'\u00B7'},
        {u"laquo"_s, u'\u00AB'}, {u"raquo"_s, u'\u00BB'}, {u"rsquo"_s, u'\u2019'},  {u"lsquo"_s, u'\u2018'},
        {u"rdquo"_s, u'\u201D'}, {u"ldquo"_s, u'\u201C'}, {u"euro"_s, u'\u20AC'},   {u"bull"_s, u'\u2022'},
    };
    QString out;
    out.reserve(s.size());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i] != u'&') {
            out += s[i];
            continue;
        }
        const qsizetype semi = s.indexOf(u';', i + 1);
        if (semi < 0 || semi - i > 10) {
            out += s[i];
            continue;
        }
        const QString entity = s.mid(i + 1, semi - i - 1);
        bool ok = false;
        char32_t code = 0;
        if (entity.startsWith(u"#x"_s, Qt::CaseInsensitive))
            code = entity.mid(2).toUInt(&ok, 16);
        else if (entity.startsWith(u'#'))
            code = entity.mid(1).toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF) {
            out += QString::fromUcs4(&code, 1);
            i = semi;
        } else if (auto it = named.constFind(entity); it != named.constEnd()) {
            out += *it;
            i = semi;
        } else {
            out += s[i];
        }
    }
    return out;
}

QString attribute(const QString &tag, const QString &name) {
    // name="value", name='value' or name=value
    const QRegularExpression re(u"(?:^|\\s)"_s + QRegularExpression::escape(name) +
                                    u"\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))"_s,
                                QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(tag);
    if (!m.hasMatch())
        return QString();
    for (int k = 1; k <= 3; ++k) {
        if (m.capturedStart(k) >= 0)
            return decodeEntities(m.captured(k));
    }
    return QString();
}

QString wrap(const QString &paragraph, int width) {
    QStringList lines;
    for (const QString &sourceLine : paragraph.split(u'\n')) {
        QString line;
        for (const QString &word : sourceLine.split(u' ', Qt::SkipEmptyParts)) {
            if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
                lines << line;
                line.clear();
            }
            line += (line.isEmpty() ? QString() : u" "_s) + word;
        }
        lines << line;
    }
    return lines.join(u'\n');
}

} // namespace

QString htmlToText(const QString &html) {
    QString out;
    QString pendingHref;
    QString linkText;
    bool inLink = false;
    int skipDepth = 0; // inside <style>, <script>, <head>, <title>
    int listDepth = 0;
    const auto block = [&out] {
        while (out.endsWith(u' '))
            out.chop(1);
        if (!out.isEmpty() && !out.endsWith(u"\n\n"_s))
            out += out.endsWith(u'\n') ? u"\n"_s : u"\n\n"_s;
    };
    const auto lineBreak = [&out] {
        while (out.endsWith(u' '))
            out.chop(1);
        out += u'\n';
    };
    const auto text = [&](const QString &raw) {
        QString t = decodeEntities(raw);
        t.replace(u'\u00A0', u' ');
        QString collapsed;
        for (QChar c : t) {
            if (c.isSpace()) {
                if (!collapsed.endsWith(u' ') &&
                    !(collapsed.isEmpty() && (out.isEmpty() || out.endsWith(u'\n') || out.endsWith(u' '))))
                    collapsed += u' ';
            } else {
                collapsed += c;
            }
        }
        if (inLink)
            linkText += collapsed;
        out += collapsed;
    };

    qsizetype i = 0;
    while (i < html.size()) {
        if (html[i] != u'<') {
            const qsizetype next = html.indexOf(u'<', i);
            const QString chunk = html.mid(i, next < 0 ? -1 : next - i);
            if (skipDepth == 0)
                text(chunk);
            i = next < 0 ? html.size() : next;
            continue;
        }
        if (html.mid(i, 4) == u"<!--"_s) {
            const qsizetype end = html.indexOf(u"-->"_s, i + 4);
            i = end < 0 ? html.size() : end + 3;
            continue;
        }
        const qsizetype end = html.indexOf(u'>', i);
        if (end < 0)
            break;
        const QString tag = html.mid(i + 1, end - i - 1);
        i = end + 1;
        const bool closing = tag.startsWith(u'/');
        QString name = (closing ? tag.mid(1) : tag).trimmed();
        static const QRegularExpression nameEnd(u"[\\s/]"_s);
        name = name.left(name.indexOf(nameEnd)).toLower();
        if (name == u"style"_s || name == u"script"_s || name == u"head"_s || name == u"title"_s) {
            skipDepth = std::max(0, skipDepth + (closing ? -1 : 1));
            continue;
        }
        if (skipDepth > 0)
            continue;
        if (name == u"br"_s) {
            lineBreak();
        } else if (name == u"p"_s || name == u"div"_s || name == u"table"_s || name == u"tr"_s ||
                   name == u"blockquote"_s || name == u"h1"_s || name == u"h2"_s || name == u"h3"_s ||
                   name == u"h4"_s || name == u"h5"_s || name == u"h6"_s || name == u"hr"_s) {
            block();
        } else if (name == u"ul"_s || name == u"ol"_s) {
            listDepth = std::max(0, listDepth + (closing ? -1 : 1));
            block();
        } else if (name == u"li"_s && !closing) {
            if (!out.isEmpty() && !out.endsWith(u'\n'))
                lineBreak();
            out += QString(std::max(0, listDepth - 1) * 2, u' ') + u"- "_s;
        } else if (name == u"td"_s && !closing) {
            if (!out.isEmpty() && !out.endsWith(u'\n') && !out.endsWith(u' '))
                out += u' ';
        } else if (name == u"a"_s) {
            if (!closing) {
                pendingHref = attribute(tag, u"href"_s);
                inLink = true;
                linkText.clear();
            } else if (inLink) {
                inLink = false;
                const QString href = pendingHref.trimmed();
                if (!href.isEmpty() && !href.startsWith(u"mailto:"_s, Qt::CaseInsensitive) &&
                    href != linkText.trimmed() && !href.startsWith(u'#'))
                    out += u" ("_s + href + u')';
            }
        } else if (name == u"img"_s) {
            const QString alt = attribute(tag, u"alt"_s).trimmed();
            if (!alt.isEmpty())
                text(alt);
        }
    }

    // Trim each line, drop runs of blank lines, wrap.
    QStringList paragraphs;
    for (const QString &p : out.split(u"\n\n"_s)) {
        QStringList lines;
        for (const QString &l : p.split(u'\n'))
            lines << l.trimmed();
        const QString joined = lines.join(u'\n').trimmed();
        if (!joined.isEmpty())
            paragraphs << wrap(joined, 72);
    }
    return paragraphs.join(u"\n\n"_s) + u'\n';
}

} // namespace hivepost::templating
