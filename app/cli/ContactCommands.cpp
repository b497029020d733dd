#include "ContactCommands.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include "common/EmailAddress.h"
#include "import/ContactImporter.h"
#include "import/CsvFile.h"
#include "import/SuppressionImporter.h"
#include "storage/ContactStore.h"
#include "storage/SuppressionStore.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::cli {

namespace {

int importContacts(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(
        self, {
                  {u"list"_s, u"The list to add the contacts to (created if new)."_s, u"NAME"_s},
                  {u"encoding"_s, u"auto, utf-8, gb18030 or utf-16 (default: auto)."_s, u"ENC"_s},
                  {u"delimiter"_s, u"auto, \",\", \";\", tab or \"|\" (default: auto)."_s, u"D"_s},
                  {u"map"_s, u"Map a column to a field: COLUMN=FIELD (repeatable)."_s, u"COLUMN=FIELD"_s},
                  {u"update"_s, u"Overwrite stored fields of existing contacts."_s},
                  {u"no-atomic"_s, u"On a fatal error keep the rows before it."_s},
                  {u"rejected"_s, u"Write invalid and duplicate rows to FILE as CSV."_s, u"FILE"_s},
              });
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    import::ImportOptions options;
    options.path = line.positional().constFirst();
    options.listName = line.value(u"list"_s).trimmed();
    if (options.listName.isEmpty())
        return ctx.usageError(u"import: --list NAME is required"_s);
    const auto encoding = import::parseEncoding(line.value(u"encoding"_s));
    if (!encoding)
        return ctx.usageError(u"import: unknown encoding “%1”"_s.arg(line.value(u"encoding"_s)));
    options.encoding = *encoding;
    const int delimiter = import::CsvFile::parseDelimiter(line.value(u"delimiter"_s));
    if (delimiter < 0)
        return ctx.usageError(u"import: unknown delimiter “%1”"_s.arg(line.value(u"delimiter"_s)));
    options.delimiter = char(delimiter);
    options.mappings = line.values(u"map"_s);
    options.update = line.isSet(u"update"_s);
    options.atomic = !line.isSet(u"no-atomic"_s);
    options.rejectedPath = line.value(u"rejected"_s);

    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const import::ImportReport report = import::ContactImporter(*db).run(options);
    const bool ok = report.outcome == import::ImportReport::Outcome::Completed;
    if (ctx.json()) {
        ctx.printJson(report.toJson());
    } else {
        QTextStream &out = ctx.out();
        out << (ok ? "Imported " : "Import failed: ") << options.path << " into list \"" << options.listName
            << "\" (encoding " << import::encodingName(report.encoding) << ", delimiter "
            << import::CsvFile::delimiterName(report.delimiter) << ")\n";
        const std::pair<const char *, qint64> counts[] = {{"rows", report.rows},
                                                          {"imported", report.imported},
                                                          {"updated", report.updated},
                                                          {"unchanged", report.unchanged},
                                                          {"duplicates", report.duplicates},
                                                          {"invalid", report.invalid},
                                                          {"suppressed", report.suppressed}};
        for (const auto &[name, value] : counts)
            out << "  " << qSetFieldWidth(12) << Qt::left << name << qSetFieldWidth(0) << value << '\n';
        if (!report.errors.isEmpty()) {
            out << "Errors (" << report.errorCount << "):\n";
            for (const import::ImportIssue &e : report.errors)
                out << "  " << e.reason << '\n';
        }
        if (!report.warnings.isEmpty()) {
            out << "Warnings (" << report.warningCount << "):\n";
            for (const import::ImportIssue &w : report.warnings)
                out << "  " << w.reason << '\n';
        }
        if (!ok)
            out << (report.committed ? "The rows before the error were saved.\n" : "Nothing was saved.\n");
        out.flush();
    }
    if (!ok) // the report above is the one JSON object
        return ctx.failAfterResult(report.fatal ? report.fatal->reason : u"import failed"_s);
    return ExitSuccess;
}

int listLists(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto lists = storage::ContactStore(*db).lists();
    if (!lists)
        return ctx.fail(lists.errorString());
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::ListInfo &l : std::as_const(lists.value()))
            array.append(QJsonObject{{u"name"_s, l.name}, {u"contacts"_s, l.contacts}});
        ctx.printJson({{u"lists"_s, array}});
    } else {
        for (const storage::ListInfo &l : std::as_const(lists.value()))
            ctx.out() << qSetFieldWidth(10) << Qt::right << l.contacts << qSetFieldWidth(0) << "  " << l.name
                      << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int exportContacts(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"list"_s, u"The list to export (default: every contact)."_s, u"NAME"_s},
                            {u"bom"_s, u"Start with a UTF-8 byte order mark (for Excel)."_s}});
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    storage::ContactStore store(*db);
    storage::ContactFilter filter;
    if (line.isSet(u"list"_s)) {
        auto id = store.listId(line.value(u"list"_s));
        if (!id)
            return ctx.fail(id.errorString());
        filter.listId = id.value();
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ctx.fail(u"cannot write to standard output"_s);
    ctx.out().flush();
    auto rows = store.exportCsv(filter, &out, line.isSet(u"bom"_s));
    out.flush();
    if (!rows)
        return ctx.fail(rows.errorString());
    return ExitSuccess;
}

