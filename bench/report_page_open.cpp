// report_page_open DB: opens the Reports page on DB offscreen (the overview, then the newest
// campaign's report) and prints how long it took until it was on screen. Run by bench/report.sh;
// not a test.

#include <QApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include "reports/ReportsPage.h"
#include "storage/Database.h"

int main(int argc, char *argv[]) {
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 2) {
        out << "usage: report_page_open DB\n";
        return 2;
    }
    QElapsedTimer timer;
    timer.start();
    auto db = hivepost::storage::Database::open(QString::fromLocal8Bit(argv[1]));
    if (!db) {
        out << "error: " << db.errorString() << '\n';
        return 1;
    }
    hivepost::ui::ReportsPage page(*db.value());
    page.resize(1100, 800);
    page.show(); // showEvent: the overview and the newest campaign's report
    page.repaint();
    const qint64 ms = timer.elapsed();
    if (!page.current()) {
        out << "error: no report\n";
        return 1;
    }
    out << "report page of \"" << page.current()->summary.name << "\" (" << page.current()->summary.recipients
        << " recipients) on screen in " << ms << " ms\n";
    return 0;
}
