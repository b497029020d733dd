#pragma once

// SecretRef: where an account's password or token lives, never in the database:
//   env:VAR    read from the environment at use time (the CLI's way)
//   file:PATH  a file only the user can read (mode 0600), written after an explicit warning
// (The system keychain, through QtKeychain, is the next backend.)

#include <QCoreApplication>
#include <QString>

#include "common/Result.h"

namespace hivepost::secrets {

class SecretRef {
    Q_DECLARE_TR_FUNCTIONS(SecretRef)

public:
    // The secret a reference points to.
    static Result<QString> resolve(const QString &ref);
    // Writes secret to path with mode 0600 (created or replaced); returns "file:PATH".
    static Result<QString> storeInFile(const QString &path, const QString &secret);
    // <data folder>/hivepost/secrets/<account>.secret
    static QString defaultFileFor(const QString &accountName);
};

} // namespace hivepost::secrets
