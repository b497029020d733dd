#include "templates/TemplatesPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMessageBox>
#include <QMimeDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include "application/Application.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "template/HtmlToText.h"
#include "template/MessageComposer.h"
#include "template/StarterTemplates.h"
#include "templates/HtmlHighlighter.h"
#include "templates/TestSendDialog.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

// Shows inline images (cid:...) from the template's own files.
class PreviewBrowser : public QTextBrowser {
public:
    PreviewBrowser(const QList<storage::TemplateFile> &files, QWidget *parent)
        : QTextBrowser(parent)
        , m_files(files) {
        setOpenLinks(false);
    }
    QVariant loadResource(int type, const QUrl &url) override {
        if (url.scheme() == u"cid"_s) {
            for (const storage::TemplateFile &f : m_files) {
                if (f.contentId == url.path())
                    return f.data;
            }
            return {};
        }
        if (url.scheme() == u"http"_s || url.scheme() == u"https"_s)
            return {}; // the preview never fetches remote content
        return QTextBrowser::loadResource(type, url);
    }

private:
    const QList<storage::TemplateFile> &m_files;
};

} // namespace

TemplatesPage::TemplatesPage(application::Application &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_db(app.database())
    , m_store(app.database()) {
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Templates"), left));
    m_list = new QListWidget(left);
    m_list->setObjectName(u"templateList"_s);
    leftLayout->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    auto *newButton = new QPushButton(tr("&New"), left);
    auto *deleteButton = new QPushButton(tr("Delete"), left);
    // Starters in the interface's language: a newsletter, a promotion, an announcement.
    auto *starterButton = new QPushButton(tr("From S&tarter"), left);
    starterButton->setObjectName(u"starterButton"_s);
    auto *starterMenu = new QMenu(starterButton);
    for (const templating::StarterTemplate &t : templating::starterTemplates(QLocale().name())) {
        QAction *action = starterMenu->addAction(t.name);
        connect(action, &QAction::triggered, this, [this, t] { newFromStarter(t); });
    }
    starterButton->setMenu(starterMenu);
    listButtons->addWidget(newButton);
    listButtons->addWidget(starterButton);
    leftLayout->addLayout(listButtons);
    auto *deleteRow = new QHBoxLayout; // on its own row: the list stays narrow
    deleteRow->addWidget(deleteButton);
    deleteRow->addStretch(1);
    leftLayout->addLayout(deleteRow);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *form = new QFormLayout;
    m_name = new QLineEdit(right);
    m_name->setObjectName(u"templateName"_s);
    m_subject = new QLineEdit(right);
    m_subject->setObjectName(u"subjectEdit"_s);
    m_subjectPreview = new QLabel(right);
    m_subjectPreview->setObjectName(u"subjectPreview"_s);
    m_subjectPreview->setTextFormat(Qt::PlainText);
    form->addRow(tr("Template &name:"), m_name);
    form->addRow(tr("&Subject:"), m_subject);
    form->addRow(tr("Subject preview:"), m_subjectPreview);
    rightLayout->addLayout(form);

    auto *tools = new QHBoxLayout;
    m_fieldPicker = new QComboBox(right);
    m_fieldPicker->setObjectName(u"fieldPicker"_s);
    tools->addWidget(new QLabel(tr("Insert field:"), right));
    tools->addWidget(m_fieldPicker);
    tools->addSpacing(12);
    m_previewContact = new QComboBox(right);
    m_previewContact->setObjectName(u"previewContact"_s);
    m_previewContact->setMinimumContentsLength(24);
    tools->addWidget(new QLabel(tr("Preview as:"), right));
    tools->addWidget(m_previewContact, 1);
    m_previewWidth = new QComboBox(right);
    m_previewWidth->setObjectName(u"previewWidth"_s);
    m_previewWidth->addItem(tr("Desktop (600 px)"), 600);
    m_previewWidth->addItem(tr("Mobile (375 px)"), 375);
    tools->addWidget(m_previewWidth);
    rightLayout->addLayout(tools);

    auto *tabs = new QTabWidget(right);
    tabs->setObjectName(u"editorTabs"_s);
    m_html = new QPlainTextEdit(tabs);
    m_html->setObjectName(u"htmlEdit"_s);
    m_html->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_html->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    new HtmlHighlighter(m_html->document());
    tabs->addTab(m_html, tr("HTML"));
    auto *textTab = new QWidget(tabs);
    auto *textLayout = new QVBoxLayout(textTab);
    m_textGenerated = new QCheckBox(tr("Make the plain text from the HTML"), textTab);
    m_textGenerated->setObjectName(u"textGenerated"_s);
    m_textGenerated->setChecked(true);
    m_text = new QPlainTextEdit(textTab);
    m_text->setObjectName(u"textEdit"_s);
    m_text->setReadOnly(true);
    textLayout->addWidget(m_textGenerated);
    textLayout->addWidget(m_text, 1);
    tabs->addTab(textTab, tr("Plain Text"));
    auto *filesTab = new QWidget(tabs);
    auto *filesLayout = new QVBoxLayout(filesTab);
    filesLayout->addWidget(
        new QLabel(tr("Attachments, and images the HTML shows with src=\"cid:FILE NAME\":"), filesTab));
    m_fileList = new QListWidget(filesTab);
    m_fileList->setObjectName(u"fileList"_s);
    filesLayout->addWidget(m_fileList, 1);
    auto *fileButtons = new QHBoxLayout;
    auto *addFileButton = new QPushButton(tr("&Add File…"), filesTab);
    auto *removeFileButton = new QPushButton(tr("&Remove File"), filesTab);
    fileButtons->addWidget(addFileButton);
    fileButtons->addWidget(removeFileButton);
    fileButtons->addStretch(1);
    filesLayout->addLayout(fileButtons);
    tabs->addTab(filesTab, tr("Files"));

    m_preview = new PreviewBrowser(m_files, right);
    m_preview->setObjectName(u"previewBrowser"_s);
    m_preview->setMinimumWidth(200);
    auto *previewHolder = new QWidget(right);
    auto *previewLayout = new QHBoxLayout(previewHolder);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addStretch(1);
    previewLayout->addWidget(m_preview);
    previewLayout->addStretch(1);
    auto *splitter = new QSplitter(right);
    splitter->addWidget(tabs);
    splitter->addWidget(previewHolder);
    splitter->setSizes({500, 640});
    rightLayout->addWidget(splitter, 1);

    m_issuesLabel = new QLabel(right);
    m_issuesLabel->setObjectName(u"issuesLabel"_s);
    m_issuesLabel->setWordWrap(true);
    m_issuesLabel->setStyleSheet(u"color: #b00020"_s);
    rightLayout->addWidget(m_issuesLabel);
    auto *saveRow = new QHBoxLayout;
    saveRow->addStretch(1);
    auto *testButton = new QPushButton(tr("Send &Test…"), right);
    testButton->setObjectName(u"sendTestButton"_s);
    connect(testButton, &QPushButton::clicked, this, [this] {
        if (!save()) // the test is of the saved template
            return;
        auto *dialog = new TestSendDialog(m_app, m_name->text().trimmed(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    saveRow->addWidget(testButton);
    auto *saveButton = new QPushButton(tr("&Save Template"), right);
    saveButton->setObjectName(u"saveButton"_s);
    saveRow->addWidget(saveButton);
    rightLayout->addLayout(saveRow);

    auto *outer = new QSplitter(this);
    outer->addWidget(left);
    outer->addWidget(right);
    outer->setStretchFactor(1, 1);
    outer->setSizes({180, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(outer);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(300);
    connect(m_refresh, &QTimer::timeout, this, &TemplatesPage::refreshPreview);
    for (QPlainTextEdit *edit : {m_html, m_text})
        connect(edit, &QPlainTextEdit::textChanged, this, &TemplatesPage::scheduleRefresh);
    connect(m_subject, &QLineEdit::textChanged, this, &TemplatesPage::scheduleRefresh);
    connect(m_textGenerated, &QCheckBox::toggled, this, [this](bool generated) {
        m_text->setReadOnly(generated);
        refreshPreview();
    });
    connect(m_previewContact, &QComboBox::currentIndexChanged, this, &TemplatesPage::refreshPreview);
    connect(m_previewWidth, &QComboBox::currentIndexChanged, this, &TemplatesPage::refreshPreview);
    connect(m_fieldPicker, &QComboBox::activated, this, &TemplatesPage::insertField);
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { openTemplate(item->text()); });
    connect(m_list, &QListWidget::currentTextChanged, this, [this](const QString &name) {
        if (!name.isEmpty())
            openTemplate(name);
    });
    connect(newButton, &QPushButton::clicked, this, &TemplatesPage::newTemplate);
    connect(deleteButton, &QPushButton::clicked, this, &TemplatesPage::removeCurrent);
    connect(saveButton, &QPushButton::clicked, this, &TemplatesPage::save);
    connect(addFileButton, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Add Files"));
        for (const QString &path : paths)
            addFile(path);
    });
    connect(removeFileButton, &QPushButton::clicked, this, [this] {
        const int row = m_fileList->currentRow();
        if (row >= 0 && row < m_files.size()) {
            m_files.removeAt(row);
            delete m_fileList->takeItem(row);
            refreshPreview();
        }
    });

    reloadContacts();
    reloadList();
    newTemplate();
}

QStringList TemplatesPage::customFields() const {
    QStringList names;
    if (auto fields = storage::ContactStore(m_db).customFields(); fields) {
        for (const storage::CustomField &f : std::as_const(fields.value()))
            names << f.name;
    }
    return names;
}

void TemplatesPage::reloadContacts() {
    const QSignalBlocker block(m_previewContact);
    m_previewContact->clear();
    auto contacts = storage::ContactStore(m_db).page({}, 0, 0, 50);
    if (contacts) {
        for (const storage::Contact &c : std::as_const(contacts.value())) {
            const QString display =
                !c.name.isEmpty() ? c.name : QStringList{c.firstName, c.lastName}.join(u' ').trimmed();
            m_previewContact->addItem(display.isEmpty() ? c.email : u"%1 <%2>"_s.arg(display, c.email), c.id);
        }
    }
    if (m_previewContact->count() == 0)
        m_previewContact->addItem(tr("Sample contact (Ann Example)"), 0);
    const QSignalBlocker blockFields(m_fieldPicker);
    m_fieldPicker->clear();
    m_fieldPicker->addItem(tr("Choose…"));
    for (const QString &f : templating::standardMergeFields() + customFields())
        m_fieldPicker->addItem(u"{{"_s + f + u"}}"_s, f);
}

void TemplatesPage::showEvent(QShowEvent *event) {
    reloadContacts();
    refreshPreview();
    QWidget::showEvent(event);
}

void TemplatesPage::reloadList() {
    const QSignalBlocker block(m_list);
    const QString current = m_list->currentItem() ? m_list->currentItem()->text() : QString();
    m_list->clear();
    if (auto list = m_store.list(); list) {
        for (const storage::StoredTemplate &t : std::as_const(list.value()))
            m_list->addItem(t.name);
    }
    const auto found = m_list->findItems(current, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentItem(found.constFirst());
}

void TemplatesPage::newTemplate() {
    m_name->clear();
    m_subject->setText(tr("News for {{first_name|you}}"));
    m_html->setPlainText(u"<h1>Hello {{first_name|there}},</h1>\n<p></p>\n"
                         "<p><a href=\"{{unsubscribe_url}}\">Unsubscribe</a></p>\n"_s);
    m_textGenerated->setChecked(true);
    m_files.clear();
    m_fileList->clear();
    m_list->clearSelection();
    refreshPreview();
}

void TemplatesPage::newFromStarter(const templating::StarterTemplate &starter) {
    newTemplate();
    m_name->setText(starter.name);
    m_subject->setText(starter.subject);
    m_html->setPlainText(starter.html);
    refreshPreview();
}

bool TemplatesPage::openTemplate(const QString &name) {
    auto t = m_store.byName(name);
    if (!t)
        return false;
    m_name->setText(t->name);
    m_subject->setText(t->subject);
    m_html->setPlainText(t->html);
    m_textGenerated->setChecked(t->textGenerated);
    if (!t->textGenerated)
        m_text->setPlainText(t->text);
    m_files = t->files;
    m_fileList->clear();
    for (const storage::TemplateFile &f : std::as_const(m_files))
        m_fileList->addItem(f.isInline ? tr("%1 (inline)").arg(f.fileName) : f.fileName);
    refreshPreview();
    return true;
}

bool TemplatesPage::addFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QString name = QFileInfo(path).fileName();
    const bool isInline = m_html->toPlainText().contains(u"cid:"_s + name);
    m_files.append({name, QMimeDatabase().mimeTypeForFile(path).name(), isInline ? name : QString(), isInline,
                    file.readAll()});
    m_fileList->addItem(isInline ? tr("%1 (inline)").arg(name) : name);
    refreshPreview();
    return true;
}

void TemplatesPage::insertField(int index) {
    if (index <= 0)
        return;
    const QString field = u"{{"_s + m_fieldPicker->itemData(index).toString() + u"}}"_s;
    if (m_subject->hasFocus())
        m_subject->insert(field);
    else
        m_html->insertPlainText(field);
    m_fieldPicker->setCurrentIndex(0);
}

void TemplatesPage::scheduleRefresh() {
    m_refresh->start();
}

storage::StoredTemplate TemplatesPage::editedTemplate() const {
    storage::StoredTemplate t;
    t.name = m_name->text().trimmed();
    t.subject = m_subject->text();
    t.html = m_html->toPlainText();
    t.textGenerated = m_textGenerated->isChecked();
    t.text = t.textGenerated ? QString() : m_text->toPlainText();
    t.files = m_files;
    return t;
}

void TemplatesPage::refreshPreview() {
    m_refresh->stop();
    const storage::StoredTemplate t = editedTemplate();
    if (t.textGenerated) {
        const QSignalBlocker block(m_text);
        m_text->setPlainText(templating::htmlToText(t.html));
    }
    templating::TemplateContent content{t.name, t.subject, t.html, t.text, {}};
    m_issues.clear();
    QStringList warnings;
    for (const templating::TemplateIssue &i : templating::MessageComposer::check(content, customFields()))
        (i.warning ? warnings : m_issues) << i.message;
    // Errors block saving (red); warnings are said (amber) and do not.
    m_issuesLabel->setText((m_issues + warnings).join(u'\n'));
    m_issuesLabel->setStyleSheet(m_issues.isEmpty() && !warnings.isEmpty() ? u"color: #8a5a00"_s
                                                                           : u"color: #b00020"_s);

    templating::Recipient r{
        u"ann@example.com"_s,  u"Ann Example"_s, u"Ann"_s, u"Example"_s, {}, tr("Sample list"),
        tr("Sample campaign"), u"preview"_s,     {}};
    if (const qint64 id = m_previewContact->currentData().toLongLong(); id > 0) {
        if (auto c = storage::ContactStore(m_db).contact(id); c)
            r = {c->email,  c->name,           c->firstName,          c->lastName,
                 c->fields, tr("Sample list"), tr("Sample campaign"), u"preview"_s,
                 {}};
    }
    const auto lookup = [&r](const QString &field) {
        return templating::MessageComposer::fieldValue(r, field, u"https://example.invalid/unsubscribe"_s);
    };
    auto subject = templating::MergeTemplate::parse(t.subject);
    m_subjectPreview->setText(subject ? subject->render(lookup) : QString());
    auto html = templating::MergeTemplate::parse(t.html);
    // At most the chosen width: a narrow window shrinks the preview instead of growing the window.
    m_preview->setMaximumWidth(m_previewWidth->currentData().toInt() + 24);
    m_preview->setHtml(html ? html->render(lookup, templating::MergeTemplate::Escape::Html) : QString());
}

bool TemplatesPage::save() {
    refreshPreview();
    const storage::StoredTemplate t = editedTemplate();
    if (t.name.isEmpty()) {
        m_issues.prepend(tr("The template needs a name."));
        m_issuesLabel->setText(m_issues.join(u'\n'));
        return false;
    }
    if (!m_issues.isEmpty())
        return false;
    auto id = m_store.save(t);
    if (!id) {
        m_issuesLabel->setText(id.errorString());
        return false;
    }
    reloadList();
    const auto found = m_list->findItems(t.name, Qt::MatchFixedString);
    if (!found.isEmpty()) {
        const QSignalBlocker block(m_list);
        m_list->setCurrentItem(found.constFirst());
    }
    Q_EMIT statusMessage(tr("Template “%1” saved.").arg(t.name));
    return true;
}

bool TemplatesPage::removeCurrent() {
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || !m_store.remove(name).ok())
        return false;
    reloadList();
    newTemplate();
    Q_EMIT statusMessage(tr("Template “%1” deleted.").arg(name));
    return true;
}

} // namespace hivepost::ui
