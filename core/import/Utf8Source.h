#pragma once

// Utf8Source: reads a file in chunks and hands out its text as UTF-8, whatever the file's
// encoding, skipping a BOM. Bytes that are not valid in the encoding become U+FFFD, so that the
// importer can name the line they are on. Owned by its user; does not own the device.

#include <string>

#include <QIODevice>
#include <QStringDecoder>

#include "import/Encoding.h"

namespace hivepost::import {

class Utf8Source {
public:
    // encoding must not be Auto. A BOM decides between UTF-16 LE and BE, and is skipped.
    Utf8Source(QIODevice *device, Encoding encoding);

    // Appends the next chunk of text to out; false at the end of the file (nothing appended).
    bool readChunk(std::string &out);

    Encoding encoding() const { return m_encoding; }
    qint64 bytesRead() const { return m_bytesRead; }
    QString errorString() const { return m_error; }

    static constexpr qint64 ChunkSize = 256 * 1024;

private:
    void start();

    QIODevice *m_device;
    Encoding m_encoding;
    QStringDecoder m_decoder;
    QByteArray m_carry; // an incomplete UTF-8 character at the end of the previous chunk
    qint64 m_bytesRead = 0;
    bool m_started = false;
    QString m_error;
};

} // namespace hivepost::import
