#include "storage/TemplateStore.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include "storage/Database.h"
#include "storage/SqlDialect.h"
#include "storage/SqlErrors.h"

using namespace Qt::StringLiterals;

namespace hivepost::storage {

namespace {

// A row of SELECT id, name, subject, html, text, text_generated, updated_at.
StoredTemplate templateFrom(const QSqlQuery &q) {
    StoredTemplate t;
    t.id = q.value(0).toLongLong();
    t.name = q.value(1).toString();
    t.subject = q.value(2).toString();
    t.html = q.value(3).toString();
    t.text = q.value(4).toString();
    t.textGenerated = q.value(5).toBool();
    t.updatedAt = q.value(6).toLongLong();
    return t;
}

} // namespace

TemplateStore::TemplateStore(Database &db)
    : m_db(db) {}

Result<qint64> TemplateStore::save(const StoredTemplate &t) {
    const QString name = t.name.trimmed();
    if (name.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A template needs a name."));
    QSqlDatabase conn = m_db.connection();
    if (!conn.transaction())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    const auto fail = [&conn](const QSqlQuery &q) {
        const QString text = storage::sqlErrorText(q.lastError());
        conn.rollback();
        return makeError(ErrorCode::Sql, tr("Cannot save the template: %1").arg(text));
    };
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QSqlQuery q(conn);
    q.prepare(
        u"INSERT INTO templates (name, subject, html, text, text_generated, created_at, updated_at) "
        "VALUES (?, coalesce(?, ''), coalesce(?, ''), coalesce(?, ''), ?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET subject = excluded.subject, html = excluded.html, "
        "text = excluded.text, text_generated = excluded.text_generated, updated_at = excluded.updated_at"_s);
    q.addBindValue(name);
    q.addBindValue(t.subject);
    q.addBindValue(t.html);
    q.addBindValue(t.text);
    q.addBindValue(t.textGenerated ? 1 : 0);
    q.addBindValue(now);
    q.addBindValue(now);
    if (!q.exec())
        return fail(q);
    q.prepare(u"SELECT id FROM templates WHERE name = ?"_s);
    q.addBindValue(name);
    if (!q.exec() || !q.next())
        return fail(q);
    const qint64 id = q.value(0).toLongLong();
    q.prepare(u"DELETE FROM template_files WHERE template_id = ?"_s);
    q.addBindValue(id);
    if (!q.exec())
        return fail(q);
    for (const TemplateFile &f : t.files) {
        q.prepare(
            u"INSERT INTO template_files (template_id, file_name, content_type, content_id, is_inline, data) "
            "VALUES (?, ?, ?, coalesce(?, ''), ?, ?)"_s);
        q.addBindValue(id);
        q.addBindValue(f.fileName);
        q.addBindValue(f.contentType);
        q.addBindValue(f.contentId);
        q.addBindValue(f.isInline ? 1 : 0);
        q.addBindValue(f.data);
        if (!q.exec())
            return fail(q);
    }
    if (!conn.commit())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(conn.lastError()));
    return id;
}

Result<QList<StoredTemplate>> TemplateStore::list() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT id, name, subject, html, text, text_generated, updated_at FROM templates "
                "ORDER BY name COLLATE NOCASE"_s))
        return makeError(ErrorCode::Sql,
                         tr("Cannot read the templates: %1").arg(storage::sqlErrorText(q.lastError())));
    QList<StoredTemplate> result;
    while (q.next())
        result.append(templateFrom(q));
    return result;
}

Result<StoredTemplate> TemplateStore::byName(const QString &name) const {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"SELECT id, name, subject, html, text, text_generated, updated_at FROM templates WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return makeError(ErrorCode::NotFound, tr("There is no template called “%1”.").arg(name));
    StoredTemplate t = templateFrom(q);
    q.prepare(u"SELECT file_name, content_type, content_id, is_inline, data FROM template_files "
              "WHERE template_id = ? ORDER BY id"_s);
    q.addBindValue(t.id);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    while (q.next())
        t.files.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                        q.value(3).toBool(), q.value(4).toByteArray()});
    return t;
}

