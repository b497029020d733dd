#include "ScriptedSmtpServer.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace hivepost::test {

ScriptedSmtpServer::ScriptedSmtpServer(const QStringList &script, QObject *parent)
    : QTcpServer(parent)
    , m_script(script) {}

void ScriptedSmtpServer::setCertificate(const QSslCertificate &certificate, const QSslKey &key,
                                        bool implicitTls) {
    m_certificate = certificate;
    m_key = key;
    m_implicitTls = implicitTls;
}

quint16 ScriptedSmtpServer::listenLocal() {
    return listen(QHostAddress::LocalHost, 0) ? serverPort() : 0;
}

void ScriptedSmtpServer::incomingConnection(qintptr descriptor) {
    if (m_socket) { // one connection per server
        QTcpSocket extra;
        extra.setSocketDescriptor(descriptor);
        extra.abort();
        return;
    }
    m_socket = new QSslSocket(this);
    m_socket->setSocketDescriptor(descriptor);
    m_socket->setLocalCertificate(m_certificate);
    m_socket->setPrivateKey(m_key);
    connect(m_socket, &QSslSocket::readyRead, this, &ScriptedSmtpServer::onReadyRead);
    if (m_implicitTls) {
        connect(m_socket, &QSslSocket::encrypted, this, &ScriptedSmtpServer::run);
        m_socket->startServerEncryption();
    } else {
        run();
    }
}

void ScriptedSmtpServer::fail(const QString &why) {
    if (m_failure.isEmpty())
        m_failure = why;
    m_step = m_script.size();
    if (m_socket)
        m_socket->disconnectFromHost();
}

// Runs the server's steps up to the next one that waits for the client.
void ScriptedSmtpServer::run() {
    while (m_step < m_script.size() && m_socket) {
        const QString step = m_script[m_step];
        if (step.startsWith(u"S: "_s)) {
            // "\\r\\n" inside a line sends several lines in one packet.
            m_socket->write(step.mid(3).toUtf8().replace("\\r\\n", "\r\n") + "\r\n");
            ++m_step;
        } else if (step.startsWith(u"P: "_s)) {
            const QByteArray line = step.mid(3).toUtf8() + "\r\n";
            const qsizetype cut = line.indexOf('|');
            m_socket->write(line.left(cut));
            m_socket->flush();
            const QByteArray rest = line.mid(cut + 1);
            ++m_step;
            QTimer::singleShot(30, this, [this, rest] {
                if (m_socket) {
                    m_socket->write(rest);
                    run();
                }
            });
            return;
        } else if (step == u"STARTTLS"_s) {
            ++m_step;
            m_buffer.clear();
            connect(m_socket, &QSslSocket::encrypted, this, &ScriptedSmtpServer::run,
                    Qt::SingleShotConnection);
            m_socket->startServerEncryption();
            return;
        } else if (step == u"CLOSE"_s) {
            ++m_step;
            m_socket->disconnectFromHost();
            return;
        } else if (step == u"WAIT"_s) {
            return; // never moves on
        } else if (step == u"DATA"_s) {
            m_inData = true;
            m_data.clear();
            onReadyRead();
            return;
        } else { // "C:": wait for the client
            onReadyRead();
            return;
        }
    }
}

void ScriptedSmtpServer::onReadyRead() {
    if (!m_socket)
        return;
    if (!m_socket->isEncrypted() && m_socket->mode() != QSslSocket::UnencryptedMode)
        return;
    m_buffer += m_socket->readAll();
    for (;;) {
        if (m_step >= m_script.size())
            return;
        const QString step = m_script[m_step];
        const bool expectsLine = step.startsWith(u"C: "_s) || (step == u"DATA"_s && m_inData);
        if (!expectsLine)
            return;
        const qsizetype eol = m_buffer.indexOf("\r\n");
        if (eol < 0)
            return;
        QByteArray line = m_buffer.left(eol);
        m_buffer.remove(0, eol + 2);
        if (m_inData) {
            if (line == ".") {
                m_inData = false;
                m_messages << m_data;
                ++m_step;
                run();
                continue;
            }
            if (line.startsWith('.'))
                line.remove(0, 1);
            m_data += line + "\r\n";
            continue;
        }
        m_received << line;
        const QRegularExpression re(QRegularExpression::anchoredPattern(step.mid(3)));
        if (!re.match(QString::fromUtf8(line)).hasMatch()) {
            fail(u"step %1: expected “%2”, the client sent “%3”"_s.arg(m_step).arg(step.mid(3),
                                                                                   QString::fromUtf8(line)));
            return;
        }
        ++m_step;
        run();
    }
}

