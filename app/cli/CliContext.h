#pragma once

// CliContext: what every hivepost-cli command shares: the output streams, the conventions
// (errors on stderr as one "error:" line, exit codes, one JSON object with --json), the database and
// the secret store ($HIVEPOST_SECRETS: keychain, file:PATH or memory; the system keychain by default).

#include <memory>

#include <QJsonObject>
#include <QString>
#include <QTextStream>

#include "application/Application.h"
#include "common/Clock.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"

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

    // An application layer on the database, the system clock and the secret store, for a command
    // that sends or polls; nullptr (after the error line) when the database or store cannot open.
    std::unique_ptr<application::Application>
    makeApplication(const application::ApplicationOptions &options = {});
    // The secret store, reporting a bad $HIVEPOST_SECRETS on stderr; nullptr then.
    secrets::SecretStore *secrets();
    // The store's asynchronous calls, each run to its end here (a command has nothing else to do).
    Result<void> writeSecret(const QString &key, const QString &secret);
    Result<void> removeSecret(const QString &key);
    // A sending domain's DKIM key (campaign::DkimKeys: moved from the database on the way, if an
    // older Hivepost left it there); empty when the domain has none. And a new key saved.
    Result<QByteArray> dkimPem(const QString &domain);
    Result<void> storeDkimKey(const storage::DkimKey &key);

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
    std::unique_ptr<secrets::SecretStore> m_secrets;
    SystemClock m_clock;
};

} // namespace hivepost::cli
