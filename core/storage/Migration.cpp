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
        {3,
         u"templates, their files, and DKIM keys"_s,
         {
             // text_generated: the text part is made from the HTML at save time.
             u"CREATE TABLE templates ("
             "  id             INTEGER PRIMARY KEY,"
             "  name           TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),"
             "  subject        TEXT NOT NULL,"
             "  html           TEXT NOT NULL DEFAULT '',"
             "  text           TEXT NOT NULL DEFAULT '',"
             "  text_generated INTEGER NOT NULL DEFAULT 1,"
             "  created_at     INTEGER NOT NULL,"
             "  updated_at     INTEGER NOT NULL)"_s,
             u"CREATE TABLE template_files ("
             "  id           INTEGER PRIMARY KEY,"
             "  template_id  INTEGER NOT NULL REFERENCES templates (id) ON DELETE CASCADE,"
             "  file_name    TEXT NOT NULL,"
             "  content_type TEXT NOT NULL,"
             "  content_id   TEXT NOT NULL DEFAULT '',"
             "  is_inline    INTEGER NOT NULL DEFAULT 0,"
             "  data         BLOB NOT NULL)"_s,
             u"CREATE INDEX template_files_template ON template_files (template_id)"_s,
             // One key per sending domain. The private key is PEM; it moves to the system keychain
             // with the secrets store.
             u"CREATE TABLE dkim_keys ("
             "  domain      TEXT PRIMARY KEY NOT NULL,"
             "  selector    TEXT NOT NULL,"
             "  algorithm   TEXT NOT NULL CHECK (algorithm = 'rsa-sha256' OR algorithm = 'ed25519-sha256'),"
             "  private_key TEXT NOT NULL,"
             "  created_at  INTEGER NOT NULL) WITHOUT ROWID"_s,
         }},
        {4,
         u"sending accounts"_s,
         {
             // No secret is stored here: secret_ref says where it is (env:VAR, file:PATH, keychain).
             u"CREATE TABLE accounts ("
             "  id                   INTEGER PRIMARY KEY,"
             "  name                 TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),"
             "  host                 TEXT NOT NULL,"
             "  port                 INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),"
             "  security             TEXT NOT NULL CHECK (security = 'tls' OR security = 'starttls' OR "
             "security = 'none'),"
             "  auth                 TEXT NOT NULL DEFAULT 'none',"
             "  user_name            TEXT NOT NULL DEFAULT '',"
             "  secret_ref           TEXT NOT NULL DEFAULT '',"
             "  from_addresses       TEXT NOT NULL DEFAULT '[]',"
             "  connections          INTEGER NOT NULL DEFAULT 2,"
             "  per_connection       INTEGER NOT NULL DEFAULT 100,"
             "  per_second           REAL NOT NULL DEFAULT 0,"
             "  per_minute           INTEGER NOT NULL DEFAULT 0,"
             "  per_hour             INTEGER NOT NULL DEFAULT 0,"
             "  per_day              INTEGER NOT NULL DEFAULT 0,"
             "  helo_name            TEXT NOT NULL DEFAULT '',"
             "  ca_pem               TEXT NOT NULL DEFAULT '',"
             "  pinned_sha256        TEXT NOT NULL DEFAULT '',"
             "  allow_plaintext_auth INTEGER NOT NULL DEFAULT 0,"
             "  last_test_at         INTEGER NOT NULL DEFAULT 0,"
             "  last_test_ok         INTEGER NOT NULL DEFAULT 0,"
             "  last_test_message    TEXT NOT NULL DEFAULT '',"
             "  created_at           INTEGER NOT NULL)"_s,
         }},
        {5,
         u"campaigns and the per-recipient ledger"_s,
         {
             u"CREATE TABLE campaigns ("
             "  id            INTEGER PRIMARY KEY,"
             "  name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),"
             "  template_name TEXT NOT NULL,"
             "  from_address  TEXT NOT NULL DEFAULT '',"
             "  bounce_domain TEXT NOT NULL DEFAULT '',"
             "  state         TEXT NOT NULL DEFAULT 'draft' CHECK (state = 'draft' OR state = 'scheduled' OR "
             "                state = 'running' OR state = 'paused' OR state = 'cancelled' OR state = "
             "'done'),"
             "  max_rate      REAL NOT NULL DEFAULT 0,"
             "  start_at      INTEGER NOT NULL DEFAULT 0,"
             "  created_at    INTEGER NOT NULL,"
             "  updated_at    INTEGER NOT NULL)"_s,
             u"CREATE TABLE campaign_lists ("
             "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
             "  list_id     INTEGER NOT NULL REFERENCES lists (id) ON DELETE RESTRICT,"
             "  PRIMARY KEY (campaign_id, list_id)) WITHOUT ROWID"_s,
             u"CREATE TABLE campaign_accounts ("
             "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
             "  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE RESTRICT,"
             "  PRIMARY KEY (campaign_id, account_id)) WITHOUT ROWID"_s,
             // One row per recipient and campaign. stage: 0 handed to a connection, 1 its final "."
             // written (a crash after that leaves the outcome unknown).
             u"CREATE TABLE recipients ("
             "  id              INTEGER PRIMARY KEY,"
             "  campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
             "  contact_id      INTEGER NOT NULL,"
             "  email           TEXT NOT NULL,"
             "  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR state = "
             "'sending' OR "
             "                  state = 'sent' OR state = 'failed' OR state = 'deferred' OR state = "
             "'skipped' OR "
             "                  state = 'unknown'),"
             "  skip_reason     TEXT NOT NULL DEFAULT '',"
             "  stage           INTEGER NOT NULL DEFAULT 0,"
             "  account_id      INTEGER,"
             "  attempts        INTEGER NOT NULL DEFAULT 0,"
             "  reply_code      INTEGER NOT NULL DEFAULT 0,"
             "  enhanced_status TEXT NOT NULL DEFAULT '',"
             "  reply_text      TEXT NOT NULL DEFAULT '',"
             "  message_id      TEXT NOT NULL DEFAULT '',"
             "  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
             "  updated_at      INTEGER NOT NULL DEFAULT 0,"
             "  UNIQUE (campaign_id, email))"_s,
             u"CREATE INDEX recipients_queue ON recipients (campaign_id, state, next_attempt_at)"_s,
         }},
        {6,
         u"campaign engine: domain limits, deferral start, send times"_s,
         {
             // domain_limits: {"qq.com": 20, ...} messages per minute to each recipient domain.
             u"ALTER TABLE campaigns ADD COLUMN domain_limits TEXT NOT NULL DEFAULT '{}'"_s,
             // Who is sending it now (host:pid) and when that process last said so (s), so that two
             // processes never send one campaign, and a crashed one does not block the next.
             u"ALTER TABLE campaigns ADD COLUMN runner TEXT NOT NULL DEFAULT ''"_s,
             u"ALTER TABLE campaigns ADD COLUMN runner_seen INTEGER NOT NULL DEFAULT 0"_s,
             // deferred_since: when the first transient failure happened (ms), for the give-up time.
             u"ALTER TABLE recipients ADD COLUMN deferred_since INTEGER NOT NULL DEFAULT 0"_s,
             // sent_at: when the server accepted it (ms); reply_ms: how long the transaction took.
             u"ALTER TABLE recipients ADD COLUMN sent_at INTEGER NOT NULL DEFAULT 0"_s,
             u"ALTER TABLE recipients ADD COLUMN reply_ms INTEGER NOT NULL DEFAULT 0"_s,
             // Hourly and daily budgets after a restart count what each account already sent.
             u"CREATE INDEX recipients_account_sent ON recipients (account_id, sent_at) WHERE state = 'sent'"_s,
         }},
        {7,
         u"bounces, complaints and what was done about them"_s,
         {
             // One row per bounced, complained or auto-replying recipient, from the SMTP conversation
             // ('smtp': a refusal in the ledger) or a returned e-mail ('mailbox', 'file').
             // action: what Hivepost did ('suppressed', 'unsubscribed', 'none'); previous_status and
             // suppressed let an undo put back exactly what was there. Times are Unix ms.
             u"CREATE TABLE bounces ("
             "  id              INTEGER PRIMARY KEY,"
             "  received_at     INTEGER NOT NULL,"
             "  source          TEXT NOT NULL,"
             "  email           TEXT NOT NULL,"
             "  campaign_id     INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,"
             "  recipient_id    INTEGER,"
             "  contact_id      INTEGER REFERENCES contacts(id) ON DELETE SET NULL,"
             "  kind            TEXT NOT NULL,"
             "  reason          TEXT NOT NULL,"
             "  hard            INTEGER NOT NULL DEFAULT 0,"
             "  status          TEXT NOT NULL DEFAULT '',"
             "  reply_code      INTEGER NOT NULL DEFAULT 0,"
             "  diagnostic      TEXT NOT NULL DEFAULT '',"
             "  feedback_type   TEXT NOT NULL DEFAULT '',"
             "  evidence        TEXT NOT NULL DEFAULT '',"
             "  action          TEXT NOT NULL DEFAULT 'none',"
             "  previous_status TEXT NOT NULL DEFAULT '',"
             "  suppressed      TEXT NOT NULL DEFAULT '',"
             "  undone_at       INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE INDEX bounces_email ON bounces (email, received_at)"_s,
             u"CREATE INDEX bounces_campaign ON bounces (campaign_id)"_s,
             // A refusal in the ledger becomes one bounce, once.
             u"CREATE UNIQUE INDEX bounces_smtp_recipient ON bounces (recipient_id) WHERE source = 'smtp'"_s,
         }},
        {8,
         u"bounce mailboxes"_s,
         {
             // A mailbox polled for bounces. secret_ref says where the password is (never the password);
             // uid_validity and last_uid: what was handled, so nothing is processed twice (IMAP).
             u"CREATE TABLE mailboxes ("
             "  id            INTEGER PRIMARY KEY,"
             "  name          TEXT NOT NULL UNIQUE,"
             "  protocol      TEXT NOT NULL CHECK (protocol = 'imap' OR protocol = 'pop3'),"
             "  host          TEXT NOT NULL,"
             "  port          INTEGER NOT NULL,"
             "  security      TEXT NOT NULL,"
             "  user          TEXT NOT NULL DEFAULT '',"
             "  secret_ref    TEXT NOT NULL DEFAULT '',"
             "  ca_file       TEXT NOT NULL DEFAULT '',"
             "  pinned_sha256 TEXT NOT NULL DEFAULT '',"
             "  folder        TEXT NOT NULL DEFAULT 'INBOX',"
             "  move_to       TEXT NOT NULL DEFAULT '',"
             "  allow_plaintext_auth INTEGER NOT NULL DEFAULT 0,"
             "  uid_validity  INTEGER NOT NULL DEFAULT 0,"
             "  last_uid      INTEGER NOT NULL DEFAULT 0,"
             "  last_poll_at  INTEGER NOT NULL DEFAULT 0,"
             "  last_result   TEXT NOT NULL DEFAULT '')"_s,
         }},
        {9,
         u"POP3 messages already handled"_s,
         {
             // POP3 has no folders to move to: the UIDLs handled are how nothing is processed twice.
             u"CREATE TABLE mailbox_seen ("
             "  mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
             "  uidl       TEXT NOT NULL,"
             "  PRIMARY KEY (mailbox_id, uidl)) WITHOUT ROWID"_s,
         }},
        {10,
         u"Find a returned message by its Message-ID"_s,
         {
             // A bounce that lost our VERP address and header still quotes the Message-ID.
             u"CREATE INDEX recipients_message_id ON recipients(message_id) WHERE message_id <> ''"_s,
         }},
        {11,
         u"SMTP-time refusals logged with their time in milliseconds"_s,
         {
             // Refusals taken from the ledger were logged with its seconds as milliseconds (shown as
             // January 1970, and outside every "last N days"); a millisecond time is never that small.
             u"UPDATE bounces SET received_at = received_at * 1000 WHERE source = 'smtp' AND "
             "received_at < 100000000000"_s,
         }},
        {12,
         u"hivepost-relay: open and click tracking, one-click unsubscribe, signups"_s,
         {
             // A relay this desktop sends for. Its admin key and signing keys are in the secret store
             // ("relay/NAME"), never here. last_event_id: the cursor of the event pull.
             u"CREATE TABLE relays ("
             "  id            INTEGER PRIMARY KEY,"
             "  name          TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),"
             "  url           TEXT NOT NULL,"
             "  key_env       TEXT NOT NULL DEFAULT '',"
             "  last_event_id INTEGER NOT NULL DEFAULT 0,"
             "  last_pull_at  INTEGER NOT NULL DEFAULT 0,"
             "  last_result   TEXT NOT NULL DEFAULT '',"
             "  created_at    INTEGER NOT NULL)"_s,
             u"ALTER TABLE campaigns ADD COLUMN relay_id INTEGER REFERENCES relays (id) ON DELETE SET NULL"_s,
             u"ALTER TABLE campaigns ADD COLUMN open_tracking INTEGER NOT NULL DEFAULT 1"_s,
             u"ALTER TABLE campaigns ADD COLUMN click_tracking INTEGER NOT NULL DEFAULT 1"_s,
             // The links of a campaign as the relay knows them (hidden: the scanner trap).
             u"CREATE TABLE campaign_links ("
             "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
             "  link_id     INTEGER NOT NULL,"
             "  url         TEXT NOT NULL,"
             "  hidden      INTEGER NOT NULL DEFAULT 0,"
             "  PRIMARY KEY (campaign_id, link_id)) WITHOUT ROWID"_s,
             // Events pulled from a relay, once each (relay_id, remote_id). at: Unix ms. flags: what
             // tells a machine from a person ("proxy", "scanner", "repeat"), comma-separated.
             u"CREATE TABLE tracking_events ("
             "  id           INTEGER PRIMARY KEY,"
             "  relay_id     INTEGER NOT NULL,"
             "  remote_id    INTEGER NOT NULL,"
             "  kind         TEXT NOT NULL,"
             "  at           INTEGER NOT NULL,"
             "  campaign_id  INTEGER NOT NULL DEFAULT 0,"
             "  recipient_id INTEGER NOT NULL DEFAULT 0,"
             "  contact_id   INTEGER NOT NULL DEFAULT 0,"
             "  link_id      INTEGER NOT NULL DEFAULT 0,"
             "  flags        TEXT NOT NULL DEFAULT '',"
             "  ip           TEXT NOT NULL DEFAULT '',"
             "  user_agent   TEXT NOT NULL DEFAULT '',"
             "  detail       TEXT NOT NULL DEFAULT '',"
             "  UNIQUE (relay_id, remote_id))"_s,
             u"CREATE INDEX tracking_events_campaign ON tracking_events (campaign_id, kind, recipient_id)"_s,
             u"CREATE INDEX tracking_events_contact ON tracking_events (contact_id, at)"_s,
             // Why a contact may be mailed: a confirmed signup (double opt-in) with its evidence.
             u"CREATE TABLE consents ("
             "  id          INTEGER PRIMARY KEY,"
             "  contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
             "  list_id     INTEGER REFERENCES lists (id) ON DELETE SET NULL,"
             "  source      TEXT NOT NULL,"
             "  ip          TEXT NOT NULL DEFAULT '',"
             "  form        TEXT NOT NULL DEFAULT '',"
             "  signed_up_at INTEGER NOT NULL DEFAULT 0,"
             "  confirmed_at INTEGER NOT NULL)"_s,
             u"CREATE INDEX consents_contact ON consents (contact_id)"_s,
         }},
        {13,
         u"signup confirmations the desktop mails for a relay without an SMTP account"_s,
         {
             // One row per signup_pending event the desktop is to mail; its address, list and link
             // are in the event's detail.
             u"CREATE TABLE signup_mails ("
             "  relay_id    INTEGER NOT NULL REFERENCES relays (id) ON DELETE CASCADE,"
             "  remote_id   INTEGER NOT NULL,"
             "  attempts    INTEGER NOT NULL DEFAULT 0,"
             "  next_at     INTEGER NOT NULL DEFAULT 0,"
             "  sent_at     INTEGER NOT NULL DEFAULT 0,"
             "  last_error  TEXT NOT NULL DEFAULT '',"
             "  PRIMARY KEY (relay_id, remote_id))"_s,
         }},
        {14,
         u"when a campaign's first and last messages went, without reading its ledger"_s,
         {
             // Only sent rows, each added once as it is sent (in time order: appended at the end);
             // min() and max() of sent_at are then one seek each instead of a scan.
             u"CREATE INDEX recipients_sent_at ON recipients (campaign_id, sent_at) WHERE state = 'sent'"_s,
         }},
    };
    return migrations;
}