bool makeTestCertificates(const QString &dir, TestCertificates *out) {
    const auto openssl = [&dir](const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(u"openssl"_s, args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning("openssl %s failed: %s", qPrintable(args.join(u' ')),
                     p.readAllStandardError().constData());
            return false;
        }
        return true;
    };
    QFile ext(dir + u"/san.ext"_s);
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
    ext.close();
    QFile otherExt(dir + u"/other.ext"_s);
    if (!otherExt.open(QIODevice::WriteOnly))
        return false;
    otherExt.write("subjectAltName=DNS:mail.other.test\nbasicConstraints=CA:FALSE\n");
    otherExt.close();
    const QString days = u"2"_s;
    if (!openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                  u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, days, u"-subj"_s,
                  u"/CN=Hivepost Test CA"_s, u"-keyout"_s, u"ca.key"_s, u"-out"_s, u"ca.pem"_s}) ||
        !openssl({u"req"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s,
                  u"-nodes"_s, u"-subj"_s, u"/CN=localhost"_s, u"-keyout"_s, u"server.key"_s, u"-out"_s,
                  u"server.csr"_s}) ||
        !openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                  u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, days, u"-extfile"_s, u"san.ext"_s, u"-out"_s,
                  u"server.pem"_s}) ||
        !openssl({u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                  u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, days, u"-subj"_s,
                  u"/CN=localhost"_s, u"-addext"_s, u"subjectAltName=DNS:localhost,IP:127.0.0.1"_s,
                  u"-keyout"_s, u"self.key"_s, u"-out"_s, u"self.pem"_s}) ||
        // The server's key in a certificate that expired (-days -1 ends it before it starts) ...
        !openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"server.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                  u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, u"-1"_s, u"-extfile"_s, u"san.ext"_s,
                  u"-out"_s, u"expired.pem"_s}) ||
        // ... and in one for another host (in its name too: Qt also matches the common name).
        !openssl({u"req"_s, u"-new"_s, u"-key"_s, u"server.key"_s, u"-subj"_s, u"/CN=mail.other.test"_s,
                  u"-out"_s, u"other.csr"_s}) ||
        !openssl({u"x509"_s, u"-req"_s, u"-in"_s, u"other.csr"_s, u"-CA"_s, u"ca.pem"_s, u"-CAkey"_s,
                  u"ca.key"_s, u"-CAcreateserial"_s, u"-days"_s, days, u"-extfile"_s, u"other.ext"_s,
                  u"-out"_s, u"other.pem"_s}))
        return false;
    const auto read = [&dir](const QString &name) {
        QFile f(dir + u'/' + name);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    out->ca = QSslCertificate(read(u"ca.pem"_s));
    out->server = QSslCertificate(read(u"server.pem"_s));
    out->serverKey = QSslKey(read(u"server.key"_s), QSsl::Ec);
    out->selfSigned = QSslCertificate(read(u"self.pem"_s));
    out->selfSignedKey = QSslKey(read(u"self.key"_s), QSsl::Ec);
    out->expired = QSslCertificate(read(u"expired.pem"_s));
    out->wrongHost = QSslCertificate(read(u"other.pem"_s));
    return !out->ca.isNull() && !out->server.isNull() && !out->serverKey.isNull() &&
           !out->selfSigned.isNull() && !out->expired.isNull() && !out->wrongHost.isNull();
}

} // namespace hivepost::test
