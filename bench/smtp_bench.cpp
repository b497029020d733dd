// smtp_bench PORT CONNECTIONS TOTAL SIZE: sends TOTAL messages of SIZE bytes to 127.0.0.1:PORT over
// CONNECTIONS parallel SmtpClients on one event loop (one thread), reusing each connection, and
// prints one JSON line with msgs_per_s. Run by bench/smtp.sh; not a test.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include "smtp/SmtpClient.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 5) {
        out << "usage: smtp_bench PORT CONNECTIONS TOTAL SIZE\n";
        return 2;
    }
    const quint16 port = quint16(atoi(argv[1]));
    const int connections = atoi(argv[2]);
    const int total = atoi(argv[3]);
    const int size = atoi(argv[4]);
    QByteArray message = "From: <bench@example.com>\r\nTo: <to@example.com>\r\nSubject: bench\r\n\r\n";
    while (message.size() < size)
        message += "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab\r\n";
    message.truncate(size - 2);
    message += "\r\n";

    smtp::SmtpSettings settings;
    settings.host = u"127.0.0.1"_s;
    settings.port = port;
    settings.security = smtp::Security::None;
    settings.heloName = u"bench.example.com"_s;
    const smtp::Envelope envelope{u"bench@example.com"_s, {u"to@example.com"_s}, {}, false};

    int started = 0;
    int done = 0;
    int failed = 0;
    int open = connections;
    QElapsedTimer timer;
    timer.start();
    QList<smtp::SmtpClient *> clients;
    for (int c = 0; c < connections; ++c) {
        auto *client = new smtp::SmtpClient(settings, &app);
        clients << client;
        const auto next = [client, &started, total, &envelope, &message] {
            if (started < total) {
                ++started;
                client->send(envelope, message);
            } else {
                client->quit();
            }
        };
        QObject::connect(client, &smtp::SmtpClient::ready, client, next);
        QObject::connect(client, &smtp::SmtpClient::messageFinished, client,
                         [&, next](const smtp::SmtpResult &r) {
                             ++done;
                             if (!r.ok())
                                 ++failed;
                             next();
                         });
        QObject::connect(client, &smtp::SmtpClient::connectionFailed, client,
                         [&](const smtp::SmtpResult &r) { out << "error: " << r.errorString << '\n'; });
        QObject::connect(client, &smtp::SmtpClient::closed, client, [&] {
            if (--open == 0)
                app.quit();
        });
        client->connectToServer();
    }
    app.exec();
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    out << "{\"client\":\"hivepost\",\"connections\":" << connections << ",\"messages\":" << done
        << ",\"failed\":" << failed << ",\"seconds\":" << seconds
        << ",\"msgs_per_s\":" << qRound(done / seconds) << "}\n";
    return failed == 0 && done == total ? 0 : 1;
}
