#pragma once

// ContactsPage: lists in a sidebar with their counts, and the contacts of the chosen list in a table
// that stays instant with a million rows (ContactTableModel). Search, status filter, edit, delete,
// copy or move to another list, export, and the import wizard. Uses the GUI thread's Database.

#include <QWidget>

#include "storage/ContactStore.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableView;
class QTimer;

namespace hivepost::storage {
class Database;
}

namespace hivepost::ui {

class ContactTableModel;
class ImportWizard;

class ContactsPage : public QWidget {
    Q_OBJECT
public:
    explicit ContactsPage(storage::Database &db, QWidget *parent = nullptr);

    // The actions behind the buttons, without their dialogs (tests and scripts call these).
    void selectList(qint64 listId); // 0: every contact
    qint64 currentListId() const;
    void setSearch(const QString &text);
    QList<qint64> selectedContactIds() const;
    Result<int> deleteContacts(const QList<qint64> &ids);
    Result<int> copyToList(const QList<qint64> &ids, const QString &listName, bool move);
    Result<qint64> exportTo(const QString &path);
    Result<qint64> createList(const QString &name);
    ImportWizard *openImportWizard(); // shown, deleted on close
    void reload();

    ContactTableModel *model() const { return m_model; }

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void reloadLists();
    void applyFilter();
    void editContact(int row);
    void askDelete();
    void askCopy(bool move);
    void askExport();
    void askNewList();
    void askDeleteList();
    void updateCountLabel();

    storage::Database &m_db;
    storage::ContactStore m_store;
    ContactTableModel *m_model;
    QListWidget *m_lists;
    QTableView *m_table;
    QLineEdit *m_search;
    QComboBox *m_status;
    QLabel *m_count;
    QTimer *m_searchDelay;
};

} // namespace hivepost::ui
