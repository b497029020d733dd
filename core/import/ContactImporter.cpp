#include "import/ContactImporter.h"

#include <memory>
#include <string>
#include <vector>

#include <QFile>
#include <QHash>
#include <QJsonArray>

#include "common/CsvWriter.h"
#include "common/EmailAddress.h"
#include "import/CsvFile.h"
#include "import/RowParser.h"
#include "storage/ContactBulkWriter.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::import {

namespace {

QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Which line of the file each contact was first seen on, to tell duplicates within the file from
// contacts that were already stored. New contacts have consecutive ids, so a vector serves them.
class SeenContacts {
public:
    qint64 firstLine(qint64 id) const {
        if (m_base > 0 && id >= m_base && size_t(id - m_base) < m_newLines.size() &&
            m_newLines[size_t(id - m_base)])
            return m_newLines[size_t(id - m_base)];
        return m_existing.value(id, 0);
    }
    void addNew(qint64 id, qint64 line) {
        if (m_base == 0)
            m_base = id;
        const size_t index = size_t(id - m_base);
        if (index >= m_newLines.size())
            m_newLines.resize(index + 1, 0);
        m_newLines[index] = line;
    }
    void addExisting(qint64 id, qint64 line) { m_existing.insert(id, line); }

private:
    qint64 m_base = 0;
    std::vector<qint64> m_newLines;
    QHash<qint64, qint64> m_existing;
};

struct CustomColumn {
    int column;
    QString name;
    QString declaredType;
    bool isNew = false;
};

void addIssue(QList<ImportIssue> &list, qint64 &count, qint64 line, const QString &reason) {
    ++count;
    if (list.size() < ImportReport::MaxListed)
        list.append({line, reason});
}

} // namespace

QJsonObject ImportReport::toJson() const {
    QJsonArray errorArray;
    for (const ImportIssue &e : errors)
        errorArray.append(QJsonObject{{u"line"_s, e.line}, {u"reason"_s, e.reason}});
    QJsonArray warningArray;
    for (const ImportIssue &w : warnings)
        warningArray.append(QJsonObject{{u"line"_s, w.line}, {u"reason"_s, w.reason}});
    QString outcomeName = outcome == Outcome::Completed ? u"completed"_s
                          : outcome == Outcome::Failed  ? u"failed"_s
                                                        : u"cancelled"_s;
    return {
        {u"rows"_s, rows},
        {u"imported"_s, imported},
        {u"updated"_s, updated},
        {u"unchanged"_s, unchanged},
        {u"duplicates"_s, duplicates},
        {u"invalid"_s, invalid},
        {u"suppressed"_s, suppressed},
        {u"encoding"_s, encodingName(encoding)},
        {u"delimiter"_s, CsvFile::delimiterName(delimiter)},
        {u"outcome"_s, outcomeName},
        {u"committed"_s, committed},
        {u"errors"_s, errorArray},
        {u"error_count"_s, errorCount},
        {u"warnings"_s, warningArray},
        {u"warning_count"_s, warningCount},
    };
}

ContactImporter::ContactImporter(storage::Database &db)
    : m_db(db) {}

ImportPreview ContactImporter::preview(const QString &path, Encoding encoding, char delimiter, int maxRows) {
    ImportPreview p;
    CsvFile file;
    if (auto r = file.open(path, encoding, delimiter); !r) {
        p.error = r.errorString();
        return p;
    }
    p.delimiter = file.delimiter();
    CsvRecord record;
    bool header = true;
    while (p.rows.size() < maxRows) {
        const CsvReader::Status s = file.reader().next(record);
        if (s == CsvReader::Status::End)
            break;
        if (s == CsvReader::Status::Error) {
            p.error = file.reader().errorString();
            break;
        }
        QStringList fields;
        for (qsizetype i = 0; i < record.size(); ++i)
            fields << toQString(record.field(i));
        if (header)
            p.headers = fields;
        else
            p.rows.append(fields);
        header = false;
    }
    p.encoding = file.encoding();
    p.columns = ColumnMapper::autoMap(p.headers);
    if (p.headers.isEmpty() && p.error.isEmpty())
        p.error = tr("The file is empty.");
    return p;
}

