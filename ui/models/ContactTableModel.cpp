#include "models/ContactTableModel.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace hivepost::ui {

ContactTableModel::ContactTableModel(storage::ContactStore &store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store) {
    reload();
}

void ContactTableModel::setFilter(const storage::ContactFilter &filter) {
    m_filter = filter;
    reload();
}

void ContactTableModel::reload() {
    beginResetModel();
    m_pages.clear();
    m_pageOrder.clear();
    auto count = m_store.count(m_filter);
    m_count = count ? count.value() : 0;
    endResetModel();
    if (!count)
        Q_EMIT loadFailed(count.errorString());
}

const QList<storage::Contact> *ContactTableModel::page(int index) const {
    if (auto it = m_pages.constFind(index); it != m_pages.constEnd())
        return &it.value();
    // Keyset from the page before when it is known; an offset otherwise (a jump by the scroll bar).
    qint64 afterId = 0;
    if (auto before = m_pages.constFind(index - 1); before != m_pages.constEnd() && !before->isEmpty())
        afterId = before->constLast().id;
    auto rows = m_store.page(m_filter, afterId, qint64(index) * PageSize, PageSize);
    if (!rows) {
        Q_EMIT const_cast<ContactTableModel *>(this)->loadFailed(rows.errorString());
        return nullptr;
    }
    if (m_pageOrder.size() >= MaxPages)
        m_pages.remove(m_pageOrder.takeFirst());
    m_pageOrder.append(index);
    return &m_pages.insert(index, std::move(rows).value()).value();
}

storage::Contact ContactTableModel::contactAt(int row) const {
    if (row < 0 || row >= rowCount())
        return {};
    const QList<storage::Contact> *p = page(row / PageSize);
    const int offset = row % PageSize;
    return p && offset < p->size() ? p->at(offset) : storage::Contact{};
}

int ContactTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(std::min<qint64>(m_count, std::numeric_limits<int>::max()));
}

int ContactTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString ContactTableModel::statusLabel(const QString &status) {
    if (status == u"subscribed"_s)
        return tr("Subscribed");
    if (status == u"unsubscribed"_s)
        return tr("Unsubscribed");
    if (status == u"bounced"_s)
        return tr("Bounced");
    if (status == u"complained"_s)
        return tr("Complained");
    return status;
}

QVariant ContactTableModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::UserRole))
        return {};
    const storage::Contact c = contactAt(index.row());
    if (role == Qt::UserRole)
        return c.id;
    switch (index.column()) {
    case Email:
        return c.email;
    case Name:
        return c.name;
    case FirstName:
        return c.firstName;
    case LastName:
        return c.lastName;
    case Status:
        return statusLabel(c.status);
    case Added:
        return c.createdAt
                   ? QLocale().toString(QDateTime::fromSecsSinceEpoch(c.createdAt), QLocale::ShortFormat)
                   : QString();
    default:
        return {};
    }
}

QVariant ContactTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Email:
        return tr("E-mail");
    case Name:
        return tr("Name");
    case FirstName:
        return tr("First Name");
    case LastName:
        return tr("Last Name");
    case Status:
        return tr("Status");
    case Added:
        return tr("Added");
    default:
        return {};
    }
}

} // namespace hivepost::ui
