#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// demo: the main job from end to end, in a temporary database, against a built-in server.
QList<Command> demoCommands();

} // namespace hivepost::cli
