#pragma once

// TestSendDialog: the Templates page's "Send Test…": a TestSendPanel for the saved template, in a
// dialog of its own.

#include <QDialog>

namespace hivepost::storage {
class Database;
}

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class TestSendPanel;

class TestSendDialog : public QDialog {
    Q_OBJECT
public:
    TestSendDialog(application::Application &app, const QString &templateName, QWidget *parent = nullptr);

    void send(); // what the Send button does

Q_SIGNALS:
    void finished(bool ok, const QString &message);

private:
    TestSendPanel *m_panel;
};

} // namespace hivepost::ui
