#include "RelayCommands.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

#include "application/Application.h"
#include "storage/ContactStore.h"
#include "storage/TrackingStore.h"
#include "tracking/RelayClient.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

bool validUrl(const QString &text) {
    const QUrl url(text, QUrl::StrictMode);
    return url.isValid() && (url.scheme() == u"https"_s || url.scheme() == u"http"_s) &&
           !url.host().isEmpty();
}

int relayAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self, {{u"url"_s, u"The relay's public URL (https; what the reverse proxy serves)."_s, u"URL"_s},
               {u"admin-key-env"_s, u"The environment variable that holds the admin key."_s, u"VAR"_s},
               {u"signup-list"_s, u"Offer a signup form for this list (repeatable)."_s, u"LIST"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    const QString name = line.positional().constFirst().trimmed();
    const QString url = line.value(u"url"_s).trimmed();
    const QString var = line.value(u"admin-key-env"_s);
    if (url.isEmpty() || var.isEmpty())
        return ctx.usageError(u"relay add: --url and --admin-key-env are required"_s);
    if (!validUrl(url))
        return ctx.usageError(u"--url “%1”: expected https://HOST[/PATH]"_s.arg(url));
    const QString key = qEnvironmentVariable(var.toLocal8Bit().constData()).trimmed();
    if (key.isEmpty())
        return ctx.fail(
            u"the environment variable %1 is not set (it must hold the relay's admin key)"_s.arg(var));
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    QJsonArray ids;
    for (const QString &list : line.values(u"signup-list"_s)) {
        auto id = storage::ContactStore(*db).listId(list);
        if (!id)
            return ctx.fail(u"there is no list called “%1”"_s.arg(list));
        ids.append(id.value());
    }
    // Which lists offer a form is published with the categories, once the relay is added.
    if (line.isSet(u"signup-list"_s))
        (void)storage::TemplateStore(*db).setSetting(
            u"relay/%1/signup_lists"_s.arg(name.toLower()),
            QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact)));
    auto app = ctx.makeApplication();
    if (!app)
        return ExitFailure;
    Result<tracking::RelayCheck> added = makeError(ErrorCode::Io, QString());
    Result<void> published;
    {
        QEventLoop loop;
        QObject::connect(app.get(), &application::Application::relayAdded, &loop,
                         [&](const QString &, const Result<tracking::RelayCheck> &r) {
                             added = r;
                             if (!r)
                                 loop.quit();
                         });
        QObject::connect(app.get(), &application::Application::relaySettingsPublished, &loop,
                         [&](const QString &, const Result<void> &r) {
                             published = r;
                             loop.quit();
                         });
        app->addRelay(name, url, key, var);
        loop.exec();
    }
    if (!added)
        return ctx.fail(u"relay “%1” at %2: %3"_s.arg(name, url, added.errorString()));
    if (!published)
        return ctx.fail(published.errorString());
    auto relay = storage::TrackingStore(*db).relay(name);
    if (!relay)
        return ctx.fail(relay.errorString());
    if (ctx.json()) {
        ctx.printJson({{u"relay"_s, name},
                       {u"url"_s, url},
                       {u"id"_s, relay->id},
                       {u"key_id"_s, qint64(added->keyId)},
                       {u"signup_lists"_s, ids}});
    } else {
        ctx.out() << "Added the relay " << name << " (" << url << "); its admin key and signing keys are in "
                  << ctx.secrets()->description() << ".\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int relayList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto relays = storage::TrackingStore(*db).relays();
    if (!relays)
        return ctx.fail(relays.errorString());
    QString fallback = storage::TemplateStore(*db).setting(u"sender/relay"_s).value_or(QString());
    if (ctx.json()) {
        QJsonArray list;
        for (const storage::Relay &r : std::as_const(relays.value()))
            list.append(QJsonObject{{u"name"_s, r.name},
                                    {u"url"_s, r.url},
                                    {u"default"_s, r.name.compare(fallback, Qt::CaseInsensitive) == 0},
                                    {u"last_event_id"_s, r.lastEventId},
                                    {u"last_pull_at"_s, r.lastPullAt},
                                    {u"last_result"_s, r.lastResult}});
        ctx.printJson({{u"relays"_s, list}});
        return ExitSuccess;
    }
    if (relays->isEmpty())
        ctx.out() << "No relay; add one with “relay add”.\n";
    for (const storage::Relay &r : std::as_const(relays.value())) {
        ctx.out() << r.name << "  " << r.url
                  << (r.name.compare(fallback, Qt::CaseInsensitive) == 0 ? "  (default)" : "")
                  << "  last pull: "
                  << (r.lastPullAt ? QDateTime::fromMSecsSinceEpoch(r.lastPullAt).toString(Qt::ISODate)
                                   : u"never"_s)
                  << (r.lastResult.isEmpty() ? QString() : u" (%1)"_s.arg(r.lastResult)) << "\n";
    }
    ctx.out().flush();
    return ExitSuccess;
}

