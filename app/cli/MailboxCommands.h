#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// mailbox add|list|remove, bounces fetch
QList<Command> mailboxCommands();

} // namespace hivepost::cli
