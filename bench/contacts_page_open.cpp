// contacts_page_open DB [LIST]: opens the Contacts page on DB, selects LIST (default: every
// contact), and prints how long it took until the first rows were on screen (offscreen).
// Run by bench/contacts_gui.sh; not a test.

#include <QApplication>
#include <QElapsedTimer>
#include <QListWidget>
#include <QTableView>
#include <QTextStream>

#include "contacts/ContactsPage.h"
#include "models/ContactTableModel.h"
#include "storage/Database.h"

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 2) {
        out << "usage: contacts_page_open DB [LIST]\n";
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    auto db = hivepost::storage::Database::open(QString::fromLocal8Bit(argv[1]));
    if (!db) {
        out << "error: " << db.errorString() << '\n';
        return 1;
    }
    hivepost::ui::ContactsPage page(*db.value());
    page.resize(1100, 700);
    if (argc > 2) {
        auto *lists = page.findChild<QListWidget *>(QStringLiteral("listsView"));
        for (int i = 0; i < lists->count(); ++i) {
            if (lists->item(i)->text().startsWith(QString::fromLocal8Bit(argv[2]) + QLatin1Char(' ')))
                lists->setCurrentRow(i);
        }
    }
    page.show();
    auto *table = page.findChild<QTableView *>(QStringLiteral("contactsTable"));
    table->viewport()->repaint(); // paints the visible rows: the first page is fetched here
    const qint64 firstRows = timer.elapsed();
    const QString first = page.model()->index(0, 0).data().toString();
    timer.restart();
    table->scrollToBottom();
    table->viewport()->repaint();
    const QString last = page.model()->index(page.model()->rowCount() - 1, 0).data().toString();
    const qint64 lastRows = timer.elapsed();
    out << "contacts: " << page.model()->totalCount() << "\nfirst rows on screen: " << firstRows
        << " ms (first: " << first << ")\njump to the last rows: " << lastRows << " ms (last: " << last
        << ")\n";
    return 0;
}
