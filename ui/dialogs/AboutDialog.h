#pragma once

// AboutDialog: version, the Qt and SQLite it runs on, the database in use, and credits.

#include <QDialog>

namespace hivepost::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(const QString &databasePath, QWidget *parent = nullptr);
};

} // namespace hivepost::ui