ImportReport ContactImporter::run(const ImportOptions &options, const Progress &progress,
                                  const std::atomic_bool *cancel) {
    ImportReport report;
    const auto fail = [&report](qint64 line, const QString &reason) {
        report.outcome = ImportReport::Outcome::Failed;
        report.fatal = ImportIssue{line, reason};
        ++report.errorCount;
        report.errors.append(*report.fatal);
        return report;
    };

    CsvFile file;
    if (auto r = file.open(options.path, options.encoding, options.delimiter); !r)
        return fail(0, r.errorString());
    report.delimiter = file.delimiter();
    CsvReader &reader = file.reader();

    CsvRecord record;
    CsvReader::Status status = reader.next(record);
    report.encoding = file.encoding();
    if (status == CsvReader::Status::Error)
        return fail(reader.errorLine(), reader.errorString());
    if (status == CsvReader::Status::End)
        return fail(0, tr("The file is empty: there is no header row."));
    for (qsizetype i = 0; i < record.size(); ++i)
        report.headers << toQString(record.field(i)).trimmed();
    const qint64 headerLine = record.line;

    if (options.columns) {
        report.columns = *options.columns;
    } else {
        report.columns = ColumnMapper::autoMap(report.headers);
        if (auto r = ColumnMapper::apply(report.columns, options.mappings); !r)
            return fail(headerLine, r.errorString());
    }
    std::vector<CustomColumn> custom;
    ParserColumns parserColumns;
    for (const ColumnMapping &m : std::as_const(report.columns)) {
        switch (m.kind) {
        case FieldKind::Email:
            parserColumns.email = m.column;
            break;
        case FieldKind::Name:
            parserColumns.name = m.column;
            break;
        case FieldKind::FirstName:
            parserColumns.firstName = m.column;
            break;
        case FieldKind::LastName:
            parserColumns.lastName = m.column;
            break;
        case FieldKind::Custom: {
            const bool taken = std::any_of(custom.begin(), custom.end(),
                                           [&](const CustomColumn &c) { return c.name == m.customName; });
            if (!taken) {
                custom.push_back({m.column, m.customName, m.customType});
                parserColumns.custom.push_back({m.column, m.customName.toUtf8().toStdString()});
            }
            break;
        }
        case FieldKind::Ignore:
            break;
        }
    }
    if (parserColumns.email < 0) {
        return fail(headerLine,
                    tr("line %1: no column holds the e-mail addresses (the columns are: %2); map one "
                       "to email")
                        .arg(headerLine)
                        .arg(report.headers.join(u", "_s)));
    }

    auto suppressions = storage::SuppressionStore(m_db).snapshot();
    if (!suppressions)
        return fail(0, suppressions.errorString());
    auto existingFields = storage::ContactStore(m_db).customFields();
    if (!existingFields)
        return fail(0, existingFields.errorString());

    storage::ContactBulkWriter writer(m_db);
    if (auto r = writer.prepare(); !r)
        return fail(0, r.errorString());
    if (auto r = writer.begin(); !r)
        return fail(0, r.errorString());
    qint64 listId = 0;
    // From here every way out settles the transaction.
    const auto finish = [&](ImportReport::Outcome outcome) {
        report.outcome = outcome;
        const bool keep = outcome == ImportReport::Outcome::Completed || !options.atomic;
        if (keep) {
            Result<void> r = writer.flushNewMembers(listId);
            if (r)
                r = writer.commit();
            if (!r) {
                writer.rollback();
                report.outcome = ImportReport::Outcome::Failed;
                report.fatal = ImportIssue{0, r.errorString()};
                report.errors.append(*report.fatal);
                ++report.errorCount;
                report.committed = false;
                return report;
            }
            report.committed = report.rows > 0 || outcome == ImportReport::Outcome::Completed;
        } else {
            writer.rollback();
            report.committed = false;
        }
        return report;
    };

    if (!options.listName.trimmed().isEmpty()) {
        auto id = writer.ensureList(options.listName.trimmed());
        if (!id) {
            fail(0, id.errorString());
            return finish(ImportReport::Outcome::Failed);
        }
        listId = id.value();
    }
    for (CustomColumn &c : custom) {
        c.isNew = std::none_of(existingFields->begin(), existingFields->end(),
                               [&](const storage::CustomField &f) { return f.name == c.name; });
        auto type = writer.ensureCustomField(c.name, c.declaredType.isEmpty() ? u"text"_s : c.declaredType);
        if (!type) {
            fail(0, type.errorString());
            return finish(ImportReport::Outcome::Failed);
        }
    }

    std::unique_ptr<QFile> rejectedFile;
    std::unique_ptr<CsvWriter> rejected;
    if (!options.rejectedPath.isEmpty()) {
        rejectedFile = std::make_unique<QFile>(options.rejectedPath);
        if (!rejectedFile->open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            fail(0, tr("Cannot write “%1”: %2").arg(options.rejectedPath, rejectedFile->errorString()));
            return finish(ImportReport::Outcome::Failed);
        }
        rejected = std::make_unique<CsvWriter>(rejectedFile.get(), true);
        rejected->writeRow(QStringList{tr("line"), tr("reason")} + report.headers);
    }

    // The file is read and parsed on a second thread while this one writes to the database.
    RowParser parser(file, parserColumns, rejected != nullptr);
    parser.start();
    SeenContacts seen;
    const qsizetype columnCount = report.headers.size();
    const int batch = std::max(1, options.batchRows);
    qint64 bytesRead = 0;

    for (;;) {
        const std::unique_ptr<RowBatch> rows = parser.next();
        bytesRead = rows->bytesRead;
        for (const ParsedRow &parsed : rows->rows) {
            const qint64 line = parsed.line;
            const auto reject = [&](const QString &reason) {
                if (!rejected)
                    return;
                QStringList fields{QString::number(line), reason};
                for (std::string_view f : rows->rawFields(parsed))
                    fields << toQString(f);
                rejected->writeRow(fields);
            };
            ++report.rows;
            if (parsed.fieldCount != columnCount) {
                addIssue(report.warnings, report.warningCount, line,
                         parsed.fieldCount > columnCount
                             ? tr("line %1: %2 fields, the header has %3; the extra fields were ignored")
                                   .arg(line)
                                   .arg(parsed.fieldCount)
                                   .arg(columnCount)
                             : tr("line %1: %2 fields, the header has %3; the missing ones were left empty")
                                   .arg(line)
                                   .arg(parsed.fieldCount)
                                   .arg(columnCount));
            }
            if (parsed.problem != EmailAddress::Problem::None) {
                ++report.invalid;
                const QString reason = EmailAddress::describe(parsed.problem);
                addIssue(report.errors, report.errorCount, line,
                         tr("line %1: “%2”: %3")
                             .arg(line)
                             .arg(toQString(rows->view(parsed.rawEmail)).left(200), reason));
                reject(reason);
            } else {
                if (parsed.replacedCharacters) {
                    addIssue(
                        report.warnings, report.warningCount, line,
                        tr("line %1: some characters could not be decoded as %2 and were replaced; is the "
                           "encoding right?")
                            .arg(line)
                            .arg(encodingName(report.encoding)));
                }
                const storage::ContactRow row{rows->view(parsed.email), rows->view(parsed.name),
                                              rows->view(parsed.firstName), rows->view(parsed.lastName),
                                              rows->view(parsed.json)};
                const auto inserted = writer.insert(row);
                bool stored = inserted.ok;
                bool duplicate = false;
                auto outcome = storage::ContactBulkWriter::Outcome::Unchanged;
                if (stored && inserted.inserted) {
                    seen.addNew(inserted.id, line);
                } else if (stored) {
                    if (const qint64 firstLine = seen.firstLine(inserted.id)) {
                        ++report.duplicates;
                        reject(tr("duplicate of line %1").arg(firstLine));
                        duplicate = true;
                    } else {
                        seen.addExisting(inserted.id, line);
                        outcome = writer.merge(inserted.id, row, listId, options.update);
                        stored = outcome != storage::ContactBulkWriter::Outcome::Failed;
                    }
                }
                if (!stored) {
                    --report.rows; // not counted: it was not stored
                    fail(line,
                         tr("line %1: the database refused the row: %2").arg(line).arg(writer.lastError()));
                    return finish(ImportReport::Outcome::Failed);
                }
                if (duplicate) {
                    // counted above
                } else if (!suppressions->isEmpty() && suppressions->contains(toQString(row.email))) {
                    ++report.suppressed;
                } else if (inserted.inserted) {
                    ++report.imported;
                } else if (outcome == storage::ContactBulkWriter::Outcome::Updated) {
                    ++report.updated;
                } else {
                    ++report.unchanged;
                }
            }

            if (report.rows % batch == 0) {
                if (auto r = writer.flushNewMembers(listId); !r) {
                    fail(line, r.errorString());
                    return finish(ImportReport::Outcome::Failed);
                }
                if (!options.atomic) {
                    if (auto r = writer.commit(); !r) {
                        fail(line, r.errorString());
                        return finish(ImportReport::Outcome::Failed);
                    }
                    if (auto r = writer.begin(); !r) {
                        fail(line, r.errorString());
                        return report; // nothing open to settle
                    }
                }
                if (progress)
                    progress(bytesRead, file.size(), report.rows);
            }
            if (cancel && (report.rows & 1023) == 0 && cancel->load(std::memory_order_relaxed))
                return finish(ImportReport::Outcome::Cancelled);
        }
        if (rows->error) {
            fail(rows->error->first, rows->error->second);
            return finish(ImportReport::Outcome::Failed);
        }
        if (rows->last)
            break;
    }
    if (cancel && cancel->load(std::memory_order_relaxed))
        return finish(ImportReport::Outcome::Cancelled);

    // New custom fields whose values were all numbers or all dates get that type.
    const std::vector<CustomStats> &stats = parser.customStats();
    for (size_t k = 0; k < custom.size(); ++k) {
        const CustomColumn &c = custom[k];
        if (!c.isNew || !c.declaredType.isEmpty() || !stats[k].any ||
            (!stats[k].allNumbers && !stats[k].allDates))
            continue;
        if (auto r = writer.setCustomFieldType(c.name, stats[k].allNumbers ? u"number"_s : u"date"_s); !r) {
            fail(0, r.errorString());
            return finish(ImportReport::Outcome::Failed);
        }
    }
    if (report.rows == 0)
        addIssue(report.warnings, report.warningCount, headerLine,
                 tr("The file has a header row but no data rows."));
    if (progress)
        progress(bytesRead, file.size(), report.rows);
    return finish(ImportReport::Outcome::Completed);
}

} // namespace hivepost::import
