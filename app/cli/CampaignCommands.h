#pragma once

// campaign create | send | status | pause | resume | cancel | list | recipients

#include "Command.h"

namespace hivepost::cli {

QList<Command> campaignCommands();

} // namespace hivepost::cli
