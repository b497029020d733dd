#include "DbCommands.h"

#include <QFileInfo>
#include <QJsonObject>

#include "storage/Database.h"
#include "storage/Migration.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

int dbInfo(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto counts = db->tableCounts();
    if (!counts)
        return ctx.fail(counts.errorString());
    const qint64 size = QFileInfo(db->path()).size();
    const int latest = storage::latestVersion(storage::builtinMigrations());

    if (ctx.json()) {
        QJsonObject tables;
        for (const storage::TableCount &c : std::as_const(counts.value()))
            tables.insert(c.table, c.rows);
        ctx.printJson({{u"path"_s, db->path()},
                       {u"schema_version"_s, db->schemaVersion()},
                       {u"latest_schema_version"_s, latest},
                       {u"size_bytes"_s, size},
                       {u"tables"_s, tables}});
        return ExitSuccess;
    }
    QTextStream &out = ctx.out();
    out << "Database:       " << db->path() << '\n'
        << "Schema version: " << db->schemaVersion() << " (this build: " << latest << ")\n"
        << "Size:           " << size << " bytes\n"
        << "Tables:\n";
    for (const storage::TableCount &c : std::as_const(counts.value()))
        out << "  " << qSetFieldWidth(24) << Qt::left << c.table << qSetFieldWidth(0) << c.rows << '\n';
    out.flush();
    return ExitSuccess;
}

int dbBackup(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    const QString target = line.positional().constFirst();
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    if (auto r = db->backupTo(target); !r)
        return ctx.fail(r.errorString());
    const QFileInfo written(target);
    if (ctx.json()) {
        ctx.printJson({{u"backup"_s, written.absoluteFilePath()}, {u"size_bytes"_s, written.size()}});
    } else {
        ctx.out() << "Backed up " << db->path() << " to " << written.absoluteFilePath() << " ("
                  << written.size() << " bytes)\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int dbRestore(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    // The database is not opened: it is the damaged file this replaces.
    const QString target = ctx.databasePath();
    auto kept = storage::Database::restore(line.positional().constFirst(), target);
    if (!kept)
        return ctx.fail(kept.errorString());
    auto opened = storage::Database::open(target); // the backup, brought up to this build's schema
    if (!opened)
        return ctx.fail(opened.errorString());
    if (ctx.json()) {
        ctx.printJson({{u"restored"_s, target},
                       {u"from"_s, QFileInfo(line.positional().constFirst()).absoluteFilePath()},
                       {u"kept"_s, kept.value()},
                       {u"schema_version"_s, opened.value()->schemaVersion()}});
    } else {
        ctx.out() << "Restored " << target << " from " << line.positional().constFirst() << '\n';
        if (!kept->isEmpty())
            ctx.out() << "The file it replaced is kept as " << kept.value() << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

} // namespace

QList<Command> dbCommands() {
    return {
        {{u"db"_s, u"info"_s},
         u"[--json]"_s,
         u"Show the database file, its schema version and the rows in each table."_s,
         dbInfo},
        {{u"db"_s, u"backup"_s},
         u"FILE [--json]"_s,
         u"Write a consistent copy of the database to FILE while it is in use."_s,
         dbBackup},
        {{u"db"_s, u"restore"_s},
         u"BACKUP [--json]"_s,
         u"Replace the database (damaged, say) with a checked backup; the old file is kept beside it."_s,
         dbRestore},
    };
}

} // namespace hivepost::cli
