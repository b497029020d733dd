#pragma once

// RelayHttp: hivepost-relay's HTTP, QtHttpServer on the event loop (chosen over cpp-httplib by
// bench/relay.sh: more requests a second, a p99 of 2 ms against over 100 ms). Its listening socket
// (RequestGuard) adds what QtHttpServer 6.4 lacks: a request size limit (413) and read and idle
// timeouts. Each request reaches one handler as an HttpRequest and is answered from an HttpResponse.
// Also the small helpers the handlers share (strict UTF-8 forms, JSON answers).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <QAbstractHttpServer>
#include <QJsonObject>
#include <QMultiHash>
#include <QString>

#include "common/Result.h"

namespace hivepost::relay {

// One request as the handlers see it (names after cpp-httplib's, which the relay used first).
struct HttpRequest {
    std::string method;
    std::string path;
    std::string body;
    std::string remote_addr;
    std::vector<std::string> matches;                         // the route's captures, [0] the whole path
    std::multimap<std::string, std::string> params;           // the query
    std::vector<std::pair<std::string, std::string>> headers; // lower-case names
    struct File {
        std::string content;
    };
    std::multimap<std::string, File> files; // multipart/form-data fields

    bool has_header(const char *name) const;
    std::string get_header_value(const char *name) const;
    bool has_param(const char *name) const { return params.count(name) > 0; }
    std::string get_param_value(const char *name) const;
    bool is_multipart_form_data() const;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string contentType;
    void set_header(const char *name, const std::string &value) { headers.emplace_back(name, value); }
    void set_content(const std::string &content, const char *type) {
        body = content;
        contentType = type;
    }
    void set_content(const char *data, size_t size, const char *type) {
        set_content(std::string(data, size), type);
    }
};

struct RequestLimits {
    qint64 maxRequestBytes = 80 * 1024; // headers and body, without a response in between
    int readTimeoutMs = 5000;           // a request that stops arriving
    int idleMs = 30'000;                // a connection with nothing to do
};

class RelayHttp : public QAbstractHttpServer {
public:
    using Handler = std::function<void(HttpRequest &, HttpResponse &)>;
    explicit RelayHttp(Handler handler)
        : m_handler(std::move(handler)) {}

    Result<int> listen(const QString &host, int port, const RequestLimits &limits); // the port bound
    void close();                                                                   // no new connections

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
};

QString fromStd(const std::string &s);
std::string toStd(const QString &s);
// Strict UTF-8: a form value that is not is refused, not stored with replacement characters.
std::optional<QString> utf8(const QByteArray &bytes);
// An application/x-www-form-urlencoded body (or a query) as name -> values; nullopt when a name or
// value is not UTF-8.
std::optional<QMultiHash<QString, QString>> formFields(const std::string &body);
void json(HttpResponse &res, int status, const QJsonObject &o);
void jsonError(HttpResponse &res, int status, const QString &message);
// The request's JSON object, or nullopt after answering 400.
std::optional<QJsonObject> jsonBody(const HttpRequest &req, HttpResponse &res);

} // namespace hivepost::relay
