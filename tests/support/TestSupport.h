#pragma once

// Small helpers for the tests: whole-file snapshots, writing files of given content, and running a
// program to its end.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace hivepost::test {

// The file's bytes, or a null QByteArray if it cannot be read.
QByteArray readAll(const QString &path);

// Writes data to path, replacing it; returns success.
bool writeFile(const QString &path, const QByteArray &data);

struct ProcessRun {
    int exitCode = -1; // -1: it did not start, crashed, or ran past the timeout (then it is killed)
    QByteArray out;
    QByteArray err;
};

ProcessRun runProcess(const QString &program, const QStringList &args,
                      const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment(),
                      int timeoutMs = 120000);

} // namespace hivepost::test
