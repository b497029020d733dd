#pragma once

// TemplatesPage: the template list and editor: subject, HTML source with highlighting, plain text
// (made from the HTML unless the user writes it), attachments and inline images, a merge-field
// picker, and a live preview as a chosen contact would see it at desktop or mobile width.
// Unknown merge fields are shown with their line and column and stop the save.

#include <QWidget>

#include "storage/TemplateStore.h"
#include "template/StarterTemplates.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QTextBrowser;
class QTimer;

namespace hivepost::storage {
class Database;
}

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class TemplatesPage : public QWidget {
    Q_OBJECT
public:
    explicit TemplatesPage(application::Application &app, QWidget *parent = nullptr);
    void reloadList(); // the templates as they are in the database (others may add some)

    void newTemplate();
    // A new, unsaved template made from a starter (its name, subject and HTML).
    void newFromStarter(const templating::StarterTemplate &starter);
    bool openTemplate(const QString &name);
    // Validates and saves what the editor shows; false (with the problems shown) when it cannot.
    bool save();
    bool removeCurrent();
    bool addFile(const QString &path);
    void refreshPreview(); // at once (edits refresh it after a short pause)
    QStringList issues() const { return m_issues; }
    void reloadContacts();

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override; // contacts and fields may have changed meanwhile

private:
    void insertField(int index);
    void scheduleRefresh();
    storage::StoredTemplate editedTemplate() const;
    QStringList customFields() const;

    application::Application &m_app;
    storage::Database &m_db;
    storage::TemplateStore m_store;
    QList<storage::TemplateFile> m_files;
    QStringList m_issues;
    QListWidget *m_list;
    QLineEdit *m_name;
    QLineEdit *m_subject;
    QLabel *m_subjectPreview;
    QComboBox *m_fieldPicker;
    QComboBox *m_previewContact;
    QComboBox *m_previewWidth;
    QPlainTextEdit *m_html;
    QPlainTextEdit *m_text;
    QCheckBox *m_textGenerated;
    QListWidget *m_fileList;
    QTextBrowser *m_preview;
    QLabel *m_issuesLabel;
    QTimer *m_refresh;
};

} // namespace hivepost::ui
