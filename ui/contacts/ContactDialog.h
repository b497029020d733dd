#pragma once

// ContactDialog: edits one contact (address, names, status, custom fields) and saves it through
// the ContactStore, showing the store's error in place when it refuses (invalid or taken address).

#include <QDialog>

#include "storage/ContactStore.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace hivepost::ui {

class ContactDialog : public QDialog {
    Q_OBJECT
public:
    ContactDialog(storage::ContactStore &store, const storage::Contact &contact, QWidget *parent = nullptr);

    // Saves; true and accept() on success, else the error is shown and the dialog stays.
    bool save();

private:
    storage::ContactStore &m_store;
    storage::Contact m_contact;
    QLineEdit *m_email;
    QLineEdit *m_name;
    QLineEdit *m_firstName;
    QLineEdit *m_lastName;
    QComboBox *m_status;
    QTableWidget *m_fields;
    QLabel *m_error;
};

} // namespace hivepost::ui
