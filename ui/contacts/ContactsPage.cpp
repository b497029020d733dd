#include "contacts/ContactsPage.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

#include "contacts/ContactDialog.h"
#include "contacts/ImportWizard.h"
#include "models/ContactTableModel.h"
#include "storage/Database.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {
constexpr int ListIdRole = Qt::UserRole;
}

ContactsPage::ContactsPage(storage::Database &db, QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_store(db) {
    m_model = new ContactTableModel(m_store, this);

    // Left: the lists.
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Lists"), left));
    m_lists = new QListWidget(left);
    m_lists->setObjectName(u"listsView"_s);
    leftLayout->addWidget(m_lists, 1);
    auto *listButtons = new QHBoxLayout;
    auto *newList = new QPushButton(tr("New List…"), left);
    auto *deleteList = new QPushButton(tr("Delete List"), left);
    deleteList->setObjectName(u"deleteListButton"_s);
    listButtons->addWidget(newList);
    listButtons->addWidget(deleteList);
    leftLayout->addLayout(listButtons);

    // Right: the contacts.
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto *toolbar = new QHBoxLayout;
    auto *importButton = new QPushButton(QIcon(u":/icons/contacts.svg"_s), tr("&Import…"), right);
    importButton->setObjectName(u"importButton"_s);
    auto *exportButton = new QPushButton(tr("E&xport…"), right);
    m_search = new QLineEdit(right);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Search e-mail or name"));
    m_search->setClearButtonEnabled(true);
    m_status = new QComboBox(right);
    m_status->setObjectName(u"statusFilter"_s);
    m_status->addItem(tr("Any status"), QString());
    for (const QString &status : storage::ContactStore::statuses())
        m_status->addItem(ContactTableModel::statusLabel(status), status);
    toolbar->addWidget(importButton);
    toolbar->addWidget(exportButton);
    toolbar->addSpacing(12);
    toolbar->addWidget(m_search, 1);
    toolbar->addWidget(m_status);
    rightLayout->addLayout(toolbar);

    m_table = new QTableView(right);
    m_table->setObjectName(u"contactsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed row heights: the view never asks every row for its size.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(ContactTableModel::Email, 260);
    rightLayout->addWidget(m_table, 1);

    auto *bottom = new QHBoxLayout;
    m_count = new QLabel(right);
    m_count->setObjectName(u"countLabel"_s);
    bottom->addWidget(m_count, 1);
    auto *edit = new QPushButton(tr("&Edit…"), right);
    auto *copy = new QPushButton(tr("&Add to List…"), right);
    auto *move = new QPushButton(tr("&Move to List…"), right);
    auto *remove = new QPushButton(tr("&Delete"), right);
    for (QPushButton *b : {edit, copy, move, remove})
        bottom->addWidget(b);
    rightLayout->addLayout(bottom);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({200, 700});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_searchDelay, &QTimer::timeout, this, &ContactsPage::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_status, &QComboBox::currentIndexChanged, this, &ContactsPage::applyFilter);
    connect(m_lists, &QListWidget::currentRowChanged, this, &ContactsPage::applyFilter);
    connect(m_table, &QTableView::doubleClicked, this,
            [this](const QModelIndex &i) { editContact(i.row()); });
    connect(edit, &QPushButton::clicked, this, [this] {
        if (const QModelIndex i = m_table->currentIndex(); i.isValid())
            editContact(i.row());
    });
    connect(importButton, &QPushButton::clicked, this, &ContactsPage::openImportWizard);
    connect(exportButton, &QPushButton::clicked, this, &ContactsPage::askExport);
    connect(copy, &QPushButton::clicked, this, [this] { askCopy(false); });
    connect(move, &QPushButton::clicked, this, [this] { askCopy(true); });
    connect(remove, &QPushButton::clicked, this, &ContactsPage::askDelete);
    connect(newList, &QPushButton::clicked, this, &ContactsPage::askNewList);
    connect(deleteList, &QPushButton::clicked, this, &ContactsPage::askDeleteList);
    connect(m_model, &ContactTableModel::loadFailed, this, &ContactsPage::statusMessage);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ContactsPage::updateCountLabel);

    reloadLists();
    applyFilter();
}

void ContactsPage::reloadLists() {
    const qint64 current = currentListId();
    const QSignalBlocker block(m_lists);
    m_lists->clear();
    auto all = m_store.count({});
    auto *allItem =
        new QListWidgetItem(tr("All contacts (%1)").arg(QLocale().toString(all ? all.value() : 0)), m_lists);
    allItem->setData(ListIdRole, qint64(0));
    if (auto lists = m_store.lists(); lists) {
        for (const storage::ListInfo &l : std::as_const(lists.value())) {
            auto *item =
                new QListWidgetItem(u"%1 (%2)"_s.arg(l.name, QLocale().toString(l.contacts)), m_lists);
            item->setData(ListIdRole, l.id);
            item->setData(Qt::UserRole + 1, l.name);
        }
    }
    for (int i = 0; i < m_lists->count(); ++i) {
        if (m_lists->item(i)->data(ListIdRole).toLongLong() == current)
            m_lists->setCurrentRow(i);
    }
    if (m_lists->currentRow() < 0)
        m_lists->setCurrentRow(0);
}

qint64 ContactsPage::currentListId() const {
    const QListWidgetItem *item = m_lists->currentItem();
    return item ? item->data(ListIdRole).toLongLong() : 0;
}

