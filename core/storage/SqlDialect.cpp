#include "storage/SqlDialect.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

QString SqlDialect::position(const QString &haystack, const QString &needle) const {
    return (m_backend == Backend::Postgres ? u"strpos(%1, %2)"_s : u"instr(%1, %2)"_s).arg(haystack, needle);
}

QString SqlDialect::emailDomainAsIs(const QString &column) const {
    return u"substr(%1, %2 + 1)"_s.arg(column, position(column, u"'@'"_s)); // substr() is both's
}

QString SqlDialect::emailDomain(const QString &column) const {
    return u"lower(%1)"_s.arg(emailDomainAsIs(column));
}

QString SqlDialect::jsonMember(const QString &column) const {
    return m_backend == Backend::Postgres ? u"(%1::jsonb ->> ?)"_s.arg(column)
                                          : u"json_extract(%1, ?)"_s.arg(column);
}

QString SqlDialect::jsonKeyParameter(const QString &key) const {
    if (m_backend == Backend::Postgres)
        return key;
    QString escaped = key;
    escaped.replace(u'"', u"\\\""_s);
    return u"$.\"%1\""_s.arg(escaped); // a quoted path label: any script, any character
}

QStringList SqlDialect::sqliteConnectionPragmas() {
    return {u"PRAGMA foreign_keys = ON"_s, u"PRAGMA synchronous = FULL"_s};
}

QString SqlDialect::sqliteTableProbe() {
    return u"SELECT count(*), sum(name = 'schema_version') FROM sqlite_master WHERE type = 'table'"_s;
}

QString SqlDialect::sqliteTableNames() {
    return u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
           "ORDER BY name"_s;
}

QString SqlDialect::sqliteJournalWal() {
    return u"PRAGMA journal_mode = WAL"_s;
}

QString SqlDialect::sqliteApplicationIdQuery() {
    return u"PRAGMA application_id"_s;
}

QString SqlDialect::sqliteSetApplicationId(int id) {
    return u"PRAGMA application_id = %1"_s.arg(id);
}

QString SqlDialect::sqliteForeignKeysQuery() {
    return u"PRAGMA foreign_keys"_s;
}

QString SqlDialect::sqliteIntegrityCheck() {
    return u"PRAGMA integrity_check"_s;
}

QString SqlDialect::sqliteSecureDelete(bool on) {
    return on ? u"PRAGMA secure_delete = ON"_s : u"PRAGMA secure_delete = OFF"_s;
}

QString SqlDialect::sqliteCheckpointTruncate() {
    return u"PRAGMA wal_checkpoint(TRUNCATE)"_s;
}

QStringList SqlDialect::sqliteBulkLoadPragmas() {
    return {u"PRAGMA cache_size = -98304"_s, u"PRAGMA synchronous = NORMAL"_s,
            u"PRAGMA foreign_keys = OFF"_s};
}

QStringList SqlDialect::sqliteRepeatableImportPragmas() {
    return {u"PRAGMA cache_size = -98304"_s, u"PRAGMA synchronous = NORMAL"_s,
            u"PRAGMA wal_autocheckpoint = 20000"_s};
}

QStringList SqlDialect::sqliteNormalPragmas() {
    return {u"PRAGMA cache_size = -2000"_s, u"PRAGMA synchronous = FULL"_s, u"PRAGMA foreign_keys = ON"_s,
            u"PRAGMA wal_autocheckpoint = 1000"_s};
}

} // namespace hivepost::storage
