#include "CliContext.h"

#include <functional>
#include <optional>
#include <utility>

#include <QEventLoop>
#include <QJsonDocument>

#include "campaign/DkimKeys.h"
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

std::unique_ptr<application::Application>
CliContext::makeApplication(const application::ApplicationOptions &options) {
    storage::Database *db = database();
    secrets::SecretStore *store = db ? secrets() : nullptr;
    if (!store)
        return nullptr;
    return std::make_unique<application::Application>(*db, m_clock, *store, options);
}

secrets::SecretStore *CliContext::secrets() {
    if (!m_secrets) {
        auto store = secrets::SecretStore::fromSpec(secrets::SecretStore::specFromEnvironment());
        if (!store) {
            fail(u"HIVEPOST_SECRETS: "_s + store.errorString());
            return nullptr;
        }
        m_secrets = std::move(store).value();
    }
    return m_secrets.get();
}

namespace {

// Runs call(done) until done is called; returns what it was called with.
template <typename T>
T wait(const std::function<void(std::function<void(const T &)>)> &call) {
    QEventLoop loop;
    std::optional<T> answer;
    call([&](const T &r) {
        answer = r;
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return *answer;
}

Error noStore() {
    return makeError(ErrorCode::InvalidInput, u"no secret store (see HIVEPOST_SECRETS)"_s);
}

} // namespace

Result<void> CliContext::writeSecret(const QString &key, const QString &secret) {
    secrets::SecretStore *store = secrets();
    if (!store)
        return noStore();
    return wait<Result<void>>([&](auto done) { store->write(key, secret, done); });
}

Result<void> CliContext::removeSecret(const QString &key) {
    secrets::SecretStore *store = secrets();
    if (!store)
        return noStore();
    return wait<Result<void>>([&](auto done) { store->remove(key, done); });
}

Result<QByteArray> CliContext::dkimPem(const QString &domain) {
    storage::Database *db = database();
    secrets::SecretStore *store = db ? secrets() : nullptr;
    if (!store)
        return noStore();
    campaign::DkimKeys keys(*db, *store);
    return wait<Result<QByteArray>>([&](auto done) { keys.fetch(domain, done); });
}

Result<void> CliContext::storeDkimKey(const storage::DkimKey &key) {
    storage::Database *db = database();
    secrets::SecretStore *store = db ? secrets() : nullptr;
    if (!store)
        return noStore();
    campaign::DkimKeys keys(*db, *store);
    return wait<Result<void>>([&](auto done) { keys.store(key, done); });
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
