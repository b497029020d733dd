#include "import/ImportJob.h"

#include "storage/Database.h"

namespace hivepost::import {

ImportJob::ImportJob(const QString &databasePath, const ImportOptions &options, QObject *parent)
    : QObject(parent)
    , m_databasePath(databasePath)
    , m_options(options) {
    qRegisterMetaType<hivepost::import::ImportReport>();
}

ImportJob::~ImportJob() {
    if (m_thread) {
        m_cancel = true;
        m_thread->wait(); // the importer checks the flag every 1024 rows
        delete m_thread;
    }
}

void ImportJob::start() {
    Q_ASSERT(!m_thread);
    m_thread = QThread::create([this] { runInThread(); });
    m_thread->setObjectName(QStringLiteral("hivepost-import"));
    m_thread->start();
}

void ImportJob::cancel() {
    m_cancel = true;
}

bool ImportJob::isRunning() const {
    return m_thread && m_thread->isRunning();
}

void ImportJob::runInThread() {
    ImportReport report;
    {
        auto db = storage::Database::open(m_databasePath);
        if (!db) {
            report.outcome = ImportReport::Outcome::Failed;
            report.fatal = ImportIssue{0, db.errorString()};
            report.errors.append(*report.fatal);
            report.errorCount = 1;
        } else {
            ContactImporter importer(*db.value());
            report = importer.run(
                m_options,
                [this](qint64 done, qint64 total, qint64 rows) {
                    QMetaObject::invokeMethod(
                        this, [this, done, total, rows] { Q_EMIT progress(done, total, rows); },
                        Qt::QueuedConnection);
                },
                &m_cancel);
        }
    }
    // Delivered on the job's own thread, once.
    QMetaObject::invokeMethod(
        this, [this, report] { Q_EMIT finished(report); }, Qt::QueuedConnection);
}

} // namespace hivepost::import
