#pragma once

// RelaysPanel: the hivepost-relay servers this desktop sends for (Settings): add one (its URL and
// admin key; the keys go to the secret store), test it, pull its events now, remove it, and see
// when each was last pulled. It asks the application layer and shows what it answers.

#include <QGroupBox>

class QTableWidget;
class QPushButton;
class QLabel;

namespace hivepost::application {
class Application;
}

namespace hivepost::ui {

class RelaysPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit RelaysPanel(application::Application &app, QWidget *parent = nullptr);

    void reload();
    // The add form, filled in and submitted (the dialog's Add button).
    void addRelay(const QString &name, const QString &url, const QString &adminKey);

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void openAddDialog();
    QString selectedName() const;
    void showResult(const QString &text, bool ok);

    application::Application &m_app;
    QTableWidget *m_table = nullptr;
    QPushButton *m_test = nullptr;
    QPushButton *m_pull = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_result = nullptr;
};

} // namespace hivepost::ui
