#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// relay add|list|test|remove, tracking pull
QList<Command> relayCommands();

} // namespace hivepost::cli
