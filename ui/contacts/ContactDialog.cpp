#include "contacts/ContactDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "models/ContactTableModel.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

ContactDialog::ContactDialog(storage::ContactStore &store, const storage::Contact &contact, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_contact(contact) {
    setWindowTitle(tr("Edit Contact"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_email = new QLineEdit(contact.email, this);
    m_email->setObjectName(u"emailEdit"_s);
    m_name = new QLineEdit(contact.name, this);
    m_name->setObjectName(u"nameEdit"_s);
    m_firstName = new QLineEdit(contact.firstName, this);
    m_lastName = new QLineEdit(contact.lastName, this);
    m_status = new QComboBox(this);
    m_status->setObjectName(u"statusCombo"_s);
    for (const QString &status : storage::ContactStore::statuses()) {
        m_status->addItem(ContactTableModel::statusLabel(status), status);
        if (status == contact.status)
            m_status->setCurrentIndex(m_status->count() - 1);
    }
    form->addRow(tr("&E-mail:"), m_email);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&First name:"), m_firstName);
    form->addRow(tr("&Last name:"), m_lastName);
    form->addRow(tr("&Status:"), m_status);
    layout->addLayout(form);

    layout->addWidget(new QLabel(tr("Custom fields:"), this));
    m_fields = new QTableWidget(0, 2, this);
    m_fields->setObjectName(u"fieldsTable"_s);
    m_fields->setHorizontalHeaderLabels({tr("Field"), tr("Value")});
    m_fields->horizontalHeader()->setStretchLastSection(true);
    m_fields->verticalHeader()->hide();
    auto fields = store.customFields();
    QStringList names;
    if (fields) {
        for (const storage::CustomField &f : std::as_const(fields.value()))
            names << f.name;
    }
    for (auto it = contact.fields.begin(); it != contact.fields.end(); ++it) {
        if (!names.contains(it.key()))
            names << it.key();
    }
    for (const QString &name : std::as_const(names)) {
        const int row = m_fields->rowCount();
        m_fields->insertRow(row);
        auto *key = new QTableWidgetItem(name);
        key->setFlags(key->flags() & ~Qt::ItemIsEditable);
        m_fields->setItem(row, 0, key);
        m_fields->setItem(row, 1, new QTableWidgetItem(contact.fields.value(name).toString()));
    }
    layout->addWidget(m_fields);

    m_error = new QLabel(this);
    m_error->setObjectName(u"errorLabel"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b00020"_s);
    m_error->hide();
    layout->addWidget(m_error);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ContactDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(480, 460);
}

bool ContactDialog::save() {
    storage::Contact c = m_contact;
    c.email = m_email->text();
    c.name = m_name->text();
    c.firstName = m_firstName->text();
    c.lastName = m_lastName->text();
    c.status = m_status->currentData().toString();
    QJsonObject fields;
    for (int row = 0; row < m_fields->rowCount(); ++row) {
        const QString value = m_fields->item(row, 1) ? m_fields->item(row, 1)->text().trimmed() : QString();
        if (!value.isEmpty())
            fields.insert(m_fields->item(row, 0)->text(), value);
    }
    c.fields = fields;
    if (auto r = m_store.update(c); !r) {
        m_error->setText(r.errorString());
        m_error->show();
        return false;
    }
    accept();
    return true;
}

} // namespace hivepost::ui
