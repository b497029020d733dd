#include "storage/Migration.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hivepost::storage {

const QList<Migration> &builtinMigrations() {
    static const QList<Migration> migrations{
        {1,
         u"application settings"_s,
         {u"CREATE TABLE app_settings ("
          "  key   TEXT PRIMARY KEY NOT NULL,"
          "  value TEXT NOT NULL"
          ") WITHOUT ROWID"_s}},
    };
    return migrations;
}

int latestVersion(const QList<Migration> &migrations) {
    int latest = 0;
    for (const Migration &m : migrations)
        latest = std::max(latest, m.version);
    return latest;
}

} // namespace hivepost::storage
