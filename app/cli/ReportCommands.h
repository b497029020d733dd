#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// report [NAME] [--csv FILE [--recipients]]
QList<Command> reportCommands();

} // namespace hivepost::cli
