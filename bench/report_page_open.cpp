// report_page_open DB: opens the Reports page on DB offscreen (the overview, then the newest
// campaign's report, read by the ReportService on its own thread) and prints how long until the
// first numbers were on screen, until the whole report was, and the longest the GUI thread went
// without serving its event loop meanwhile (a 5 ms timer's largest gap). Run by bench/report.sh;
// not a test.

#include <QApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include "report/ReportService.h"
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
    hivepost::report::ReportService reports(db.value()->path());
    hivepost::ui::ReportsPage page(reports, *db.value());
    page.resize(1100, 800);
    qint64 firstMs = -1, completeMs = -1, lastTick = 0, longestGap = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, &app, [&] {
        const qint64 now = timer.elapsed();
        longestGap = std::max(longestGap, now - lastTick);
        lastTick = now;
        if (firstMs < 0 && page.current()) {
            page.repaint();
            firstMs = timer.elapsed();
        }
        if (page.isComplete()) {
            page.repaint();
            completeMs = timer.elapsed();
            app.quit();
        }
        if (now > 120'000)
            app.exit(1);
    });
    page.show(); // showEvent: asks for the overview and the newest campaign's report
    lastTick = timer.elapsed();
    tick.start();
    if (app.exec() != 0 || !page.current()) {
        out << "error: no report\n";
        return 1;
    }
    out << "report page of \"" << page.current()->summary.name << "\" (" << page.current()->summary.recipients
        << " recipients): first numbers on screen in " << firstMs << " ms, the whole report in " << completeMs
        << " ms; the window's longest wait " << longestGap << " ms\n";
    return 0;
}
