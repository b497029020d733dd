#pragma once

// The SMTP settings of a stored account, with its secret fetched from where it lives.

#include <optional>

#include "common/Result.h"
#include "smtp/SmtpTypes.h"
#include "storage/AccountStore.h"

namespace hivepost::accounts {

// secret: when given, used instead of looking it up by the account's secret_ref (env:, file:).
Result<smtp::SmtpSettings> smtpSettings(const storage::Account &account,
                                        const std::optional<QString> &secret = std::nullopt);

} // namespace hivepost::accounts
