#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// account add|list|remove|test, send-test
QList<Command> accountCommands();

} // namespace hivepost::cli
