#pragma once

// LedgerState: the states of a recipient in a campaign's ledger, and their one string form (what
// the database stores, the counts are keyed by, and --json prints). A recipient moves
// pending -> sending -> sent | failed | deferred | unknown; deferred comes back to sending;
// skipped is set when the campaign is created (suppressed, unsubscribed, bounced, complained).

#include <array>
#include <optional>
#include <string_view>

#include <QString>
#include <QStringList>
#include <QStringView>

namespace hivepost::storage {

enum class LedgerState { Pending, Sending, Sent, Failed, Deferred, Skipped, Unknown };

// Every state, in the order people read them.
inline constexpr std::array<LedgerState, 7> kLedgerStates{
    LedgerState::Pending,  LedgerState::Sending, LedgerState::Sent,   LedgerState::Failed,
    LedgerState::Deferred, LedgerState::Skipped, LedgerState::Unknown};

// "pending", "sending", "sent", "failed", "deferred", "skipped", "unknown".
const QString &stateName(LedgerState state);
std::optional<LedgerState> ledgerStateFrom(QStringView name);
// The same from the database's UTF-8 bytes, without a conversion (the report's million-row pass).
std::optional<LedgerState> ledgerStateFrom(std::string_view name);
// Not final: still to send, in flight, or waiting to be retried.
constexpr bool isOpen(LedgerState s) {
    return s == LedgerState::Pending || s == LedgerState::Sending || s == LedgerState::Deferred;
}

} // namespace hivepost::storage
