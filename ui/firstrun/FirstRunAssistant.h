#pragma once

// FirstRunAssistant: takes a new user from an empty database to a test message in their own inbox.
// Shown at start when the database holds no account, contact or template and the assistant was never
// finished or closed there (Help > First-Run Assistant opens it again). Its steps:
//   1. the interface language (only at first start; bilingual, it comes before anything translated);
//   2. the first SMTP account: the Accounts page's own editor, with Test Connection; Next saves it;
//   3. contacts: a CSV file of the user's, or the bundled sample list (1,010 fictional rows), both
//      through the import wizard;
//   4. a starter template (newsletter, promotion, announcement) in the interface's language;
//   5. a test message to the user's own address, through the new account, with the server's answer.
// Each step keeps its work in the database at once, so leaving half-way loses nothing done.

#include <QPointer>
#include <QTemporaryDir>
#include <QWizard>

#include "template/StarterTemplates.h"

class QButtonGroup;
class QLabel;
class QLineEdit;
class QListWidget;
class QSettings;
class QTextBrowser;

namespace hivepost::storage {
class Database;
}

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class AccountsPage;
class ImportWizard;
class TestSendPanel;

class FirstRunAssistant : public QWizard {
    Q_OBJECT
public:
    enum PageId { LanguagePageId, AccountPageId, ContactsPageId, TemplatePageId, TestPageId };

    // askLanguage: begin with the language step (and keep the choice in settings).
    FirstRunAssistant(application::Application &app, QSettings &settings, bool askLanguage,
                      QWidget *parent = nullptr);

    // An empty database where the assistant was never finished or closed.
    static bool isWanted(storage::Database &db);

    // What the steps made so far (for the window that comes next, and for tests).
    QString accountName() const { return m_accountName; }
    QString templateName() const { return m_templateName; }
    AccountsPage *accountsPage() const { return m_accounts; }
    ImportWizard *importWizard() const; // the one open, if any
    TestSendPanel *testPanel() const { return m_test; }

    void chooseLanguage(const QString &code); // as the language step's buttons do
    void importSampleList();                  // "Use the Sample List": the import wizard, on the sample
    void importFile(const QString &path);     // "Import a CSV File…" once the file is chosen

    void done(int result) override;      // finished or closed: not shown again for this database
    bool validateCurrentPage() override; // Next keeps each step's work

Q_SIGNALS:
    void contactsChanged();

protected:
    void initializePage(int id) override;
    void changeEvent(QEvent *event) override;

private:
    void buildLanguagePage();
    void buildAccountPage();
    void buildContactsPage();
    void buildTemplatePage();
    void buildTestPage();
    void retranslate();
    void refreshContacts();
    void showStarter(int row);
    bool saveTemplate();

    application::Application &m_app;
    storage::Database &m_db;
    QSettings &m_settings;
    QString m_language;
    QButtonGroup *m_languages = nullptr;
    AccountsPage *m_accounts = nullptr;
    QString m_accountName;
    QLabel *m_contactsStatus = nullptr;
    QPointer<ImportWizard> m_import; // deletes itself when closed
    QTemporaryDir m_sampleDir;
    QList<templating::StarterTemplate> m_starterList; // in the interface's language
    QListWidget *m_starters = nullptr;
    QLineEdit *m_templateNameEdit = nullptr;
    QTextBrowser *m_starterPreview = nullptr;
    QLabel *m_templateProblem = nullptr;
    QString m_templateName;
    TestSendPanel *m_test = nullptr;
};

} // namespace hivepost::ui
