#pragma once

// EmailAddress: validation and normalisation of the addresses contacts are stored under.
// Trimmed, lower-cased; the local part is an RFC 5321 dot-atom (RFC 6531 UTF-8 allowed); the
// domain is LDH or an IDN, stored in its Unicode form (sent as A-labels later). Thread-safe.

#include <string>
#include <string_view>

#include <QString>

namespace hivepost {

class EmailAddress {
public:
    enum class Problem {
        None,
        Empty,
        NoAt,
        SeveralAt,
        Space,
        LocalEmpty,
        LocalTooLong,
        LocalDots,
        LocalCharacter,
        DomainEmpty,
        DomainNoDot,
        DomainInvalid,
        TooLong,
    };

    // Normalises a UTF-8 address into out. Returns Problem::None when it is valid.
    static Problem normalizeUtf8(std::string_view input, std::string &out);

    // The same for a QString; an empty result when invalid, with the problem in *problem.
    static QString normalized(const QString &input, Problem *problem = nullptr);

    // The domain of a normalised address ("" if none).
    static QString domainOf(const QString &address);

    // "Display Name <address>", "\"Display Name\" <address>" or a bare address, as a user types a
    // From. The address is normalised (empty when it is not valid); the name has no outer quotes.
    struct Mailbox {
        QString name;
        QString address;
    };
    static Mailbox parseMailbox(const QString &text);

    // A sentence for the user, translated.
    static QString describe(Problem problem);
};

} // namespace hivepost
