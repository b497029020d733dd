#pragma once

// UnavailableSecretStore: a secret store that answers every call with the error of a missing system
// keychain, as a desktop without Secret Service does, without going near the user's real keychain.

#include "secrets/SecretStore.h"

namespace hivepost::test {

class UnavailableSecretStore final : public secrets::SecretStore {
public:
    void read(const QString &, ReadDone done) override { answer(std::move(done), unavailable()); }
    void write(const QString &, const QString &, WriteDone done) override {
        answer(std::move(done), unavailable());
    }
    void remove(const QString &, WriteDone done) override { answer(std::move(done), unavailable()); }
    QString description() const override { return QStringLiteral("the system keychain"); }

private:
    static Error unavailable() {
        return makeError(ErrorCode::Io,
                         QStringLiteral("The system keychain is not available: no Secret Service (test)"));
    }
};

} // namespace hivepost::test
