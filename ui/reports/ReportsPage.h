#pragma once

// ReportsPage: every campaign's headline numbers side by side (delivery and bounce rates, duration),
// and the selected campaign's report: tiles for each number (a click lists the recipients behind it),
// sends and refusals per minute, the bounce reasons and domains as bars, sortable tables of accounts,
// domains and reasons (a double-click lists their recipients), and export to CSV and PDF. Numbers come
// from report::ReportBuilder; while a campaign sends, the page follows it every few seconds.

#include <functional>
#include <optional>

#include <QWidget>

#include "report/CampaignReport.h"

class QGridLayout;
class QLabel;
class QTableWidget;
class QTimer;
class QTabWidget;
class QProgressBar;

namespace hivepost::storage {
class Database;
}
namespace hivepost::report {
class ReportService;
}

namespace hivepost::ui {

class TimelineChart;
class BarChart;

class ReportsPage : public QWidget {
    Q_OBJECT
public:
    // The numbers come from reports, read off the GUI thread; db serves the drill-down lists.
    ReportsPage(report::ReportService &reports, storage::Database &db, QWidget *parent = nullptr);

    // Asks for the overview and the selected campaign's report; they show as they arrive: the
    // overview and the headline numbers first, then the charts and tables.
    void reload();
    // Shows that campaign's report (returns false when the overview does not list it).
    bool selectCampaign(const QString &name);
    const std::optional<report::CampaignReport> &current() const { return m_report; }
    // Whether current() is the whole report (not only its headline numbers) of what was asked last.
    bool isComplete() const { return m_complete && !m_loading; }
    // The recipients behind a number, in a window of their own (returned for tests; owned by the page).
    QWidget *showRecipients(const report::RecipientFilter &filter, const QString &title);
    bool exportCsv(const QString &path, bool perRecipient, QString *error = nullptr);
    bool exportPdf(const QString &path, QString *error = nullptr);
    // What a campaign's stored state means now (the Campaigns page knows whether "running" is being
    // sent here, elsewhere, or was interrupted); without it the stored state is shown.
    void setStateText(std::function<QString(qint64 campaignId, const QString &state)> stateText);

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void onOverview(quint64 request, const QList<report::CampaignSummary> &campaigns);
    void onReport(quint64 request, const report::CampaignReport &report, bool complete);
    void setLoading(bool loading);
    void showReport();
    void addTile(int index, const QString &caption, const QString &value,
                 const report::RecipientFilter &filter);
    void chooseExport(int kind); // 0: CSV, 1: recipients CSV, 2: PDF

    QString campaignState(const report::CampaignSummary &s) const;

    report::ReportService &m_reports;
    storage::Database &m_db;
    std::function<QString(qint64, const QString &)> m_stateText;
    QTableWidget *m_overview;
    QLabel *m_heading;
    QGridLayout *m_tiles;
    QLabel *m_attention;
    TimelineChart *m_timeline;
    BarChart *m_reasons;
    BarChart *m_domainsChart;
    QTableWidget *m_accounts;
    QTableWidget *m_domains;
    QTableWidget *m_bounceReasons;
    QWidget *m_linksTab;
    BarChart *m_linksChart;
    TimelineChart *m_activity;
    BarChart *m_categories;
    QTableWidget *m_links;
    QTabWidget *m_tabs;
    QTimer *m_follow;
    QProgressBar *m_progress;
    std::optional<report::CampaignReport> m_report;
    bool m_complete = false; // m_report has more than its summary
    bool m_loading = false;  // an answer to m_request is still to come
    quint64 m_request = 0;
    QString m_wanted; // the campaign asked for; empty: the selected one, or the newest
};

} // namespace hivepost::ui
