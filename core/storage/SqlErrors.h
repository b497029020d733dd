#pragma once

// The words for a database error that a user can act on: a database locked by another program, a
// full disk, a file that cannot be written, a damaged file are named as such (with what to do);
// anything else is SQLite's own message, without the driver's boilerplate.

#include <QSqlError>
#include <QString>

namespace hivepost::storage {

QString sqlErrorText(const QSqlError &error);
// The same from the sqlite3 API: its (extended) result code and message.
QString sqliteErrorText(int code, const QString &message);

} // namespace hivepost::storage
