#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// import, lists, contacts export, suppress add|list|import
QList<Command> contactCommands();

} // namespace hivepost::cli
