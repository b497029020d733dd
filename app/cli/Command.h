#pragma once

// Command: one hivepost-cli subcommand ("db info"), and CommandLine, which parses its arguments with
// the conventions every command follows (--json and --help always accepted, usage errors exit 2).

#include <functional>
#include <optional>

#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include "CliContext.h"

namespace hivepost::cli {

struct Command {
    QStringList words; // e.g. {"db", "info"}
    QString arguments; // synopsis after the words, e.g. "FILE [--json]"
    QString summary;   // one line for --help
    std::function<int(const Command &self, CliContext &, const QStringList &args)> run;

    QString name() const { return words.join(u' '); }
};

class CommandLine {
public:
    explicit CommandLine(const Command &command, const QList<QCommandLineOption> &options = {});

    // Parses args (those after the command words). Returns an exit code when the command must not
    // run (help printed: 0, usage error: 2), std::nullopt when it should.
    std::optional<int> parse(CliContext &ctx, const QStringList &args, qsizetype minPositional,
                             qsizetype maxPositional);

    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }

private:
    const Command &m_command;
    QCommandLineParser m_parser;
};

} // namespace hivepost::cli
