#pragma once

// TestSendPanel: sends a saved template to an address of the user's (their own inbox, a seed
// address) through one of the accounts, and shows the server's answer or why it failed. The address
// is remembered for next time; the From typed becomes the sender of every message. Shown by TestSendDialog
// (Templates page) and by the first-run assistant's last step.

#include <QWidget>

namespace hivepost::storage {
class Database;
}

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class TestSendPanel : public QWidget {
    Q_OBJECT
public:
    TestSendPanel(application::Application &app, const QString &templateName, QWidget *parent = nullptr);

    void setTemplateName(const QString &name) { m_template = name; }
    void reloadAccounts();                   // the accounts as they are in the database now
    void setAddress(const QString &address); // the From and To, when they are empty
    QPushButton *sendButton() const { return m_send; }

    void send(); // what the Send button does; saves the From first

    // Keeps the From typed as the sender of every message (sender/from_name, sender/from_address);
    // false, with the reason shown, when it is not an address (or is empty and required).
    bool saveSender(bool required = true);

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    application::Application &m_app; // its secret store has the passwords and DKIM keys
    storage::Database &m_db;
    QString m_template;
    QComboBox *m_account;
    QLineEdit *m_from;
    QLineEdit *m_to;
    QLabel *m_result;
    QPushButton *m_send;
    bool m_sending = false;
};

} // namespace hivepost::ui
