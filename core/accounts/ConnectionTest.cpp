#include "accounts/ConnectionTest.h"

#include <QLocale>
#include <QTime>

#include "accounts/SettingsResolver.h"
#include "smtp/SmtpClient.h"

using namespace Qt::StringLiterals;

namespace hivepost::accounts {

ConnectionTest::ConnectionTest(secrets::SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_resolver(new SettingsResolver(secrets, this)) {
    qRegisterMetaType<hivepost::accounts::ConnectionTestResult>();
    connect(m_resolver, &SettingsResolver::resolved, this, &ConnectionTest::connectWith);
    connect(m_resolver, &SettingsResolver::failed, this, [this](const QString &why) {
        m_result.message = why;
        finish();
    });
}

ConnectionTest::~ConnectionTest() {
    if (m_client) {
        m_client->disconnect(this);
        m_client->abort();
    }
}

void ConnectionTest::start(const storage::Account &account) {
    if (m_client) {
        m_client->disconnect(this);
        m_client->abort();
        m_client.reset();
    }
    m_result = ConnectionTestResult();
    m_running = true;
    m_resolver->resolve(account); // answers later, never from inside
}

void ConnectionTest::connectWith(const smtp::SmtpSettings &resolved) {
    smtp::SmtpSettings settings = resolved;
    // A test says within half a minute whether the server answers, not after RFC 5321's minutes.
    for (int *t : {&settings.timeouts.connect, &settings.timeouts.greeting, &settings.timeouts.command})
        *t = std::min(*t, CommandTimeoutMs);
    m_client = std::make_unique<smtp::SmtpClient>(settings);
    smtp::SmtpClient *client = m_client.get();
    connect(client, &smtp::SmtpClient::protocolLine, this, [this](char dir, const QByteArray &line) {
        m_result.log << stamped(dir, line);
        Q_EMIT protocolLine(dir, line);
    });
    connect(client, &smtp::SmtpClient::ready, this, [this, client] {
        m_result.ok = true;
        m_result.capabilities = client->capabilities();
        m_result.tls = client->tlsDescription();
        m_result.certificate = client->peerCertificate();
        QString summary = tr("Connected.");
        if (!m_result.tls.isEmpty())
            summary += u' ' + tr("Encrypted with %1.").arg(m_result.tls);
        if (!m_result.certificate.isNull())
            summary +=
                u' ' + tr("Certificate of %1, issued by %2, valid until %3.")
                           .arg(m_result.certificate.subjectDisplayName(),
                                m_result.certificate.issuerDisplayName(),
                                QLocale().toString(m_result.certificate.expiryDate(), QLocale::ShortFormat));
        m_result.message = summary;
        client->quit(); // finished when the server has said goodbye (or closed)
    });
    connect(client, &smtp::SmtpClient::connectionFailed, this, [this, client](const smtp::SmtpResult &r) {
        if (m_result.ok)
            return; // after a successful test, a rude QUIT is not a failure
        m_result.message = r.errorString;
        m_result.replyCode = r.reply.code;
        m_result.rejected = client->rejectedCertificate();
    });
    connect(client, &smtp::SmtpClient::closed, this, &ConnectionTest::finish);
    client->connectToServer();
}

QString ConnectionTest::stamped(char direction, const QByteArray &line) {
    return QTime::currentTime().toString(u"HH:mm:ss.zzz"_s) + u' ' + QLatin1Char(direction) + u": "_s +
           QString::fromUtf8(line);
}

void ConnectionTest::finish() {
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT finished(m_result);
}

} // namespace hivepost::accounts
