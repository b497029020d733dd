#include "mainwindow/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>

#include "accounts/AccountsPage.h"
#include "application/Application.h"
#include "bounces/BouncesPage.h"
#include "campaigns/CampaignsPage.h"
#include "contacts/ContactsPage.h"
#include "dialogs/AboutDialog.h"
#include "firstrun/FirstRunAssistant.h"
#include "mainwindow/PlaceholderPage.h"
#include "reports/ReportsPage.h"
#include "settings/SettingsPage.h"
#include "storage/Database.h"
#include "templates/TemplatesPage.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {
const QString kGeometryKey = u"mainwindow/geometry"_s;
const QString kStateKey = u"mainwindow/state"_s;
const QString kPageKey = u"mainwindow/page"_s;

QIcon icon(const char *name) {
    return QIcon(u":/icons/%1.svg"_s.arg(QLatin1StringView(name)));
}
} // namespace

MainWindow::MainWindow(application::Application &app, QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_app(app)
    , m_db(app.database())
    , m_settings(settings) {
    setWindowTitle(tr("Hivepost"));
    setWindowIcon(icon("hivepost"));

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(u"navigation"_s);
    m_navigation->setIconSize(QSize(24, 24));
    m_navigation->setSpacing(2);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setSelectionMode(QAbstractItemView::SingleSelection);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(u"pages"_s);

    auto *contactsPage = new ContactsPage(m_db);
    addPage(Contacts, icon("contacts"), tr("Contacts"), contactsPage);
    connect(contactsPage, &ContactsPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *templatesPage = new TemplatesPage(m_app);
    addPage(Templates, icon("templates"), tr("Templates"), templatesPage);
    connect(templatesPage, &TemplatesPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *accountsPage = new AccountsPage(m_app);
    addPage(Accounts, icon("accounts"), tr("Accounts"), accountsPage);
    connect(accountsPage, &AccountsPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *campaignsPage = new CampaignsPage(m_app);
    connect(&m_app, &application::Application::campaignStopped, this, [this] {
        if (m_closeWhenPaused && !m_app.hasRunningCampaigns())
            close();
    });
    addPage(Campaigns, icon("campaigns"), tr("Campaigns"), campaignsPage);
    connect(campaignsPage, &CampaignsPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *reportsPage = new ReportsPage(m_app.reports(), m_db);
    reportsPage->setStateText(
        [campaignsPage](qint64 id, const QString &state) { return campaignsPage->stateText(id, state); });
    addPage(Reports, icon("reports"), tr("Reports"), reportsPage);
    connect(reportsPage, &ReportsPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    auto *bouncesPage = new BouncesPage(m_app);
    addPage(Bounces, icon("bounces"), tr("Bounces & Suppression"), bouncesPage);
    connect(bouncesPage, &BouncesPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(bouncesPage, &BouncesPage::pollMinutesChanged, this,
            [this](int minutes) { m_settings.setValue(u"bounces/pollMinutes"_s, minutes); });
    auto *settingsPage = new SettingsPage(m_db, m_settings, &m_app);
    addPage(Settings, icon("settings"), tr("Settings"), settingsPage);
    connect(settingsPage, &SettingsPage::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(settingsPage, &SettingsPage::languageChanged, this, [this](const QString &) {
        statusBar()->showMessage(tr("The new language applies the next time Hivepost starts."), 8000);
    });

    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->addWidget(m_navigation);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    m_navigation->setMinimumWidth(170);
    splitter->setSizes({200, 800});
    setCentralWidget(splitter);

    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(u"databaseStatus"_s);
    m_databaseLabel->setText(
        tr("Database: %1 (schema %2)").arg(QDir::toNativeSeparators(m_db.path())).arg(m_db.schemaVersion()));
    statusBar()->addPermanentWidget(m_databaseLabel);
    statusBar()->showMessage(tr("Ready"), 3000);

    createMenus();
    restoreWindowState();
}

void MainWindow::addPage(Page page, const QIcon &pageIcon, const QString &title, QWidget *widget) {
    Q_ASSERT(m_pages->count() == page);
    widget->setObjectName(u"page%1"_s.arg(int(page)));
    m_pages->addWidget(widget);
    auto *item = new QListWidgetItem(pageIcon, title, m_navigation);
    item->setSizeHint(QSize(0, 36));
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *backup = file->addAction(tr("&Back Up Database…"));
    connect(backup, &QAction::triggered, this, [this] {
        showPage(Settings);
        if (auto *b = m_pages->widget(Settings)->findChild<QWidget *>(u"backupButton"_s))
            b->setFocus();
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    for (int i = 0; i < PageCount; ++i) {
        QAction *action = go->addAction(m_navigation->item(i)->icon(), m_navigation->item(i)->text());
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
        connect(action, &QAction::triggered, this, [this, i] { showPage(Page(i)); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&First-Run Assistant…")), &QAction::triggered, this,
            &MainWindow::openFirstRunAssistant);
    connect(help->addAction(tr("&About Hivepost")), &QAction::triggered, this, &MainWindow::showAbout);
    connect(help->addAction(tr("About &Qt")), &QAction::triggered, qApp, &QApplication::aboutQt);
}

FirstRunAssistant *MainWindow::openFirstRunAssistant() {
    // The language is the Settings page's business once the window is up.
    auto *assistant = new FirstRunAssistant(m_app, m_settings, false, this);
    assistant->setAttribute(Qt::WA_DeleteOnClose);
    connect(assistant, &QDialog::finished, this,
            [this](int result) { afterFirstRun(result == QDialog::Accepted); });
    assistant->open();
    return assistant;
}

void MainWindow::afterFirstRun(bool finished) {
    static_cast<AccountsPage *>(page(Accounts))->reloadList();
    static_cast<TemplatesPage *>(page(Templates))->reloadList();
    static_cast<ContactsPage *>(page(Contacts))->reload();
    if (finished) {
        showPage(Campaigns);
        statusBar()->showMessage(
            tr("Your account, contacts and template are ready: click “New campaign…” to send "
               "your first campaign."),
            20000);
    }
}

void MainWindow::showPage(Page page) {
    m_navigation->setCurrentRow(page);
}

MainWindow::Page MainWindow::currentPage() const {
    return Page(m_pages->currentIndex());
}

QWidget *MainWindow::page(Page page) const {
    return m_pages->widget(page);
}

void MainWindow::showAbout() {
    auto *dialog = new AboutDialog(QDir::toNativeSeparators(m_db.path()), this);
    dialog->setObjectName(u"aboutDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::restoreWindowState() {
    if (!restoreGeometry(m_settings.value(kGeometryKey).toByteArray())) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        resize(QSize(1100, 720).boundedTo(available.size() * 0.9));
    }
    restoreState(m_settings.value(kStateKey).toByteArray());
    const int pageIndex = m_settings.value(kPageKey, int(Contacts)).toInt();
    showPage(pageIndex >= 0 && pageIndex < PageCount ? Page(pageIndex) : Contacts);
}

void MainWindow::saveWindowState() {
    m_settings.setValue(kGeometryKey, saveGeometry());
    m_settings.setValue(kStateKey, saveState());
    m_settings.setValue(kPageKey, int(currentPage()));
    m_settings.sync();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (m_app.hasRunningCampaigns()) {
        // Pause cleanly (the messages in flight finish), then close; the campaigns resume later.
        if (!m_closeWhenPaused &&
            QMessageBox::question(this, tr("Campaigns are sending"),
                                  tr("Pause the campaigns that are sending and quit? They can be resumed "
                                     "the next time.")) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_closeWhenPaused = true;
        m_app.pauseAll();
        statusBar()->showMessage(tr("Pausing the campaigns…"));
        event->ignore();
        return;
    }
    saveWindowState();
    QMainWindow::closeEvent(event);
}

} // namespace hivepost::ui
