#include "common/ReadOnlyTable.h"

#include <QHeaderView>
#include <QTableWidget>

namespace hivepost::ui {

QTableWidget *makeReadOnlyTable(const QStringList &headers, QWidget *parent) {
    auto *t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    return t;
}

QTableWidgetItem *tableCell(const QString &text, const QVariant &data) {
    auto *i = new QTableWidgetItem(text);
    if (data.isValid())
        i->setData(Qt::UserRole, data);
    return i;
}

void fillTable(QTableWidget *table, const QList<QList<QTableWidgetItem *>> &rows) {
    const bool sorting = table->isSortingEnabled(); // rows inserted while sorting would move
    table->setSortingEnabled(false);
    table->setRowCount(0);
    for (const auto &row : rows) {
        const int r = table->rowCount();
        table->insertRow(r);
        for (int c = 0; c < row.size(); ++c)
            table->setItem(r, c, row[c]);
    }
    table->setSortingEnabled(sorting);
    table->resizeColumnsToContents();
}

} // namespace hivepost::ui
