#pragma once

// AccountsPage: the sending accounts, each with the result of its last test; an editor grouped as
// server, sign-in, sending limits and security; "Test connection" runs the real SMTP conversation
// (never blocking the window) and shows each step; a certificate that fails verification is shown
// in full and can be trusted explicitly for that one account. Passwords are never stored in the
// database: the account says where its password is (an environment variable or a private file).

#include <memory>
#include <optional>

#include <QWidget>

#include "storage/AccountStore.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QSpinBox;

namespace hivepost::smtp {
class SmtpClient;
struct SmtpResult;
struct SmtpSettings;
} // namespace hivepost::smtp
namespace hivepost::secrets {
class SecretStore;
}
namespace hivepost::accounts {
class ConnectionTest;
struct ConnectionTestResult;
} // namespace hivepost::accounts

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class AccountsPage : public QWidget {
    Q_OBJECT
public:
    explicit AccountsPage(application::Application &app, QWidget *parent = nullptr);
    ~AccountsPage() override;

    void newAccount();
    void reloadList(); // the accounts as they are in the database (others may add some)
    bool openAccount(const QString &name);
    bool save(); // false with the problem shown
    bool removeCurrent();
    void testConnection();                                    // asynchronous: testFinished() follows
    QString lastTestMessage() const { return m_testMessage; } // what the last test found
    // Stores password in a private file (mode 0600) for the current account and points it there.
    bool storePasswordInFile(const QString &password);
    bool trustRejectedCertificate(); // pins the certificate of the last failed test
    // After save(), when a password was typed: where it went (keychain, session, file), or failure.
    // A keychain that is unavailable asks the user (dialog "keychainFailedDialog").

    storage::Account editedAccount() const;
    // The list of accounts on the left (the first-run assistant edits one account and hides it).
    void setAccountListVisible(bool visible);

Q_SIGNALS:
    void testFinished(bool ok);
    void passwordStored(bool ok);
    void statusMessage(const QString &message);

private:
    void showCertificateDialog();
    void onTestFinished(bool ok, const QString &message);
    void failTestEarly(const QString &why); // before any connection: settings or password missing
    void storeTypedPassword();
    void setSecretRef(const QString &ref);
    void showTestResult(const accounts::ConnectionTestResult &result);

    application::Application &m_app; // its secret store keeps the passwords
    storage::Database &m_db;
    storage::AccountStore m_store;
    qint64 m_id = 0;
    storage::Account m_loaded;
    QWidget *m_left;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QComboBox *m_security;
    QLineEdit *m_helo;
    QComboBox *m_auth;
    QLineEdit *m_user;
    QComboBox *m_secretKind;
    QLineEdit *m_secretWhere;
    QLineEdit *m_password;
    QLineEdit *m_from;
    QSpinBox *m_connections;
    QSpinBox *m_perConnection;
    QDoubleSpinBox *m_perSecond;
    QSpinBox *m_perMinute;
    QSpinBox *m_perHour;
    QSpinBox *m_perDay;
    QLineEdit *m_caFile;
    QCheckBox *m_allowPlain;
    QLabel *m_pinned;
    QLabel *m_problem;
    QPlainTextEdit *m_log;
    quint64 m_secretRequest = 0;
    accounts::ConnectionTest *m_test;
    struct UnsavedTest {
        storage::Account account;
        bool ok = false;
        QString message;
    };
    std::optional<UnsavedTest> m_unsavedTest; // a test of an account not yet saved
    QString m_testMessage;
    QByteArray m_rejectedDigest;
    QString m_rejectedDetails;
};

} // namespace hivepost::ui
