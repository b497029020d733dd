#include "firstrun/FirstRunAssistant.h"

#include <QApplication>
#include <QButtonGroup>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSplitter>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "accounts/AccountsPage.h"
#include "application/Application.h"
#include "common/Language.h"
#include "contacts/ImportWizard.h"
#include "storage/AccountStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"
#include "template/StarterTemplates.h"
#include "templates/TestSendPanel.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

const QString kDoneKey = u"ui/first_run_done"_s; // in the database: it belongs to that file

QWizardPage *emptyPage(QWizard *wizard, int id) {
    auto *page = new QWizardPage(wizard);
    wizard->setPage(id, page);
    return page;
}

} // namespace

FirstRunAssistant::FirstRunAssistant(application::Application &app, QSettings &settings, bool askLanguage,
                                     QWidget *parent)
    : QWizard(parent)
    , m_app(app)
    , m_db(app.database())
    , m_settings(settings)
    , m_language(languageSetting(settings)) {
    setObjectName(u"firstRunAssistant"_s);
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    // The pages other than the language's are filled when first shown, in the language chosen by then.
    if (askLanguage)
        buildLanguagePage();
    for (int id : {AccountPageId, ContactsPageId, TemplatePageId, TestPageId})
        emptyPage(this, id);
    setStartId(askLanguage ? LanguagePageId : AccountPageId);
    retranslate();
    resize(980, 760);
}

bool FirstRunAssistant::isWanted(storage::Database &db) {
    if (auto done = storage::TemplateStore(db).setting(kDoneKey); !done || done.value() == u"1"_s)
        return false;
    const auto used = db.holdsUserData();
    return used && !used.value();
}

void FirstRunAssistant::done(int result) {
    if (m_import && m_import->isVisible())
        m_import->reject(); // cancels an import still running
    if (auto r = storage::TemplateStore(m_db).setSetting(kDoneKey, u"1"_s); !r)
        qWarning("first-run assistant: %s", qPrintable(r.errorString())); // it shows again next time
    QWizard::done(result);
}

void FirstRunAssistant::retranslate() {
    setWindowTitle(tr("Getting Started with Hivepost"));
}

void FirstRunAssistant::changeEvent(QEvent *event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWizard::changeEvent(event);
}

// 1. Language: written in each language at once, since nothing can be translated yet.
void FirstRunAssistant::buildLanguagePage() {
    auto *page = new QWizardPage(this);
    page->setTitle(u"Welcome to Hivepost · 欢迎使用 Hivepost"_s);
    page->setSubTitle(u"Choose the language of the interface. · 请选择界面语言。"_s);
    page->setCommitPage(true); // the steps after it are built in the language chosen
    page->setButtonText(QWizard::CommitButton, u"Continue · 继续"_s);
    auto *layout = new QVBoxLayout(page);
    auto *intro =
        new QLabel(u"In a few steps you set up a sending account, your contacts and a first template, "
                   "and send yourself a test message.\n"
                   "只需几步：设置发信账户、导入联系人、选择第一个模板，并给自己发送一封测试邮件。"_s,
                   page);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addSpacing(12);
    m_languages = new QButtonGroup(page);
    const QList<LanguageOption> languages = availableLanguages();
    for (qsizetype i = 0; i < languages.size(); ++i) {
        const QString label =
            languages[i].code.isEmpty()
                ? u"System default · 跟随系统 (%1)"_s.arg(QLocale::system().nativeLanguageName())
                : languages[i].label;
        auto *button = new QRadioButton(label, page);
        button->setObjectName(u"language_"_s +
                              (languages[i].code.isEmpty() ? u"system"_s : languages[i].code));
        button->setProperty("code", languages[i].code);
        button->setChecked(languages[i].code == m_language);
        m_languages->addButton(button, int(i));
        layout->addWidget(button);
    }
    layout->addStretch(1);
    connect(m_languages, &QButtonGroup::buttonClicked, this,
            [this](QAbstractButton *b) { chooseLanguage(b->property("code").toString()); });
    setPage(LanguagePageId, page);
}

void FirstRunAssistant::chooseLanguage(const QString &code) {
    if (m_languages) {
        for (QAbstractButton *b : m_languages->buttons())
            b->setChecked(b->property("code").toString() == code);
    }
    if (code == m_language)
        return;
    m_language = code;
    setLanguageSetting(m_settings, code);
    installTranslators(QCoreApplication::instance(), code);
    retranslate(); // now: the LanguageChange event comes later, through the event loop
}

void FirstRunAssistant::initializePage(int id) {
    QWizardPage *p = page(id);
    if (p && !p->layout()) {
        switch (id) {
        case AccountPageId:
            buildAccountPage();
            break;
        case ContactsPageId:
            buildContactsPage();
            break;
        case TemplatePageId:
            buildTemplatePage();
            break;
        case TestPageId:
            buildTestPage();
            break;
        default:
            break;
        }
    }
    if (id == ContactsPageId)
        refreshContacts();
    if (id == TestPageId && m_test) {
        m_test->setTemplateName(m_templateName);
        m_test->reloadAccounts();
        if (auto a = storage::AccountStore(m_db).byName(m_accountName); a && a->user.contains(u'@'))
            m_test->setAddress(a->user);
        m_test->setFocus();
    }
    QWizard::initializePage(id);
}

