#include "RelayConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSslCertificate>

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
    const QJsonObject smtp = j.value(u"smtp"_s).toObject();
    c.smtp.host = smtp.value(u"host"_s).toString();
    c.smtp.port = smtp.value(u"port"_s).toInt(c.smtp.port);
    c.smtp.security = smtp.value(u"security"_s).toString(c.smtp.security);
    c.smtp.user = smtp.value(u"user"_s).toString();
    c.smtp.passwordFile = smtp.value(u"password_file"_s).toString();
    c.smtp.from = smtp.value(u"from"_s).toString();
    c.smtp.fromName = smtp.value(u"from_name"_s).toString();
    c.smtp.caFile = smtp.value(u"ca_file"_s).toString();
    c.smtp.heloName = smtp.value(u"helo_name"_s).toString();
    if (!c.smtp.host.isEmpty() &&
        (c.smtp.from.isEmpty() || c.smtp.port <= 0 || c.smtp.port > 65535 ||
         !QStringList{u"tls"_s, u"starttls"_s, u"none"_s}.contains(c.smtp.security)))
        return makeError(
            ErrorCode::InvalidInput,
            u"%1: smtp needs “from”, a port 1-65535 and a security of tls, starttls or none"_s.arg(
                c.configPath()));
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
                      {u"flush_ms"_s, flushMs},
                      {u"smtp"_s, smtp.host.isEmpty() ? QJsonValue()
                                                      : QJsonObject{{u"host"_s, smtp.host},
                                                                    {u"port"_s, smtp.port},
                                                                    {u"security"_s, smtp.security},
                                                                    {u"user"_s, smtp.user},
                                                                    {u"password_file"_s, smtp.passwordFile},
                                                                    {u"from"_s, smtp.from},
                                                                    {u"from_name"_s, smtp.fromName},
                                                                    {u"ca_file"_s, smtp.caFile},
                                                                    {u"helo_name"_s, smtp.heloName}}}},
                     false);
}

Result<smtp::SmtpSettings> RelayConfig::smtpSettings() const {
    smtp::SmtpSettings s;
    s.host = smtp.host;
    s.port = quint16(smtp.port);
    s.security = smtp.security == u"tls"_s    ? smtp::Security::ImplicitTls
                 : smtp.security == u"none"_s ? smtp::Security::None
                                              : smtp::Security::StartTls;
    s.heloName = smtp.heloName;
    // Timeouts for a relay that answers a visitor now, not RFC 5321's patient minutes.
    s.timeouts = {15'000, 30'000, 30'000, 30'000, 60'000, 60'000};
    const auto path = [this](const QString &p) {
        return QDir(dataDir).absoluteFilePath(p);
    };
    if (!smtp.user.isEmpty()) {
        s.auth = smtp::AuthMethod::Plain;
        s.user = smtp.user;
        if (smtp.passwordFile.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             u"%1: smtp has a user but no password_file"_s.arg(configPath()));
        const QFileInfo info(path(smtp.passwordFile));
        if (info.exists() && (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther)))
            return makeError(ErrorCode::InvalidInput,
                             u"%1 may be read by others: chmod 600 it (it holds the SMTP password)"_s.arg(
                                 info.filePath()));
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly))
            return makeError(ErrorCode::Io, u"cannot read %1: %2"_s.arg(info.filePath(), f.errorString()));
        s.secret = QString::fromUtf8(f.readAll()).trimmed();
    }
    if (!smtp.caFile.isEmpty()) {
        const auto certs = QSslCertificate::fromPath(path(smtp.caFile), QSsl::Pem);
        if (certs.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             u"%1: no PEM certificate in %2"_s.arg(configPath(), path(smtp.caFile)));
        s.extraCaCertificates = certs;
    }
    return s;
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
