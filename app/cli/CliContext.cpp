#include "CliContext.h"

#include <utility>

#include <QJsonDocument>

#include "storage/DatabaseLocation.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

CliContext::CliContext(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err) {}

QString CliContext::databasePath() const {
    return storage::resolveDatabasePath(m_dbPathOption);
}

storage::Database *CliContext::database() {
    if (!m_db) {
        auto opened = storage::Database::open(databasePath());
        if (!opened) {
            fail(opened.errorString());
            return nullptr;
        }
        m_db = std::move(opened).value();
    }
    return m_db.get();
}

void CliContext::printJson(const QJsonObject &object) {
    m_out << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) << '\n';
    m_out.flush();
}

int CliContext::fail(const QString &message, int exitCode) {
    // One line, whatever the message contains, so scripts can rely on it.
    QString line = message;
    line.replace(u'\n', u' ');
    m_err << "error: " << line << '\n';
    m_err.flush();
    if (m_json)
        printJson({{u"error"_s, QJsonObject{{u"message"_s, line}, {u"exit_code"_s, exitCode}}}});
    return exitCode;
}

int CliContext::failAfterResult(const QString &message) {
    const bool json = std::exchange(m_json, false);
    fail(message);
    m_json = json;
    return ExitFailure;
}

int CliContext::usageError(const QString &message) {
    return fail(message + u" (see --help)"_s, ExitUsage);
}

} // namespace hivepost::cli
