#include "contacts/ImportWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "import/CsvFile.h"
#include "import/ImportJob.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

QTableWidget *makeTable(QWidget *parent, const QString &name) {
    auto *table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    return table;
}

QString oneLine(const QString &text) {
    QString s = text;
    s.replace(u"\r\n"_s, u" ↵ "_s).replace(u'\n', u" ↵ "_s).replace(u'\r', u" ↵ "_s);
    return s.size() > 80 ? s.left(79) + u'…' : s;
}

} // namespace

class FilePage : public QWizardPage {
public:
    explicit FilePage(QWidget *parent)
        : QWizardPage(parent) {
        setTitle(ImportWizard::tr("Choose a File"));
        setSubTitle(
            ImportWizard::tr("A CSV or text file exported from Excel, Outlook or another mailing tool."));
        auto *layout = new QHBoxLayout(this);
        m_path = new QLineEdit(this);
        m_path->setObjectName(u"filePath"_s);
        layout->addWidget(m_path, 1);
        auto *browse = new QPushButton(ImportWizard::tr("&Browse…"), this);
        layout->addWidget(browse);
        registerField(u"path*"_s, m_path);
        connect(browse, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, ImportWizard::tr("Import Contacts"), QString(),
                ImportWizard::tr("CSV files (*.csv *.txt *.tsv);;All files (*)"));
            if (!path.isEmpty())
                m_path->setText(path);
        });
        connect(m_path, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    }
    bool isComplete() const override { return QFileInfo(m_path->text()).isFile(); }

private:
    QLineEdit *m_path;
};

class PreviewPage : public QWizardPage {
public:
    explicit PreviewPage(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard) {
        setTitle(ImportWizard::tr("Check the Preview"));
        setSubTitle(
            ImportWizard::tr("The first rows as Hivepost reads them. If the text looks wrong, choose another "
                             "encoding or delimiter."));
        auto *layout = new QVBoxLayout(this);
        auto *choices = new QHBoxLayout;
        m_encoding = new QComboBox(this);
        m_encoding->setObjectName(u"encodingCombo"_s);
        m_encoding->addItem(ImportWizard::tr("Detect automatically"), u"auto"_s);
        m_encoding->addItem(u"UTF-8"_s, u"utf-8"_s);
        m_encoding->addItem(ImportWizard::tr("Chinese (GB18030/GBK)"), u"gb18030"_s);
        m_encoding->addItem(u"UTF-16"_s, u"utf-16"_s);
        m_delimiter = new QComboBox(this);
        m_delimiter->setObjectName(u"delimiterCombo"_s);
        m_delimiter->addItem(ImportWizard::tr("Detect automatically"), u"auto"_s);
        m_delimiter->addItem(ImportWizard::tr("Comma ( , )"), u","_s);
        m_delimiter->addItem(ImportWizard::tr("Semicolon ( ; )"), u";"_s);
        m_delimiter->addItem(ImportWizard::tr("Tab"), u"tab"_s);
        m_delimiter->addItem(ImportWizard::tr("Vertical bar ( | )"), u"|"_s);
        choices->addWidget(new QLabel(ImportWizard::tr("&Encoding:"), this));
        qobject_cast<QLabel *>(choices->itemAt(0)->widget())->setBuddy(m_encoding);
        choices->addWidget(m_encoding);
        choices->addSpacing(12);
        auto *delimiterLabel = new QLabel(ImportWizard::tr("&Delimiter:"), this);
        delimiterLabel->setBuddy(m_delimiter);
        choices->addWidget(delimiterLabel);
        choices->addWidget(m_delimiter);
        choices->addStretch(1);
        layout->addLayout(choices);
        m_detected = new QLabel(this);
        m_detected->setObjectName(u"detectedLabel"_s);
        m_detected->setWordWrap(true);
        layout->addWidget(m_detected);
        m_table = makeTable(this, u"previewTable"_s);
        layout->addWidget(m_table, 1);
        const auto refresh = [this] {
            m_wizard->refreshPreview();
        };
        connect(m_encoding, &QComboBox::currentIndexChanged, this, refresh);
        connect(m_delimiter, &QComboBox::currentIndexChanged, this, refresh);
        connect(m_wizard, &ImportWizard::previewChanged, this, &PreviewPage::show);
    }
    QString encodingChoice() const { return m_encoding->currentData().toString(); }
    QString delimiterChoice() const { return m_delimiter->currentData().toString(); }
    void initializePage() override { m_wizard->refreshPreview(); }
    bool isComplete() const override {
        return m_wizard->preview().error.isEmpty() && !m_wizard->preview().headers.isEmpty();
    }

private:
    void show() {
        const import::ImportPreview &p = m_wizard->preview();
        m_table->clear();
        m_table->setColumnCount(int(p.headers.size()));
        m_table->setHorizontalHeaderLabels(p.headers);
        m_table->setRowCount(int(p.rows.size()));
        for (int r = 0; r < p.rows.size(); ++r) {
            for (int c = 0; c < p.rows[r].size() && c < p.headers.size(); ++c)
                m_table->setItem(r, c, new QTableWidgetItem(oneLine(p.rows[r][c])));
        }
        m_table->resizeColumnsToContents();
        if (!p.error.isEmpty()) {
            m_detected->setText(ImportWizard::tr("This file cannot be imported: %1").arg(p.error));
        } else {
            m_detected->setText(ImportWizard::tr("Read as %1, columns separated by %2: %3 columns.")
                                    .arg(import::encodingName(p.encoding).toUpper(),
                                         import::CsvFile::delimiterName(p.delimiter) == u"tab"_s
                                             ? ImportWizard::tr("tabs")
                                             : u"“"_s + import::CsvFile::delimiterName(p.delimiter) + u"”"_s)
                                    .arg(p.headers.size()));
        }
        Q_EMIT completeChanged();
    }

