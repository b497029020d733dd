#include "import/SuppressionImporter.h"

#include "import/ColumnMapping.h"
#include "import/CsvFile.h"
#include "storage/Database.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::import {

Result<SuppressionImportReport> SuppressionImporter::run(storage::Database &db, const QString &path,
                                                         const QString &reason) {
    CsvFile file;
    if (auto r = file.open(path, Encoding::Auto, 0); !r)
        return r.error();
    SuppressionImportReport report;
    storage::SuppressionStore store(db);
    storage::Transaction transaction(db); // all rows or none
    if (!transaction.isActive())
        return makeError(ErrorCode::Sql, tr("Cannot start a transaction."));

    CsvRecord record;
    int column = 0;
    bool first = true;
    for (;;) {
        const CsvReader::Status s = file.reader().next(record);
        if (s == CsvReader::Status::End)
            break;
        if (s == CsvReader::Status::Error) {
            return makeError(ErrorCode::InvalidInput, file.reader().errorString());
        }
        const std::string_view field = column < record.size() ? record.field(column) : std::string_view();
        const QString value = QString::fromUtf8(field.data(), qsizetype(field.size()));
        if (first) {
            first = false;
            // A header row: take the column it names as the e-mail, and skip the row.
            QStringList headers;
            for (qsizetype i = 0; i < record.size(); ++i)
                headers << QString::fromUtf8(record.field(i).data(), qsizetype(record.field(i).size()));
            bool isHeader = false;
            for (const ColumnMapping &m : ColumnMapper::autoMap(headers)) {
                if (m.kind == FieldKind::Email) {
                    column = m.column;
                    isHeader = true;
                }
            }
            if (isHeader || (!value.contains(u'@') && record.size() > 0))
                continue;
        }
        ++report.rows;
        auto added = store.add(value, reason);
        if (!added) {
            if (added.code() != ErrorCode::InvalidInput) {
                return added.error();
            }
            ++report.invalid;
            if (report.errors.size() < ImportReport::MaxListed)
                report.errors.append(
                    {record.line, tr("line %1: %2").arg(record.line).arg(added.errorString())});
            continue;
        }
        (added.value() ? report.added : report.existing)++;
    }
    if (!transaction.commit())
        return makeError(ErrorCode::Sql, tr("Cannot save the suppression list."));
    return report;
}

} // namespace hivepost::import
