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
    static const auto utf8 = [] {
        std::array<QByteArray, kLedgerStates.size()> bytes;
        for (LedgerState s : kLedgerStates)
            bytes[size_t(s)] = stateName(s).toUtf8();
        return bytes;
    }();
    for (LedgerState s : kLedgerStates) {
        const QByteArray &b = utf8[size_t(s)];
        if (std::string_view(b.constData(), size_t(b.size())) == name)
            return s;
    }
    return std::nullopt;
}

} // namespace hivepost::storage
