// hivepost: the desktop application. The composition root: opens the database, installs the
// translators and hands core services to the main window.

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string_view>

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>

#include "application/Application.h"
#include "common/Language.h"
#include "common/Version.h"
#include "firstrun/FirstRunAssistant.h"
#include "mainwindow/MainWindow.h"
#include "report/CampaignReport.h"
#include "reports/ReportPdf.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"
#include "storage/DatabaseLocation.h"

using namespace Qt::StringLiterals;

namespace {

// Before QApplication, which needs a display: --help and --version work anywhere, and without a
// display the user learns what runs without one instead of Qt's plugin error.
std::optional<int> answerWithoutDisplay(int argc, char *argv[]) {
    bool help = false, version = false, pdf = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a(argv[i]);
        help = help || a == "--help" || a == "-h" || a == "-?";
        version = version || a == "--version" || a == "-v";
        pdf = pdf || a == "--export-pdf" || a.starts_with("--export-pdf=");
    }
    if (help) {
        std::fputs(
            "Usage: hivepost [--db FILE] [--lang en|zh_CN]\n"
            "       hivepost --export-pdf CAMPAIGN --to FILE [--db FILE] [--lang CODE]\n"
            "Hivepost: bulk e-mail campaigns from the desktop.\n\n"
            "  --db FILE            the database file (default: $HIVEPOST_DB or the data folder)\n"
            "  --lang CODE          interface language for this run (en, zh_CN)\n"
            "  --export-pdf NAME    write a campaign's report as a PDF to --to FILE, without a window\n"
            "  -h, --help           this help;  -v, --version  the version\n\n"
            "Without a display: ./run.sh --demo runs a whole campaign headless, and hivepost-cli\n"
            "does everything the window does (hivepost-cli --help).\n",
            stdout);
        return 0;
    }
    if (version) {
        std::printf("hivepost %s\n", HIVEPOST_VERSION);
        return 0;
    }
    const bool hasDisplay = !qEnvironmentVariableIsEmpty("DISPLAY") ||
                            !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
                            !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
    if (!hasDisplay && !pdf) {
        std::fputs("hivepost: no display to show a window on (DISPLAY and WAYLAND_DISPLAY are unset); "
                   "try ./run.sh --demo or hivepost-cli --help\n",
                   stderr);
        return 1;
    }
    if (!hasDisplay)
        qputenv("QT_QPA_PLATFORM", "offscreen"); // a PDF needs no window
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[]) {
    std::signal(SIGXFSZ, SIG_IGN); // over a file size limit, writes fail with an error shown to the user
    if (const auto answered = answerWithoutDisplay(argc, argv))
        return *answered;
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hivepost"_s);
    QCoreApplication::setApplicationVersion(hivepost::applicationVersion());
    QGuiApplication::setApplicationDisplayName(u"Hivepost"_s);
    QGuiApplication::setDesktopFileName(u"io.hivepost.Hivepost"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/hivepost.svg"_s));

    // ~/.config/hivepost/hivepost.conf
    QSettings settings(QSettings::NativeFormat, QSettings::UserScope, u"hivepost"_s, u"hivepost"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Hivepost: bulk e-mail campaigns from the desktop."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        u"db"_s, u"The database file (default: $HIVEPOST_DB or the data folder)."_s, u"FILE"_s);
    const QCommandLineOption langOption(u"lang"_s, u"Interface language for this run (en, zh_CN)."_s,
                                        u"CODE"_s);
    const QCommandLineOption pdfOption(u"export-pdf"_s,
                                       u"Write this campaign's report as a PDF (to --to) and exit, "
                                       "without a window."_s,
                                       u"CAMPAIGN"_s);
    const QCommandLineOption toOption(u"to"_s, u"The file --export-pdf writes."_s, u"FILE"_s);
    parser.addOption(dbOption);
    parser.addOption(langOption);
    parser.addOption(pdfOption);
    parser.addOption(toOption);
    parser.process(app);

    const QString language =
        parser.isSet(langOption) ? parser.value(langOption) : hivepost::ui::languageSetting(settings);
    hivepost::ui::installTranslators(&app, language);

    const QString path = hivepost::storage::resolveDatabasePath(parser.value(dbOption));
    auto db = hivepost::storage::Database::open(path);
    if (!db) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Hivepost cannot start"),
                              db.errorString());
        return 1;
    }

    if (parser.isSet(pdfOption)) { // what "hivepost-cli report NAME --pdf FILE" runs
        QTextStream err(stderr);
        auto report = hivepost::report::ReportBuilder(*db.value()).campaign(parser.value(pdfOption));
        QString why;
        if (!report)
            why = report.errorString();
        else if (!parser.isSet(toOption))
            why = u"--export-pdf needs --to FILE"_s;
        else if (hivepost::ui::writeReportPdf(report.value(), parser.value(toOption), &why))
            return 0;
        err << "error: " << why << Qt::endl;
        return 1;
    }

    // The application layer owns the long-lived work (sending, schedules, mailbox polls, what
    // happens after a send); the window only shows it. It outlives the window.
    // Secrets (passwords, DKIM keys) in the system keychain; $HIVEPOST_SECRETS=file:PATH elsewhere.
    auto secrets =
        hivepost::secrets::SecretStore::fromSpec(hivepost::secrets::SecretStore::specFromEnvironment());
    if (!secrets) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Hivepost cannot start"),
                              secrets.errorString());
        return 1;
    }
    hivepost::SystemClock clock;
    hivepost::application::ApplicationOptions options;
    options.pollMinutes = settings.value(u"bounces/pollMinutes"_s, 10).toInt();
    // Opens, clicks and unsubscribes from the relays; unsubscribes take effect as soon as they arrive.
    options.trackingPullMinutes = settings.value(u"tracking/pullMinutes"_s, 5).toInt();
    options.startScheduled = true;
    options.moveSecrets = true;
    hivepost::application::Application services(*db.value(), clock, *secrets.value(), options);
    std::unique_ptr<hivepost::ui::MainWindow> window;
    const auto showMainWindow = [&] {
        window = std::make_unique<hivepost::ui::MainWindow>(services, settings);
        window->show();
    };
    if (!hivepost::ui::FirstRunAssistant::isWanted(*db.value())) {
        showMainWindow();
        return QApplication::exec();
    }
    // A new database: the first-run assistant, then the window. Between the two no window is open.
    QApplication::setQuitOnLastWindowClosed(false);
    const bool askLanguage = !parser.isSet(langOption) && hivepost::ui::languageSetting(settings).isEmpty();
    auto assistant = std::make_unique<hivepost::ui::FirstRunAssistant>(services, settings, askLanguage);
    QObject::connect(assistant.get(), &QDialog::finished, &app, [&](int result) {
        showMainWindow();
        window->afterFirstRun(result == QDialog::Accepted);
        QApplication::setQuitOnLastWindowClosed(true);
    });
    assistant->show();
    return QApplication::exec();
}