    ImportWizard *m_wizard;
    QComboBox *m_encoding;
    QComboBox *m_delimiter;
    QLabel *m_detected;
    QTableWidget *m_table;
};

class MappingPage : public QWizardPage {
public:
    explicit MappingPage(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard) {
        setTitle(ImportWizard::tr("Map the Columns"));
        setSubTitle(
            ImportWizard::tr("Choose what each column holds. Columns Hivepost does not know become custom "
                             "fields you can use in templates."));
        auto *layout = new QVBoxLayout(this);
        m_table = makeTable(this, u"mappingTable"_s);
        m_table->verticalHeader()->hide();
        m_table->setColumnCount(3);
        m_table->setHorizontalHeaderLabels(
            {ImportWizard::tr("Column"), ImportWizard::tr("First value"), ImportWizard::tr("Import as")});
        layout->addWidget(m_table, 1);
        m_problem = new QLabel(this);
        m_problem->setObjectName(u"mappingProblem"_s);
        m_problem->setStyleSheet(u"color: #b00020"_s);
        layout->addWidget(m_problem);
    }
    void initializePage() override {
        const import::ImportPreview &p = m_wizard->preview();
        m_wizard->m_columns = p.columns;
        m_table->setRowCount(int(p.columns.size()));
        for (int row = 0; row < p.columns.size(); ++row) {
            const import::ColumnMapping &m = p.columns[row];
            m_table->setItem(row, 0, new QTableWidgetItem(m.header));
            const QString sample = p.rows.isEmpty() || p.rows[0].size() <= row ? QString() : p.rows[0][row];
            m_table->setItem(row, 1, new QTableWidgetItem(oneLine(sample)));
            auto *combo = new QComboBox(m_table);
            const QString custom = m.kind == import::FieldKind::Custom
                                       ? m.customName
                                       : import::ColumnMapper::customNameFor(m.header);
            combo->addItem(ImportWizard::tr("Do not import"), u"-"_s);
            combo->addItem(ImportWizard::tr("E-mail address"), u"email"_s);
            combo->addItem(ImportWizard::tr("Name"), u"name"_s);
            combo->addItem(ImportWizard::tr("First name"), u"first_name"_s);
            combo->addItem(ImportWizard::tr("Last name"), u"last_name"_s);
            if (!custom.isEmpty() && !import::ColumnMapper::standardFields().contains(custom))
                combo->addItem(ImportWizard::tr("Custom field “%1”").arg(custom), custom);
            combo->setCurrentIndex(std::max(0, combo->findData(m.fieldName())));
            connect(combo, &QComboBox::currentIndexChanged, this, [this, row, combo] {
                (void)import::ColumnMapper::setField(m_wizard->m_columns[row],
                                                     combo->currentData().toString());
                Q_EMIT completeChanged();
            });
            m_table->setCellWidget(row, 2, combo);
        }
        m_table->resizeColumnsToContents();
        Q_EMIT completeChanged();
    }
    bool isComplete() const override {
        const auto emails =
            std::count_if(m_wizard->m_columns.begin(), m_wizard->m_columns.end(),
                          [](const import::ColumnMapping &m) { return m.kind == import::FieldKind::Email; });
        m_problem->setText(emails == 1 ? QString()
                           : emails == 0
                               ? ImportWizard::tr("Choose the column that holds the e-mail addresses.")
                               : ImportWizard::tr("Only one column can hold the e-mail addresses."));
        return emails == 1;
    }
    QComboBox *fieldCombo(int row) const { return qobject_cast<QComboBox *>(m_table->cellWidget(row, 2)); }

private:
    ImportWizard *m_wizard;
    QTableWidget *m_table;
    QLabel *m_problem;
};

