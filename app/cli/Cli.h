#pragma once

// Cli: hivepost-cli's front door. Parses the global options (--db, --version, --help), finds the
// command named by the leading words and runs it. Knows nothing of what the commands do.

#include <QList>
#include <QStringList>
#include <QTextStream>

#include "Command.h"

namespace hivepost::cli {

class Cli {
public:
    Cli(QTextStream &out, QTextStream &err);
    int run(const QStringList &arguments); // arguments without the program name

private:
    void printHelp();
    const Command *find(const QStringList &words, qsizetype *consumed) const;

    QTextStream &m_out;
    CliContext m_ctx;
    QList<Command> m_commands;
};

} // namespace hivepost::cli
