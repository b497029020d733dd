#include "import/ColumnMapping.h"

#include <QHash>
#include <QSet>

using namespace Qt::StringLiterals;

namespace hivepost::import {

namespace {

// Header -> field, keyed by the header lower-cased with spaces, "-", "_" and "." removed.
const QHash<QString, FieldKind> &knownHeaders() {
    static const QHash<QString, FieldKind> known = [] {
        QHash<QString, FieldKind> h;
        for (const char16_t *s :
             {u"email", u"emailaddress", u"mail", u"mailaddress", u"emailadresse", u"correo", u"邮箱",
              u"电子邮件", u"邮件地址", u"电子邮箱", u"邮箱地址", u"电子邮件地址", u"email地址", u"电邮",
              u"郵箱", u"電子郵件", u"電子郵件地址"})
            h.insert(QString::fromUtf16(s), FieldKind::Email);
        for (const char16_t *s : {u"name", u"fullname", u"displayname", u"contactname", u"姓名", u"全名",
                                  u"联系人", u"称呼", u"名称"})
            h.insert(QString::fromUtf16(s), FieldKind::Name);
        for (const char16_t *s :
             {u"firstname", u"givenname", u"forename", u"first", u"fname", u"名字", u"名"})
            h.insert(QString::fromUtf16(s), FieldKind::FirstName);
        for (const char16_t *s : {u"lastname", u"surname", u"familyname", u"last", u"lname", u"姓", u"姓氏"})
            h.insert(QString::fromUtf16(s), FieldKind::LastName);
        return h;
    }();
    return known;
}

QString headerKey(const QString &header) {
    QString key;
    for (QChar c : header.trimmed().toLower()) {
        if (c != u' ' && c != u'-' && c != u'_' && c != u'.' && c != u'\u3000')
            key += c;
    }
    return key;
}

} // namespace

QString ColumnMapping::fieldName() const {
    switch (kind) {
    case FieldKind::Ignore:
        return u"-"_s;
    case FieldKind::Email:
        return u"email"_s;
    case FieldKind::Name:
        return u"name"_s;
    case FieldKind::FirstName:
        return u"first_name"_s;
    case FieldKind::LastName:
        return u"last_name"_s;
    case FieldKind::Custom:
        return customName;
    }
    return QString();
}

const QStringList &ColumnMapper::standardFields() {
    static const QStringList fields{u"email"_s, u"name"_s, u"first_name"_s, u"last_name"_s};
    return fields;
}

QString ColumnMapper::customNameFor(const QString &header) {
    QString name;
    bool pendingUnderscore = false;
    for (QChar c : header.trimmed().toLower()) {
        if (c.isLetterOrNumber()) {
            if (pendingUnderscore && !name.isEmpty())
                name += u'_';
            pendingUnderscore = false;
            name += c;
        } else {
            pendingUnderscore = true;
        }
    }
    return name;
}

QList<ColumnMapping> ColumnMapper::autoMap(const QStringList &headers) {
    QList<ColumnMapping> mapping;
    QSet<FieldKind> taken;
    QSet<QString> names;
    for (int i = 0; i < headers.size(); ++i) {
        ColumnMapping m;
        m.column = i;
        m.header = headers.at(i);
        const FieldKind kind = knownHeaders().value(headerKey(m.header), FieldKind::Custom);
        if (kind != FieldKind::Custom && !taken.contains(kind)) {
            m.kind = kind;
            taken.insert(kind);
        } else {
            QString name = customNameFor(m.header);
            if (name.isEmpty())
                name = u"column_%1"_s.arg(i + 1);
            // Standard names are not custom names; neither are names used twice.
            QString unique = name;
            for (int n = 2; names.contains(unique) || standardFields().contains(unique); ++n)
                unique = u"%1_%2"_s.arg(name).arg(n);
            m.kind = FieldKind::Custom;
            m.customName = unique;
        }
        if (m.kind == FieldKind::Custom)
            names.insert(m.customName);
        mapping.append(m);
    }
    return mapping;
}

Result<void> ColumnMapper::setField(ColumnMapping &m, const QString &fieldSpec) {
    const QString field = fieldSpec.trimmed();
    m.customName.clear();
    m.customType.clear();
    if (field.isEmpty() || field == u"-"_s) {
        m.kind = FieldKind::Ignore;
        return {};
    }
    const QString lower = field.toLower();
    if (lower == u"email"_s || lower == u"e-mail"_s) {
        m.kind = FieldKind::Email;
    } else if (lower == u"name"_s) {
        m.kind = FieldKind::Name;
    } else if (lower == u"first_name"_s) {
        m.kind = FieldKind::FirstName;
    } else if (lower == u"last_name"_s) {
        m.kind = FieldKind::LastName;
    } else {
        QString name = field;
        QString type;
        if (const qsizetype colon = field.lastIndexOf(u':'); colon > 0) {
            name = field.left(colon);
            type = field.mid(colon + 1).trimmed().toLower();
            if (type != u"text"_s && type != u"number"_s && type != u"date"_s)
                return makeError(ErrorCode::InvalidInput,
                                 tr("“%1”: the type must be text, number or date").arg(field));
        }
        const QString custom = customNameFor(name);
        if (custom.isEmpty())
            return makeError(ErrorCode::InvalidInput, tr("“%1” is not a usable field name").arg(field));
        m.kind = FieldKind::Custom;
        m.customName = custom;
        m.customType = type;
    }
    return {};
}

Result<void> ColumnMapper::apply(QList<ColumnMapping> &mapping, const QStringList &specs) {
    QStringList headers;
    for (const ColumnMapping &m : std::as_const(mapping))
        headers << m.header;
    for (const QString &spec : specs) {
        const qsizetype eq = spec.lastIndexOf(u'=');
        if (eq <= 0)
            return makeError(ErrorCode::InvalidInput, tr("“%1”: write a mapping as COLUMN=FIELD").arg(spec));
        const QString column = spec.left(eq).trimmed();
        int index = -1;
        if (column.startsWith(u'#')) {
            bool ok = false;
            index = column.mid(1).toInt(&ok) - 1;
            if (!ok || index < 0 || index >= mapping.size())
                index = -1;
        } else {
            for (int i = 0; i < mapping.size(); ++i) {
                if (mapping[i].header.trimmed().compare(column, Qt::CaseInsensitive) == 0) {
                    index = i;
                    break;
                }
            }
        }
        if (index < 0)
            return makeError(ErrorCode::InvalidInput,
                             tr("“%1”: the file has no column “%2” (its columns: %3)")
                                 .arg(spec, column, headers.join(u", "_s)));
        if (auto r = setField(mapping[index], spec.mid(eq + 1)); !r)
            return r;
        // A standard field mapped explicitly is taken from any column that had it automatically.
        const FieldKind kind = mapping[index].kind;
        if (kind != FieldKind::Custom && kind != FieldKind::Ignore) {
            for (int i = 0; i < mapping.size(); ++i) {
                if (i != index && mapping[i].kind == kind) {
                    QString name = customNameFor(mapping[i].header);
                    mapping[i].kind = FieldKind::Custom;
                    mapping[i].customName =
                        name.isEmpty() || standardFields().contains(name) ? u"column_%1"_s.arg(i + 1) : name;
                }
            }
        }
    }
    return {};
}

} // namespace hivepost::import
