#include "contacts/ContactDialog.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "bounces/BouncesPage.h"
#include "models/ContactTableModel.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

ContactDialog::ContactDialog(storage::ContactStore &store, const storage::Contact &contact,
                             const QList<storage::ContactEvent> &history, QWidget *parent)
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

    // What happened to this contact: the ledgers' sends and bounces, and the relay's events.
    layout->addWidget(new QLabel(tr("History:"), this));
    m_history = new QTableWidget(0, 4, this);
    m_history->setObjectName(u"historyTable"_s);
    m_history->setHorizontalHeaderLabels({tr("When"), tr("What"), tr("Campaign"), tr("Detail")});
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->verticalHeader()->hide();
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    for (qsizetype i = history.size() - 1; i >= 0; --i) { // newest first
        const storage::ContactEvent &e = history.at(i);
        const int row = m_history->rowCount();
        m_history->insertRow(row);
        m_history->setItem(row, 0,
                           new QTableWidgetItem(QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.at),
                                                                   QLocale::ShortFormat)));
        m_history->setItem(row, 1, new QTableWidgetItem(eventLabel(e.kind)));
        m_history->setItem(row, 2, new QTableWidgetItem(e.campaign));
        QStringList detail;
        if (e.kind == u"bounced"_s) {
            detail << BouncesPage::reasonLabel(e.flags);
        } else {
            if (!e.url.isEmpty())
                detail << e.url;
            for (const QString &flag : e.flags.split(u',', Qt::SkipEmptyParts))
                detail << flagLabel(flag);
        }
        m_history->setItem(row, 3, new QTableWidgetItem(detail.join(u" · "_s)));
    }
    if (history.isEmpty()) {
        m_history->setRowCount(1);
        auto *none = new QTableWidgetItem(tr("Nothing yet: no campaign has gone to this contact."));
        m_history->setItem(0, 0, none);
        m_history->setSpan(0, 0, 1, 4);
    }
    m_history->resizeColumnsToContents();
    layout->addWidget(m_history, 1);

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
    resize(640, 620);
}

QString ContactDialog::eventLabel(const QString &kind) {
    if (kind == u"sent"_s)
        return tr("Sent");
    if (kind == u"bounced"_s)
        return tr("Bounced");
    if (kind == u"open"_s)
        return tr("Opened");
    if (kind == u"click"_s)
        return tr("Clicked");
    if (kind == u"unsubscribe"_s)
        return tr("Unsubscribed");
    if (kind == u"preferences"_s)
        return tr("Changed preferences");
    if (kind == u"signup"_s)
        return tr("Signed up (confirmed)");
    return kind;
}

QString ContactDialog::flagLabel(const QString &flag) {
    if (flag == u"proxy"_s)
        return tr("by a mail proxy, not a person");
    if (flag == u"scanner"_s)
        return tr("by a security scanner");
    if (flag == u"repeat"_s)
        return tr("again");
    return flag;
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
