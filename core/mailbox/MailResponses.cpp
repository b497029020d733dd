#include "mailbox/MailResponses.h"

#include <utility>

namespace hivepost::mailbox {

namespace {

// Drops the bytes before pos once they are most of the buffer, so that a long session of small
// responses stays linear.
void compactBuffer(QByteArray &buffer, qsizetype &pos) {
    if (pos > 0 && pos >= buffer.size() / 2) {
        buffer.remove(0, pos);
        pos = 0;
    }
}

} // namespace

qint64 ImapResponseReader::literalSize(QByteArrayView line, qsizetype *announcementStart) {
    if (line.isEmpty() || line.back() != '}')
        return -1;
    qsizetype end = line.size() - 1;
    if (end > 0 && line[end - 1] == '+')
        --end; // a non-synchronizing literal
    qsizetype begin = end;
    while (begin > 0 && line[begin - 1] >= '0' && line[begin - 1] <= '9')
        --begin;
    if (begin == end || begin == 0 || line[begin - 1] != '{')
        return -1;
    if (announcementStart)
        *announcementStart = begin - 1;
    qint64 size = 0;
    for (qsizetype i = begin; i < end; ++i) {
        size = size * 10 + (line[i] - '0');
        if (size > MaxLiteralBytes)
            return MaxLiteralBytes + 1;
    }
    return size;
}

void ImapResponseReader::feed(QByteArrayView bytes) {
    if (m_error == Error::None)
        m_buffer.append(bytes);
}

void ImapResponseReader::clear() {
    m_buffer.clear();
    m_pos = 0;
    m_literalLeft = -1;
    m_afterLiteral = false;
    m_pending = {};
}

ImapResponseReader::Status ImapResponseReader::next(ImapResponse &out) {
    while (m_error == Error::None) {
        if (m_literalLeft >= 0) {
            if (m_buffer.size() - m_pos < m_literalLeft)
                return Status::NeedMore;
            m_pending.literals.append(m_buffer.mid(m_pos, qsizetype(m_literalLeft)));
            m_pos += qsizetype(m_literalLeft);
            m_literalLeft = -1;
            m_afterLiteral = true;
            continue;
        }
        const qsizetype end = m_buffer.indexOf("\r\n", m_pos);
        if (end < 0) {
            compactBuffer(m_buffer, m_pos);
            if (m_buffer.size() - m_pos > MaxLineBytes || m_pending.line.size() > MaxLineBytes) {
                m_error = Error::LineTooLong;
                break;
            }
            return Status::NeedMore;
        }
        const QByteArrayView line(m_buffer.constData() + m_pos, end - m_pos);
        m_pos = end + 2;
        if (std::exchange(m_afterLiteral, false) && !line.isEmpty() && line[0] != ' ' && line[0] != ')') {
            m_error = Error::Malformed;
            break;
        }
        qsizetype announcement = 0;
        const qint64 size = literalSize(line, &announcement);
        if (size > MaxLiteralBytes) {
            m_error = Error::LiteralTooLarge;
            break;
        }
        if (size >= 0) {
            m_pending.line.append(line.first(announcement)).append("{}");
            m_literalLeft = size;
            continue;
        }
        m_pending.line.append(line);
        if (m_pending.line.size() > MaxLineBytes) {
            m_error = Error::LineTooLong;
            break;
        }
        out = std::exchange(m_pending, {});
        compactBuffer(m_buffer, m_pos);
        return Status::Response;
    }
    m_buffer.clear();
    m_pos = 0;
    return Status::Error;
}

void Pop3ResponseReader::feed(QByteArrayView bytes) {
    if (m_error == Error::None)
        m_buffer.append(bytes);
}

void Pop3ResponseReader::clear() {
    m_buffer.clear();
    m_pos = 0;
    m_multiline = false;
    m_inData = false;
    m_status.clear();
    m_data.clear();
    m_dataBytes = 0;
}

Pop3ResponseReader::Status Pop3ResponseReader::next(QByteArray &status, QList<QByteArray> &data) {
    while (m_error == Error::None) {
        const qsizetype end = m_buffer.indexOf("\r\n", m_pos);
        if (end < 0) {
            compactBuffer(m_buffer, m_pos);
            if (m_buffer.size() - m_pos + m_dataBytes > MaxResponseBytes) {
                m_error = Error::TooLarge;
                break;
            }
            return Status::NeedMore;
        }
        QByteArray line = m_buffer.mid(m_pos, end - m_pos);
        m_pos = end + 2;
        if (m_inData) {
            if (line == ".") {
                m_inData = false;
                m_multiline = false;
                m_dataBytes = 0;
                status = std::exchange(m_status, {});
                data = std::exchange(m_data, {});
                compactBuffer(m_buffer, m_pos);
                return Status::Multiline;
            }
            if (line.startsWith('.'))
                line.remove(0, 1); // dot-stuffing undone
            m_dataBytes += line.size() + 2;
            if (m_dataBytes > MaxResponseBytes) {
                m_error = Error::TooLarge;
                break;
            }
            m_data.append(std::move(line));
            continue;
        }
        if (m_multiline && line.startsWith("+OK")) {
            m_inData = true;
            m_status = std::move(line);
            continue;
        }
        m_multiline = false; // an error, or a "+" continuation: no data follows
        status = std::move(line);
        data.clear();
        compactBuffer(m_buffer, m_pos);
        return Status::Line;
    }
    m_buffer.clear();
    m_pos = 0;
    return Status::Error;
}

} // namespace hivepost::mailbox
