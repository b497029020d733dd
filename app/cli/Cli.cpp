#include "Cli.h"

#include "AccountCommands.h"
#include "BounceCommands.h"
#include "CampaignCommands.h"
#include "ContactCommands.h"
#include "DbCommands.h"
#include "DemoCommand.h"
#include "MailboxCommands.h"
#include "RelayCommands.h"
#include "ReportCommands.h"
#include "TemplateCommands.h"
#include "common/Version.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

Cli::Cli(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_ctx(out, err) {
    m_commands += dbCommands();
    m_commands += contactCommands();
    m_commands += templateCommands();
    m_commands += accountCommands();
    m_commands += campaignCommands();
    m_commands += bounceCommands();
    m_commands += mailboxCommands();
    m_commands += relayCommands();
    m_commands += reportCommands();
    m_commands += demoCommands();
}

void Cli::printHelp() {
    m_out << "Usage: hivepost-cli [--db FILE] COMMAND [ARGS] [--json]\n\n"
             "Hivepost, bulk e-mail campaigns, without the window.\n\n"
             "Global options:\n"
             "  --db FILE     the database to use (default: $HIVEPOST_DB, else the user's data folder)\n"
             "  --version     print the version and exit\n"
             "  -h, --help    show this help; COMMAND --help shows a command's options\n\n"
             "Commands:\n";
    for (const Command &c : std::as_const(m_commands))
        m_out << "  " << c.name() << ' ' << c.arguments << "\n      " << c.summary << '\n';
    m_out << "\nExit codes: 0 success, 1 failure, 2 usage error. Errors are one line on stderr starting "
             "\"error:\".\n";
    m_out.flush();
}

const Command *Cli::find(const QStringList &words, qsizetype *consumed) const {
    const Command *best = nullptr;
    for (const Command &c : m_commands) {
        const qsizetype n = c.words.size();
        if (n <= words.size() && words.mid(0, n) == c.words && (!best || n > best->words.size()))
            best = &c;
    }
    *consumed = best ? best->words.size() : 0;
    return best;
}

int Cli::run(const QStringList &arguments) {
    QStringList args = arguments;
    // Global options come before the command.
    while (!args.isEmpty() && args.constFirst().startsWith(u'-')) {
        const QString opt = args.takeFirst();
        if (opt == u"--version"_s || opt == u"-v"_s) {
            m_out << "hivepost-cli " << applicationVersion() << '\n';
            m_out.flush();
            return ExitSuccess;
        }
        if (opt == u"--help"_s || opt == u"-h"_s) {
            printHelp();
            return ExitSuccess;
        }
        if (opt == u"--db"_s) {
            if (args.isEmpty())
                return m_ctx.usageError(u"--db needs a file name"_s);
            m_ctx.setDatabasePath(args.takeFirst());
        } else if (opt.startsWith(u"--db="_s)) {
            m_ctx.setDatabasePath(opt.mid(5));
        } else if (opt == u"--json"_s) {
            m_ctx.setJson(true); // lets "--json <bad command>" still answer in JSON
        } else {
            return m_ctx.usageError(u"unknown option “%1”"_s.arg(opt));
        }
    }
    if (args.isEmpty())
        return m_ctx.usageError(u"no command given"_s);
    if (args.contains(u"--json"_s))
        m_ctx.setJson(true);

    qsizetype consumed = 0;
    const Command *command = find(args, &consumed);
    if (!command) {
        // "db" alone or "db nosuch": name what the group offers.
        QStringList offered;
        for (const Command &c : std::as_const(m_commands)) {
            if (c.words.constFirst() == args.constFirst())
                offered << c.name();
        }
        if (!offered.isEmpty())
            return m_ctx.usageError(u"“%1” needs one of: %2"_s.arg(args.join(u' '), offered.join(u", "_s)));
        return m_ctx.usageError(u"unknown command “%1”"_s.arg(args.constFirst()));
    }
    return command->run(*command, m_ctx, args.mid(consumed));
}

} // namespace hivepost::cli