class OptionsPage : public QWizardPage {
public:
    OptionsPage(storage::Database &db, QWidget *parent)
        : QWizardPage(parent)
        , m_db(db) {
        setTitle(ImportWizard::tr("Choose the List"));
        setSubTitle(ImportWizard::tr("New contacts are added; contacts you already have join the list too."));
        auto *form = new QFormLayout(this);
        m_list = new QComboBox(this);
        m_list->setObjectName(u"listCombo"_s);
        m_list->setEditable(true);
        m_list->setMinimumContentsLength(24);
        form->addRow(ImportWizard::tr("Add to &list:"), m_list);
        m_update =
            new QCheckBox(ImportWizard::tr("&Update existing contacts with the values in this file"), this);
        m_update->setObjectName(u"updateCheck"_s);
        form->addRow(QString(), m_update);
        m_atomic =
            new QCheckBox(ImportWizard::tr("If the file turns out to be broken, import &nothing"), this);
        m_atomic->setObjectName(u"atomicCheck"_s);
        m_atomic->setChecked(true);
        form->addRow(QString(), m_atomic);
        auto *note =
            new QLabel(ImportWizard::tr("Unsubscribed and bounced contacts stay that way. Addresses on the "
                                        "suppression list are stored but never mailed."),
                       this);
        note->setWordWrap(true);
        form->addRow(QString(), note);
        registerField(u"list*"_s, m_list, "currentText", SIGNAL(currentTextChanged(QString)));
        registerField(u"update"_s, m_update);
        registerField(u"atomic"_s, m_atomic);
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, ImportWizard::tr("&Import"));
    }
    void initializePage() override {
        m_list->clear();
        if (auto lists = storage::ContactStore(m_db).lists(); lists) {
            for (const storage::ListInfo &l : std::as_const(lists.value()))
                m_list->addItem(l.name);
        }
        m_list->setEditText(QFileInfo(field(u"path"_s).toString()).completeBaseName());
    }

private:
    storage::Database &m_db;
    QComboBox *m_list;
    QCheckBox *m_update;
    QCheckBox *m_atomic;
};

