#include "template/MergeTemplate.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace hivepost::templating {

QStringList standardMergeFields() {
    return {u"email"_s,           u"name"_s,      u"first_name"_s,    u"last_name"_s,
            u"unsubscribe_url"_s, u"list_name"_s, u"campaign_name"_s, u"date"_s};
}

namespace {

// The one HTML escaping of merged values (text and attribute values alike).
void appendHtmlEscaped(QByteArray &out, const QByteArray &utf8) {
    for (char c : utf8) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
}

} // namespace

QString MergeTemplate::htmlEscaped(const QString &text) {
    QByteArray out;
    appendHtmlEscaped(out, text.toUtf8());
    return QString::fromUtf8(out);
}

Result<MergeTemplate> MergeTemplate::parse(const QString &source) {
    MergeTemplate t;
    int line = 1;
    int column = 1;
    QString literal;
    const auto flushLiteral = [&] {
        if (!literal.isEmpty())
            t.m_segments.append({literal.toUtf8(), QString(), 0, 0});
        literal.clear();
    };
    qsizetype i = 0;
    const qsizetype n = source.size();
    while (i < n) {
        if (source[i] == u'{' && i + 1 < n && source[i + 1] == u'{') {
            const int fieldLine = line;
            const int fieldColumn = column;
            const qsizetype close = source.indexOf(u"}}"_s, i + 2);
            const qsizetype nextOpen = source.indexOf(u"{{"_s, i + 2);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                return makeError(
                    ErrorCode::InvalidInput,
                    tr("line %1, column %2: “{{” is not closed by “}}”").arg(fieldLine).arg(fieldColumn));
            }
            const QString inner = source.mid(i + 2, close - i - 2);
            const qsizetype bar = inner.indexOf(u'|');
            const QString name = (bar < 0 ? inner : inner.left(bar)).trimmed();
            const QString fallback = bar < 0 ? QString() : inner.mid(bar + 1).trimmed();
            bool valid = !name.isEmpty();
            for (QChar c : name)
                valid = valid && (c.isLetterOrNumber() || c == u'_');
            if (!valid) {
                return makeError(ErrorCode::InvalidInput,
                                 tr("line %1, column %2: “{{%3}}” is not a merge field name")
                                     .arg(fieldLine)
                                     .arg(fieldColumn)
                                     .arg(inner));
            }
            flushLiteral();
            t.m_segments.append({fallback.toUtf8(), name.toLower(), bar >= 0, fieldLine, fieldColumn});
            for (qsizetype k = i; k < close + 2; ++k) {
                if (source[k] == u'\n') {
                    ++line;
                    column = 1;
                } else {
                    ++column;
                }
            }
            i = close + 2;
            continue;
        }
        literal += source[i];
        if (source[i] == u'\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
        ++i;
    }
    flushLiteral();
    return t;
}

QStringList MergeTemplate::fields() const {
    QStringList names;
    for (const Segment &s : m_segments) {
        if (!s.field.isEmpty() && !names.contains(s.field))
            names << s.field;
    }
    return names;
}

QStringList MergeTemplate::fieldsWithoutFallback() const {
    QStringList names;
    for (const Segment &s : m_segments) {
        if (!s.field.isEmpty() && !s.hasFallback && !names.contains(s.field))
            names << s.field;
    }
    return names;
}

QList<TemplateIssue> MergeTemplate::unknownFields(const QStringList &known) const {
    QSet<QString> knownSet;
    for (const QString &k : known)
        knownSet.insert(k.toLower());
    QList<TemplateIssue> issues;
    for (const Segment &s : m_segments) {
        if (s.field.isEmpty() || knownSet.contains(s.field))
            continue;
        if (s.hasFallback)
            issues.append({s.line, s.column,
                           tr("line %1, column %2: no contact has the field “%3”: every message gets its "
                              "fallback “%4”")
                               .arg(s.line)
                               .arg(s.column)
                               .arg(s.field, QString::fromUtf8(s.utf8)),
                           true});
        else
            issues.append(
                {s.line, s.column,
                 tr("line %1, column %2: unknown merge field “%3”").arg(s.line).arg(s.column).arg(s.field)});
    }
    return issues;
}

QString MergeTemplate::render(const Lookup &value, Escape escape) const {
    return QString::fromUtf8(renderUtf8(value, escape));
}

QList<QPair<int, QByteArray>> MergeTemplate::literals() const {
    QList<QPair<int, QByteArray>> out;
    for (qsizetype i = 0; i < m_segments.size(); ++i) {
        if (m_segments.at(i).field.isEmpty())
            out.append({int(i), m_segments.at(i).utf8});
    }
    return out;
}

QByteArray MergeTemplate::renderUtf8(const Lookup &value, Escape escape,
                                     QList<qsizetype> *segmentOffsets) const {
    QByteArray out;
    qsizetype literalSize = 0;
    for (const Segment &s : m_segments)
        literalSize += s.utf8.size();
    out.reserve(literalSize + literalSize / 8 + 64);
    if (segmentOffsets) {
        segmentOffsets->clear();
        segmentOffsets->reserve(m_segments.size());
    }
    for (const Segment &s : m_segments) {
        if (segmentOffsets)
            segmentOffsets->append(out.size());
        if (s.field.isEmpty()) {
            out += s.utf8;
            continue;
        }
        std::optional<QString> v = value(s.field);
        const QByteArray utf8 = v && !v->isEmpty() ? v->toUtf8() : s.utf8;
        if (escape == Escape::None) {
            out += utf8;
            continue;
        }
        appendHtmlEscaped(out, utf8);
    }
    return out;
}

} // namespace hivepost::templating
