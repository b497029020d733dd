#pragma once

// ScriptedSmtpServer: an SMTP server on 127.0.0.1, port 0, in the test's own thread, that follows a
// script of lines, KSmtp-style, for the cases a real server will not produce on demand:
//   "S: 250 text"   the server sends this line (CRLF added; a literal \r\n in it sends several lines
//                   in one packet)
//   "P: 250 te|xt"  the same, sent in two packets split at "|"
//   "C: regex"      the next line from the client must match (the whole line)
//   "DATA"          reads the message up to "." and keeps it (un-dot-stuffed) in messages()
//   "STARTTLS"      starts server-side TLS with the test certificate
//   "CLOSE"         closes the connection
//   "WAIT"          stops answering (to test timeouts)
// With implicit TLS the connection is encrypted before the script starts. A mismatch is recorded in
// failure() and closes the connection. One connection per server.

#include <QByteArrayList>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QStringList>
#include <QTcpServer>

namespace hivepost::test {

class ScriptedSmtpServer : public QTcpServer {
    Q_OBJECT
public:
    explicit ScriptedSmtpServer(const QStringList &script, QObject *parent = nullptr);

    void setCertificate(const QSslCertificate &certificate, const QSslKey &key, bool implicitTls);
    quint16 listenLocal(); // 0 on failure

    bool scriptDone() const { return m_step >= m_script.size(); }
    QString failure() const { return m_failure; }
    QByteArrayList received() const { return m_received; }
    QByteArrayList messages() const { return m_messages; }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void run();
    void onReadyRead();
    void fail(const QString &why);

    QStringList m_script;
    qsizetype m_step = 0;
    QSslSocket *m_socket = nullptr;
    QSslCertificate m_certificate;
    QSslKey m_key;
    bool m_implicitTls = false;
    bool m_inData = false;
    QByteArray m_buffer;
    QByteArray m_data;
    QByteArrayList m_received;
    QByteArrayList m_messages;
    QString m_failure;
};

// A test CA and a certificate for localhost / 127.0.0.1 that it signed, made with the openssl
// command in dir. Returns false (with a warning) if openssl failed.
struct TestCertificates {
    QSslCertificate ca;
    QSslCertificate server;
    QSslKey serverKey;
    QSslCertificate selfSigned; // a certificate no CA vouches for
    QSslKey selfSignedKey;
    QSslCertificate expired;   // signed by the CA for localhost, valid until yesterday (server's key)
    QSslCertificate wrongHost; // signed by the CA for mail.other.test only (server's key)
};
bool makeTestCertificates(const QString &dir, TestCertificates *out);

} // namespace hivepost::test