class ProgressPage : public QWizardPage {
public:
    explicit ProgressPage(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard) {
        setTitle(ImportWizard::tr("Importing"));
        auto *layout = new QVBoxLayout(this);
        m_bar = new QProgressBar(this);
        m_bar->setObjectName(u"importProgress"_s);
        m_bar->setRange(0, 1000);
        layout->addWidget(m_bar);
        m_rows = new QLabel(this);
        m_rows->setObjectName(u"rowsLabel"_s);
        layout->addWidget(m_rows);
        auto *cancel = new QPushButton(ImportWizard::tr("&Cancel Import"), this);
        cancel->setObjectName(u"cancelImport"_s);
        connect(cancel, &QPushButton::clicked, m_wizard, &ImportWizard::reject);
        layout->addWidget(cancel, 0, Qt::AlignLeft);
        layout->addStretch(1);
    }
    void initializePage() override {
        m_bar->setValue(0);
        m_rows->clear();
        m_wizard->startImport();
    }
    void showProgress(qint64 done, qint64 total, qint64 rows) {
        m_bar->setValue(total > 0 ? int(done * 1000 / total) : 0);
        m_rows->setText(ImportWizard::tr("%1 rows read").arg(QLocale().toString(rows)));
    }
    bool isComplete() const override { return m_wizard->m_finished; }

private:
    ImportWizard *m_wizard;
    QProgressBar *m_bar;
    QLabel *m_rows;
};

class ReportPage : public QWizardPage {
public:
    explicit ReportPage(ImportWizard *wizard)
        : QWizardPage(wizard)
        , m_wizard(wizard) {
        setTitle(ImportWizard::tr("Import Report"));
        auto *layout = new QVBoxLayout(this);
        m_summary = new QLabel(this);
        m_summary->setObjectName(u"reportSummary"_s);
        m_summary->setWordWrap(true);
        m_summary->setTextFormat(Qt::RichText);
        layout->addWidget(m_summary);
        m_issues = makeTable(this, u"issuesTable"_s);
        m_issues->verticalHeader()->hide();
        m_issues->setColumnCount(2);
        m_issues->setHorizontalHeaderLabels({ImportWizard::tr("Line"), ImportWizard::tr("Problem")});
        layout->addWidget(m_issues, 1);
        m_save = new QPushButton(ImportWizard::tr("&Save Rejected Rows as CSV…"), this);
        m_save->setObjectName(u"saveRejected"_s);
        connect(m_save, &QPushButton::clicked, this, [this] {
            const QString target = QFileDialog::getSaveFileName(this, ImportWizard::tr("Save Rejected Rows"),
                                                                ImportWizard::tr("rejected.csv"),
                                                                ImportWizard::tr("CSV files (*.csv)"));
            if (!target.isEmpty())
                m_wizard->saveRejectedRows(target);
        });
        layout->addWidget(m_save, 0, Qt::AlignLeft);
    }
    void initializePage() override {
        const import::ImportReport &r = m_wizard->report();
        QString headline;
        switch (r.outcome) {
        case import::ImportReport::Outcome::Completed:
            headline = ImportWizard::tr("The import is complete.");
            break;
        case import::ImportReport::Outcome::Cancelled:
            headline = r.committed
                           ? ImportWizard::tr("The import was cancelled; the rows before it were saved.")
                           : ImportWizard::tr("The import was cancelled; nothing was saved.");
            break;
        case import::ImportReport::Outcome::Failed:
            headline =
                (r.committed
                     ? ImportWizard::tr("The import stopped at an error; the rows before it were saved: %1")
                     : ImportWizard::tr("The import stopped at an error; nothing was saved: %1"))
                    .arg(r.fatal ? r.fatal->reason : QString());
            break;
        }
        const QLocale locale;
        const auto row = [&locale](const QString &label, qint64 value) {
            return u"<tr><td>%1</td><td align=right><b>%2</b></td></tr>"_s.arg(label.toHtmlEscaped(),
                                                                               locale.toString(value));
        };
        m_summary->setText(u"<p>%1</p><table cellspacing=4>"_s.arg(headline.toHtmlEscaped()) +
                           row(ImportWizard::tr("Rows in the file"), r.rows) +
                           row(ImportWizard::tr("New contacts"), r.imported) +
                           row(ImportWizard::tr("Updated contacts"), r.updated) +
                           row(ImportWizard::tr("Already up to date"), r.unchanged) +
                           row(ImportWizard::tr("Duplicates in the file"), r.duplicates) +
                           row(ImportWizard::tr("Invalid addresses"), r.invalid) +
                           row(ImportWizard::tr("Suppressed (stored, never mailed)"), r.suppressed) +
                           u"</table>"_s);
        QList<import::ImportIssue> issues = r.errors;
        issues += r.warnings;
        m_issues->setRowCount(int(issues.size()));
        for (int i = 0; i < issues.size(); ++i) {
            auto *line = new QTableWidgetItem;
            line->setData(Qt::DisplayRole, issues[i].line);
            m_issues->setItem(i, 0, line);
            m_issues->setItem(i, 1, new QTableWidgetItem(oneLine(issues[i].reason)));
        }
        m_issues->resizeColumnToContents(0);
        m_save->setEnabled(r.invalid + r.duplicates > 0 && QFile::exists(m_wizard->rejectedRowsPath()));
    }

private:
    ImportWizard *m_wizard;
    QLabel *m_summary;
    QTableWidget *m_issues;
    QPushButton *m_save;
};

