#include "tracking/LinkTracking.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace hivepost::tracking {

namespace {

bool trackable(const QString &url) {
    const QString u = url.trimmed();
    return (u.startsWith(u"http://"_s, Qt::CaseInsensitive) ||
            u.startsWith(u"https://"_s, Qt::CaseInsensitive)) &&
           !u.contains(u"{{"_s) && u.size() > 8;
}

QString htmlUnescaped(QString s) {
    s.replace(u"&amp;"_s, u"&"_s).replace(u"&#38;"_s, u"&"_s).replace(u"&quot;"_s, u"\""_s);
    return s;
}

class Links {
public:
    QString fieldFor(const QString &url) {
        auto it = m_ids.constFind(url);
        int id = 0;
        if (it != m_ids.constEnd()) {
            id = it.value();
        } else {
            id = int(m_links.size()) + 1;
            m_ids.insert(url, id);
            m_links.append({id, url, false});
        }
        return u"{{"_s + ClickFieldPrefix + QString::number(id) + u"}}"_s;
    }
    QList<TrackedLink> &links() { return m_links; }
    QSet<QString> untracked; // marked data-hp-notrack in the HTML: not tracked in the text either

private:
    QHash<QString, int> m_ids;
    QList<TrackedLink> m_links;
};

QString rewriteHtml(const QString &html, Links &links) {
    static const QRegularExpression anchor(u"<a\\b[^>]*>"_s, QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression href(u"(\\bhref\\s*=\\s*)(\"([^\"]*)\"|'([^']*)')"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    QString out;
    out.reserve(html.size() + 256);
    qsizetype last = 0;
    auto it = anchor.globalMatch(html);
    while (it.hasNext()) {
        const QRegularExpressionMatch a = it.next();
        QString tag = a.captured(0);
        const QRegularExpressionMatch h = href.match(tag);
        if (h.hasMatch()) {
            const QString raw = h.captured(2).startsWith(u'"') ? h.captured(3) : h.captured(4);
            const QString url = htmlUnescaped(raw).trimmed();
            if (tag.contains(u"data-hp-notrack"_s, Qt::CaseInsensitive))
                links.untracked.insert(url);
            else if (trackable(url))
                tag.replace(h.capturedStart(2), h.capturedLength(2), u'"' + links.fieldFor(url) + u'"');
        }
        out += QStringView(html).mid(last, a.capturedStart(0) - last);
        out += tag;
        last = a.capturedEnd(0);
    }
    out += QStringView(html).mid(last);
    return out;
}

QString rewriteText(const QString &text, Links &links) {
    static const QRegularExpression url(u"https?://[^\\s<>\"'{}]+"_s,
                                        QRegularExpression::CaseInsensitiveOption);
    QString out;
    out.reserve(text.size() + 256);
    qsizetype last = 0;
    auto it = url.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString found = m.captured(0);
        // Sentence punctuation after a URL is not part of it; neither is a closing bracket it did not open.
        // A closing bracket it did not open ends it: "(see https://x.example/a)".
        if (!found.contains(u'(') && found.contains(u')'))
            found.truncate(found.indexOf(u')'));
        while (!found.isEmpty() && QStringView(u".,;:!?").contains(found.back()))
            found.chop(1);
        const qsizetype end = m.capturedStart(0) + found.size();
        const bool mergeFieldFollows = QStringView(text).mid(end).startsWith(u"{{");
        out += QStringView(text).mid(last, m.capturedStart(0) - last);
        const bool track = trackable(found) && !mergeFieldFollows && !links.untracked.contains(found);
        out += track ? links.fieldFor(found) : found;
        last = end;
    }
    out += QStringView(text).mid(last);
    return out;
}

QString insertBeforeBodyEnd(const QString &html, const QString &insert) {
    const qsizetype end = html.lastIndexOf(u"</body"_s, -1, Qt::CaseInsensitive);
    if (end < 0)
        return html + insert;
    return html.left(end) + insert + html.mid(end);
}

QString insertAfterBodyStart(const QString &html, const QString &insert) {
    static const QRegularExpression body(u"<body\\b[^>]*>"_s, QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = body.match(html);
    if (!m.hasMatch())
        return insert + html;
    return html.left(m.capturedEnd(0)) + insert + html.mid(m.capturedEnd(0));
}

} // namespace

TrackedContent trackContent(const QString &html, const QString &text, bool opens, bool clicks) {
    TrackedContent c{html, text, {}};
    if (clicks) {
        Links links;
        c.html = rewriteHtml(html, links);
        c.text = rewriteText(text, links);
        if (!links.links().isEmpty() && !html.trimmed().isEmpty()) {
            // The trap: the first link's target (a scanner that follows it lands somewhere sensible).
            TrackedLink trap{int(links.links().size()) + 1, links.links().constFirst().url, true};
            links.links().append(trap);
            c.html = insertAfterBodyStart(
                c.html,
                u"<a href=\"{{"_s + ClickFieldPrefix + QString::number(trap.id) +
                    u"}}\" style=\"display:none;font-size:0;line-height:0;max-height:0;overflow:hidden\" "
                    u"aria-hidden=\"true\" tabindex=\"-1\"></a>"_s);
        }
        c.links = links.links();
    }
    if (opens && !html.trimmed().isEmpty()) {
        c.html = insertBeforeBodyEnd(c.html, u"<img src=\"{{"_s + OpenField +
                                                 u"}}\" width=\"1\" height=\"1\" alt=\"\" "
                                                 u"style=\"display:block;width:1px;height:1px;border:0\">"_s);
    }
    return c;
}

} // namespace hivepost::tracking
