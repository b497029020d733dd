#pragma once

// CliContext: what every hivepost-cli command shares: the output streams, the conventions
// (errors on stderr as one "error:" line, exit codes, one JSON object with --json) and the database.

#include <memory>

#include <QJsonObject>
#include <QString>
#include <QTextStream>

#include "storage/Database.h"

namespace hivepost::cli {

enum ExitCode : int {
    ExitSuccess = 0,
    ExitFailure = 1,
    ExitUsage = 2,
};

class CliContext {
public:
    CliContext(QTextStream &out, QTextStream &err);

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }

    void setDatabasePath(const QString &path) { m_dbPathOption = path; }
    QString databasePath() const;
    void setJson(bool json) { m_json = json; }
    bool json() const { return m_json; }

    // Opens (or creates) the database, reporting a failure on stderr; nullptr then.
    storage::Database *database();

    // Prints exactly one JSON object on stdout, compact, followed by a newline.
    void printJson(const QJsonObject &object);

    // One line "error: ..." on stderr (and with --json an {"error": ...} object on stdout).
    int fail(const QString &message, int exitCode = ExitFailure);
    int usageError(const QString &message);
    // The "error:" line only, for a command that already printed its JSON result (a report that
    // says what failed); returns ExitFailure.
    int failAfterResult(const QString &message);

private:
    QTextStream &m_out;
    QTextStream &m_err;
    QString m_dbPathOption;
    bool m_json = false;
    std::unique_ptr<storage::Database> m_db;
};

} // namespace hivepost::cli
