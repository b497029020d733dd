#pragma once

// CsvWriter: RFC 4180 output (CRLF, fields quoted when they need it) to a QIODevice, in UTF-8,
// optionally with a BOM so that Excel opens Chinese text correctly. Safe for spreadsheets: a cell
// that begins with = + - @ tab or CR gets a leading ' (OWASP CSV injection), so a contact's field
// can never run as a formula; Hivepost's importer drops that ' again. Every CSV Hivepost writes goes
// through quoted().

#include <QIODevice>
#include <QStringList>

namespace hivepost {

class CsvWriter {
public:
    explicit CsvWriter(QIODevice *device, bool withBom = false);

    void writeRow(const QStringList &fields);
    bool ok() const { return m_ok; }

    static QByteArray quoted(const QString &field);
    // The same as text: guarded, then quoted when needed.
    static QString quotedText(const QString &field);

private:
    QIODevice *m_device;
    bool m_ok = true;
};

} // namespace hivepost
