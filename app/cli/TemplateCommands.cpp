#include "TemplateCommands.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeDatabase>

#include "campaign/CampaignMessages.h"
#include "campaign/TestSend.h"
#include "common/EmailAddress.h"
#include "mime/DkimSigner.h"
#include "storage/ContactStore.h"
#include "storage/TemplateStore.h"
#include "storage/TrackingStore.h"
#include "template/MessageComposer.h"
#include "template/StarterTemplates.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

Result<QString> readText(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, u"cannot read %1: %2"_s.arg(path, f.errorString()));
    return QString::fromUtf8(f.readAll());
}

int templateAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self,
        {{u"subject"_s, u"The subject line (merge fields allowed)."_s, u"S"_s},
         {u"html"_s, u"The HTML part."_s, u"FILE"_s},
         {u"text"_s, u"The plain-text part (default: made from the HTML)."_s, u"FILE"_s},
         {u"attach"_s, u"A file to attach; referenced as cid:NAME in the HTML it is inline."_s, u"FILE"_s},
         {u"starter"_s, u"Begin from a starter template (see template starters)."_s, u"ID"_s},
         {u"lang"_s, u"The starter's language: en or zh_CN (default en)."_s, u"CODE"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::StoredTemplate t;
    t.name = line.positional().constFirst();
    if (line.isSet(u"starter"_s)) {
        const QList<templating::StarterTemplate> starters =
            templating::starterTemplates(line.value(u"lang"_s));
        const auto it =
            std::find_if(starters.begin(), starters.end(), [&](const templating::StarterTemplate &s) {
                return s.id == line.value(u"starter"_s);
            });
        if (it == starters.end())
            return ctx.usageError(
                u"template add: no starter \"%1\" (see template starters)"_s.arg(line.value(u"starter"_s)));
        t.subject = it->subject;
        t.html = it->html;
    } else if (!line.isSet(u"subject"_s) || (!line.isSet(u"html"_s) && !line.isSet(u"text"_s))) {
        return ctx.usageError(
            u"template add: --subject and --html (or --text), or --starter, are required"_s);
    }
    if (line.isSet(u"subject"_s))
        t.subject = line.value(u"subject"_s);
    if (line.isSet(u"html"_s)) {
        auto html = readText(line.value(u"html"_s));
        if (!html)
            return ctx.fail(html.errorString());
        t.html = html.value();
    }
    if (line.isSet(u"text"_s)) {
        auto text = readText(line.value(u"text"_s));
        if (!text)
            return ctx.fail(text.errorString());
        t.text = text.value();
        t.textGenerated = false;
    }
    QMimeDatabase mimeTypes;
    for (const QString &path : line.values(u"attach"_s)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return ctx.fail(u"cannot read %1: %2"_s.arg(path, f.errorString()));
        const QString name = QFileInfo(path).fileName();
        const bool isInline = t.html.contains(u"cid:"_s + name);
        t.files.append({name, mimeTypes.mimeTypeForFile(path).name(), isInline ? name : QString(), isInline,
                        f.readAll()});
    }
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const templating::TemplateContent content = campaign::CampaignMessages::contentOf(t);
    const QList<templating::TemplateIssue> issues =
        templating::MessageComposer::check(content, campaign::CampaignMessages::customFieldNames(*db));
    QStringList errors;
    for (const templating::TemplateIssue &i : issues) {
        if (i.warning)
            ctx.err() << "warning: " << i.message << '\n';
        else
            errors << i.message;
    }
    ctx.err().flush();
    if (!errors.isEmpty())
        return ctx.fail(errors.join(u"; "_s));
    auto id = storage::TemplateStore(*db).save(t);
    if (!id)
        return ctx.fail(id.errorString());
    if (ctx.json()) {
        ctx.printJson({{u"name"_s, t.name}, {u"id"_s, id.value()}, {u"files"_s, t.files.size()}});
    } else {
        ctx.out() << "Saved template \"" << t.name << "\"\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int templateStarters(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    const QList<templating::StarterTemplate> starters = templating::allStarterTemplates();
    if (ctx.json()) {
        QJsonArray list;
        for (const templating::StarterTemplate &t : starters)
            list.append(QJsonObject{{u"id"_s, t.id},
                                    {u"language"_s, t.language},
                                    {u"name"_s, t.name},
                                    {u"subject"_s, t.subject}});
        ctx.printJson({{u"starters"_s, list}});
        return ExitSuccess;
    }
    for (const templating::StarterTemplate &t : starters)
        ctx.out() << qSetFieldWidth(14) << Qt::left << t.id << qSetFieldWidth(7) << t.language
                  << qSetFieldWidth(0) << t.name << '\n';
    ctx.out().flush();
    return ExitSuccess;
}

int templateList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto list = storage::TemplateStore(*db).list();
    if (!list)
        return ctx.fail(list.errorString());
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::StoredTemplate &t : std::as_const(list.value()))
            array.append(
                QJsonObject{{u"name"_s, t.name}, {u"subject"_s, t.subject}, {u"updated_at"_s, t.updatedAt}});
        ctx.printJson({{u"templates"_s, array}});
    } else {
        for (const storage::StoredTemplate &t : std::as_const(list.value()))
            ctx.out() << t.name << "  (" << t.subject << ")\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int senderSet(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self,
        {{u"from"_s, u"\"Display Name <address@domain>\"."_s, u"FROM"_s},
         {u"reply-to"_s, u"Where replies go."_s, u"ADDR"_s},
         {u"unsubscribe-url"_s, u"https URL with {{token}} for one-click unsubscribe."_s, u"URL"_s},
         {u"unsubscribe-mailto"_s, u"An address that unsubscribes whoever writes to it."_s, u"ADDR"_s},
         {u"list-id"_s, u"List-Id header, e.g. \"News <news.example.com>\"."_s, u"ID"_s},
         {u"feedback-id"_s, u"Feedback-ID header."_s, u"ID"_s},
         {u"relay"_s, u"The hivepost-relay that tracks new campaigns by default (\"none\": no default)."_s,
          u"NAME"_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    storage::TemplateStore store(*db);
    if (line.isSet(u"from"_s)) {
        const EmailAddress::Mailbox from = EmailAddress::parseMailbox(line.value(u"from"_s));
        if (from.address.isEmpty())
            return ctx.fail(u"--from: “%1” has no valid address"_s.arg(line.value(u"from"_s)));
        (void)store.setSetting(u"sender/from_name"_s, from.name);
        (void)store.setSetting(u"sender/from_address"_s, from.address);
    }
    if (line.isSet(u"relay"_s)) {
        const QString relay = line.value(u"relay"_s).trimmed();
        if (relay.compare(u"none"_s, Qt::CaseInsensitive) != 0) {
            auto known = storage::TrackingStore(*db).relay(relay);
            if (!known)
                return ctx.fail(known.errorString());
        }
        if (auto r = store.setSetting(u"sender/relay"_s,
                                      relay.compare(u"none"_s, Qt::CaseInsensitive) == 0 ? QString() : relay);
            !r)
            return ctx.fail(r.errorString());
    }
    if (line.isSet(u"unsubscribe-url"_s)) {
        const QString url = line.value(u"unsubscribe-url"_s);
        if (!url.startsWith(u"https://"_s) || !url.contains(u"{{token}}"_s))
            return ctx.fail(u"--unsubscribe-url must be an https URL containing {{token}}"_s);
    }
    const std::pair<const char16_t *, const char16_t *> keys[] = {
        {u"reply-to", u"sender/reply_to"},
        {u"unsubscribe-url", u"sender/unsubscribe_url"},
        {u"unsubscribe-mailto", u"sender/unsubscribe_mailto"},
        {u"list-id", u"sender/list_id"},
        {u"feedback-id", u"sender/feedback_id"}};
    for (const auto &[option, key] : keys) {
        if (line.isSet(QString::fromUtf16(option))) {
            if (auto r = store.setSetting(QString::fromUtf16(key), line.value(QString::fromUtf16(option)));
                !r)
                return ctx.fail(r.errorString());
        }
    }
    if (ctx.json())
        ctx.printJson({{u"saved"_s, true}});
    return ExitSuccess;
}

int dkimStore(CliContext &ctx, const QString &domain, const QString &selector, const QByteArray &pem,
              bool printTxt) {
    auto signer = mime::DkimSigner::fromPem(domain, selector, pem);
    if (!signer)
        return ctx.fail(signer.errorString());
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const QString algorithm =
        signer->algorithm() == mime::DkimSigner::Algorithm::RsaSha256 ? u"rsa-sha256"_s : u"ed25519-sha256"_s;
    const QString normalizedDomain = EmailAddress::domainOf(EmailAddress::normalized(u"x@"_s + domain));
    if (normalizedDomain.isEmpty())
        return ctx.fail(u"“%1” is not a domain"_s.arg(domain));
    // The private key goes to the secret store; the database keeps the domain, selector and algorithm.
    if (auto r = ctx.storeDkimKey({normalizedDomain, selector, algorithm, pem}); !r)
        return ctx.fail(r.errorString());
    auto txt = mime::DkimSigner::dnsTxtRecord(pem);
    if (!txt)
        return ctx.fail(txt.errorString());
    const QString recordName = selector + u"._domainkey."_s + normalizedDomain;
    if (ctx.json()) {
        ctx.printJson({{u"domain"_s, normalizedDomain},
                       {u"selector"_s, selector},
                       {u"algorithm"_s, algorithm},
                       {u"dns_name"_s, recordName},
                       {u"dns_txt"_s, QString::fromLatin1(txt.value())}});
    } else if (printTxt) {
        ctx.out() << "Publish this TXT record, then send:\n"
                  << recordName << ". IN TXT \"" << txt.value() << "\"\n";
        ctx.out().flush();
    } else {
        ctx.out() << "DKIM key for " << normalizedDomain << " (" << algorithm << ", selector " << selector
                  << ") saved\n";
        ctx.out().flush();
    }
    return ExitSuccess;
}

int dkimAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"selector"_s, u"The DKIM selector."_s, u"SEL"_s},
                            {u"key"_s, u"The private key (PEM, RSA or Ed25519)."_s, u"FILE"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    if (!line.isSet(u"selector"_s) || !line.isSet(u"key"_s))
        return ctx.usageError(u"dkim add: --selector and --key are required"_s);
    QFile f(line.value(u"key"_s));
    if (!f.open(QIODevice::ReadOnly))
        return ctx.fail(u"cannot read %1: %2"_s.arg(f.fileName(), f.errorString()));
    return dkimStore(ctx, line.positional().constFirst(), line.value(u"selector"_s), f.readAll(), false);
}

int dkimGenerate(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"selector"_s, u"The DKIM selector."_s, u"SEL"_s},
                            {u"ed25519"_s, u"An Ed25519 key (RFC 8463) instead of RSA 2048."_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    if (!line.isSet(u"selector"_s))
        return ctx.usageError(u"dkim generate: --selector is required"_s);
    auto pair =
        mime::DkimSigner::generate(line.isSet(u"ed25519"_s) ? mime::DkimSigner::Algorithm::Ed25519Sha256
                                                            : mime::DkimSigner::Algorithm::RsaSha256);
    if (!pair)
        return ctx.fail(pair.errorString());
    return dkimStore(ctx, line.positional().constFirst(), line.value(u"selector"_s), pair->privateKeyPem,
                     true);
}

int render(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"template"_s, u"The template."_s, u"NAME"_s},
                            {u"contact"_s, u"The contact's e-mail address."_s, u"EMAIL"_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    if (!line.isSet(u"template"_s) || !line.isSet(u"contact"_s))
        return ctx.usageError(u"render: --template and --contact are required"_s);
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto dkim = ctx.dkimPem(campaign::CampaignMessages::signingDomain(*db));
    if (!dkim)
        return ctx.fail(dkim.errorString());
    auto message = campaign::TestSend::compose(*db, line.value(u"template"_s), line.value(u"contact"_s),
                                               false, nullptr, {}, {}, dkim.value());
    if (!message)
        return ctx.fail(message.errorString());
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ctx.fail(u"cannot write to standard output"_s);
    out.write(message.value());
    out.flush();
    return ExitSuccess;
}

} // namespace

