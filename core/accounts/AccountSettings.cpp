#include "accounts/AccountSettings.h"

#include "secrets/SecretRef.h"

using namespace Qt::StringLiterals;

namespace hivepost::accounts {

Result<smtp::SmtpSettings> smtpSettings(const storage::Account &a, const std::optional<QString> &secret) {
    smtp::SmtpSettings s;
    s.host = a.host;
    s.port = quint16(a.port);
    s.security = a.security == u"tls"_s        ? smtp::Security::ImplicitTls
                 : a.security == u"starttls"_s ? smtp::Security::StartTls
                                               : smtp::Security::None;
    s.auth = a.auth == u"plain"_s     ? smtp::AuthMethod::Plain
             : a.auth == u"login"_s   ? smtp::AuthMethod::Login
             : a.auth == u"xoauth2"_s ? smtp::AuthMethod::XOAuth2
                                      : smtp::AuthMethod::None;
    s.user = a.user;
    if (s.auth != smtp::AuthMethod::None) {
        if (secret) {
            s.secret = *secret;
        } else {
            auto found = secrets::SecretRef::resolve(a.secretRef);
            if (!found)
                return found.error();
            s.secret = found.value();
        }
    }
    s.allowPlaintextAuth = a.allowPlaintextAuth;
    s.heloName = a.heloName;
    if (!a.caPem.isEmpty())
        s.extraCaCertificates = QSslCertificate::fromData(a.caPem.toLatin1(), QSsl::Pem);
    s.pinnedSha256 = QByteArray::fromHex(a.pinnedSha256.toLatin1());
    return s;
}

} // namespace hivepost::accounts