ImportWizard::ImportWizard(storage::Database &db, QWidget *parent)
    : QWizard(parent)
    , m_db(db) {
    setWindowTitle(tr("Import Contacts"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setPage(FilePageId, new FilePage(this));
    setPage(PreviewPageId, new PreviewPage(this));
    setPage(MappingPageId, new MappingPage(this));
    setPage(OptionsPageId, new OptionsPage(db, this));
    setPage(ProgressPageId, new ProgressPage(this));
    setPage(ReportPageId, new ReportPage(this));
    resize(760, 560);
}

ImportWizard::~ImportWizard() = default;

void ImportWizard::setFilePath(const QString &path) {
    setField(u"path"_s, path);
}

QString ImportWizard::filePath() const {
    return field(u"path"_s).toString();
}

void ImportWizard::refreshPreview() {
    auto *previewPage = static_cast<PreviewPage *>(page(PreviewPageId));
    const auto encoding =
        import::parseEncoding(previewPage->encodingChoice()).value_or(import::Encoding::Auto);
    const int delimiter = import::CsvFile::parseDelimiter(previewPage->delimiterChoice());
    m_preview = import::ContactImporter::preview(filePath(), encoding, char(std::max(0, delimiter)));
    Q_EMIT previewChanged();
}

import::ImportOptions ImportWizard::options() const {
    auto *previewPage = static_cast<PreviewPage *>(page(PreviewPageId));
import::ImportOptions o;
o.path = filePath();
o.listName = field(u"list"_s).toString().trimmed();
o.encoding = import::parseEncoding(previewPage->encodingChoice()).value_or(import::Encoding::Auto);
o.delimiter = char(std::max(0, import::CsvFile::parseDelimiter(previewPage->delimiterChoice())));
o.columns = m_columns;
o.update = field(u"update"_s).toBool();
o.atomic = field(u"atomic"_s).toBool();
o.rejectedPath = rejectedRowsPath();
return o;
} // namespace hivepost::ui

QString ImportWizard::rejectedRowsPath() const {
    return m_tempDir.filePath(u"rejected.csv"_s);
}

bool ImportWizard::saveRejectedRows(const QString &target) const {
    QFile::remove(target);
    return QFile::copy(rejectedRowsPath(), target);
}

void ImportWizard::startImport() {
    m_finished = false;
    m_job = std::make_unique<import::ImportJob>(m_db.path(), options());
    auto *progressPage = static_cast<ProgressPage *>(page(ProgressPageId));
    connect(m_job.get(), &import::ImportJob::progress, this,
            [progressPage](qint64 done, qint64 total, qint64 rows) {
                progressPage->showProgress(done, total, rows);
            });
    connect(m_job.get(), &import::ImportJob::finished, this, &ImportWizard::onImportFinished);
    m_job->start();
}

void ImportWizard::onImportFinished(const import::ImportReport &report) {
    m_report = report;
    m_finished = true;
    Q_EMIT page(ProgressPageId)->completeChanged();
    Q_EMIT importFinished(report);
    next();
}

void ImportWizard::reject() {
    if (m_job && m_job->isRunning() && !m_finished) {
        m_job->cancel(); // the report page follows when the job has stopped
        return;
    }
    QWizard::reject();
}

} // namespace hivepost::ui
