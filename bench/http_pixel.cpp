// http_pixel: the two HTTP libraries Debian offers for the relay, each serving the 43-byte pixel
// at /o/<token> with the same headers and a token check of the same cost (HMAC-SHA256), so that
// bench/relay.sh can measure them side by side under wrk:
//   http_pixel qt PORT       QtHttpServer (one thread, the event loop)
//   http_pixel httplib PORT  cpp-httplib (a thread pool of 64)

#include <cstdio>
#include <cstring>

#include <QCoreApplication>
#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerResponse>
#include <QMessageAuthenticationCode>

#include <httplib.h>

namespace {

const unsigned char Pixel[] = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80,
                               0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04,
                               0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01,
                               0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

bool check(const QByteArray &token) {
    static const QByteArray key(32, 'k');
    return !QMessageAuthenticationCode::hash(token, key, QCryptographicHash::Sha256).isEmpty();
}

} // namespace

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    if (argc != 3) {
        std::fputs("usage: http_pixel qt|httplib PORT\n", stderr);
        return 2;
    }
    const int port = std::atoi(argv[2]);
    if (std::strcmp(argv[1], "qt") == 0) {
        QHttpServer server;
        server.route("/o/<arg>", [](const QString &token) {
            if (!check(token.toLatin1()))
                return QHttpServerResponse(QHttpServerResponder::StatusCode::NotFound);
            QHttpServerResponse r("image/gif",
                                  QByteArray(reinterpret_cast<const char *>(Pixel), sizeof(Pixel)));
            r.addHeader("Cache-Control", "no-store");
            return r;
        });
        if (server.listen(QHostAddress::LocalHost, quint16(port)) == 0)
            return 1;
        std::printf("listening\n");
        std::fflush(stdout);
        return app.exec();
    }
    httplib::Server server;
    server.new_task_queue = [] {
        return new httplib::ThreadPool(64);
    };
    server.set_keep_alive_max_count(1000);
    server.set_tcp_nodelay(true);
    server.Get("/o/([A-Za-z0-9_-]{1,96})", [](const httplib::Request &req, httplib::Response &res) {
        if (!check(QByteArray::fromStdString(req.matches[1]))) {
            res.status = 404;
            return;
        }
        res.set_header("Cache-Control", "no-store");
        res.set_content(reinterpret_cast<const char *>(Pixel), sizeof(Pixel), "image/gif");
    });
    std::printf("listening\n");
    std::fflush(stdout);
    return server.listen("127.0.0.1", port) ? 0 : 1;
}
