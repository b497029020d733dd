#include "campaign/DkimKeys.h"

#include <QTimer>

#include "secrets/SecretStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::campaign {

DkimKeys::DkimKeys(storage::Database &db, secrets::SecretStore &secrets, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_secrets(secrets) {}

void DkimKeys::fetch(const QString &domain, std::function<void(const Result<QByteArray> &)> done) {
    const auto later = [this, done](const Result<QByteArray> &r) {
        QTimer::singleShot(0, this, [done, r] { done(r); });
    };
    auto key = storage::TemplateStore(m_db).dkimKey(domain);
    if (!key)
        return later(key.error());
    if (!key->has_value())
        return later(QByteArray());
    const storage::DkimKey k = *key.value();
    if (!k.inSecretStore()) {
        // Written by an older Hivepost: signs as it is, and moves to the secret store on the way.
        // (A key that fails to move stays in the database and is moved the next time.)
        move(k, [k, done](const Result<void> &) { done(k.privateKeyPem); });
        return;
    }
    m_secrets.read(secrets::SecretStore::dkimKey(k.domain), [this, k, done](const Result<QString> &pem) {
        if (!pem)
            return done(
                makeError(pem.code(), tr("The DKIM key of %1 is kept in %2 and could not be read: %3")
                                          .arg(k.domain, m_secrets.description(), pem.errorString())));
        done(pem->toLatin1());
    });
}

void DkimKeys::store(const storage::DkimKey &key, std::function<void(const Result<void> &)> done) {
    const QString domain = key.domain.trimmed().toLower();
    m_secrets.write(secrets::SecretStore::dkimKey(domain), QString::fromLatin1(key.privateKeyPem),
                    [this, key, domain, done](const Result<void> &written) {
                        if (!written)
                            return done(
                                makeError(written.code(),
                                          tr("The DKIM key of %1 was not saved in %2: %3")
                                              .arg(domain, m_secrets.description(), written.errorString())));
                        storage::DkimKey row = key;
                        row.domain = domain;
                        row.privateKeyPem.clear(); // the database keeps where it is, not what it is
                        done(storage::TemplateStore(m_db).setDkimKey(row));
                    });
}

void DkimKeys::moveAll(std::function<void(const Result<int> &)> done) {
    auto keys = storage::TemplateStore(m_db).dkimKeysInDatabase();
    if (!keys) {
        QTimer::singleShot(0, this, [done, e = keys.error()] { done(e); });
        return;
    }
    auto left = std::make_shared<QList<storage::DkimKey>>(std::move(keys).value());
    QTimer::singleShot(0, this, [this, left, done] { moveNext(left, 0, {}, done); });
}

void DkimKeys::moveNext(std::shared_ptr<QList<storage::DkimKey>> left, int moved, QStringList errors,
                        std::function<void(const Result<int> &)> done) {
    if (left->isEmpty()) {
        if (!errors.isEmpty())
            return done(makeError(ErrorCode::Io, tr("%n DKIM key(s) stay in the database for now: %1",
                                                    nullptr, int(errors.size()))
                                                     .arg(errors.join(u"; "_s))));
        return done(moved);
    }
    const storage::DkimKey k = left->takeFirst();
    move(k, [this, k, left, moved, errors, done](const Result<void> &r) mutable {
        if (r)
            ++moved;
        else
            errors << u"%1: %2"_s.arg(k.domain, r.errorString());
        moveNext(left, moved, errors, done);
    });
}

void DkimKeys::move(const storage::DkimKey &k, std::function<void(const Result<void> &)> done) {
    m_secrets.write(secrets::SecretStore::dkimKey(k.domain), QString::fromLatin1(k.privateKeyPem),
                    [this, k, done](const Result<void> &written) {
                        if (!written)
                            return done(written);
                        done(storage::TemplateStore(m_db).forgetDkimPem(k.domain, k.privateKeyPem));
                    });
}

} // namespace hivepost::campaign
