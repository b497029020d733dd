#pragma once

// ImportWizard: the marketer's way in for a CSV file: choose it, see the first rows as decoded
// (encoding and delimiter detected, changeable), map the columns, choose the list and options,
// watch the progress (cancel at any time), then read the report and save the rejected rows.
// The import itself runs as an ImportJob on a worker thread with its own connection.

#include <memory>

#include <QTemporaryDir>
#include <QWizard>

#include "import/ContactImporter.h"

namespace hivepost::storage {
class Database;
}
namespace hivepost::import {
class ImportJob;
}

namespace hivepost::ui {

class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FilePageId, PreviewPageId, MappingPageId, OptionsPageId, ProgressPageId, ReportPageId };

    ImportWizard(storage::Database &db, QWidget *parent = nullptr);
    ~ImportWizard() override;

    void setFilePath(const QString &path);
    QString filePath() const;

    // What the pages say so far.
    import::ImportOptions options() const;
    const import::ImportPreview &preview() const { return m_preview; }
    void refreshPreview();

    // The last import's report (valid once importFinished was emitted).
    const import::ImportReport &report() const { return m_report; }
    QString rejectedRowsPath() const;
    bool saveRejectedRows(const QString &target) const;

    void reject() override; // while importing: cancels the import first

Q_SIGNALS:
    void previewChanged();
    void importFinished(const hivepost::import::ImportReport &report);

private:
    friend class MappingPage;
    friend class ProgressPage;
    void startImport();
    void onImportFinished(const import::ImportReport &report);

    storage::Database &m_db;
    import::ImportPreview m_preview;
    QList<import::ColumnMapping> m_columns; // as the mapping page shows them
    import::ImportReport m_report;
    std::unique_ptr<import::ImportJob> m_job;
    QTemporaryDir m_tempDir;
    bool m_finished = false;
};

} // namespace hivepost::ui