int relayTest(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto relay = storage::TrackingStore(*db).relay(line.positional().constFirst());
    if (!relay)
        return ctx.fail(relay.errorString());
    auto app = ctx.makeApplication();
    if (!app)
        return ExitFailure;
    Result<tracking::RelayCheck> tested = makeError(ErrorCode::Io, QString());
    {
        QEventLoop loop;
        QObject::connect(app.get(), &application::Application::relayTested, &loop,
                         [&](const QString &, const Result<tracking::RelayCheck> &r) {
                             tested = r;
                             loop.quit();
                         });
        app->testRelay(relay->name); // a rotated signing key is taken up here
        loop.exec();
    }
    // It answered (and refused the key) or answered with its keys.
    const bool reachable = tested || tested.code() == ErrorCode::Auth;
    if (ctx.json()) {
        QJsonObject o{{u"relay"_s, relay->name},
                      {u"url"_s, relay->url},
                      {u"ok"_s, bool(tested)},
                      {u"reachable"_s, reachable}};
        if (tested) {
            o.insert(u"key_id"_s, qint64(tested->keyId));
            o.insert(u"keys_refreshed"_s, tested->keysRefreshed);
        } else {
            o.insert(u"error"_s, tested.errorString());
        }
        ctx.printJson(o);
    } else {
        ctx.out() << relay->name << ": " << (tested ? "ok" : "FAILED") << " (" << relay->url << ")";
        if (!tested)
            ctx.out() << ": " << tested.errorString();
        else if (tested->keysRefreshed)
            ctx.out() << "; took up signing key " << tested->keyId;
        ctx.out() << "\n";
        ctx.out().flush();
    }
    return tested ? ExitSuccess : ExitFailure;
}

int relayRemove(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const QString name = line.positional().constFirst();
    if (auto r = storage::TrackingStore(*db).removeRelay(name); !r)
        return ctx.fail(r.errorString());
    (void)ctx.removeSecret(tracking::RelaySecret::storeKey(name));
    if (ctx.json())
        ctx.printJson({{u"removed"_s, name}});
    return ExitSuccess;
}

int trackingPull(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"relay"_s, u"Only this relay (default: every relay)."_s, u"NAME"_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto relays = storage::TrackingStore(*db).relays();
    if (!relays)
        return ctx.fail(relays.errorString());
    if (relays->isEmpty())
        return ctx.fail(u"There is no relay; add one with “relay add”."_s);
    if (line.isSet(u"relay"_s)) {
        if (auto r = storage::TrackingStore(*db).relay(line.value(u"relay"_s)); !r)
            return ctx.fail(r.errorString());
    }
    auto app = ctx.makeApplication();
    if (!app)
        return ExitFailure;
    storage::TrackingImport total;
    QStringList errors;
    QEventLoop loop;
    QObject::connect(app.get(), &application::Application::trackingPulled, &loop,
                     [&](const QString &name, const Result<storage::TrackingImport> &r) {
                         if (!r) {
                             errors << u"%1: %2"_s.arg(name, r.errorString());
                             return;
                         }
                         total += r.value();
                     });
    int confirmationsSent = 0, confirmationsFailed = 0;
    QObject::connect(app.get(), &application::Application::signupConfirmationsSent, &loop,
                     [&](int sent, int failed) {
                         confirmationsSent += sent;
                         confirmationsFailed += failed;
                     });
    QObject::connect(app.get(), &application::Application::warning, &loop,
                     [&](const QString &text) { ctx.err() << "warning: " << text << "\n"; });
    QObject::connect(app.get(), &application::Application::trackingPullFinished, &loop, &QEventLoop::quit);
    app->pullTracking(line.value(u"relay"_s));
    loop.exec();
    if (ctx.json()) {
        QJsonObject o{{u"events"_s, total.events},
                      {u"opens"_s, total.opens},
                      {u"clicks"_s, total.clicks},
                      {u"unsubscribes"_s, total.unsubscribes},
                      {u"preferences"_s, total.preferences},
                      {u"signups"_s, total.signups},
                      {u"pending_signups"_s, total.pendingSignups},
                      {u"confirmations_sent"_s, confirmationsSent},
                      {u"confirmations_failed"_s, confirmationsFailed}};
        if (!errors.isEmpty())
            o.insert(u"errors"_s, QJsonArray::fromStringList(errors));
        ctx.printJson(o);
    } else {
        ctx.out() << "Pulled " << total.events << " new events: opens " << total.opens << ", clicks "
                  << total.clicks << ", unsubscribes " << total.unsubscribes << ", preference changes "
                  << total.preferences << ", signups " << total.signups << "\n";
        if (confirmationsSent + confirmationsFailed > 0)
            ctx.out() << "Mailed " << confirmationsSent << " signup confirmations (" << confirmationsFailed
                      << " not sent)\n";
        ctx.out().flush();
    }
    if (!errors.isEmpty()) {
        for (const QString &e : std::as_const(errors))
            ctx.err() << "error: " << e << "\n";
        ctx.err().flush();
        return ExitFailure;
    }
    return ExitSuccess;
}

} // namespace

QList<Command> relayCommands() {
    return {
        {{u"relay"_s, u"add"_s},
         u"NAME --url URL --admin-key-env VAR [--signup-list LIST ...] [--json]"_s,
         u"Track opens and clicks and offer one-click unsubscribe through a hivepost-relay."_s,
         relayAdd},
        {{u"relay"_s, u"list"_s}, u"[--json]"_s, u"Show the relays and their last pull."_s, relayList},
        {{u"relay"_s, u"test"_s},
         u"NAME [--json]"_s,
         u"Check that the relay answers and takes the admin key; take up a rotated signing key."_s,
         relayTest},
        {{u"relay"_s, u"remove"_s}, u"NAME [--json]"_s, u"Forget a relay and its keys."_s, relayRemove},
        {{u"tracking"_s, u"pull"_s},
         u"[--relay NAME] [--json]"_s,
         u"Import the relays' new opens, clicks, unsubscribes and signups."_s,
         trackingPull},
    };
}

} // namespace hivepost::cli
