#pragma once

// Small helpers for the tests: whole-file snapshots, and writing files of given content.

#include <QByteArray>
#include <QString>

namespace hivepost::test {

// The file's bytes, or a null QByteArray if it cannot be read.
QByteArray readAll(const QString &path);

// Writes data to path, replacing it; returns success.
bool writeFile(const QString &path, const QByteArray &data);

} // namespace hivepost::test