const QList<Migration> &relayMigrations() {
    // The relay's own database: what it recorded, and what the desktop published to it. No
    // contact list: ids only, and the addresses of pending signups until the desktop has them.
    static const QList<Migration> migrations{
        {1,
         u"relay events, links, categories and signups"_s,
         {
             u"CREATE TABLE events ("
             "  id           INTEGER PRIMARY KEY,"
             "  kind         TEXT NOT NULL,"
             "  at           INTEGER NOT NULL,"
             "  campaign_id  INTEGER NOT NULL DEFAULT 0,"
             "  recipient_id INTEGER NOT NULL DEFAULT 0,"
             "  contact_id   INTEGER NOT NULL DEFAULT 0,"
             "  link_id      INTEGER NOT NULL DEFAULT 0,"
             "  flags        TEXT NOT NULL DEFAULT '',"
             "  ip           TEXT NOT NULL DEFAULT '',"
             "  user_agent   TEXT NOT NULL DEFAULT '',"
             "  detail       TEXT NOT NULL DEFAULT '')"_s,
             u"CREATE TABLE campaigns ("
             "  id          INTEGER PRIMARY KEY,"
             "  name        TEXT NOT NULL DEFAULT '',"
             "  sender_name TEXT NOT NULL DEFAULT '',"
             "  categories  TEXT NOT NULL DEFAULT '[]',"
             "  updated_at  INTEGER NOT NULL)"_s,
             u"CREATE TABLE links ("
             "  campaign_id INTEGER NOT NULL,"
             "  link_id     INTEGER NOT NULL,"
             "  url         TEXT NOT NULL,"
             "  hidden      INTEGER NOT NULL DEFAULT 0,"
             "  PRIMARY KEY (campaign_id, link_id)) WITHOUT ROWID"_s,
             // The categories (the desktop's lists) a contact may choose, and which of them offer a signup
             // form.
             u"CREATE TABLE categories ("
             "  id          INTEGER PRIMARY KEY,"
             "  name        TEXT NOT NULL,"
             "  signup      INTEGER NOT NULL DEFAULT 0)"_s,
             // What a contact chose in the preference centre (the latest per category).
             u"CREATE TABLE preferences ("
             "  contact_id  INTEGER NOT NULL,"
             "  category_id INTEGER NOT NULL,"
             "  subscribed  INTEGER NOT NULL,"
             "  updated_at  INTEGER NOT NULL,"
             "  PRIMARY KEY (contact_id, category_id)) WITHOUT ROWID"_s,
             u"CREATE TABLE unsubscribed ("
             "  contact_id  INTEGER PRIMARY KEY,"
             "  at          INTEGER NOT NULL)"_s,
             u"CREATE TABLE signups ("
             "  id           INTEGER PRIMARY KEY,"
             "  category_id  INTEGER NOT NULL,"
             "  email        TEXT NOT NULL,"
             "  name         TEXT NOT NULL DEFAULT '',"
             "  ip           TEXT NOT NULL DEFAULT '',"
             "  form         TEXT NOT NULL DEFAULT '',"
             "  created_at   INTEGER NOT NULL,"
             "  mailed_at    INTEGER NOT NULL DEFAULT 0,"
             "  confirmed_at INTEGER NOT NULL DEFAULT 0)"_s,
             u"CREATE INDEX signups_email ON signups (email, category_id)"_s,
             u"CREATE TABLE settings ("
             "  key   TEXT PRIMARY KEY NOT NULL,"
             "  value TEXT NOT NULL) WITHOUT ROWID"_s,
         }},
        {2,
         u"who mails a signup's confirmation, in which language, and why it failed"_s,
         {
             u"ALTER TABLE signups ADD COLUMN language TEXT NOT NULL DEFAULT ''"_s,
             // relay: the relay's own SMTP account; desktop: the desktop on its next pull
             u"ALTER TABLE signups ADD COLUMN mailer TEXT NOT NULL DEFAULT 'desktop'"_s,
             u"ALTER TABLE signups ADD COLUMN mail_error TEXT NOT NULL DEFAULT ''"_s,
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
