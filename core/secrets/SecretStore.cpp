#include "secrets/SecretStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include "secrets/KeychainStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::secrets {

namespace {

constexpr auto kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                         QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

} // namespace

Result<std::unique_ptr<SecretStore>> SecretStore::fromSpec(const QString &spec, QObject *parent) {
    if (spec == u"keychain")
        return std::unique_ptr<SecretStore>(new KeychainSecretStore(parent));
    if (spec == u"memory")
        return std::unique_ptr<SecretStore>(new MemorySecretStore(parent));
    if (spec.startsWith(u"file:") && spec.size() > 5)
        return std::unique_ptr<SecretStore>(
            new FileSecretStore(QFileInfo(spec.mid(5)).absoluteFilePath(), parent));
    return makeError(ErrorCode::InvalidInput,
                     tr("“%1” is not a secret store: use keychain, file:PATH or memory.").arg(spec));
}

QString SecretStore::specFromEnvironment(const QString &fallback) {
    const QString spec = qEnvironmentVariable("HIVEPOST_SECRETS");
    return spec.isEmpty() ? fallback : spec;
}

void SecretStore::answer(ReadDone done, const Result<QString> &result) {
    QTimer::singleShot(0, this, [done = std::move(done), result] { done(result); });
}

void SecretStore::answer(WriteDone done, const Result<void> &result) {
    QTimer::singleShot(0, this, [done = std::move(done), result] { done(result); });
}

// Memory.

void MemorySecretStore::read(const QString &key, ReadDone done) {
    const auto it = m_secrets.constFind(key);
    if (it == m_secrets.constEnd())
        return answer(std::move(done),
                      makeError(ErrorCode::NotFound, tr("No secret is kept for “%1”.").arg(key)));
    answer(std::move(done), *it);
}

void MemorySecretStore::write(const QString &key, const QString &secret, WriteDone done) {
    m_secrets.insert(key, secret);
    answer(std::move(done), {});
}

void MemorySecretStore::remove(const QString &key, WriteDone done) {
    m_secrets.remove(key);
    answer(std::move(done), {});
}

QString MemorySecretStore::description() const {
    return tr("this session's memory");
}

// File.

Result<QHash<QString, QString>> FileSecretStore::load() const {
    QFile file(m_path);
    if (!file.exists())
        return QHash<QString, QString>();
    if (file.permissions() & kOthers)
        return makeError(ErrorCode::InvalidInput,
                         tr("The secrets file “%1” may be read or changed by other users; make it private "
                            "(chmod 600) and try again.")
                             .arg(m_path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         tr("Cannot read the secrets file “%1”: %2").arg(m_path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (!doc.isObject())
        return makeError(ErrorCode::InvalidInput,
                         tr("The secrets file “%1” is damaged (offset %2: %3); it was left as it is.")
                             .arg(m_path)
                             .arg(error.offset)
                             .arg(error.errorString()));
    QHash<QString, QString> entries;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it)
        entries.insert(it.key(), it.value().toString());
    return entries;
}

Result<void> FileSecretStore::save(const QHash<QString, QString> &entries) const {
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(ErrorCode::Io, tr("Cannot create the folder of “%1”.").arg(m_path));
    QJsonObject o;
    for (auto it = entries.cbegin(); it != entries.cend(); ++it)
        o.insert(it.key(), it.value());
    QSaveFile file(m_path);
    // Private from the first byte: the temporary file is made 0600 before anything is written.
    if (!file.open(QIODevice::WriteOnly) ||
        !file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) ||
        file.write(QJsonDocument(o).toJson(QJsonDocument::Indented)) < 0 || !file.commit())
        return makeError(ErrorCode::Io,
                         tr("Cannot write the secrets file “%1”: %2").arg(m_path, file.errorString()));
    return {};
}

void FileSecretStore::read(const QString &key, ReadDone done) {
    auto entries = load();
    if (!entries)
        return answer(std::move(done), entries.error());
    const auto it = entries->constFind(key);
    if (it == entries->constEnd())
        return answer(std::move(done),
                      makeError(ErrorCode::NotFound,
                                tr("The secrets file “%1” holds nothing for “%2”.").arg(m_path, key)));
    answer(std::move(done), *it);
}

void FileSecretStore::write(const QString &key, const QString &secret, WriteDone done) {
    auto entries = load();
    if (!entries)
        return answer(std::move(done), entries.error());
    entries->insert(key, secret);
    answer(std::move(done), save(entries.value()));
}

void FileSecretStore::remove(const QString &key, WriteDone done) {
    auto entries = load();
    if (!entries)
        return answer(std::move(done), entries.error());
    if (entries->remove(key) == 0)
        return answer(std::move(done), {});
    answer(std::move(done), save(entries.value()));
}

QString FileSecretStore::description() const {
    return tr("the private file %1").arg(m_path);
}

// Keychain: one KeychainStore (one QtKeychain job, with its timeout) per request.

void KeychainSecretStore::run(const std::function<void(KeychainStore &)> &start, ReadDone done) {
    auto *job = new KeychainStore(this, m_timeoutMs);
    connect(job, &KeychainStore::finished, this, [job, done = std::move(done)](const Result<QString> &r) {
        job->deleteLater();
        done(r);
    });
    start(*job);
}

void KeychainSecretStore::read(const QString &key, ReadDone done) {
    run([&key](KeychainStore &k) { k.read(key); }, std::move(done));
}

void KeychainSecretStore::write(const QString &key, const QString &secret, WriteDone done) {
    run([&](KeychainStore &k) { k.write(key, secret); },
        [done = std::move(done)](const Result<QString> &r) {
            done(r ? Result<void>() : Result<void>(r.error()));
        });
}

void KeychainSecretStore::remove(const QString &key, WriteDone done) {
    run([&key](KeychainStore &k) { k.remove(key); },
        [done = std::move(done)](const Result<QString> &r) {
            done(r || r.code() == ErrorCode::NotFound ? Result<void>() : Result<void>(r.error()));
        });
}

QString KeychainSecretStore::description() const {
    return tr("the system keychain");
}

} // namespace hivepost::secrets
