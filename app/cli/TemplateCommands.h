#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// template add|list, sender set, dkim add|generate, render
QList<Command> templateCommands();

// The message the template makes for the contact with address to (or, with anyAddress, for an
// address that is not a contact), signed when the sender's domain has a DKIM key.
Result<QByteArray> composeMessage(storage::Database &db, const QString &templateName, const QString &to,
                                  bool anyAddress, QString *fromAddress);

} // namespace hivepost::cli