Result<void> TemplateStore::remove(const QString &name) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"DELETE FROM templates WHERE name = ?"_s);
    q.addBindValue(name.trimmed());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (q.numRowsAffected() == 0)
        return makeError(ErrorCode::NotFound, tr("There is no template called “%1”.").arg(name));
    return {};
}

Result<QString> TemplateStore::setting(const QString &key) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT value FROM app_settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return q.next() ? q.value(0).toString() : QString();
}

Result<void> TemplateStore::setSetting(const QString &key, const QString &value) {
    QSqlQuery q(m_db.connection());
    q.prepare(u"INSERT INTO app_settings (key, value) VALUES (?, coalesce(?, '')) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    return {};
}

Result<QString> TemplateStore::unsubscribeSecret() {
    const QString key = u"unsubscribe/secret"_s;
    auto existing = setting(key);
    if (!existing || !existing->isEmpty())
        return existing;
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 8);
    const QString secret = QString::fromLatin1(random.toHex());
    if (auto r = setSetting(key, secret); !r)
        return r.error();
    return secret;
}

Result<void> TemplateStore::setDkimKey(const DkimKey &key) {
    QSqlQuery q(m_db.connection());
    q.prepare(
        u"INSERT INTO dkim_keys (domain, selector, algorithm, private_key, created_at) VALUES (?, ?, ?, ?, "
        u"?) "
        "ON CONFLICT (domain) DO UPDATE SET selector = excluded.selector, algorithm = excluded.algorithm, "
        "private_key = excluded.private_key, created_at = excluded.created_at"_s);
    q.addBindValue(key.domain.trimmed().toLower());
    q.addBindValue(key.selector.trimmed());
    q.addBindValue(key.algorithm);
    q.addBindValue(key.privateKeyPem.isEmpty() ? u""_s : QString::fromLatin1(key.privateKeyPem)); // not NULL
    q.addBindValue(QDateTime::currentSecsSinceEpoch());
    if (!q.exec())
        return makeError(ErrorCode::Sql,
                         tr("Cannot save the DKIM key: %1").arg(storage::sqlErrorText(q.lastError())));
    return {};
}

Result<QList<DkimKey>> TemplateStore::dkimKeysInDatabase() const {
    QSqlQuery q(m_db.connection());
    if (!q.exec(u"SELECT domain, selector, algorithm, private_key FROM dkim_keys WHERE private_key <> '' "
                "ORDER BY domain"_s))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    QList<DkimKey> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString().toLatin1()});
    return out;
}

Result<void> TemplateStore::forgetDkimPem(const QString &domain, const QByteArray &pem) {
    QSqlQuery q(m_db.connection());
    // Gone from the file, not only from the row: the freed bytes are zeroed (secure_delete) and the
    // WAL is written back and emptied, so no copy of the key is left in either file.
    if (!q.exec(SqlDialect::sqliteSecureDelete(true)))
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    q.prepare(u"UPDATE dkim_keys SET private_key = '' WHERE domain = ? AND private_key = ?"_s);
    q.addBindValue(domain.trimmed().toLower());
    q.addBindValue(QString::fromLatin1(pem));
    const bool updated = q.exec();
    const QSqlError error = q.lastError();
    (void)q.exec(SqlDialect::sqliteSecureDelete(false));
    if (!updated)
        return makeError(ErrorCode::Sql, storage::sqlErrorText(error));
    (void)q.exec(SqlDialect::sqliteCheckpointTruncate()); // best effort: a reader may hold the WAL
    return {};
}

Result<std::optional<DkimKey>> TemplateStore::dkimKey(const QString &domain) const {
    QSqlQuery q(m_db.connection());
    q.prepare(u"SELECT domain, selector, algorithm, private_key FROM dkim_keys WHERE domain = ?"_s);
    q.addBindValue(domain.trimmed().toLower());
    if (!q.exec())
        return makeError(ErrorCode::Sql, storage::sqlErrorText(q.lastError()));
    if (!q.next())
        return std::optional<DkimKey>();
    return std::optional<DkimKey>(DkimKey{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                                          q.value(3).toString().toLatin1()});
}

} // namespace hivepost::storage
