#pragma once

#include <QList>

#include "Command.h"

namespace hivepost::cli {

// template add|list, sender set, dkim add|generate, render
QList<Command> templateCommands();

// The message the template makes for the contact with address to (or, with anyAddress, for an
// address that is not a contact), signed when the sender's domain has a DKIM key.
// fromOverride and campaignName: a campaign's own From and name (for a campaign's test message).
Result<QByteArray> composeMessage(storage::Database &db, const QString &templateName, const QString &to,
                                  bool anyAddress, QString *fromAddress, const QString &fromOverride = {},
                                  const QString &campaignName = {});

} // namespace hivepost::cli
