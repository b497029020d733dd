#include "storage/LedgerState.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

const QString &stateName(LedgerState state) {
    static const std::array<QString, kLedgerStates.size()> names{
        u"pending"_s, u"sending"_s, u"sent"_s, u"failed"_s, u"deferred"_s, u"skipped"_s, u"unknown"_s};
    return names[size_t(state)];
}

std::optional<LedgerState> ledgerStateFrom(QStringView name) {
    for (LedgerState s : kLedgerStates) {
        if (stateName(s) == name)
            return s;
    }
    return std::nullopt;
}

std::optional<LedgerState> ledgerStateFrom(std::string_view name) {
    // The report's pass asks this once per row: by the first letter, then the whole word.
    const auto is = [name](std::string_view word, LedgerState s) -> std::optional<LedgerState> {
        return name == word ? std::optional<LedgerState>(s) : std::nullopt;
    };
    switch (name.empty() ? '\0' : name.front()) {
    case 'p':
        return is("pending", LedgerState::Pending);
    case 's':
        return name == "sent"      ? LedgerState::Sent
               : name == "sending" ? std::optional<LedgerState>(LedgerState::Sending)
                                   : is("skipped", LedgerState::Skipped);
    case 'f':
        return is("failed", LedgerState::Failed);
    case 'd':
        return is("deferred", LedgerState::Deferred);
    case 'u':
        return is("unknown", LedgerState::Unknown);
    default:
        return std::nullopt;
    }
}

} // namespace hivepost::storage
