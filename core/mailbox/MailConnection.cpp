#include "mailbox/MailConnection.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QTimer>

namespace hivepost::mailbox {

QSslSocket *makeMailSocket(const MailboxSettings &settings, QObject *parent,
                           std::function<void(const QString &)> fail) {
    auto *socket = new QSslSocket(parent);
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    if (!settings.extraCaCertificates.isEmpty())
        conf.addCaCertificates(settings.extraCaCertificates);
    socket->setSslConfiguration(conf);
    socket->setPeerVerifyName(settings.host);
    QObject::connect(
        socket, &QSslSocket::sslErrors, parent,
        [socket, pinned = settings.pinnedSha256, host = settings.host, fail](const QList<QSslError> &errors) {
            const QSslCertificate cert = socket->peerCertificate();
            if (!pinned.isEmpty() && !cert.isNull() && cert.digest(QCryptographicHash::Sha256) == pinned) {
                socket->ignoreSslErrors(errors); // the certificate the user trusted, and only that one
                return;
            }
            QStringList why;
            for (const QSslError &e : errors)
                why << e.errorString();
            fail(QCoreApplication::translate("hivepost::mailbox::ImapFetcher",
                                             "The certificate of %1 is not trusted: %2")
                     .arg(host, why.join(QStringLiteral("; "))));
        });
    return socket;
}

bool endSession(bool &ended, QTimer &timer, QSslSocket *socket, bool abort) {
    if (ended)
        return false;
    ended = true;
    timer.stop();
    if (socket && abort)
        socket->abort();
    else if (socket && socket->state() != QAbstractSocket::UnconnectedState)
        socket->disconnectFromHost();
    return true;
}

} // namespace hivepost::mailbox
