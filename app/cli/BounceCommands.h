#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// bounces parse
QList<Command> bounceCommands();

} // namespace hivepost::cli
