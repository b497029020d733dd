#pragma once

// Where the database lives: an explicit --db path wins, then HIVEPOST_DB, then the user's data
// folder. The GUI and the CLI share the same default so both see the same contacts and campaigns.

#include <QString>

namespace hivepost::storage {

// <GenericDataLocation>/hivepost/hivepost.db, e.g. ~/.local/share/hivepost/hivepost.db on Linux.
QString defaultDatabasePath();

// explicitPath if not empty, else $HIVEPOST_DB if set and not empty, else defaultDatabasePath().
QString resolveDatabasePath(const QString &explicitPath = {});

} // namespace hivepost::storage
