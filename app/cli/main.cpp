// hivepost-cli: the headless front door. Links hivepost_core only (no QtGui, no QtWidgets).

#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

#include "Cli.h"
#include "common/Version.h"

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hivepost-cli"));
    QCoreApplication::setApplicationVersion(hivepost::applicationVersion());

    QTextStream out(stdout);
    QTextStream err(stderr);
    hivepost::cli::Cli cli(out, err);
    return cli.run(QCoreApplication::arguments().mid(1));
}
