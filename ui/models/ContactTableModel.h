#pragma once

// ContactTableModel: the contacts that match a filter, for a QTableView, without loading them:
// the row count comes from one COUNT, rows come in pages of 200 when the view asks for them
// (keyset paging when the page before is known, so scrolling stays fast at any depth), and at most
// 50 pages are kept. Reads through a ContactStore it does not own; GUI thread only.

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include "storage/ContactStore.h"

namespace hivepost::ui {

class ContactTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Email, Name, FirstName, LastName, Status, Added, ColumnCount };
    static constexpr int PageSize = 200;
    static constexpr int MaxPages = 50;

    explicit ContactTableModel(storage::ContactStore &store, QObject *parent = nullptr);

    void setFilter(const storage::ContactFilter &filter);
    const storage::ContactFilter &filter() const { return m_filter; }
    // Counts again and forgets the cached pages (after an import, an edit, a delete).
    void reload();
    qint64 totalCount() const { return m_count; }

    // The contact on a row (fetched if needed); id 0 if the row is gone.
    storage::Contact contactAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString statusLabel(const QString &status);

Q_SIGNALS:
    void loadFailed(const QString &message);

private:
    const QList<storage::Contact> *page(int index) const;

    storage::ContactStore &m_store;
    storage::ContactFilter m_filter;
    qint64 m_count = 0;
    mutable QHash<int, QList<storage::Contact>> m_pages;
    mutable QList<int> m_pageOrder; // oldest first, for eviction
};

} // namespace hivepost::ui
