#pragma once

// ColumnMapping: which contact field each CSV column fills. Common headers in English and Chinese
// are recognised; any other column becomes a custom field; the user can override any of it with
// COLUMN=FIELD (FIELD may be email, name, first_name, last_name, a custom name with an optional
// :text/:number/:date type, or - to ignore the column).

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

#include "common/Result.h"

namespace hivepost::import {

enum class FieldKind { Ignore, Email, Name, FirstName, LastName, Custom };

struct ColumnMapping {
    int column = 0;
    QString header;
    FieldKind kind = FieldKind::Ignore;
    QString customName; // for Custom
    QString customType; // for Custom: empty (infer from the data), text, number or date

    // The field name as the user sees it: email, name, ..., the custom name, or "-".
    QString fieldName() const;
};

class ColumnMapper {
    Q_DECLARE_TR_FUNCTIONS(ColumnMapper)

public:
    // Maps each header; unknown ones become custom fields. Only the first column that maps to a
    // standard field gets it; later ones become custom fields under their own names.
    static QList<ColumnMapping> autoMap(const QStringList &headers);

    // Applies "COLUMN=FIELD" overrides; COLUMN is a header (case-insensitive) or #N (1-based).
    static Result<void> apply(QList<ColumnMapping> &mapping, const QStringList &specs);

    // Parses FIELD of a COLUMN=FIELD spec into m.
    static Result<void> setField(ColumnMapping &m, const QString &field);

    // A custom field name for a header: trimmed, lower-case, spaces and punctuation as "_".
    static QString customNameFor(const QString &header);

    static const QStringList &standardFields();
};

} // namespace hivepost::import
