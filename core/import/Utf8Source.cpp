#include "import/Utf8Source.h"

#include <QFileDevice>

namespace hivepost::import {

Utf8Source::Utf8Source(QIODevice *device, Encoding encoding)
    : m_device(device)
    , m_encoding(encoding) {}

void Utf8Source::start() {
    m_started = true;
    const QByteArray bom = m_device->peek(3);
    qint64 skip = 0;
    if (bom.startsWith("\xEF\xBB\xBF") && (m_encoding == Encoding::Utf8 || m_encoding == Encoding::Utf8Bom)) {
        m_encoding = Encoding::Utf8Bom;
        skip = 3;
    } else if (bom.startsWith("\xFF\xFE") && m_encoding != Encoding::Gb18030) {
        m_encoding = Encoding::Utf16LE;
        skip = 2;
    } else if (bom.startsWith("\xFE\xFF") && m_encoding != Encoding::Gb18030) {
        m_encoding = Encoding::Utf16BE;
        skip = 2;
    } else if (m_encoding == Encoding::Utf8Bom) {
        m_encoding = Encoding::Utf8;
    }
    if (skip > 0)
        m_bytesRead += m_device->skip(skip);

    switch (m_encoding) {
    case Encoding::Utf16LE:
        m_decoder = QStringDecoder(QStringConverter::Utf16LE, QStringConverter::Flag::Default);
        break;
    case Encoding::Utf16BE:
        m_decoder = QStringDecoder(QStringConverter::Utf16BE, QStringConverter::Flag::Default);
        break;
    case Encoding::Gb18030:
        m_decoder = QStringDecoder("GB18030", QStringConverter::Flag::Default);
        if (!m_decoder.isValid())
            m_error = QStringLiteral("GB18030 is not supported by this Qt build");
        break;
    default:
        break;
    }
}

bool Utf8Source::readChunk(std::string &out) {
    if (!m_started)
        start();
    if (!m_error.isEmpty())
        return false;
    QByteArray chunk = m_device->read(ChunkSize);
    if (chunk.isEmpty()) {
        if (auto *file = qobject_cast<QFileDevice *>(m_device);
            file && file->error() != QFileDevice::NoError) {
            m_error = file->errorString();
            return false;
        }
        if (!m_carry.isEmpty()) { // a character cut by the end of the file becomes U+FFFD
            const QByteArray fixed = QString::fromUtf8(m_carry).toUtf8();
            m_carry.clear();
            out.append(fixed.constData(), size_t(fixed.size()));
            return true;
        }
        return false;
    }
    m_bytesRead += chunk.size();

    if (m_encoding == Encoding::Utf8 || m_encoding == Encoding::Utf8Bom) {
        if (!m_carry.isEmpty()) {
            chunk.prepend(m_carry);
            m_carry.clear();
        }
        bool invalid = false;
        qsizetype valid = validUtf8Prefix(chunk, &invalid);
        if (!invalid) {
            out.append(chunk.constData(), size_t(valid));
            m_carry = chunk.mid(valid);
            return true;
        }
        // Invalid bytes somewhere: let QString replace them with U+FFFD, keeping a cut character.
        qsizetype end = chunk.size();
        for (qsizetype k = end - 1; k >= std::max<qsizetype>(0, end - 3); --k) {
            const auto c = static_cast<unsigned char>(chunk[k]);
            if ((c & 0xC0) == 0x80)
                continue; // a continuation byte: look further back for its lead byte
            if (c >= 0xC0 && k + (c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2) > end)
                end = k;
            break;
        }
        m_carry = chunk.mid(end);
        const QByteArray fixed = QString::fromUtf8(QByteArrayView(chunk).first(end)).toUtf8();
        out.append(fixed.constData(), size_t(fixed.size()));
        return true;
    }

    const QString text = m_decoder.decode(chunk);
    const QByteArray utf8 = text.toUtf8();
    out.append(utf8.constData(), size_t(utf8.size()));
    return true;
}

} // namespace hivepost::import
