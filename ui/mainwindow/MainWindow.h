#pragma once

// MainWindow: the shell. A navigation sidebar on the left, one page per area on the right, a status
// bar with the database in use. It hosts pages and nothing more: the pages show and ask the
// application layer (application::Application), which does the work. It does not own the
// Application, its Database or the QSettings it is given.

#include <QMainWindow>

class QListWidget;
class QSettings;
class QStackedWidget;
class QLabel;

namespace hivepost::storage {
class Database;
}
namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class FirstRunAssistant;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page { Contacts, Templates, Accounts, Campaigns, Reports, Bounces, Settings, PageCount };
    Q_ENUM(Page)

    MainWindow(application::Application &app, QSettings &settings, QWidget *parent = nullptr);

    void showPage(Page page);
    Page currentPage() const;
    QWidget *page(Page page) const;

    // After the first-run assistant: the pages show what it made; the Campaigns page comes next.
    void afterFirstRun(bool finished);

public Q_SLOTS:
    void showAbout();
    FirstRunAssistant *openFirstRunAssistant(); // Help > First-Run Assistant

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void addPage(Page page, const QIcon &icon, const QString &title, QWidget *widget);
    void createMenus();
    void restoreWindowState();
    void saveWindowState();

    application::Application &m_app;
    storage::Database &m_db;
    QSettings &m_settings;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_databaseLabel = nullptr;
    bool m_closeWhenPaused = false;
};

} // namespace hivepost::ui
