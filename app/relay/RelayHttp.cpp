#include "RelayHttp.h"

#include <QHostAddress>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include "mime/MimeReader.h"

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

// RequestGuard: the relay's listening socket. Each connection it accepts is watched: more than
// maxRequestBytes received without a response in between is refused with 413 and closed; a request
// that stops arriving for readTimeoutMs, or a connection idle for idleMs, is closed. QtHttpServer
// parses and answers; this only counts and times.
class RequestGuard : public QTcpServer {
public:
    RequestGuard(RequestLimits limits, QObject *parent)
        : QTcpServer(parent)
        , m_limits(limits) {}

protected:
    void incomingConnection(qintptr descriptor) override {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        auto pending = std::make_shared<qint64>(0); // bytes received since the last response
        auto refused = std::make_shared<bool>(false);
        timer->start(m_limits.readTimeoutMs);
        // Connected before QtHttpServer's own slot, so this sees each chunk before it is read.
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, timer, pending, refused] {
            if (*refused) { // the rest of a refused request is read and dropped, so the client sees the 413
                socket->readAll();
                return;
            }
            *pending += socket->bytesAvailable();
            if (*pending > m_limits.maxRequestBytes) {
                *refused = true;
                socket->readAll();
                socket->write(
                    "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                timer->start(2000); // then closed, whether or not the client stops sending
                return;
            }
            timer->start(m_limits.readTimeoutMs);
        });
        connect(socket, &QTcpSocket::bytesWritten, socket, [this, timer, pending, refused] {
            if (*refused)
                return;
            *pending = 0;
            timer->start(m_limits.idleMs);
        });
        connect(timer, &QTimer::timeout, socket, [socket] { socket->abort(); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        addPendingConnection(socket);
    }

private:
    RequestLimits m_limits;
};

} // namespace

QString fromStd(const std::string &s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string toStd(const QString &s) {
    const QByteArray b = s.toUtf8();
    return std::string(b.constData(), size_t(b.size()));
}

// Strict UTF-8: a form value that is not is refused, not stored with replacement characters.
std::optional<QString> utf8(const QByteArray &bytes) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString s = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return s;
}

// An application/x-www-form-urlencoded body (or a query) as name -> values; nullopt when a name or
// value is not UTF-8.
std::optional<QMultiHash<QString, QString>> formFields(const std::string &body) {
    QMultiHash<QString, QString> out;
    const QByteArray data(body.data(), qsizetype(body.size()));
    for (QByteArray pair : data.split('&')) {
        if (pair.isEmpty())
            continue;
        pair.replace('+', ' ');
        const qsizetype eq = pair.indexOf('=');
        const auto name = utf8(QByteArray::fromPercentEncoding(eq < 0 ? pair : pair.left(eq)));
        const auto value = utf8(QByteArray::fromPercentEncoding(eq < 0 ? QByteArray() : pair.mid(eq + 1)));
        if (!name || !value)
            return std::nullopt;
        out.insert(*name, *value);
    }
    return out;
}

void json(HttpResponse &res, int status, const QJsonObject &o) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    // Uncompressed (the reverse proxy may gzip): Brotli took 0.7 s for a page of 5,000 events when
    // the relay ran on cpp-httplib, ten times the rest of the request (bench/relay.sh).
    res.set_content(QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString(),
                    "application/json; charset=utf-8");
}

void jsonError(HttpResponse &res, int status, const QString &message) {
    json(res, status, {{u"error"_s, message}});
}

// The request's JSON object, or nullopt after answering 400.
std::optional<QJsonObject> jsonBody(const HttpRequest &req, HttpResponse &res) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(req.body), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        jsonError(res, 400, u"the body is not a JSON object: %1"_s.arg(error.errorString()));
        return std::nullopt;
    }
    return doc.object();
}

bool HttpRequest::has_header(const char *name) const {
    const std::string n = QByteArray(name).toLower().toStdString();
    for (const auto &h : headers)
        if (h.first == n)
            return true;
    return false;
}

std::string HttpRequest::get_header_value(const char *name) const {
    const std::string n = QByteArray(name).toLower().toStdString();
    for (const auto &h : headers)
        if (h.first == n)
            return h.second;
    return {};
}

std::string HttpRequest::get_param_value(const char *name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

bool HttpRequest::is_multipart_form_data() const {
    return QByteArray::fromStdString(get_header_value("Content-Type"))
        .toLower()
        .startsWith("multipart/form-data");
}

Result<int> RelayHttp::listen(const QString &host, int port, const RequestLimits &limits) {
    const QHostAddress address(host);
    if (address.isNull())
        return makeError(ErrorCode::InvalidInput, u"“%1” is not an IP address"_s.arg(host));
    auto *guard = new RequestGuard(limits, this);
    if (!guard->listen(address, quint16(port))) {
        const QString why = guard->errorString();
        delete guard;
        return makeError(ErrorCode::Io, u"cannot listen on %1:%2: %3"_s.arg(host).arg(port).arg(why));
    }
    bind(guard);
    return int(guard->serverPort());
}

void RelayHttp::close() {
    for (QTcpServer *server : servers())
        server->close();
}

bool RelayHttp::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) {
    HttpRequest req;
    switch (request.method()) {
    case QHttpServerRequest::Method::Get:
        req.method = "GET";
        break;
    case QHttpServerRequest::Method::Post:
        req.method = "POST";
        break;
    case QHttpServerRequest::Method::Put:
        req.method = "PUT";
        break;
    case QHttpServerRequest::Method::Head:
        req.method = "HEAD";
        break;
    default:
        req.method = "OTHER";
        break;
    }
    req.path = request.url().path(QUrl::FullyEncoded).toStdString();
    const QUrlQuery query = request.query();
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        req.params.emplace(key.toStdString(), value.toStdString());
    for (const auto &[name, value] : request.headers())
        req.headers.emplace_back(name.toLower().toStdString(), value.toStdString());
    req.body = request.body().toStdString();
    req.remote_addr = request.remoteAddress().toString().toStdString();
    if (req.is_multipart_form_data()) {
        // The parts as MIME entities (RFC 7578), read by the same reader as returned mail.
        const QByteArray message =
            "Content-Type: " + QByteArray::fromStdString(req.get_header_value("Content-Type")) + "\r\n\r\n" +
            request.body();
        for (const mime::MimeEntity &part : mime::MimeReader::read(message).parts) {
            const QByteArray name = mime::MimeReader::parameter(part.raw("Content-Disposition"), "name");
            req.files.emplace(name.toStdString(), HttpRequest::File{part.body.toStdString()});
        }
    }
    HttpResponse res;
    m_handler(req, res);
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(res.status));
    for (const auto &[name, value] : res.headers)
        responder.writeHeader(QByteArray::fromStdString(name), QByteArray::fromStdString(value));
    if (!res.contentType.empty())
        responder.writeHeader("Content-Type", QByteArray::fromStdString(res.contentType));
    responder.writeHeader("Content-Length", QByteArray::number(qint64(res.body.size())));
    responder.writeBody(res.body.data(), qint64(res.body.size()));
    return true;
}

void RelayHttp::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) {
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QHttpServerResponder::StatusCode::NotFound);
}

} // namespace hivepost::relay