bool FirstRunAssistant::validateCurrentPage() {
    switch (currentId()) {
    case AccountPageId:
        if (!m_accounts || !m_accounts->save())
            return false;
        m_accountName = m_accounts->editedAccount().name;
        return true;
    case TemplatePageId:
        return saveTemplate();
    case TestPageId:
        return !m_test || m_test->saveSender(false); // the test is optional; a From typed is kept
    default:
        return QWizard::validateCurrentPage();
    }
}

// 2. The first account, in the Accounts page's own editor.
void FirstRunAssistant::buildAccountPage() {
    QWizardPage *p = page(AccountPageId);
    p->setTitle(tr("Your Sending Account"));
    p->setSubTitle(
        tr("Enter the SMTP server your e-mail provider gives you (host, port, security, user name and "
           "password), then click Test Connection. Next saves the account."));
    m_accounts = new AccountsPage(m_app, p);
    m_accounts->setAccountListVisible(false);
    m_accounts->newAccount();
    m_accounts->setMinimumHeight(520); // a wizard page is only as tall as its contents ask
    // The editor's own Test Connection is at the foot of a long form: this one is always in sight.
    auto *test = new QPushButton(tr("&Test Connection"), p);
    test->setObjectName(u"assistantTestButton"_s);
    auto *result = new QLabel(p);
    result->setObjectName(u"assistantTestResult"_s);
    result->setWordWrap(true);
    connect(test, &QPushButton::clicked, this, [this, test, result] {
        test->setEnabled(false);
        result->setText(tr("Testing…"));
        m_accounts->testConnection();
    });
    connect(m_accounts, &AccountsPage::testFinished, this, [this, test, result](bool ok) {
        test->setEnabled(true);
        result->setText((ok ? tr("The connection test passed: %1") : tr("The connection test failed: %1"))
                            .arg(m_accounts->lastTestMessage()));
    });
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(test);
    testRow->addWidget(result, 1);
    auto *layout = new QVBoxLayout(p);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_accounts, 1);
    layout->addLayout(testRow);
}

