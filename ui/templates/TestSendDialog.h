#pragma once

// TestSendDialog: sends the saved template to an address of the user's (their own inbox, a seed
// address) through one of the accounts, and shows the server's answer or why it failed. The address
// is remembered for next time.

#include <QDialog>

namespace hivepost::storage {
class Database;
}

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace hivepost::ui {

class TestSendDialog : public QDialog {
    Q_OBJECT
public:
    TestSendDialog(storage::Database &db, const QString &templateName, QWidget *parent = nullptr);

    void send(); // what the Send button does

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    storage::Database &m_db;
    QString m_template;
    QComboBox *m_account;
    QLineEdit *m_to;
    QLabel *m_result;
    QPushButton *m_send;
};

} // namespace hivepost::ui
