#pragma once

// CampaignWizard: a new campaign, step by step as a marketer expects it: name -> lists (with how
// many will be mailed after suppressions and unsubscribes) -> template (with a preview) -> sender
// and accounts (with their limits and the estimated duration) -> schedule -> review with warnings.
// accept() creates the campaign and its ledger; the caller starts it (startNow()).

#include <QWizard>

#include "storage/LedgerStore.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QRadioButton;
class QTextBrowser;

namespace hivepost::storage {
class Database;
}

namespace hivepost::ui {

class CampaignWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { NamePage, ListsPage, TemplatePage, SenderPage, SchedulePage, ReviewPage };

    explicit CampaignWizard(storage::Database &db, QWidget *parent = nullptr);

    // What the user chose so far (also for tests, which drive the pages' widgets).
    storage::CampaignSpec spec() const;
    bool startNow() const;
    qint64 createdId() const { return m_createdId; }
    QString error() const { return m_error; }
    // The warnings the review page shows for the current choices.
    QStringList warnings() const;

    void accept() override;

private:
    void updateAudience();
    void updatePreview();
    void updateEstimate();
    void updateReview();
    double accountRate() const; // messages per second the chosen accounts allow; 0: no limit

    storage::Database &m_db;
    QLineEdit *m_name;
    QListWidget *m_lists;
    QLabel *m_audience;
    QComboBox *m_template;
    QTextBrowser *m_preview;
    QLineEdit *m_from;
    QLineEdit *m_bounceDomain;
    QListWidget *m_accounts;
    QDoubleSpinBox *m_maxRate;
    QLineEdit *m_domainLimits;
    QComboBox *m_relay;
    QCheckBox *m_openTracking;
    QCheckBox *m_clickTracking;
    QLabel *m_estimate;
    QRadioButton *m_now;
    QRadioButton *m_later;
    QDateTimeEdit *m_at;
    QLabel *m_summary;
    QLabel *m_warnings;
    qint64 m_eligible = 0;
    qint64 m_createdId = 0;
    QString m_error;
};

} // namespace hivepost::ui
