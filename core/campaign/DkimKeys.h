#pragma once

// DkimKeys: the sending domains' DKIM private keys, kept in the secret store (key "dkim/DOMAIN")
// with only the domain, selector and algorithm in the database. store() saves a new key; fetch()
// reads one for signing; moveAll() takes the PEMs an older Hivepost left in the database into the
// secret store and then forgets them there (a key whose move fails stays where it was, and still
// signs). Asynchronous like the store: exactly one answer per call, never from inside it. Lives on
// the thread of its Database; does not own the store.

#include <functional>

#include <QByteArray>
#include <QCoreApplication>
#include <QObject>

#include "common/Result.h"
#include "storage/TemplateStore.h"

namespace hivepost::storage {
class Database;
}
namespace hivepost::secrets {
class SecretStore;
}

namespace hivepost::campaign {

class DkimKeys : public QObject {
    Q_OBJECT
public:
    DkimKeys(storage::Database &db, secrets::SecretStore &secrets, QObject *parent = nullptr);

    // The PEM of domain's key; an empty one when the domain has no key.
    void fetch(const QString &domain, std::function<void(const Result<QByteArray> &)> done);
    // Saves key (its PEM to the secret store first, then the rest to the database).
    void store(const storage::DkimKey &key, std::function<void(const Result<void> &)> done);
    // Moves every PEM still in the database; answers how many moved.
    void moveAll(std::function<void(const Result<int> &)> done);

private:
    void moveNext(std::shared_ptr<QList<storage::DkimKey>> left, int moved, QStringList errors,
                  std::function<void(const Result<int> &)> done);
    // One key an older Hivepost left in the database: into the secret store, then forgotten there.
    void move(const storage::DkimKey &key, std::function<void(const Result<void> &)> done);

    storage::Database &m_db;
    secrets::SecretStore &m_secrets;
};

} // namespace hivepost::campaign
