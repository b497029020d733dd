#include "report/ReportService.h"

#include "storage/Database.h"

namespace hivepost::report {

// The database connection belongs to the thread that opened it: opened, used and closed on
// m_thread.
class ReportService::Worker : public QObject {
public:
    explicit Worker(QString path)
        : m_path(std::move(path)) {}
    Result<storage::Database *> database() {
        if (!m_db) {
            auto opened = storage::Database::open(m_path);
            if (!opened)
                return opened.error();
            m_db = std::move(opened.value());
        }
        return m_db.get();
    }

private:
    QString m_path;
    std::unique_ptr<storage::Database> m_db;
};

ReportService::ReportService(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_path(databasePath) {
    m_thread.setObjectName(QStringLiteral("hivepost-reports"));
}

ReportService::~ReportService() {
    if (!m_thread.isRunning())
        return;
    m_latest = ~quint64(0); // whatever is queued gives up at its first step
    m_thread.quit();
    m_thread.wait(); // at most the step in progress
}

quint64 ReportService::load(const QString &campaign) {
    if (!m_worker) {
        m_worker = new Worker(m_path);
        m_worker->moveToThread(&m_thread);
        connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
        m_thread.start(QThread::LowPriority);
    }
    const quint64 request = ++m_latest;
    QMetaObject::invokeMethod(
        m_worker, [this, request, campaign] { run(*m_worker, request, campaign); }, Qt::QueuedConnection);
    return request;
}

void ReportService::run(Worker &worker, quint64 request, const QString &campaign) {
    // On m_thread. Answers go to the service's thread, queued; each step first checks that no newer
    // request has come.
    const auto stale = [this, request] {
        return request != m_latest;
    };
    if (stale())
        return;
    const auto fail = [this, request](const QString &why) {
        QMetaObject::invokeMethod(
            this, [this, request, why] { Q_EMIT failed(request, why); }, Qt::QueuedConnection);
    };
    auto db = worker.database();
    if (!db) {
        fail(db.errorString());
        return;
    }
    const ReportBuilder builder(*db.value());
    auto all = builder.overview();
    if (!all) {
        fail(all.errorString());
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, request, list = all.value()] { Q_EMIT overviewReady(request, list); },
        Qt::QueuedConnection);
    if (all->isEmpty() || stale())
        return;
    CampaignReport first;
    first.summary = all->constFirst();
    for (const CampaignSummary &s : std::as_const(all.value())) {
        if (s.name == campaign)
            first.summary = s;
    }
    QMetaObject::invokeMethod(
        this, [this, request, first] { Q_EMIT reportReady(request, first, false); }, Qt::QueuedConnection);
    if (stale())
        return;
    auto full = builder.campaign(first.summary.name);
    if (!full) {
        fail(full.errorString());
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, request, report = full.value()] { Q_EMIT reportReady(request, report, true); },
        Qt::QueuedConnection);
}

} // namespace hivepost::report
