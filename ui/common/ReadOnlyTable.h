#pragma once

// A read-only table of rows (whole-row selection, alternating colours, the last column stretched)
// and its cells, as the Bounces and Reports pages show them.

#include <QList>
#include <QStringList>
#include <QVariant>

class QTableWidget;
class QTableWidgetItem;
class QWidget;

namespace hivepost::ui {

QTableWidget *makeReadOnlyTable(const QStringList &headers, QWidget *parent);
// A cell with its text, and data under Qt::UserRole when given.
QTableWidgetItem *tableCell(const QString &text, const QVariant &data = {});
// Replaces the table's rows (the table takes the cells), then fits the columns to them.
void fillTable(QTableWidget *table, const QList<QList<QTableWidgetItem *>> &rows);

} // namespace hivepost::ui
