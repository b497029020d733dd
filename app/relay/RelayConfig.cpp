#include "RelayConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

Result<QJsonObject> readJson(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, u"cannot read %1: %2"_s.arg(path, f.errorString()));
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(
            ErrorCode::InvalidInput,
            u"%1: not a JSON object (at byte %2: %3)"_s.arg(path).arg(error.offset).arg(error.errorString()));
    return doc.object();
}

Result<void> writeJson(const QString &path, const QJsonObject &o, bool secret) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, u"cannot write %1: %2"_s.arg(path, f.errorString()));
    if (secret)
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(QJsonDocument(o).toJson(QJsonDocument::Indented));
    if (!f.commit())
        return makeError(ErrorCode::Io, u"cannot write %1: %2"_s.arg(path, f.errorString()));
    return {};
}

} // namespace

Result<RelayConfig> RelayConfig::load(const QString &dataDir) {
    RelayConfig c;
    c.dataDir = QDir(dataDir).absolutePath();
    auto o = readJson(c.configPath());
    if (!o)
        return o.error();
    const QJsonObject &j = o.value();
    c.publicUrl = j.value(u"public_url"_s).toString();
    c.listen = j.value(u"listen"_s).toString(c.listen);
    c.adminKeySha256 = j.value(u"admin_key_sha256"_s).toString().toLatin1();
    c.storeFullIp = j.value(u"store_full_ip"_s).toBool(false);
    c.ratePerIp = j.value(u"rate_per_ip"_s).toDouble(c.ratePerIp);
    c.burstPerIp = j.value(u"burst_per_ip"_s).toInt(c.burstPerIp);
    c.signupsPerIpHour = j.value(u"signups_per_ip_hour"_s).toInt(c.signupsPerIpHour);
    c.maxBodyBytes = j.value(u"max_body_bytes"_s).toInt(c.maxBodyBytes);
    c.readTimeoutS = j.value(u"read_timeout_s"_s).toInt(c.readTimeoutS);
    c.keyGraceDays = j.value(u"key_grace_days"_s).toInt(c.keyGraceDays);
    c.flushMs = std::clamp(j.value(u"flush_ms"_s).toInt(c.flushMs), 10, 1000);
    if (c.publicUrl.isEmpty() || c.adminKeySha256.size() != 64)
        return makeError(
            ErrorCode::InvalidInput,
            u"%1: public_url and admin_key_sha256 are required (run “hivepost-relay init”)"_s.arg(
                c.configPath()));
    return c;
}

Result<void> RelayConfig::save() const {
    return writeJson(configPath(),
                     {{u"public_url"_s, publicUrl},
                      {u"listen"_s, listen},
                      {u"admin_key_sha256"_s, QString::fromLatin1(adminKeySha256)},
                      {u"store_full_ip"_s, storeFullIp},
                      {u"rate_per_ip"_s, ratePerIp},
                      {u"burst_per_ip"_s, burstPerIp},
                      {u"signups_per_ip_hour"_s, signupsPerIpHour},
                      {u"max_body_bytes"_s, maxBodyBytes},
                      {u"read_timeout_s"_s, readTimeoutS},
                      {u"key_grace_days"_s, keyGraceDays},
                      {u"flush_ms"_s, flushMs}},
                     false);
}

Result<tracking::KeyRing> RelayConfig::loadKeys(const QString &path) {
    const QFileInfo info(path);
    if (info.exists() && (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)))
        return makeError(ErrorCode::InvalidInput,
                         u"%1 may be read by others: chmod 600 it (it holds the signing keys)"_s.arg(path));
    auto o = readJson(path);
    if (!o)
        return o.error();
    auto ring = tracking::KeyRing::fromJson(o->value(u"keys"_s).toArray());
    if (!ring)
        return ring.error();
    if (ring->isEmpty())
        return makeError(ErrorCode::InvalidInput, u"%1: no current signing key"_s.arg(path));
    return ring;
}

Result<void> RelayConfig::saveKeys(const QString &path, const tracking::KeyRing &keys) {
    return writeJson(path, {{u"keys"_s, keys.toJson()}}, true);
}

} // namespace hivepost::relay
