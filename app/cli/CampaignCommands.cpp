#include "CampaignCommands.h"

#include <csignal>

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTimer>

#include "application/Application.h"
#include "campaign/CampaignMessages.h"
#include "common/Clock.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/LedgerStore.h"
#include "storage/TemplateStore.h"
#include "storage/TrackingStore.h"
#include "template/MessageComposer.h"

#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using hivepost::storage::LedgerState;
using hivepost::storage::stateName;

namespace hivepost::cli {

namespace {

// SIGINT and SIGTERM pause the campaign cleanly: the handler only writes a byte; the event loop
// reads it.
int g_signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
}

QJsonObject countsJson(const QHash<QString, qint64> &counts) {
    QJsonObject o;
    for (const QString &s : storage::ledgerStates())
        o.insert(s, counts.value(s));
    return o;
}

Result<storage::CampaignInfo> campaignNamed(CliContext &ctx, const QString &name) {
    storage::Database *db = ctx.database();
    if (!db)
        return makeError(ErrorCode::Io, QString());
    return storage::CampaignStore(*db).byName(name);
}

int campaignCreate(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self,
        {{u"list"_s, u"A list to send to (repeat for more)."_s, u"L"_s},
         {u"template"_s, u"The template."_s, u"T"_s},
         {u"accounts"_s, u"The accounts to send through, comma-separated (default: all)."_s, u"A,B"_s},
         {u"from"_s, u"The From address (default: the sender in Settings)."_s, u"ADDR"_s},
         {u"bounce-domain"_s, u"Envelope sender bounce+TOKEN@D (VERP)."_s, u"D"_s},
         {u"domain-limit"_s, u"At most N messages a minute to DOMAIN (repeatable)."_s, u"DOMAIN=N/min"_s},
         {u"max-rate"_s, u"The campaign's own speed limit."_s, u"N/s"_s},
         {u"at"_s, u"Start at this time (ISO 8601, local time unless it says)."_s, u"ISO-TIME"_s},
         {u"relay"_s, u"Track opens and clicks, and offer one-click unsubscribe, through this relay."_s,
          u"NAME"_s},
         {u"no-relay"_s, u"No relay, even when the sender has a default one."_s},
         {u"no-open-tracking"_s, u"No open pixel (with a relay)."_s},
         {u"no-click-tracking"_s, u"Links as they are (with a relay)."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    if (!line.isSet(u"list"_s) || !line.isSet(u"template"_s))
        return ctx.usageError(u"campaign create: --list and --template are required"_s);
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    storage::CampaignSpec spec;
    spec.name = line.positional().constFirst();
    spec.templateName = line.value(u"template"_s);
    spec.fromAddress = line.value(u"from"_s);
    spec.bounceDomain = line.value(u"bounce-domain"_s).trimmed().toLower();
    storage::ContactStore contacts(*db);
    for (const QString &list : line.values(u"list"_s)) {
        auto id = contacts.listId(list);
        if (!id)
            return ctx.fail(u"there is no list called “%1”"_s.arg(list));
        spec.listIds << id.value();
    }
    storage::AccountStore accounts(*db);
    if (line.isSet(u"accounts"_s)) {
        for (const QString &name : line.value(u"accounts"_s).split(u',', Qt::SkipEmptyParts)) {
            auto account = accounts.byName(name.trimmed());
            if (!account)
                return ctx.fail(account.errorString());
            spec.accountIds << account->id;
        }
    }
    static const QRegularExpression domainLimit(u"^([^=\\s]+)=(\\d+)(?:/min)?$"_s);
    for (const QString &limit : line.values(u"domain-limit"_s)) {
        const QRegularExpressionMatch m = domainLimit.match(limit.trimmed());
        if (!m.hasMatch() || m.captured(2).toInt() <= 0)
            return ctx.usageError(
                u"--domain-limit “%1”: expected DOMAIN=N/min, e.g. qq.com=20/min"_s.arg(limit));
        spec.domainLimits.insert(m.captured(1).toLower(), m.captured(2).toInt());
    }
    if (line.isSet(u"max-rate"_s)) {
        QString rate = line.value(u"max-rate"_s);
        rate.remove(u"/s"_s);
        bool ok = false;
        spec.maxRate = rate.toDouble(&ok);
        if (!ok || spec.maxRate <= 0)
            return ctx.usageError(u"--max-rate: expected N/s, e.g. 10/s"_s);
    }
    if (line.isSet(u"at"_s)) {
        const QDateTime at = QDateTime::fromString(line.value(u"at"_s), Qt::ISODate);
        if (!at.isValid())
            return ctx.usageError(
                u"--at “%1”: expected an ISO 8601 time, e.g. 2026-12-01T09:00"_s.arg(line.value(u"at"_s)));
        spec.startAt = at.toSecsSinceEpoch();
    }
    QString relayName = line.value(u"relay"_s).trimmed();
    if (!line.isSet(u"relay"_s) && !line.isSet(u"no-relay"_s))
        relayName = storage::TemplateStore(*db).setting(u"sender/relay"_s).value_or(QString());
    if (!relayName.isEmpty() && !line.isSet(u"no-relay"_s)) {
        auto relay = storage::TrackingStore(*db).relay(relayName);
        if (!relay)
            return ctx.fail(relay.errorString());
        spec.relayId = relay->id;
    }
    spec.openTracking = !line.isSet(u"no-open-tracking"_s);
    spec.clickTracking = !line.isSet(u"no-click-tracking"_s);
    // The template must exist and make messages before a campaign is made of it; then who would
    // get a gap where a field without a fallback is (the contacts create() is about to take).
    auto stored = storage::TemplateStore(*db).byName(spec.templateName);
    if (!stored)
        return ctx.fail(stored.errorString());
    const templating::TemplateContent content = campaign::CampaignMessages::contentOf(stored.value());
    for (const templating::TemplateIssue &i :
         templating::MessageComposer::check(content, campaign::CampaignMessages::customFieldNames(*db))) {
        if (!i.warning)
            return ctx.fail(u"the template “%1”: %2"_s.arg(spec.templateName, i.message));
    }
    auto empty = campaign::CampaignMessages::emptyFields(*db, content, spec.listIds);
    if (!empty)
        return ctx.fail(empty.errorString());
    QJsonArray emptyJson;
    for (const campaign::CampaignMessages::EmptyField &e : std::as_const(empty.value())) {
        emptyJson.append(QJsonObject{{u"field"_s, e.field}, {u"contacts"_s, e.contacts}});
        ctx.err() << "warning: " << e.contacts << " of the contacts to be mailed have no “" << e.field
                  << "”: their messages get an empty value where {{" << e.field << "}} is; {{" << e.field
                  << "|...}} gives them a fallback\n";
    }
    ctx.err().flush();
    auto id = storage::LedgerStore(*db).create(spec);
    if (!id)
        return ctx.fail(id.errorString());
    auto info = storage::CampaignStore(*db).byId(id.value());
    if (!info)
        return ctx.fail(info.errorString());
    if (ctx.json()) {
        ctx.printJson({{u"campaign"_s, info->name},
                       {u"id"_s, info->id},
                       {u"recipients"_s, storage::totalOf(info->counts)},
                       {u"empty_values"_s, emptyJson},
                       {u"counts"_s, countsJson(info->counts)},
                       {u"relay"_s, spec.relayId > 0 ? QJsonValue(relayName) : QJsonValue()},
                       {u"open_tracking"_s, spec.relayId > 0 && spec.openTracking},
                       {u"click_tracking"_s, spec.relayId > 0 && spec.clickTracking}});
    } else {
        ctx.out() << "Created " << info->name << ": " << info->counts.value(stateName(LedgerState::Pending))
                  << " to send, " << info->counts.value(stateName(LedgerState::Skipped))
                  << " skipped (suppressed, unsubscribed or bounced)\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

QString etaText(qint64 seconds) {
    if (seconds < 0)
        return u"?"_s;
    return u"%1:%2:%3"_s.arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

// Runs the campaign in the foreground until it stops; prints the report.
int runCampaign(CliContext &ctx, const QString &name, bool resendUnknown) {
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    application::ApplicationOptions options;
    options.engine.stopWhenOnlyDeferred = true;
    options.engine.resendUnknown = resendUnknown;
    auto found = storage::CampaignStore(*db).byName(name, storage::CampaignDetail::Row); // its id
    if (!found)
        return ctx.fail(found.errorString());
    const qint64 id = found->id;
    auto app = ctx.makeApplication(options);
    if (!app)
        return ExitFailure;
    application::Application &services = *app;
    QEventLoop loop;
    campaign::StopReason reason = campaign::StopReason::Error;
    QString why;
    QString startFailure;
    // Refusals are logged and acted on (a hard bounce suppresses the address) as the run stops, so
    // the next campaign does not mail them again; the summary follows the stop.
    int suppressedNow = 0;
    QObject::connect(&services, &application::Application::refusalsProcessed, &loop,
                     [&](const bounce::ProcessSummary &summary) {
                         suppressedNow = summary.suppressed;
                         loop.quit();
                     });
    QObject::connect(&services, &application::Application::campaignStopped, &loop,
                     [&](qint64, campaign::StopReason r, const QString &text) {
                         reason = r;
                         why = text;
                     });
    QObject::connect(&services, &application::Application::warning, &loop, [&](const QString &text) {
        ctx.err() << "warning: " << text << '\n';
        ctx.err().flush();
        loop.quit(); // the refusals could not be processed: no summary follows
    });
    // Started now, or once the DKIM key is read from the secret store.
    QObject::connect(&services, &application::Application::campaignStartFailed, &loop,
                     [&](const QString &, const QString &text) {
                         startFailure = text;
                         loop.quit();
                     });
    if (auto r = services.startCampaign(name); !r)
        return ctx.fail(r.errorString());

    // A clean pause on SIGINT/SIGTERM; a second signal is the default (immediate) one.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0)
        return ctx.fail(u"cannot set up signal handling"_s);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &loop, [&] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(g_signalPipe[0], &byte, 1);
        ctx.err() << "Pausing: finishing the messages in flight (again to stop at once)...\n";
        ctx.err().flush();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        services.pauseAll();
    });
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    QTimer ticker;
    const auto printProgress = [&] {
        const campaign::CampaignProgress p = services.progress(id);
        const qint64 done = storage::finishedOf(p.counts);
        ctx.err() << p.name << ": " << done << '/' << p.total << " sent "
                  << p.counts.value(stateName(LedgerState::Sent)) << " failed "
                  << p.counts.value(stateName(LedgerState::Failed)) << " deferred "
                  << p.counts.value(stateName(LedgerState::Deferred)) << "  "
                  << QString::number(p.ratePerSecond, 'f', 1) << "/s  ETA " << etaText(p.etaSeconds)
                  << (p.why.isEmpty() ? QString() : u"  "_s + p.why) << '\n';
        ctx.err().flush();
    };
    QObject::connect(&ticker, &QTimer::timeout, &loop, printProgress);
    ticker.start(1000);
    loop.exec();
    if (!startFailure.isEmpty()) {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        ::close(g_signalPipe[0]);
        ::close(g_signalPipe[1]);
        return ctx.fail(startFailure);
    }
    printProgress(); // the last word, however short the run
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    ::close(g_signalPipe[0]);
    ::close(g_signalPipe[1]);

    const campaign::CampaignProgress p = services.progress(id);
    auto tallies = storage::CampaignStore(*db).accountTallies(id);
    auto stored = storage::CampaignStore(*db).byId(id);
    const QHash<QString, qint64> counts = stored ? stored->counts : p.counts;
    const QString reasonText = reason == campaign::StopReason::Completed      ? u"completed"_s
                               : reason == campaign::StopReason::DeferredOnly ? u"deferred"_s
                               : reason == campaign::StopReason::Paused       ? u"paused"_s
                               : reason == campaign::StopReason::Cancelled    ? u"cancelled"_s
                                                                              : u"error"_s;
    if (ctx.json()) {
        QJsonObject accounts;
        if (tallies) {
            for (const storage::AccountTally &t : std::as_const(tallies.value()))
                accounts.insert(t.account, QJsonObject{{stateName(LedgerState::Sent), t.sent},
                                                       {stateName(LedgerState::Failed), t.failed}});
        }
        QJsonObject report{{u"campaign"_s, p.name},   {u"recipients"_s, storage::totalOf(counts)},
                           {u"accounts"_s, accounts}, {u"stopped"_s, reasonText},
                           {u"why"_s, why},           {u"suppressed_now"_s, suppressedNow}};
        for (const QString &s : storage::ledgerStates())
            if (s != stateName(LedgerState::Pending) && s != stateName(LedgerState::Sending))
                report.insert(s, counts.value(s));
        report.insert(stateName(LedgerState::Pending), counts.value(stateName(LedgerState::Pending)));
        ctx.printJson(report);
    } else {
        ctx.out() << p.name << ": " << reasonText << " (" << why << ")\n  recipients "
                  << storage::totalOf(counts);
        for (const QString &s : storage::ledgerStates())
            ctx.out() << "  " << s << ' ' << counts.value(s);
        ctx.out() << '\n';
        if (suppressedNow > 0)
            ctx.out() << "  " << suppressedNow << " address(es) suppressed after hard or repeated refusals\n";
        if (tallies) {
            for (const storage::AccountTally &t : std::as_const(tallies.value()))
                ctx.out() << "  account " << t.account << ": sent " << t.sent << ", failed " << t.failed
                          << '\n';
        }
        ctx.out().flush();
    }
    if (reason == campaign::StopReason::Error)
        return ctx.json() ? ctx.failAfterResult(why) : ctx.fail(why);
    return ExitSuccess;
}

int campaignSend(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self,
                     {{u"resend-unknown"_s,
                       u"Send again to recipients whose outcome is unknown (they may get it twice)."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    return runCampaign(ctx, line.positional().constFirst(), line.isSet(u"resend-unknown"_s));
}

int campaignStatus(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    auto info = campaignNamed(ctx, line.positional().constFirst());
    if (!info)
        return ctx.fail(info.errorString());
    storage::Database &db = *ctx.database();
    auto runner = storage::CampaignStore(db).runner(info->id);
    auto tallies = storage::CampaignStore(db).accountTallies(info->id);
    auto next = storage::LedgerStore(db).nextDeferredAt(info->id);
    if (ctx.json()) {
        QJsonObject accounts;
        if (tallies) {
            for (const storage::AccountTally &t : std::as_const(tallies.value()))
                accounts.insert(t.account, QJsonObject{{stateName(LedgerState::Sent), t.sent},
                                                       {stateName(LedgerState::Failed), t.failed},
                                                       {stateName(LedgerState::Deferred), t.deferred},
                                                       {stateName(LedgerState::Unknown), t.unknown}});
        }
        QJsonObject o{
            {u"campaign"_s, info->name},
            {u"state"_s, info->state},
            {u"template"_s, info->templateName},
            {u"recipients"_s, storage::totalOf(info->counts)},
            {u"accounts"_s, accounts},
            {u"sender_process"_s, runner ? runner.value() : QString()},
            {u"next_retry"_s, next && next.value() > 0
                                  ? QDateTime::fromMSecsSinceEpoch(next.value()).toString(Qt::ISODate)
                                  : QString()}};
        for (const QString &s : storage::ledgerStates())
            o.insert(s, info->counts.value(s));
        ctx.printJson(o);
        return ExitSuccess;
    }
    ctx.out() << info->name << " (" << info->state << "), template " << info->templateName << '\n';
    for (const QString &s : storage::ledgerStates())
        ctx.out() << "  " << s << ": " << info->counts.value(s) << '\n';
    if (runner && !runner->isEmpty())
        ctx.out() << "  being sent by " << runner.value() << '\n';
    if (next && next.value() > 0)
        ctx.out() << "  next retry at " << QDateTime::fromMSecsSinceEpoch(next.value()).toString(Qt::ISODate)
                  << '\n';
    ctx.out().flush();
    return ExitSuccess;
}

int campaignControl(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    auto info = campaignNamed(ctx, line.positional().constFirst());
    if (!info)
        return ctx.fail(info.errorString());
    storage::Database &db = *ctx.database();
    storage::CampaignStore campaigns(db);
    const QString verb = self.words.constLast();
    auto runner = campaigns.runner(info->id);
    const bool running = runner && !runner->isEmpty();
    if (info->state == u"done"_s || info->state == u"cancelled"_s)
        return ctx.fail(u"the campaign “%1” is %2"_s.arg(info->name, info->state));
    if (verb == u"resume"_s) {
        if (!running)
            return runCampaign(ctx, info->name, false); // runs it here, like "campaign send"
        if (auto r = campaigns.setState(info->id, u"running"_s); !r)
            return ctx.fail(r.errorString());
    } else if (verb == u"pause"_s) {
        if (auto r = campaigns.setState(info->id, u"paused"_s); !r)
            return ctx.fail(r.errorString());
    } else { // cancel
        if (auto r = campaigns.setState(info->id, u"cancelled"_s); !r)
            return ctx.fail(r.errorString());
        if (!running) {
            if (auto r = storage::LedgerStore(db).cancelRemaining(info->id); !r)
                return ctx.fail(r.errorString());
        }
    }
    const QString what = running ? u"%1: %2 (the sending process %3 follows within a second)"_s.arg(
                                       info->name, verb, runner.value())
                                 : u"%1: %2"_s.arg(info->name, verb);
    if (ctx.json())
        ctx.printJson({{u"campaign"_s, info->name},
                       {u"action"_s, verb},
                       {u"sender_process"_s, running ? runner.value() : QString()}});
    else {
        ctx.out() << what << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int campaignList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto list = storage::CampaignStore(*db).list();
    if (!list)
        return ctx.fail(list.errorString());
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::CampaignInfo &c : std::as_const(list.value())) {
            array.append(QJsonObject{{u"campaign"_s, c.name},
                                     {u"state"_s, c.state},
                                     {u"template"_s, c.templateName},
                                     {u"recipients"_s, storage::totalOf(c.counts)},
                                     {u"counts"_s, countsJson(c.counts)}});
        }
        ctx.printJson({{u"campaigns"_s, array}});
        return ExitSuccess;
    }
    for (const storage::CampaignInfo &c : std::as_const(list.value()))
        ctx.out() << c.name << "  " << c.state << "  " << c.counts.value(stateName(LedgerState::Sent)) << '/'
                  << storage::totalOf(c.counts) << " sent\n";
    ctx.out().flush();
    return ExitSuccess;
}

int campaignRecipients(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"state"_s, u"Only recipients in this state."_s, u"S"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    const QString state = line.value(u"state"_s);
    if (!state.isEmpty() && !storage::ledgerStates().contains(state))
        return ctx.usageError(u"--state must be one of %1"_s.arg(storage::ledgerStates().join(u", "_s)));
    auto info = campaignNamed(ctx, line.positional().constFirst());
    if (!info)
        return ctx.fail(info.errorString());
    storage::CampaignStore campaigns(*ctx.database());
    QJsonArray array;
    constexpr int Page = 5000;
    for (qint64 offset = 0;; offset += Page) {
        auto rows = campaigns.recipients(info->id, state, offset, Page);
        if (!rows)
            return ctx.fail(rows.errorString());
        for (const storage::LedgerRow &r : std::as_const(rows.value())) {
            if (ctx.json()) {
                array.append(QJsonObject{{u"email"_s, r.email},
                                         {u"state"_s, r.state},
                                         {u"skip_reason"_s, r.skipReason},
                                         {u"account"_s, r.account},
                                         {u"attempts"_s, r.attempts},
                                         {u"reply_code"_s, r.replyCode},
                                         {u"status"_s, r.enhancedStatus},
                                         {u"reply"_s, r.replyText},
                                         {u"message_id"_s, r.messageId}});
            } else {
                ctx.out() << r.email << '\t' << r.state << '\t'
                          << (r.skipReason.isEmpty() ? r.account : r.skipReason) << '\t' << r.replyCode
                          << '\t' << r.enhancedStatus << '\t' << r.replyText << '\n';
            }
        }
        if (rows->size() < Page)
            break;
    }
    if (ctx.json())
        ctx.printJson({{u"campaign"_s, info->name}, {u"recipients"_s, array}});
    ctx.out().flush();
    return ExitSuccess;
}

} // namespace

QList<Command> campaignCommands() {
    return {
        {{u"campaign"_s, u"create"_s},
         u"NAME --list L [--list L2 ...] --template T [--accounts A,B] [--from ADDR] [--bounce-domain D] "
         "[--domain-limit DOMAIN=N/min ...] [--max-rate N/s] [--at ISO-TIME] [--relay NAME | --no-relay] "
         "[--no-open-tracking] [--no-click-tracking] [--json]"_s,
         u"Create a campaign and its recipient ledger (suppressed and unsubscribed contacts are skipped)."_s,
         campaignCreate},
        {{u"campaign"_s, u"send"_s},
         u"NAME [--resend-unknown] [--json]"_s,
         u"Send in the foreground until every recipient is final or only deferred ones wait; "
         "Ctrl+C pauses cleanly; run again to resume."_s,
         campaignSend},
        {{u"campaign"_s, u"status"_s},
         u"NAME [--json]"_s,
         u"Counts by state, per account, the next retry."_s,
         campaignStatus},
        {{u"campaign"_s, u"pause"_s},
         u"NAME"_s,
         u"Pause (a running sender finishes its messages in flight)."_s,
         campaignControl},
        {{u"campaign"_s, u"resume"_s},
         u"NAME [--json]"_s,
         u"Resume: the running sender goes on, or it is sent here like “campaign send”."_s,
         campaignControl},
        {{u"campaign"_s, u"cancel"_s}, u"NAME"_s, u"Cancel: nobody else is sent to."_s, campaignControl},
        {{u"campaign"_s, u"list"_s}, u"[--json]"_s, u"Show the campaigns."_s, campaignList},
        {{u"campaign"_s, u"recipients"_s},
         u"NAME [--state S] [--json]"_s,
         u"The ledger rows."_s,
         campaignRecipients},
    };
}

} // namespace hivepost::cli
