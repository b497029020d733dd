#pragma once

// SqlDialect: the one place where Hivepost's SQL differs by backend. Everything else in storage is
// written in the SQL that SQLite (3.35+) and PostgreSQL (13+) both take: ON CONFLICT ... DO NOTHING
// / DO UPDATE SET x = excluded.x instead of INSERT OR IGNORE/REPLACE, RETURNING, FILTER (WHERE),
// coalesce, lower, substr. What is left (a string search function, the pragmas that set up and
// check a SQLite file, the bulk loader's settings) comes from here, so a second backend changes
// this file and its own connection setup, and nothing outside core/storage.

#include <QString>
#include <QStringList>

namespace hivepost::storage {

enum class Backend { Sqlite, Postgres };

class SqlDialect {
public:
    explicit SqlDialect(Backend backend = Backend::Sqlite)
        : m_backend(backend) {}
    Backend backend() const { return m_backend; }

    // The position (1-based, 0: none) of needle in haystack: SQLite's instr(), PostgreSQL's strpos().
    QString position(const QString &haystack, const QString &needle) const;
    // The domain of an e-mail address column ("r.email"), as stored, and lower-cased.
    QString emailDomainAsIs(const QString &column) const;
    QString emailDomain(const QString &column) const;
    // The member named by the bound parameter (a plain key, "city") of a JSON object column, as
    // text or a number; NULL when absent. jsonKeyParameter() turns the key into what is bound.
    QString jsonMember(const QString &column) const;
    QString jsonKeyParameter(const QString &key) const;

    // SQLite files only: what a new connection sets (foreign keys, durability), the statement
    // that reads and the one that sets the application id, the integrity check, and the settings
    // of a bulk load (a large cache, fewer syncs, foreign keys checked by the loader) and back.
    static QStringList sqliteConnectionPragmas();
    static QString sqliteTableProbe(); // the number of tables, and whether schema_version is one
    static QString sqliteTableNames(); // the user tables, by name
    static QString sqliteJournalWal();
    static QString sqliteApplicationIdQuery();
    static QString sqliteSetApplicationId(int id);
    static QString sqliteForeignKeysQuery();
    static QString sqliteIntegrityCheck();
    static QString sqliteSecureDelete(bool on); // deleted content is overwritten with zeros
    static QString sqliteCheckpointTruncate();  // the WAL written into the file and emptied
    static QStringList sqliteBulkLoadPragmas();
    static QStringList sqliteNormalPragmas();
    // A long series of imports that can be repeated (a tracking pull): a large cache, fewer syncs.
    static QStringList sqliteRepeatableImportPragmas();

private:
    Backend m_backend;
};

} // namespace hivepost::storage
