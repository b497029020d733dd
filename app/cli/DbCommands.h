#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// db info, db backup
QList<Command> dbCommands();

} // namespace hivepost::cli