int suppressAdd(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"reason"_s, u"Why it is suppressed."_s, u"R"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto added = storage::SuppressionStore(*db).add(line.positional().constFirst(), line.value(u"reason"_s));
    if (!added)
        return ctx.fail(added.errorString());
    const QString pattern =
        storage::SuppressionStore::normalizePattern(line.positional().constFirst()).value();
    if (ctx.json()) {
        ctx.printJson({{u"pattern"_s, pattern}, {u"added"_s, added.value()}});
    } else {
        ctx.out() << (added.value() ? "Suppressed " : "Already suppressed: ") << pattern << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int suppressList(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 0, 0))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto list = storage::SuppressionStore(*db).list();
    if (!list)
        return ctx.fail(list.errorString());
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::Suppression &s : std::as_const(list.value()))
            array.append(QJsonObject{
                {u"pattern"_s, s.pattern}, {u"reason"_s, s.reason}, {u"created_at"_s, s.createdAt}});
        ctx.printJson({{u"suppressions"_s, array}});
    } else {
        for (const storage::Suppression &s : std::as_const(list.value()))
            ctx.out() << s.pattern << (s.reason.isEmpty() ? QString() : u"  ("_s + s.reason + u")"_s) << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int suppressImport(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self, {{u"reason"_s, u"Why they are suppressed."_s, u"R"_s}});
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    auto report =
        import::SuppressionImporter::run(*db, line.positional().constFirst(), line.value(u"reason"_s));
    if (!report)
        return ctx.fail(report.errorString());
    const import::SuppressionImportReport &r = report.value();
    if (ctx.json()) {
        QJsonArray errors;
        for (const import::ImportIssue &e : r.errors)
            errors.append(QJsonObject{{u"line"_s, e.line}, {u"reason"_s, e.reason}});
        ctx.printJson({{u"rows"_s, r.rows},
                       {u"added"_s, r.added},
                       {u"existing"_s, r.existing},
                       {u"invalid"_s, r.invalid},
                       {u"errors"_s, errors}});
    } else {
        ctx.out() << "rows " << r.rows << ", added " << r.added << ", already there " << r.existing
                  << ", invalid " << r.invalid << '\n';
        for (const import::ImportIssue &e : r.errors)
            ctx.out() << "  " << e.reason << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

int contactHistory(const Command &self, CliContext &ctx, const QStringList &args) {
    CommandLine line(self);
    if (auto exit = line.parse(ctx, args, 1, 1))
        return *exit;
    storage::Database *db = ctx.database();
    if (!db)
        return ExitFailure;
    const QString email = EmailAddress::normalized(line.positional().constFirst());
    storage::ContactFilter filter;
    filter.search = email;
    auto found = storage::ContactStore(*db).page(filter, 0, 0, 50);
    if (!found)
        return ctx.fail(found.errorString());
    qint64 id = 0;
    for (const storage::Contact &c : std::as_const(found.value()))
        if (c.email.compare(email, Qt::CaseInsensitive) == 0)
            id = c.id;
    if (id == 0)
        return ctx.fail(u"There is no contact “%1”."_s.arg(line.positional().constFirst()));
    auto events = storage::TrackingStore(*db).timeline(id);
    if (!events)
        return ctx.fail(events.errorString());
    const auto when = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toUTC().toString(Qt::ISODateWithMs);
    };
    if (ctx.json()) {
        QJsonArray array;
        for (const storage::ContactEvent &e : std::as_const(events.value())) {
            QJsonObject o{{u"kind"_s, e.kind}, {u"at"_s, when(e.at)}, {u"campaign"_s, e.campaign}};
            if (!e.flags.isEmpty())
                o.insert(e.kind == u"bounced"_s ? u"reason"_s : u"flags"_s, e.flags);
            if (!e.url.isEmpty())
                o.insert(u"url"_s, e.url);
            array.append(o);
        }
        ctx.printJson({{u"email"_s, email}, {u"events"_s, array}});
    } else {
        for (const storage::ContactEvent &e : std::as_const(events.value()))
            ctx.out() << when(e.at) << "  " << e.kind << "  " << e.campaign
                      << (e.url.isEmpty() ? QString() : u"  "_s + e.url)
                      << (e.flags.isEmpty() ? QString() : u"  ("_s + e.flags + u")"_s) << '\n';
        ctx.out().flush();
    }
    return ExitSuccess;
}

} // namespace

QList<Command> contactCommands() {
    return {
        {{u"import"_s},
         u"FILE --list NAME [--encoding E] [--delimiter D] [--map COL=FIELD]... [--update] [--no-atomic] [--json]"_s,
         u"Import contacts from a CSV file into a list."_s,
         importContacts},
        {{u"lists"_s}, u"[--json]"_s, u"Show the lists and how many contacts each has."_s, listLists},
        {{u"contacts"_s, u"export"_s},
         u"[--list NAME] [--bom]"_s,
         u"Write contacts as UTF-8 CSV to standard output."_s,
         exportContacts},
        {{u"contacts"_s, u"history"_s},
         u"EMAIL [--json]"_s,
         u"What happened to a contact: sent, bounced, opened, clicked, unsubscribed."_s,
         contactHistory},
        {{u"suppress"_s, u"add"_s},
         u"ADDRESS|@DOMAIN [--reason R] [--json]"_s,
         u"Never mail this address or domain."_s,
         suppressAdd},
        {{u"suppress"_s, u"list"_s}, u"[--json]"_s, u"Show the suppression list."_s, suppressList},
        {{u"suppress"_s, u"import"_s},
         u"FILE [--reason R] [--json]"_s,
         u"Suppress every address or @domain in a file."_s,
         suppressImport},
    };
}

} // namespace hivepost::cli
