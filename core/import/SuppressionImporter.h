#pragma once

// SuppressionImporter: adds every address or @domain in a file (one per line, or the e-mail
// column of a CSV) to the suppression list, in one transaction. Invalid lines are reported with
// their line number and skipped.

#include <QCoreApplication>
#include <QList>
#include <QString>

#include "common/Result.h"
#include "import/ContactImporter.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::import {

struct SuppressionImportReport {
    qint64 rows = 0;
    qint64 added = 0;
    qint64 existing = 0;
    qint64 invalid = 0;
    QList<ImportIssue> errors; // the first 100
};

class SuppressionImporter {
    Q_DECLARE_TR_FUNCTIONS(SuppressionImporter)

public:
    static Result<SuppressionImportReport> run(storage::Database &db, const QString &path,
                                               const QString &reason);
};

} // namespace hivepost::import
