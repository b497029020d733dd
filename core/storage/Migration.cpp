#include "storage/Migration.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hivepost::storage {

const QList<Migration> &builtinMigrations() {
    static const QList<Migration> migrations{
        {1,
         u"application settings"_s,
         {u"CREATE TABLE app_settings ("
          "  key   TEXT PRIMARY KEY NOT NULL,"
          "  value TEXT NOT NULL"
          ") WITHOUT ROWID"_s}},
        {2,
         u"contacts, lists, custom fields and suppression"_s,
         {
             // e-mail: trimmed, lower-cased, IDN domain in Unicode form (EmailAddress).
             // fields: the custom field values, a JSON object keyed by custom_fields.name.
             // Times are Unix seconds, UTC.
             u"CREATE TABLE contacts ("
             "  id         INTEGER PRIMARY KEY,"
             "  email      TEXT NOT NULL,"
             "  name       TEXT NOT NULL DEFAULT '',"
             "  first_name TEXT NOT NULL DEFAULT '',"
             "  last_name  TEXT NOT NULL DEFAULT '',"
             "  status     TEXT NOT NULL DEFAULT 'subscribed'"
             // Not "status IN (...)": SQLite builds a temporary index for an IN list on every
             // single-row INSERT, which doubled the cost of an import.
             "             CHECK (status = 'subscribed' OR status = 'unsubscribed' OR status = 'bounced'"
             "                    OR status = 'complained'),"
             "  fields     TEXT NOT NULL DEFAULT '{}',"
             "  created_at INTEGER NOT NULL,"
             "  updated_at INTEGER NOT NULL)"_s,
             u"CREATE UNIQUE INDEX contacts_email ON contacts (email)"_s,
             u"CREATE TABLE lists ("
             "  id         INTEGER PRIMARY KEY,"
             "  name       TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),"
             "  created_at INTEGER NOT NULL)"_s,
             u"CREATE TABLE list_members ("
             "  list_id    INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,"
             "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
             "  added_at   INTEGER NOT NULL,"
             "  PRIMARY KEY (list_id, contact_id)) WITHOUT ROWID"_s,
             u"CREATE INDEX list_members_contact ON list_members (contact_id)"_s,
             u"CREATE TABLE custom_fields ("
             "  id         INTEGER PRIMARY KEY,"
             "  name       TEXT NOT NULL UNIQUE,"
             "  type       TEXT NOT NULL DEFAULT 'text' CHECK (type IN ('text', 'number', 'date')),"
             "  created_at INTEGER NOT NULL)"_s,
             // pattern: a normalised address, or "@" and a domain for the whole domain.
             u"CREATE TABLE suppressions ("
             "  id         INTEGER PRIMARY KEY,"
             "  pattern    TEXT NOT NULL UNIQUE,"
             "  reason     TEXT NOT NULL DEFAULT '',"
             "  created_at INTEGER NOT NULL)"_s,
         }},
    };
    return migrations;
}

int latestVersion(const QList<Migration> &migrations) {
    int latest = 0;
    for (const Migration &m : migrations)
        latest = std::max(latest, m.version);
    return latest;
}

} // namespace hivepost::storage
