#pragma once

// TestSend: one real message made from a saved template for an address (with that contact's values
// when the address is a contact's, else as a contact with only an address), sent through an account:
// what "Send Test…" and hivepost-cli send-test do. Resolves the account's password (keychain,
// environment or file), connects, sends, quits; exactly one finished() per start(). Nothing is
// written to the ledger.

#include <QObject>
#include <QPointer>
#include <QString>

#include "common/Result.h"
#include "secrets/KeychainStore.h" // Result<QString> as a metatype

namespace hivepost::storage {
class Database;
}
namespace hivepost::smtp {
class SmtpClient;
}
namespace hivepost::secrets {
class SecretStore;
}

namespace hivepost::campaign {

class TestSend : public QObject {
    Q_OBJECT
public:
    // Reads the account's password and the DKIM key from secrets (not owned).
    TestSend(storage::Database &db, secrets::SecretStore &secrets, QObject *parent = nullptr);
    ~TestSend() override;

    void start(const QString &accountName, const QString &templateName, const QString &to);

    // The message for `to` from the template (anyAddress: also for someone who is not a contact), and
    // its envelope sender in *fromAddress. fromOverride and campaignName: a campaign's From and name;
    // dkimPem: the From domain's key from the secret store (DkimKeys::fetch), when it has one there.
    static Result<QByteArray> compose(storage::Database &db, const QString &templateName, const QString &to,
                                      bool anyAddress, QString *fromAddress, const QString &fromOverride = {},
                                      const QString &campaignName = {}, const QByteArray &dkimPem = {});

Q_SIGNALS:
    // The server's acceptance ("250 2.0.0 Ok: queued as …"), or why the message was not sent.
    void finished(const hivepost::Result<QString> &reply);

private:
    void send(const QString &accountName, const QString &templateName, const QString &to,
              const QByteArray &dkimPem);
    void fail(const QString &why);

    storage::Database &m_db;
    secrets::SecretStore &m_secrets;
    QPointer<smtp::SmtpClient> m_client;
    bool m_done = false;
};

} // namespace hivepost::campaign
