#pragma once

// ImportJob: runs a ContactImporter on a worker thread with its own database connection, for the
// GUI. start() once; progress() while it runs; exactly one finished(), also after cancel().
// The job owns its thread; destroying it cancels the import and waits for the thread to end.

#include <atomic>

#include <QObject>
#include <QThread>

#include "import/ContactImporter.h"

namespace hivepost::import {

class ImportJob : public QObject {
    Q_OBJECT
public:
    ImportJob(const QString &databasePath, const ImportOptions &options, QObject *parent = nullptr);
    ~ImportJob() override;

    void start();
    void cancel(); // idempotent; the report then says Cancelled (nothing written when atomic)
    bool isRunning() const;

Q_SIGNALS:
    void progress(qint64 bytesDone, qint64 bytesTotal, qint64 rows);
    void finished(const hivepost::import::ImportReport &report);

private:
    void runInThread();

    QString m_databasePath;
    ImportOptions m_options;
    std::atomic_bool m_cancel{false};
    QThread *m_thread = nullptr;
};

} // namespace hivepost::import

Q_DECLARE_METATYPE(hivepost::import::ImportReport)
