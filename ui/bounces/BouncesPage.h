#pragma once

// BouncesPage: what came back and what Hivepost did about it. Three tabs: the bounce log (SMTP-time
// refusals and returned e-mails, complaints, unsubscribes, auto-replies) with filters by campaign,
// reason and hard/soft, per-campaign numbers, and undo of an action; the suppression list with
// reasons (add, remove); and the bounce mailboxes (add, remove, poll now, how the last poll went).
// Polling never blocks the window.

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace hivepost::storage {
class Database;
}
namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class BouncesPage : public QWidget {
    Q_OBJECT
public:
    explicit BouncesPage(application::Application &app, QWidget *parent = nullptr);

    void reload();       // the log, suppressions, mailboxes
    bool undoSelected(); // the selected log entry's action
    bool addSuppression(const QString &pattern, const QString &reason);
    bool removeSelectedSuppression();
    bool addMailbox();                              // from the form
    void pollSelectedMailbox();                     // asynchronous: pollFinished() follows
    void testSelectedMailbox();                     // log in and count; asynchronous: tested() follows
    static QString reasonLabel(const QString &key); // Sisimai's key in words
    // Every mailbox in turn, now; the application layer also does so every pollMinutes() (0: off).
    void pollAll();
    void setPollMinutes(int minutes);
    int pollMinutes() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    void pollFinished(bool ok);
    void tested(bool ok);
    void pollMinutesChanged(int minutes); // the user changed the schedule

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildLogTab();
    QWidget *buildSuppressionTab();
    QWidget *buildMailboxTab();
    void reloadLog();
    void reloadSuppressions();
    void reloadMailboxes();

    application::Application &m_app; // polls, processes and undoes; this page shows and asks
    storage::Database &m_db;
    QTabWidget *m_tabs;
    // log
    QComboBox *m_campaign;
    QComboBox *m_reason;
    QComboBox *m_hardness;
    QComboBox *m_period; // days back; 0: any time
    QLabel *m_summary;
    QTableWidget *m_log;
    QPushButton *m_undo;
    // suppressions
    QTableWidget *m_suppressions;
    QLineEdit *m_pattern;
    QLineEdit *m_patternReason;
    // mailboxes
    QTableWidget *m_mailboxes;
    QLineEdit *m_mbName;
    QComboBox *m_mbProtocol;
    QLineEdit *m_mbHost;
    QSpinBox *m_mbPort;
    QComboBox *m_mbSecurity;
    QLineEdit *m_mbUser;
    QLineEdit *m_mbPassword;
    QLineEdit *m_mbCaFile;
    QLineEdit *m_mbFolder;
    QLineEdit *m_mbMoveTo;
    QPushButton *m_poll;
    QPushButton *m_test;
    QSpinBox *m_pollMinutes;
    QLabel *m_pollResult;
};

} // namespace hivepost::ui
