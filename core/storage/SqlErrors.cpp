#include "storage/SqlErrors.h"

#include <QCoreApplication>

namespace hivepost::storage {

namespace {

struct Words {
    Q_DECLARE_TR_FUNCTIONS(SqlErrors)
};

} // namespace

QString sqliteErrorText(int code, const QString &message) {
    switch (code & 0xff) { // the primary result code (sqlite.org/rescode.html)
    case 5:                // SQLITE_BUSY
    case 6:                // SQLITE_LOCKED
        return Words::tr("the database is in use by another program and stayed locked for 5 s; close that "
                         "program or wait, then try again");
    case 13: // SQLITE_FULL
        return Words::tr("the disk is full (nothing of this change was saved)");
    case 10: // SQLITE_IOERR
        return Words::tr("the database file could not be written or read (%1): the disk may be full, over a "
                         "size limit or failing; nothing of this change was saved")
            .arg(message);
    case 11: // SQLITE_CORRUPT
    case 26: // SQLITE_NOTADB
        return Words::tr("the database file is damaged (%1); it was left as it is: restore a backup "
                         "(hivepost-cli db restore BACKUP)")
            .arg(message);
    case 8: // SQLITE_READONLY
        return Words::tr("the database file cannot be written (read-only)");
    default:
        return message;
    }
}

QString sqlErrorText(const QSqlError &error) {
    const QString message = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    bool ok = false;
    int code = error.nativeErrorCode().toInt(&ok);
    if (!ok) {
        // Qt leaves the code out of some errors (a failed COMMIT): SQLite's own words for its codes
        // (sqlite3ErrStr) say which it was.
        static const QList<QPair<QString, int>> words{
            {QStringLiteral("database is locked"), 5},
            {QStringLiteral("database table is locked"), 6},
            {QStringLiteral("attempt to write a readonly database"), 8},
            {QStringLiteral("disk I/O error"), 10},
            {QStringLiteral("database disk image is malformed"), 11},
            {QStringLiteral("database or disk is full"), 13},
            {QStringLiteral("file is not a database"), 26}};
        for (const auto &[text, c] : words)
            if (message.startsWith(text))
                return sqliteErrorText(c, message);
        return message;
    }
    return sqliteErrorText(code, message);
}

} // namespace hivepost::storage
