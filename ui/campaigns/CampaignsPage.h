#pragma once

// CampaignsPage: the campaigns and, for the one selected, a live view: progress, counts by state,
// the current rate and a graph of it, the estimated time left, each account's status, and the
// latest errors; start (or resume), pause and cancel. The application layer sends, in the window's
// own event loop without blocking it; this page asks it and observes it. Campaigns that were
// sending when Hivepost stopped show as interrupted, to be resumed.

#include <deque>

#include <QHash>
#include <QWidget>

#include "application/Application.h"

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace hivepost::storage {
class Database;
}

namespace hivepost::ui {

class RateGraph;

class CampaignsPage : public QWidget {
    Q_OBJECT
public:
    explicit CampaignsPage(application::Application &app, QWidget *parent = nullptr);
    ~CampaignsPage() override;

    void newCampaign();                                     // the wizard, then (when chosen) the start
    static QString campaignStateText(const QString &state); // "running" -> "Sending", ...
    // A campaign's state as this page shows it: "running" in the database is "Sending" only while
    // this window's engine sends it; else "Sending elsewhere" (another process) or "Interrupted".
    QString stateText(qint64 campaignId, const QString &storedState) const;
    bool selectCampaign(const QString &name);
    bool startSelected(); // start or resume; false with the reason in the status
    void pauseSelected();
    void cancelSelected();
    void reload();

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    qint64 selectedId() const;
    bool elsewhere(qint64 id) const; // another process is sending it
    QString liveState(qint64 id, const QString &stored) const;
    void refreshDetail();
    void sample();

    application::Application &m_app; // sends; this page only observes and asks
    storage::Database &m_db;
    QTableWidget *m_list;
    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_cancel;
    QLabel *m_title;
    QLabel *m_state;
    QProgressBar *m_progress;
    QHash<QString, QLabel *> m_counts;
    QLabel *m_rate;
    RateGraph *m_graph;
    QTableWidget *m_accounts;
    QPlainTextEdit *m_errors;
    // Sent per second over the last two minutes, per campaign running here.
    QHash<qint64, std::deque<QPair<qint64, qint64>>> m_samples;
};

} // namespace hivepost::ui
