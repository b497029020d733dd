#include "templates/HtmlHighlighter.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

HtmlHighlighter::HtmlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document) {
    QTextCharFormat tag;
    tag.setForeground(QColor(0x1f, 0x5f, 0x9f));
    QTextCharFormat value;
    value.setForeground(QColor(0x9a, 0x4a, 0x00));
    QTextCharFormat entity;
    entity.setForeground(QColor(0x80, 0x40, 0x80));
    QTextCharFormat field;
    field.setForeground(QColor(0x00, 0x70, 0x30));
    field.setFontWeight(QFont::Bold);
    field.setBackground(QColor(0xe8, 0xf5, 0xe9));
    m_comment.setForeground(QColor(0x80, 0x80, 0x80));
    m_rules = {{QRegularExpression(u"</?[A-Za-z][A-Za-z0-9]*|/?>"_s), tag},
               {QRegularExpression(u"\"[^\"]*\"|'[^']*'"_s), value},
               {QRegularExpression(u"&[A-Za-z0-9#]+;"_s), entity},
               {QRegularExpression(u"\\{\\{[^}]*\\}\\}"_s), field}};
}

void HtmlHighlighter::highlightBlock(const QString &text) {
    for (const Rule &rule : std::as_const(m_rules)) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const auto m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
    // Comments, which may span lines.
    int start = previousBlockState() == 1 ? 0 : int(text.indexOf(u"<!--"_s));
    setCurrentBlockState(0);
    while (start >= 0) {
        const qsizetype end = text.indexOf(u"-->"_s, start);
        if (end < 0) {
            setFormat(start, int(text.size()) - start, m_comment);
            setCurrentBlockState(1);
            break;
        }
        setFormat(start, int(end + 3 - start), m_comment);
        start = int(text.indexOf(u"<!--"_s, end + 3));
    }
}

} // namespace hivepost::ui
