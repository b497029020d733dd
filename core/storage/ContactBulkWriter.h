#pragma once

// ContactBulkWriter: the import's hot path into SQLite. One prepared statement per step on the
// sqlite3 C API, rows handed over as UTF-8 views, the caller choosing the transaction boundaries.
// Never touches a contact's status: re-importing never re-subscribes anyone.
// Use from the thread that opened the Database.

#include <cstdint>
#include <string_view>

#include <QCoreApplication>
#include <QString>

#include "common/Result.h"
#include "storage/SqliteStatement.h"

namespace hivepost::storage {

class Database;

struct ContactRow {
    std::string_view email; // normalised (EmailAddress)
    std::string_view name;
    std::string_view firstName;
    std::string_view lastName;
    std::string_view fieldsJson; // a JSON object of non-empty custom values, "{}" if none
};

class ContactBulkWriter {
    Q_DECLARE_TR_FUNCTIONS(ContactBulkWriter)

public:
    enum class Outcome { Updated, Unchanged, Failed };

    explicit ContactBulkWriter(Database &db);
    ~ContactBulkWriter();
    ContactBulkWriter(const ContactBulkWriter &) = delete;
    ContactBulkWriter &operator=(const ContactBulkWriter &) = delete;

    // Prepares the statements and tunes the connection for bulk work (restored on destruction).
    Result<void> prepare();
    Result<void> begin();
    Result<void> commit();
    void rollback();

    // The list's id, created if missing (inside the current transaction).
    Result<qint64> ensureList(const QString &name);
    // Declares a custom field if it is new; returns the type it has (an existing one keeps its type).
    Result<QString> ensureCustomField(const QString &name, const QString &type);

    // Sets the type of a custom field (after an import found all its values numbers or dates).
    Result<void> setCustomFieldType(const QString &name, const QString &type);

    // Inserts a new contact. Returns its id, or, when the address is already stored, the
    // existing contact's id with inserted false. New contacts join listId when flushed.
    struct Insert {
        bool ok = true;
        bool inserted = false;
        qint64 id = 0;
    };
    Insert insert(const ContactRow &row);

    // Merges row into the existing contact id: with overwrite, non-empty values replace the stored
    // ones; without, they only fill what is empty. Adds it to listId (if > 0). Updated means a
    // value changed or the contact joined the list.
    Outcome merge(qint64 id, const ContactRow &row, qint64 listId, bool overwrite);

    // Adds the contacts inserted since the last flush to listId, in one statement. Call before
    // every commit.
    Result<void> flushNewMembers(qint64 listId);

    QString lastError() const { return m_error; }

private:
    Database &m_db;
    sqlite3 *m_handle = nullptr;
    SqliteStatement m_insert;
    SqliteStatement m_findId;
    SqliteStatement m_addNewMembers;
    SqliteStatement m_updateKeep;
    SqliteStatement m_updateOverwrite;
    SqliteStatement m_addMember;
    qint64 m_firstNewId = 0; // the contacts inserted since the last flush: ids in [first, last]
    qint64 m_lastNewId = 0;
    std::int64_t m_now = 0;
    bool m_tuned = false;
    QString m_error;
};

} // namespace hivepost::storage
