#pragma once

// Formats the bounce parser reads besides RFC 3464/5965/3834 and free text (private to core/bounce).

#include <QList>
#include <QString>

#include "bounce/BounceParser.h"

namespace hivepost::bounce {

// Amazon SES notifications (bounce, complaint, delivery) as JSON, bare or inside an SNS envelope.
QList<BounceRecord> sesNotification(const QString &text);

} // namespace hivepost::bounce
