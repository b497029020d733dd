#include "ReportCommands.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QSaveFile>

#include "report/CampaignReport.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

int overview(CliContext &ctx, storage::Database &db) {
    auto list = report::ReportBuilder(db).overview();
    if (!list)
        return ctx.fail(list.errorString());
    if (ctx.json()) {
        QJsonArray a;
        for (const report::CampaignSummary &s : std::as_const(list.value()))
            a.append(report::ReportBuilder::toJson(s));
        ctx.printJson({{u"campaigns"_s, a}});
        return ExitSuccess;
    }
    for (const report::CampaignSummary &s : std::as_const(list.value()))
        ctx.out() << s.name << "  " << s.state << "  recipients " << s.recipients << ", sent " << s.sent
                  << ", failed " << s.failed << ", bounced later " << s.bouncedAfterSent << "; delivery "
                  << report::percentText(s.deliveryRate()) << ", bounces "
                  << report::percentText(s.bounceRate()) << ", " << s.durationMs() / 1000 << " s\n";
    ctx.out().flush();
    return ExitSuccess;
}

// The PDF is drawn by the desktop program (QtGui's PDF writer and fonts), without a window, so that
// this program stays free of GUI libraries and both write the same file.
int writePdf(CliContext &ctx, const QString &campaign, const QString &file, const QString &language) {
    const QString gui = QCoreApplication::applicationDirPath() + u"/hivepost"_s;
    if (!QFileInfo(gui).isExecutable())
        return ctx.fail(u"PDF export needs the hivepost program next to hivepost-cli (%1)."_s.arg(gui));
    QStringList args{u"--db"_s, ctx.databasePath(), u"--export-pdf"_s,
                     campaign,  u"--to"_s,          QFileInfo(file).absoluteFilePath()};
    if (!language.isEmpty())
        args << u"--lang"_s << language;
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(env);
    process.start(gui, args);
    if (!process.waitForFinished(120'000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        // Its "error:" line (Qt may have written warnings before it).
        const QStringList lines = QString::fromUtf8(process.readAllStandardError()).split(u'\n');
        QString why = u"the hivepost program could not draw the PDF"_s;
        for (const QString &l : lines) {
            if (l.startsWith(u"error: "_s))
                why = l.mid(7).trimmed();
        }
        return ctx.fail(why);
    }
    if (ctx.json())
        ctx.printJson({{u"campaign"_s, campaign}, {u"pdf"_s, QFileInfo(file).absoluteFilePath()}});
    else
        ctx.out() << "Wrote " << file << '\n';
    ctx.out().flush();
    return ExitSuccess;
}

int reportCommand(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self, {{u"csv"_s,
                u"Write the summary and its tables (or, with --recipients, one row per "
                u"recipient) to this CSV file."_s,
                u"FILE"_s},
               {u"recipients"_s, u"With --csv: one row per recipient."_s},
               {u"pdf"_s, u"Write the report as a PDF on A4 (drawn by the hivepost program)."_s, u"FILE"_s},
               {u"lang"_s, u"The PDF's language (en, zh_CN; default: the desktop's setting)."_s, u"CODE"_s}});
    if (auto exit = line.parse(ctx, args, 0, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    if (line.positional().isEmpty())
        return overview(ctx, *db);
    const report::ReportBuilder builder(*db);
    // The PDF's report is computed by the program that draws it (once, not here too).
    if (line.isSet(u"pdf"_s))
        return writePdf(ctx, line.positional().constFirst(), line.value(u"pdf"_s), line.value(u"lang"_s));
    auto r = builder.campaign(line.positional().constFirst());
    if (!r)
        return ctx.fail(r.errorString());
    if (line.isSet(u"csv"_s)) {
        QSaveFile file(line.value(u"csv"_s));
        if (!file.open(QIODevice::WriteOnly))
            return ctx.fail(u"%1: %2"_s.arg(file.fileName(), file.errorString()));
        qint64 rows = 0;
        if (line.isSet(u"recipients"_s)) {
            auto written = builder.writeRecipientsCsv(r->summary.campaignId, file);
            if (!written)
                return ctx.fail(written.errorString());
            rows = written.value();
        } else {
            file.write(report::ReportBuilder::summaryCsv(r.value()));
        }
        if (!file.commit())
            return ctx.fail(u"%1: %2"_s.arg(file.fileName(), file.errorString()));
        if (ctx.json())
            ctx.printJson({{u"campaign"_s, r->summary.name}, {u"csv"_s, file.fileName()}, {u"rows"_s, rows}});
        else
            ctx.out() << "Wrote " << file.fileName() << '\n';
        ctx.out().flush();
        return ExitSuccess;
    }
    if (ctx.json()) {
        ctx.printJson(report::ReportBuilder::toJson(r.value()));
        return ExitSuccess;
    }
    const report::CampaignSummary &s = r->summary;
    ctx.out() << s.name << " (" << s.state << "): " << s.recipients << " recipients\n"
              << "  sent " << s.sent << " (delivered " << s.delivered() << ", bounced later "
              << s.bouncedAfterSent << "), failed " << s.failed << ", deferred " << s.deferred << ", unknown "
              << s.unknown << ", not yet " << s.pending << ", skipped " << s.skipped << '\n'
              << "  delivery rate " << report::percentText(s.deliveryRate()) << ", bounce rate "
              << report::percentText(s.bounceRate()) << ", complaints " << s.complaints << ", unsubscribes "
              << s.unsubscribes << '\n';
    for (const report::ReasonCount &c : std::as_const(r->bounceReasons))
        ctx.out() << "  " << c.reason << ' ' << c.count << " (hard " << c.hard << "): " << c.example.left(100)
                  << '\n';
    for (const report::AccountStats &a : std::as_const(r->accounts))
        ctx.out() << "  account " << a.account << ": sent " << a.sent << ", failed " << a.failed
                  << ", deferred " << a.deferred << ", throttled " << a.throttled << ", "
                  << qRound(a.avgReplyMs) << " ms per message\n";
    for (const report::DomainStats &d : std::as_const(r->domains))
        ctx.out() << "  " << d.domain << ": " << d.recipients << " recipients, sent " << d.sent
                  << ", bounced " << d.bounced << ", deferred " << d.deferred << ", rate-limited "
                  << d.rateLimited << '\n';
    ctx.out().flush();
    return ExitSuccess;
}

} // namespace

QList<Command> reportCommands() {
    return {
        {{u"report"_s},
         u"[NAME] [--csv FILE [--recipients] | --pdf FILE [--lang CODE]] [--json]"_s,
         u"What happened to a campaign (without NAME: every campaign's headline numbers, to compare)."_s,
         reportCommand},
    };
}

} // namespace hivepost::cli
