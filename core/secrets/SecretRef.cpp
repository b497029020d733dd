#include "secrets/SecretRef.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace hivepost::secrets {

Result<QString> SecretRef::resolve(const QString &ref) {
    if (ref.isEmpty())
        return QString();
    if (ref.startsWith(u"env:"_s)) {
        const QString var = ref.mid(4);
        if (!qEnvironmentVariableIsSet(var.toLocal8Bit().constData()))
            return makeError(ErrorCode::NotFound,
                             tr("The environment variable %1 that holds the password is not set.").arg(var));
        return qEnvironmentVariable(var.toLocal8Bit().constData());
    }
    if (ref.startsWith(u"file:"_s)) {
        const QString path = ref.mid(5);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io,
                             tr("Cannot read the password file %1: %2").arg(path, f.errorString()));
        const auto others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther |
                            QFileDevice::WriteOther;
        if (f.permissions() & others)
            return makeError(
                ErrorCode::InvalidInput,
                tr("The password file %1 can be read by others; make it private (chmod 600).").arg(path));
        QByteArray secret = f.readAll();
        while (secret.endsWith('\n') || secret.endsWith('\r'))
            secret.chop(1);
        return QString::fromUtf8(secret);
    }
    if (ref == u"keychain"_s || ref == u"session"_s)
        return makeError(
            ErrorCode::InvalidInput,
            tr("The password is in the %1; it is read asynchronously (SettingsResolver).").arg(ref));
    return makeError(ErrorCode::InvalidInput, tr("Unknown password location “%1”.").arg(ref));
}

Result<QString> SecretRef::storeInFile(const QString &path, const QString &secret) {
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(ErrorCode::Io, tr("Cannot create the folder for %1.").arg(path));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, f.errorString()));
    // Private before anything is written into it.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(secret.toUtf8());
    if (!f.commit())
        return makeError(ErrorCode::Io, tr("Cannot write %1: %2").arg(path, f.errorString()));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return QString(u"file:"_s + QFileInfo(path).absoluteFilePath());
}

QString SecretRef::defaultFileFor(const QString &accountName) {
    QString safe;
    for (QChar c : accountName)
        safe += c.isLetterOrNumber() ? c : u'_';
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(u"hivepost/secrets/"_s + safe + u".secret"_s);
}

} // namespace hivepost::secrets
