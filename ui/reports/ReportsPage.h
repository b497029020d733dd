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

namespace hivepost::storage {
class Database;
}

namespace hivepost::ui {

class TimelineChart;
class BarChart;

class ReportsPage : public QWidget {
    Q_OBJECT
public:
    explicit ReportsPage(storage::Database &db, QWidget *parent = nullptr);

    void reload(); // the overview, and the selected campaign's report
    bool selectCampaign(const QString &name);
    const std::optional<report::CampaignReport> &current() const { return m_report; }
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
    void showReport();
    void addTile(int index, const QString &caption, const QString &value,
                 const report::RecipientFilter &filter);
    void chooseExport(int kind); // 0: CSV, 1: recipients CSV, 2: PDF

    QString campaignState(const report::CampaignSummary &s) const;

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
    std::optional<report::CampaignReport> m_report;
};

} // namespace hivepost::ui
