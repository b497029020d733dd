#include "storage/DatabaseLocation.h"

#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace hivepost::storage {

QString defaultDatabasePath() {
    // GenericDataLocation rather than AppDataLocation: the GUI and the CLI have different
    // application names but must share one database.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    return QDir(base).filePath(u"hivepost/hivepost.db"_s);
}

QString resolveDatabasePath(const QString &explicitPath) {
    if (!explicitPath.isEmpty())
        return explicitPath;
    const QString fromEnv = qEnvironmentVariable("HIVEPOST_DB");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return defaultDatabasePath();
}

} // namespace hivepost::storage
