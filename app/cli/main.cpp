// hivepost-cli: the headless front door. Links hivepost_core only (no QtGui, no QtWidgets).

#include <csignal>
#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

#include "Cli.h"
#include "common/Version.h"

int main(int argc, char *argv[]) {
    // Over a file size limit (ulimit -f) a write fails with an error the user is shown, and the
    // transaction is rolled back, instead of the process being killed mid-write.
    std::signal(SIGXFSZ, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hivepost-cli"));
    QCoreApplication::setApplicationVersion(hivepost::applicationVersion());

    QTextStream out(stdout);
    QTextStream err(stderr);
    hivepost::cli::Cli cli(out, err);
    return cli.run(QCoreApplication::arguments().mid(1));
}
