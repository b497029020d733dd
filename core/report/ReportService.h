#pragma once

// ReportService: reads reports on a thread of its own, with its own connection to the database, so
// that a window showing a report of a million recipients never waits for it. load() answers in
// steps: the overview of every campaign, then the chosen campaign's headline numbers (the overview's
// row, at once), then its whole report (accounts, domains, minutes, reasons, engagement). A newer
// load() makes the older ones give up at their next step; only the latest request's answers
// matter to a caller, who tells them apart by the number load() returned. The thread starts with the
// first load(); destroying the service waits for the step in progress to end.

#include <atomic>
#include <memory>

#include <QObject>
#include <QThread>

#include "report/CampaignReport.h"

namespace hivepost::report {

class ReportService : public QObject {
    Q_OBJECT
public:
    explicit ReportService(const QString &databasePath, QObject *parent = nullptr);
    ~ReportService() override;
    ReportService(const ReportService &) = delete;
    ReportService &operator=(const ReportService &) = delete;

    // The overview, then the report of campaign (by name; the newest when empty or gone).
    quint64 load(const QString &campaign);
    quint64 latest() const { return m_latest; }

Q_SIGNALS:
    void overviewReady(quint64 request, const QList<hivepost::report::CampaignSummary> &campaigns);
    // complete false: only report.summary is filled in; true: all of it.
    void reportReady(quint64 request, const hivepost::report::CampaignReport &report, bool complete);
    void failed(quint64 request, const QString &why);

private:
    class Worker;
    void run(Worker &worker, quint64 request, const QString &campaign);

    QString m_path;
    std::atomic<quint64> m_latest{0};
    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread, deleted there when it ends
};

} // namespace hivepost::report
