#include "storage/MailboxStore.h"

#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

const QString kColumns =
    u"id, name, protocol, host, port, security, user, secret_ref, ca_file, pinned_sha256, "
    "folder, move_to, allow_plaintext_auth, uid_validity, last_uid, last_poll_at, last_result"_s;

MailboxConfig configFrom(const QSqlQuery &q) {
    MailboxConfig m;
    int i = 0;
    m.id = q.value(i++).toLongLong();
    m.name = q.value(i++).toString();
    m.protocol = q.value(i++).toString();
    m.host = q.value(i++).toString();
    m.port = q.value(i++).toInt();
    m.security = q.value(i++).toString();
    m.user = q.value(i++).toString();
    m.secretRef = q.value(i++).toString();
    m.caFile = q.value(i++).toString();
    m.pinnedSha256 = q.value(i++).toString();
    m.folder = q.value(i++).toString();
    m.moveTo = q.value(i++).toString();
    m.allowPlaintextAuth = q.value(i++).toBool();
    m.uidValidity = q.value(i++).toUInt();
    m.lastUid = q.value(i++).toUInt();
    m.lastPollAt = q.value(i++).toLongLong();
    m.lastResult = q.value(i++).toString();
    return m;
}

QVariant text(const QString &s) {
    return QVariant(s.isNull() ? QString(u""_s) : s);
}

} // namespace

MailboxStore::MailboxStore(Database &db)
    : m_db(db) {}

Result<qint64> MailboxStore::add(const MailboxConfig &m) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO mailboxes (name, protocol, host, port, security, user, secret_ref, ca_file, "
        "pinned_sha256, folder, move_to, allow_plaintext_auth) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    for (const QVariant &v :
         {text(m.name), text(m.protocol), text(m.host), QVariant(m.port), text(m.security), text(m.user),
          text(m.secretRef), text(m.caFile), text(m.pinnedSha256), text(m.folder), text(m.moveTo),
          QVariant(m.allowPlaintextAuth)})
        q.addBindValue(v);
    if (!q.exec()) {
        if (q.lastError().nativeErrorCode() == u"2067"_s ||
            storage::sqlErrorText(q.lastError()).contains(u"UNIQUE"_s))
            return makeError(ErrorCode::Exists, tr("A mailbox named “%1” exists already.").arg(m.name));
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    }
    return q.lastInsertId().toLongLong();
}

Result<QList<MailboxConfig>> MailboxStore::list() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT %1 FROM mailboxes ORDER BY name"_s.arg(kColumns)))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<MailboxConfig> out;
    while (q.next())
        out << configFrom(q);
    return out;
}

Result<MailboxConfig> MailboxStore::byName(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT %1 FROM mailboxes WHERE name = ?"_s.arg(kColumns));
    q.addBindValue(name);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no mailbox named “%1”.").arg(name));
    return configFrom(q);
}

Result<bool> MailboxStore::remove(const QString &name) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM mailboxes WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

Result<QSet<QString>> MailboxStore::seenUidls(qint64 id) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT uidl FROM mailbox_seen WHERE mailbox_id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QSet<QString> out;
    while (q.next())
        out.insert(q.value(0).toString());
    return out;
}

Result<bool> MailboxStore::markSeen(qint64 id, const QString &uidl) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO mailbox_seen (mailbox_id, uidl) VALUES (?, ?) ON CONFLICT DO NOTHING"_s);
    q.addBindValue(id);
    q.addBindValue(uidl);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

Result<bool> MailboxStore::recordPoll(qint64 id, quint32 uidValidity, quint32 lastUid, qint64 atMs,
                                      const QString &result) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"UPDATE mailboxes SET uid_validity = ?, last_uid = ?, last_poll_at = ?, last_result = ? WHERE id = ?"_s);
    q.addBindValue(uidValidity);
    q.addBindValue(lastUid);
    q.addBindValue(atMs);
    q.addBindValue(text(result));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.numRowsAffected() > 0;
}

} // namespace hivepost::storage