QList<Command> templateCommands() {
    return {
        {{u"template"_s, u"starters"_s},
         u"[--json]"_s,
         u"The starter templates (newsletter, promotion, announcement) in English and Chinese."_s,
         templateStarters},
        {{u"template"_s, u"add"_s},
         u"NAME (--subject S --html FILE [--text FILE] | --starter ID [--lang en|zh_CN] [--subject S]) [--attach FILE ...] [--json]"_s,
         u"Save a template (replacing one of the same name); unknown merge fields are errors."_s,
         templateAdd},
        {{u"template"_s, u"list"_s}, u"[--json]"_s, u"Show the templates."_s, templateList},
        {{u"sender"_s, u"set"_s},
         u"--from \"Name <addr@domain>\" [--reply-to A] [--unsubscribe-url URL] [--unsubscribe-mailto A] "
         "[--list-id ID] [--feedback-id ID] [--relay NAME|none]"_s,
         u"Set who the messages come from and their list headers."_s,
         senderSet},
        {{u"dkim"_s, u"add"_s},
         u"DOMAIN --selector SEL --key PRIVATE.pem [--json]"_s,
         u"Sign mail from DOMAIN with this key."_s,
         dkimAdd},
        {{u"dkim"_s, u"generate"_s},
         u"DOMAIN --selector SEL [--ed25519] [--json]"_s,
         u"Make a key for DOMAIN, keep it, and print the DNS TXT record to publish."_s,
         dkimGenerate},
        {{u"render"_s},
         u"--template NAME --contact EMAIL"_s,
         u"Print the exact message that contact would get (signed when the domain has a DKIM key)."_s,
         render},
    };
}

} // namespace hivepost::cli
