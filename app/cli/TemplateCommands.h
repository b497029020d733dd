#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// template add|list, sender set, dkim add|generate, render
QList<Command> templateCommands();

} // namespace hivepost::cli
