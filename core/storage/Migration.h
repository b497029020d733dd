#pragma once

// One step of the schema: applied once, in order, inside its own transaction. The list the
// application uses is builtinMigrations(); tests pass their own lists to Database::open().

#include <QList>
#include <QString>
#include <QStringList>

namespace hivepost::storage {

struct Migration {
    int version;            // strictly increasing, starting at 1
    QString description;    // recorded in schema_version for support
    QStringList statements; // executed in order; any failure rolls the whole step back
};

// The schema of this build of Hivepost, oldest first. Never edit a released step: append one.
const QList<Migration> &builtinMigrations();

// The schema of a hivepost-relay's own database.
const QList<Migration> &relayMigrations();

int latestVersion(const QList<Migration> &migrations);

} // namespace hivepost::storage
