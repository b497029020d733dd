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
#include "storage/ContactBulkWriter.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::import {

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

QString toQString(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

void appendJsonString(std::string &out, std::string_view s) {
    out.push_back('"');
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

// -12, 3.5, 1,5 (a decimal comma), 1e6
bool looksLikeNumber(std::string_view s) {
    size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    const size_t digitsStart = i;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    if (i == digitsStart)
        return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        const size_t fraction = ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == fraction)
            return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        const size_t exponent = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        if (i == exponent)
            return false;
    }
    return i == s.size();
}

// 2024-03-01, 2024/3/1, 2024.03.01
bool looksLikeDate(std::string_view s) {
    if (s.size() < 8 || s.size() > 10 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]))
        return false;
    const char sep = s[4];
    if (sep != '-' && sep != '/' && sep != '.')
        return false;
    size_t i = 5;
    int month = 0;
    int day = 0;
    for (int *part : {&month, &day}) {
        const size_t start = i;
        while (i < s.size() && isDigit(s[i]) && i - start < 2)
            *part = *part * 10 + (s[i++] - '0');
        if (i == start)
            return false;
        if (part == &month) {
            if (i >= s.size() || s[i] != sep)
                return false;
            ++i;
        }
    }
    return i == s.size() && month >= 1 && month <= 12 && day >= 1 && day <= 31;
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
    std::string name; // UTF-8
    QString declaredType;
    bool isNew = false;
    bool allNumbers = true;
    bool allDates = true;
    bool anyValue = false;
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
        report.headers << toQString(trimmed(record.field(i)));
    const qint64 headerLine = record.line;

    if (options.columns) {
        report.columns = *options.columns;
    } else {
        report.columns = ColumnMapper::autoMap(report.headers);
        if (auto r = ColumnMapper::apply(report.columns, options.mappings); !r)
            return fail(headerLine, r.errorString());
    }
    int emailColumn = -1;
    int nameColumn = -1;
    int firstColumn = -1;
    int lastColumn = -1;
    std::vector<CustomColumn> custom;
    for (const ColumnMapping &m : std::as_const(report.columns)) {
        switch (m.kind) {
        case FieldKind::Email:
            emailColumn = m.column;
            break;
        case FieldKind::Name:
            nameColumn = m.column;
            break;
        case FieldKind::FirstName:
            firstColumn = m.column;
            break;
        case FieldKind::LastName:
            lastColumn = m.column;
            break;
        case FieldKind::Custom: {
            const bool taken = std::any_of(custom.begin(), custom.end(), [&](const CustomColumn &c) {
                return c.name == m.customName.toStdString();
            });
            if (!taken)
                custom.push_back({m.column, m.customName.toUtf8().toStdString(), m.customType});
            break;
        }
        case FieldKind::Ignore:
            break;
        }
    }
    if (emailColumn < 0) {
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
        const QString name = QString::fromStdString(c.name);
        c.isNew = std::none_of(existingFields->begin(), existingFields->end(),
                               [&](const storage::CustomField &f) { return f.name == name; });
        auto type = writer.ensureCustomField(name, c.declaredType.isEmpty() ? u"text"_s : c.declaredType);
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
    const auto reject = [&](const CsvRecord &rec, const QString &reason) {
        if (!rejected)
            return;
        QStringList row{QString::number(rec.line), reason};
        for (qsizetype i = 0; i < rec.size(); ++i)
            row << toQString(rec.field(i));
        rejected->writeRow(row);
    };

    SeenContacts seen;
    const qsizetype columnCount = report.headers.size();
    const int batch = std::max(1, options.batchRows);
    std::string email;
    std::string json;
    const auto fieldAt = [&record](int column) {
        return column >= 0 && column < record.size() ? trimmed(record.field(column)) : std::string_view();
    };

    for (;;) {
        status = reader.next(record);
        if (status == CsvReader::Status::End)
            break;
        if (status == CsvReader::Status::Error) {
            fail(reader.errorLine(), reader.errorString());
            return finish(ImportReport::Outcome::Failed);
        }
        ++report.rows;
        const qint64 line = record.line;
        if (record.size() != columnCount) {
            addIssue(report.warnings, report.warningCount, line,
                     record.size() > columnCount
                         ? tr("line %1: %2 fields, the header has %3; the extra fields were ignored")
                               .arg(line)
                               .arg(record.size())
                               .arg(columnCount)
                         : tr("line %1: %2 fields, the header has %3; the missing ones were left empty")
                               .arg(line)
                               .arg(record.size())
                               .arg(columnCount));
        }

        const std::string_view rawEmail =
            emailColumn < record.size() ? record.field(emailColumn) : std::string_view();
        const EmailAddress::Problem problem = EmailAddress::normalizeUtf8(rawEmail, email);
        if (problem != EmailAddress::Problem::None) {
            ++report.invalid;
            const QString reason = EmailAddress::describe(problem);
            addIssue(report.errors, report.errorCount, line,
                     tr("line %1: “%2”: %3").arg(line).arg(toQString(rawEmail).left(200), reason));
            reject(record, reason);
            continue;
        }
        if (record.data.find("\xEF\xBF\xBD") != std::string::npos) {
            addIssue(
                report.warnings, report.warningCount, line,
                tr("line %1: some characters could not be decoded as %2 and were replaced; is the encoding "
                   "right?")
                    .arg(line)
                    .arg(encodingName(report.encoding)));
        }

        json.assign("{");
        for (CustomColumn &c : custom) {
            const std::string_view value = fieldAt(c.column);
            if (value.empty())
                continue;
            if (json.size() > 1)
                json.push_back(',');
            appendJsonString(json, c.name);
            json.push_back(':');
            appendJsonString(json, value);
            c.anyValue = true;
            c.allNumbers = c.allNumbers && looksLikeNumber(value);
            c.allDates = c.allDates && looksLikeDate(value);
        }
        json.push_back('}');

        const storage::ContactRow row{email, fieldAt(nameColumn), fieldAt(firstColumn), fieldAt(lastColumn),
                                      json};
        const auto inserted = writer.insert(row);
        if (!inserted.ok) {
            --report.rows; // not counted: it was not stored
            fail(line, tr("line %1: the database refused the row: %2").arg(line).arg(writer.lastError()));
            return finish(ImportReport::Outcome::Failed);
        }
        bool isNew = inserted.inserted;
        auto outcome = storage::ContactBulkWriter::Outcome::Unchanged;
        if (isNew) {
            seen.addNew(inserted.id, line);
        } else if (const qint64 firstLine = seen.firstLine(inserted.id)) {
            ++report.duplicates;
            reject(record, tr("duplicate of line %1").arg(firstLine));
            continue;
        } else {
            seen.addExisting(inserted.id, line);
            outcome = writer.merge(inserted.id, row, listId, options.update);
            if (outcome == storage::ContactBulkWriter::Outcome::Failed) {
                --report.rows;
                fail(line, tr("line %1: the database refused the row: %2").arg(line).arg(writer.lastError()));
                return finish(ImportReport::Outcome::Failed);
            }
        }
        if (!suppressions->isEmpty() &&
            suppressions->contains(QString::fromUtf8(email.data(), qsizetype(email.size())))) {
            ++report.suppressed;
        } else {
            if (isNew)
                ++report.imported;
            else if (outcome == storage::ContactBulkWriter::Outcome::Updated)
                ++report.updated;
            else
                ++report.unchanged;
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
                progress(file.bytesRead(), file.size(), report.rows);
        }
        if (cancel && (report.rows & 1023) == 0 && cancel->load(std::memory_order_relaxed))
            return finish(ImportReport::Outcome::Cancelled);
    }
    if (cancel && cancel->load(std::memory_order_relaxed))
        return finish(ImportReport::Outcome::Cancelled);

    // New custom fields whose values were all numbers or all dates get that type.
    for (const CustomColumn &c : custom) {
        if (!c.isNew || !c.declaredType.isEmpty() || !c.anyValue || (!c.allNumbers && !c.allDates))
            continue;
        const QString type = c.allNumbers ? u"number"_s : u"date"_s;
        if (auto r = writer.setCustomFieldType(QString::fromStdString(c.name), type); !r) {
            fail(0, r.errorString());
            return finish(ImportReport::Outcome::Failed);
        }
    }
    if (report.rows == 0)
        addIssue(report.warnings, report.warningCount, headerLine,
                 tr("The file has a header row but no data rows."));
    if (progress)
        progress(file.bytesRead(), file.size(), report.rows);
    return finish(ImportReport::Outcome::Completed);
}

} // namespace hivepost::import
