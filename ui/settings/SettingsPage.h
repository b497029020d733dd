#pragma once

// SettingsPage: the interface language (applied at the next start) and the database in use, with
// an online backup, and the tracking relays (RelaysPanel, with an application layer). Reads and
// writes the QSettings it is given; does not own the Database.

#include <QWidget>

class QComboBox;
class QLabel;
class QSettings;

namespace hivepost::storage {
class Database;
}
namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class SettingsPage : public QWidget {
    Q_OBJECT
public:
    SettingsPage(storage::Database &db, QSettings &settings, application::Application *app = nullptr,
                 QWidget *parent = nullptr);

    // Backs the database up to path and tells the user how it went. Returns success.
    bool backupTo(const QString &path);

Q_SIGNALS:
    void languageChanged(const QString &code);
    void statusMessage(const QString &message);

private:
    void chooseBackupFile();
    void onLanguageActivated(int index);

    storage::Database &m_db;
    QSettings &m_settings;
    QComboBox *m_language = nullptr;
    QLabel *m_restartNote = nullptr;
};

} // namespace hivepost::ui
