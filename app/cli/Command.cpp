#include "Command.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

CommandLine::CommandLine(const Command &command, const QList<QCommandLineOption> &options)
    : m_command(command) {
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOption({u"json"_s, u"Print the result as one JSON object on stdout."_s});
    m_parser.addOption({{u"h"_s, u"help"_s}, u"Show this help."_s});
    m_parser.addOptions(options);
}

std::optional<int> CommandLine::parse(CliContext &ctx, const QStringList &args, qsizetype minPositional,
                                      qsizetype maxPositional) {
    const QStringList withProgram = QStringList{u"hivepost-cli"_s} + args;
    const bool parsed = m_parser.parse(withProgram);
    ctx.setJson(parsed && m_parser.isSet(u"json"_s));
    if (!parsed)
        return ctx.usageError(u"%1: %2"_s.arg(m_command.name(), m_parser.errorText()));
    if (m_parser.isSet(u"help"_s)) {
        QString help = m_parser.helpText();
        help.replace(u"hivepost-cli [options]"_s,
                     u"hivepost-cli %1 %2"_s.arg(m_command.name(), m_command.arguments));
        ctx.out() << m_command.summary << "\n\n" << help;
        ctx.out().flush();
        return ExitSuccess;
    }
    const qsizetype n = m_parser.positionalArguments().size();
    if (n < minPositional)
        return ctx.usageError(
            u"%1: missing argument; usage: hivepost-cli %1 %2"_s.arg(m_command.name(), m_command.arguments));
    if (n > maxPositional)
        return ctx.usageError(u"%1: unexpected argument “%2”"_s.arg(
            m_command.name(), m_parser.positionalArguments().at(maxPositional)));
    return std::nullopt;
}

} // namespace hivepost::cli
