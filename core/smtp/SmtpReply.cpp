#include "smtp/SmtpReply.h"

#include <QRegularExpression>
#include <QString>

namespace hivepost::smtp {

namespace {

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// "5.1.1 " at the start of a line's text (RFC 3463 2: class.subject.detail).
QByteArray enhancedCode(const QByteArray &text, qsizetype *length) {
    qsizetype i = 0;
    if (text.size() < 6 || (text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.')
        return {};
    i = 2;
    int digits = 0;
    while (i < text.size() && isDigit(text[i]) && digits < 3)
        ++i, ++digits;
    if (digits == 0 || i >= text.size() || text[i] != '.')
        return {};
    ++i;
    digits = 0;
    while (i < text.size() && isDigit(text[i]) && digits < 3)
        ++i, ++digits;
    if (digits == 0 || (i < text.size() && text[i] != ' '))
        return {};
    *length = i < text.size() ? i + 1 : i;
    return text.left(i);
}

} // namespace

void SmtpReplyParser::clear() {
    m_buffer.clear();
    m_current = {};
}

QList<SmtpReply> SmtpReplyParser::feed(const QByteArray &bytes, bool *error) {
    *error = false;
    m_buffer += bytes;
    QList<SmtpReply> replies;
    for (;;) {
        const qsizetype eol = m_buffer.indexOf('\n');
        if (eol < 0) {
            if (m_buffer.size() > MaxLineLength)
                *error = true;
            return replies;
        }
        QByteArray line = m_buffer.left(eol);
        m_buffer.remove(0, eol + 1);
        if (line.endsWith('\r'))
            line.chop(1);
        // RFC 5321 4.2: three digits, then "-" (more lines follow), " " or the end.
        if (line.size() < 3 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2]) ||
            (line.size() > 3 && line[3] != '-' && line[3] != ' ')) {
            *error = true;
            return replies;
        }
        const int code = line.left(3).toInt();
        if (!m_current.lines.isEmpty() && code != m_current.code) {
            *error = true;
            return replies;
        }
        m_current.code = code;
        QByteArray text = line.size() > 4 ? line.mid(4) : QByteArray();
        qsizetype length = 0;
        const QByteArray enhanced = enhancedCode(text, &length);
        if (!enhanced.isEmpty()) {
            if (m_current.enhanced.isEmpty())
                m_current.enhanced = enhanced;
            text = text.mid(length);
        }
        m_current.lines.append(text);
        if (line.size() == 3 || line[3] == ' ') {
            replies.append(m_current);
            m_current = {};
        }
    }
}

bool isThrottling(int code, QByteArrayView enhanced, QByteArrayView text) {
    if (code == 421)
        return true;
    if (code < 400 || code >= 500)
        return false;
    const bool policy =
        enhanced.startsWith("4.7.") || enhanced == "4.3.2" || enhanced == "4.4.5" || enhanced.isEmpty();
    if (!policy)
        return false;
    static const QRegularExpression words(
        QStringLiteral(
            "rate|too many|throttl|limit|frequen|slow down|try again later|temporarily deferred|exceeded"),
        QRegularExpression::CaseInsensitiveOption);
    return words.match(QString::fromUtf8(text)).hasMatch();
}

} // namespace hivepost::smtp