// 3. Contacts: the user's CSV file or the sample list, through the import wizard.
void FirstRunAssistant::buildContactsPage() {
    QWizardPage *p = page(ContactsPageId);
    p->setTitle(tr("Your Contacts"));
    p->setSubTitle(
        tr("Import a list from a CSV file (in Excel: Save As › CSV UTF-8), or try Hivepost with the "
           "sample list of fictional contacts. You can skip this step and import later."));
    auto *fileButton = new QPushButton(tr("&Import a CSV File…"), p);
    fileButton->setObjectName(u"importFileButton"_s);
    auto *sampleButton = new QPushButton(tr("Use the &Sample List"), p);
    sampleButton->setObjectName(u"sampleListButton"_s);
    auto *sampleNote =
        new QLabel(tr("The sample list has 1,010 rows, with a few duplicates and invalid addresses "
                      "to show how the import treats them. Its addresses are on example domains: "
                      "use it to try Hivepost, not to send."),
                   p);
    sampleNote->setWordWrap(true);
    m_contactsStatus = new QLabel(p);
    m_contactsStatus->setObjectName(u"contactsStatus"_s);
    m_contactsStatus->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(fileButton);
    buttons->addWidget(sampleButton);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(p);
    layout->addLayout(buttons);
    layout->addWidget(sampleNote);
    layout->addSpacing(12);
    layout->addWidget(m_contactsStatus);
    layout->addStretch(1);
    connect(fileButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Contacts"), QDir::homePath(),
                                                          tr("CSV files (*.csv *.txt);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    connect(sampleButton, &QPushButton::clicked, this, &FirstRunAssistant::importSampleList);
}

void FirstRunAssistant::importSampleList() {
    // A copy in a file whose name becomes the list's name, in the interface's language.
    const QString path = m_sampleDir.filePath(tr("Sample list") + u".csv"_s);
    QFile::remove(path);
    if (!m_sampleDir.isValid() || !QFile::copy(u":/samples/contacts.csv"_s, path)) {
        m_contactsStatus->setText(tr("The sample list cannot be unpacked into %1.").arg(m_sampleDir.path()));
        return;
    }
    importFile(path);
}

void FirstRunAssistant::importFile(const QString &path) {
    if (m_import)
        m_import->deleteLater();
    m_import = new ImportWizard(m_db, this);
    m_import->setAttribute(Qt::WA_DeleteOnClose);
    m_import->setFilePath(path);
    connect(m_import, &ImportWizard::importFinished, this, [this] {
        refreshContacts();
        Q_EMIT contactsChanged();
    });
    m_import->open();
}

ImportWizard *FirstRunAssistant::importWizard() const {
    return m_import;
}

void FirstRunAssistant::refreshContacts() {
    if (!m_contactsStatus)
        return;
    const auto lists = storage::ContactStore(m_db).lists();
    QStringList parts;
    if (lists) {
        for (const storage::ListInfo &l : std::as_const(lists.value()))
            parts << (l.contacts == 1 ? tr("“%1”: 1 contact").arg(l.name)
                                      : tr("“%1”: %2 contacts").arg(l.name, QLocale().toString(l.contacts)));
    }
    m_contactsStatus->setText(parts.isEmpty() ? tr("No contacts yet.")
                                              : tr("Your lists: %1.").arg(parts.join(u"; "_s)));
}

// 4. A starter template, in the interface's language.
void FirstRunAssistant::buildTemplatePage() {
    QWizardPage *p = page(TemplatePageId);
    p->setTitle(tr("Your First Template"));
    p->setSubTitle(tr("Begin from a starter: each is responsive, has an unsubscribe link and works in every "
                      "mail program. You can change everything later on the Templates page."));
    m_starters = new QListWidget(p);
    m_starters->setObjectName(u"starterList"_s);
    m_starterList = templating::starterTemplates(QLocale().name()); // read once, in the language chosen
    for (const templating::StarterTemplate &t : std::as_const(m_starterList)) {
        auto *item = new QListWidgetItem(t.name, m_starters);
        item->setData(Qt::UserRole, t.id);
    }
    m_starters->setMaximumWidth(220);
    m_templateNameEdit = new QLineEdit(p);
    m_templateNameEdit->setObjectName(u"templateNameEdit"_s);
    m_starterPreview = new QTextBrowser(p);
    m_starterPreview->setObjectName(u"starterPreview"_s);
    m_starterPreview->setOpenLinks(false);
    m_templateProblem = new QLabel(p);
    m_templateProblem->setObjectName(u"templateProblem"_s);
    m_templateProblem->setWordWrap(true);
    auto *right = new QVBoxLayout;
    auto *form = new QFormLayout;
    form->addRow(tr("Template &name:"), m_templateNameEdit);
    right->addLayout(form);
    right->addWidget(m_starterPreview, 1);
    right->addWidget(m_templateProblem);
    auto *layout = new QHBoxLayout(p);
    layout->addWidget(m_starters);
    layout->addLayout(right, 1);
    connect(m_starters, &QListWidget::currentRowChanged, this, &FirstRunAssistant::showStarter);
    m_starters->setCurrentRow(0);
}

void FirstRunAssistant::showStarter(int row) {
    const QList<templating::StarterTemplate> &starters = m_starterList;
    if (row < 0 || row >= starters.size())
        return;
    // The name follows the starter unless the user typed one of their own.
    const bool typed =
        std::none_of(starters.begin(), starters.end(), [this](const templating::StarterTemplate &t) {
            return t.name == m_templateNameEdit->text();
        });
    if (!typed || m_templateNameEdit->text().isEmpty())
        m_templateNameEdit->setText(starters[row].name);
    m_starterPreview->setHtml(starters[row].html);
    m_templateProblem->clear();
}

bool FirstRunAssistant::saveTemplate() {
    const int row = m_starters ? m_starters->currentRow() : -1;
    const QList<templating::StarterTemplate> &starters = m_starterList;
    if (row < 0 || row >= starters.size())
        return false;
    const QString name = m_templateNameEdit->text().trimmed();
    storage::TemplateStore store(m_db);
    // Never over a template of the user's (the assistant can run again on a database in use).
    if (name != m_templateName && store.byName(name).ok()) {
        m_templateProblem->setText(
            tr("A template named “%1” exists already: choose another name.").arg(name));
        return false;
    }
    storage::StoredTemplate t;
    t.name = name;
    t.subject = starters[row].subject;
    t.html = starters[row].html;
    if (auto r = store.save(t); !r) {
        m_templateProblem->setText(r.errorString());
        return false;
    }
    if (!m_templateName.isEmpty() && m_templateName != name) {
        if (auto removed = store.remove(m_templateName); !removed) // renamed on a second pass: no stray copy
            qWarning("first-run assistant: %s", qPrintable(removed.errorString()));
    }
    m_templateName = name;
    return true;
}

// 5. A test to the user's own address.
void FirstRunAssistant::buildTestPage() {
    QWizardPage *p = page(TestPageId);
    p->setTitle(tr("Send a Test to Yourself"));
    p->setSubTitle(tr("Enter the From address your contacts will see and your own address, then click Send: "
                      "the message goes through your new account, made as a contact will receive it."));
    m_test = new TestSendPanel(m_app, m_templateName, p);
    auto *next = new QLabel(tr("When you finish, create your first campaign on the Campaigns page: "
                               "choose the list, the template and the account, and start."),
                            p);
    next->setWordWrap(true);
    auto *layout = new QVBoxLayout(p);
    layout->addWidget(m_test);
    layout->addSpacing(24);
    layout->addWidget(next);
    layout->addStretch(1);
}

} // namespace hivepost::ui
