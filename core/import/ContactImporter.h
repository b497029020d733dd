#pragma once

// ContactImporter: imports a CSV file of contacts into a list. Streams the file (any size, bounded
// memory), validates and de-duplicates every row, and counts exactly:
//   rows = imported + updated + unchanged + duplicates + invalid + suppressed
// (rows: data rows, blank lines excluded). A fatal error (an unclosed quote, binary data, a
// database error) stops the import at its line; with atomic (the default) nothing is written,
// otherwise every row before it is. Synchronous: ImportJob runs it on a worker thread.

#include <atomic>
#include <functional>
#include <optional>

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "import/ColumnMapping.h"
#include "import/Encoding.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::import {

struct ImportOptions {
    QString path;
    QString listName; // empty: contacts are not added to a list
    Encoding encoding = Encoding::Auto;
    char delimiter = 0;                          // 0: sniff
    QStringList mappings;                        // COLUMN=FIELD overrides
    std::optional<QList<ColumnMapping>> columns; // a complete mapping (the GUI's), instead of auto + mappings
    bool update = false;   // overwrite stored fields with non-empty values from the file
    bool atomic = true;    // a fatal error or cancel writes nothing
    QString rejectedPath;  // if set: invalid and duplicate rows as CSV, with line and reason
    int batchRows = 20000; // rows per transaction when not atomic, and per progress report
};

struct ImportIssue {
    qint64 line = 0;
    QString reason;
};

struct ImportReport {
    enum class Outcome { Completed, Failed, Cancelled };
    Outcome outcome = Outcome::Completed;
    qint64 rows = 0;
    qint64 imported = 0;
    qint64 updated = 0;
    qint64 unchanged = 0;
    qint64 duplicates = 0;
    qint64 invalid = 0;
    qint64 suppressed = 0;
    Encoding encoding = Encoding::Auto;
    char delimiter = ',';
    QStringList headers;
    QList<ColumnMapping> columns;
    QList<ImportIssue> errors; // the first 100 invalid rows, then the fatal error if any
    qint64 errorCount = 0;
    QList<ImportIssue> warnings; // the first 100
    qint64 warningCount = 0;
    std::optional<ImportIssue> fatal;
    bool committed = false; // whether anything was written

    static constexpr int MaxListed = 100;
    QJsonObject toJson() const;
};

struct ImportPreview {
    Encoding encoding = Encoding::Auto;
    char delimiter = ',';
    QStringList headers;
    QList<QStringList> rows;
    QList<ColumnMapping> columns;
    QString error; // with its line; empty when the preview worked
};

class ContactImporter {
    Q_DECLARE_TR_FUNCTIONS(ContactImporter)

public:
    using Progress = std::function<void(qint64 bytesDone, qint64 bytesTotal, qint64 rows)>;

    explicit ContactImporter(storage::Database &db);

    ImportReport run(const ImportOptions &options, const Progress &progress = {},
                     const std::atomic_bool *cancel = nullptr);

    // The first rows as decoded, with the detected (or chosen) encoding and delimiter and the
    // automatic mapping. Reads only the start of the file.
    static ImportPreview preview(const QString &path, Encoding encoding, char delimiter, int maxRows = 20);

private:
    storage::Database &m_db;
};

} // namespace hivepost::import
