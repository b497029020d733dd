#pragma once

// ContactStore: contacts, lists and custom fields for the CLI and the GUI: listing, paging through
// a million contacts without loading them, editing, deleting, list membership, CSV export.
// Use from the thread that opened the Database.

#include <QCoreApplication>
#include <QIODevice>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct ListInfo {
    qint64 id = 0;
    QString name;
    qint64 contacts = 0;
};

struct CustomField {
    QString name;
    QString type; // text, number, date
};

struct Contact {
    qint64 id = 0;
    QString email;
    QString name;
    QString firstName;
    QString lastName;
    QString status; // subscribed, unsubscribed, bounced, complained
    QJsonObject fields;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
};

struct ContactFilter {
    qint64 listId = 0; // 0: every contact
    QString search;    // part of the e-mail or a name
    QString status;    // empty: any
};

class ContactStore {
    Q_DECLARE_TR_FUNCTIONS(ContactStore)

public:
    explicit ContactStore(Database &db);

    static QStringList statuses();

    Result<QList<ListInfo>> lists() const;
    Result<qint64> listId(const QString &name) const; // NotFound if there is none
    Result<qint64> createList(const QString &name);
    Result<void> deleteList(qint64 listId); // the contacts stay
    Result<QList<CustomField>> customFields() const;

    Result<qint64> count(const ContactFilter &filter) const;
    // Contacts in id order: those after afterId (keyset, fast at any depth) when afterId > 0,
    // else from offset.
    Result<QList<Contact>> page(const ContactFilter &filter, qint64 afterId, qint64 offset, int limit) const;
    Result<Contact> contact(qint64 id) const;
    // Saves an edited contact; the e-mail is validated and must stay unique.
    Result<void> update(const Contact &contact);
    Result<int> remove(const QList<qint64> &ids);
    Result<int> addToList(const QList<qint64> &ids, qint64 listId);
    Result<int> removeFromList(const QList<qint64> &ids, qint64 listId);

    // Writes the filtered contacts as UTF-8 CSV with a header row: the standard fields, every
    // custom field, then the times.
    Result<qint64> exportCsv(const ContactFilter &filter, QIODevice *out, bool withBom = false) const;

private:
    Database &m_db;
};

} // namespace hivepost::storage