void ContactsPage::selectList(qint64 listId) {
    for (int i = 0; i < m_lists->count(); ++i) {
        if (m_lists->item(i)->data(ListIdRole).toLongLong() == listId)
            m_lists->setCurrentRow(i);
    }
}

void ContactsPage::setSearch(const QString &text) {
    m_search->setText(text);
    m_searchDelay->stop();
    applyFilter();
}

void ContactsPage::applyFilter() {
    storage::ContactFilter filter;
    filter.listId = currentListId();
    filter.search = m_search->text();
    filter.status = m_status->currentData().toString();
    m_model->setFilter(filter);
}

void ContactsPage::reload() {
    reloadLists();
    m_model->reload();
}

void ContactsPage::updateCountLabel() {
    const qint64 n = m_model->totalCount();
    m_count->setText(n == 1 ? tr("1 contact") : tr("%1 contacts").arg(QLocale().toString(n)));
}

QList<qint64> ContactsPage::selectedContactIds() const {
    QList<qint64> ids;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        ids << m_model->contactAt(i.row()).id;
    return ids;
}

void ContactsPage::editContact(int row) {
    const storage::Contact c = m_model->contactAt(row);
    if (c.id == 0)
        return;
    auto history = storage::TrackingStore(m_db).timeline(c.id);
    if (!history)
        Q_EMIT statusMessage(history.errorString());
    auto *dialog = new ContactDialog(m_store, c, history.value_or({}), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, &ContactsPage::reload);
    dialog->open();
}

Result<int> ContactsPage::deleteContacts(const QList<qint64> &ids) {
    auto r = m_store.remove(ids);
    if (r)
        Q_EMIT statusMessage(tr("Contacts deleted: %1.").arg(QLocale().toString(r.value())));
    reload();
    return r;
}

Result<qint64> ContactsPage::createList(const QString &name) {
    auto id = m_store.createList(name);
    if (id)
        reloadLists();
    return id;
}

Result<int> ContactsPage::copyToList(const QList<qint64> &ids, const QString &listName, bool move) {
    auto target = m_store.createList(listName);
    if (!target)
        return target.error();
    auto added = m_store.addToList(ids, target.value());
    if (added && move && currentListId() > 0 && currentListId() != target.value()) {
        if (auto removed = m_store.removeFromList(ids, currentListId()); !removed)
            return removed.error();
    }
    if (added) {
        Q_EMIT statusMessage(
            move ? tr("Contacts moved to %1: %2.").arg(listName, QLocale().toString(ids.size()))
                 : tr("Contacts added to %1: %2.").arg(listName, QLocale().toString(ids.size())));
    }
    reload();
    return added;
}

Result<qint64> ContactsPage::exportTo(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(ErrorCode::Io, tr("Cannot write “%1”: %2").arg(path, file.errorString()));
    // With a BOM: Excel then opens Chinese text correctly.
    auto rows = m_store.exportCsv(m_model->filter(), &file, true);
    if (rows)
        Q_EMIT statusMessage(tr("Contacts exported to %1: %2.")
                                 .arg(QDir::toNativeSeparators(path), QLocale().toString(rows.value())));
    return rows;
}

ImportWizard *ContactsPage::openImportWizard() {
    auto *wizard = new ImportWizard(m_db, this);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ImportWizard::importFinished, this, &ContactsPage::reload);
    wizard->open();
    return wizard;
}

void ContactsPage::askDelete() {
    const QList<qint64> ids = selectedContactIds();
    if (ids.isEmpty())
        return;
    auto *box = new QMessageBox(
        QMessageBox::Question, tr("Delete Contacts"),
        tr("Delete the %1 selected contacts from every list? This cannot be undone.").arg(ids.size()),
        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, ids] {
        if (auto r = deleteContacts(ids); !r)
            Q_EMIT statusMessage(r.errorString());
    });
    box->open();
}

void ContactsPage::askCopy(bool move) {
    const QList<qint64> ids = selectedContactIds();
    if (ids.isEmpty())
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(move ? tr("Move to List") : tr("Add to List"));
    dialog->setLabelText(tr("List (a new name creates it):"));
    QStringList names;
    if (auto lists = m_store.lists(); lists) {
        for (const storage::ListInfo &l : std::as_const(lists.value()))
            names << l.name;
    }
    dialog->setComboBoxItems(names);
    dialog->setComboBoxEditable(true);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, ids, move](const QString &name) {
        if (auto r = copyToList(ids, name, move); !r)
            QMessageBox::warning(this, tr("Contacts"), r.errorString());
    });
    dialog->open();
}

void ContactsPage::askExport() {
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export Contacts"), QDir::home().filePath(u"contacts.csv"_s), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (auto r = exportTo(path); !r)
        QMessageBox::warning(this, tr("Export Failed"), r.errorString());
}

void ContactsPage::askNewList() {
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New List"));
    dialog->setLabelText(tr("Name:"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this](const QString &name) {
        if (auto r = createList(name); !r)
            QMessageBox::warning(this, tr("New List"), r.errorString());
    });
    dialog->open();
}

void ContactsPage::askDeleteList() {
    const qint64 id = currentListId();
    if (id == 0)
        return;
    const QString name = m_lists->currentItem()->data(Qt::UserRole + 1).toString();
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete List"),
                                tr("Delete the list “%1”? Its contacts stay in Hivepost.").arg(name),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::accepted, this, [this, id] {
        if (auto r = m_store.deleteList(id); !r)
            Q_EMIT statusMessage(r.errorString());
        reload();
    });
    box->open();
}

} // namespace hivepost::ui
