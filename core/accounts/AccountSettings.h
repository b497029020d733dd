#pragma once

// The SMTP settings of a stored account, with its secret fetched from where it lives.

#include "common/Result.h"
#include "smtp/SmtpTypes.h"
#include "storage/AccountStore.h"

namespace hivepost::accounts {

Result<smtp::SmtpSettings> smtpSettings(const storage::Account &account);

} // namespace hivepost::accounts
