#pragma once

// ContactDialog: edits one contact (address, names, status, custom fields) and saves it through
// the ContactStore, showing the store's error in place when it refuses (invalid or taken address);
// below, the contact's history (sent, bounced, opened, clicked, unsubscribed), newest first.

#include <QDialog>

#include "storage/ContactStore.h"
#include "storage/TrackingStore.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace hivepost::ui {

class ContactDialog : public QDialog {
    Q_OBJECT
public:
    ContactDialog(storage::ContactStore &store, const storage::Contact &contact,
                  const QList<storage::ContactEvent> &history = {}, QWidget *parent = nullptr);

    // Saves; true and accept() on success, else the error is shown and the dialog stays.
    bool save();

    static QString eventLabel(const QString &kind); // sent, bounced, open, click, ... in words
    static QString flagLabel(const QString &flag);  // proxy, scanner, repeat

private:
    storage::ContactStore &m_store;
    storage::Contact m_contact;
    QLineEdit *m_email;
    QLineEdit *m_name;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QComboBox *m_status;
    QTableWidget *m_fields;
    QTableWidget *m_history;
    QLabel *m_error;
};

} // namespace hivepost::ui
