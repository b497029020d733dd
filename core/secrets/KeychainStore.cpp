#include "secrets/KeychainStore.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace hivepost::secrets {

KeychainStore::KeychainStore(QObject *parent, int timeoutMs)
    : QObject(parent)
    , m_timeoutMs(timeoutMs) {
    qRegisterMetaType<hivepost::Result<QString>>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        done(makeError(ErrorCode::Io,
                       tr("The system keychain did not answer within %1 seconds.").arg(m_timeoutMs / 1000)));
    });
}

void KeychainStore::done(const Result<QString> &result) {
    if (!m_busy)
        return;
    m_busy = false;
    ++m_request; // a late answer from the job is ignored
    m_timer.stop();
    Q_EMIT finished(result);
}

void KeychainStore::start(QObject *object) {
    auto *job = static_cast<QKeychain::Job *>(object);
    m_key = job->key();
    m_busy = true;
    const quint64 request = ++m_request;
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file behind the user's back
    connect(job, &QKeychain::Job::finished, this, [this, request](QKeychain::Job *j) {
        if (request != m_request)
            return;
        if (j->error() == QKeychain::NoError) {
            auto *reader = qobject_cast<QKeychain::ReadPasswordJob *>(j);
            done(reader ? reader->textData() : QString(u""_s));
        } else if (j->error() == QKeychain::EntryNotFound) {
            done(makeError(ErrorCode::NotFound, tr("The system keychain holds no “%1”.").arg(m_key)));
        } else {
            done(makeError(ErrorCode::Io,
                           tr("The system keychain is not available: %1").arg(j->errorString())));
        }
    });
    m_timer.start(m_timeoutMs);
    job->start();
}

void KeychainStore::read(const QString &key) {
    Q_ASSERT(!m_busy);
    auto *job = new QKeychain::ReadPasswordJob(serviceName());
    job->setKey(key);
    start(job);
}

void KeychainStore::write(const QString &key, const QString &secret) {
    Q_ASSERT(!m_busy);
    auto *job = new QKeychain::WritePasswordJob(serviceName());
    job->setKey(key);
    job->setTextData(secret);
    start(job);
}

void KeychainStore::remove(const QString &key) {
    Q_ASSERT(!m_busy);
    auto *job = new QKeychain::DeletePasswordJob(serviceName());
    job->setKey(key);
    start(job);
}

} // namespace hivepost::secrets
