#pragma once

// MailboxStore: the bounce mailboxes (table mailboxes) and how far each was read. The password is
// never here: secretRef says where it is (env:VAR, file:PATH). Use from the thread that opened the
// Database.

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct MailboxConfig {
    qint64 id = 0;
    QString name;
    QString protocol = QStringLiteral("imap");
    QString host;
    int port = 993;
    QString security = QStringLiteral("tls"); // tls, starttls, none
    QString user;
    QString secretRef;
    QString caFile;
    QString pinnedSha256; // hex
    QString folder = QStringLiteral("INBOX");
    QString moveTo;
    bool allowPlaintextAuth = false;
    quint32 uidValidity = 0;
    quint32 lastUid = 0;
    qint64 lastPollAt = 0; // Unix ms
    QString lastResult;
};

class MailboxStore {
    Q_DECLARE_TR_FUNCTIONS(MailboxStore)

public:
    explicit MailboxStore(Database &db);

    Result<qint64> add(const MailboxConfig &m); // a name that exists is an error
    Result<QList<MailboxConfig>> list() const;
    Result<MailboxConfig> byName(const QString &name) const;
    Result<bool> remove(const QString &name);
    Result<QSet<QString>> seenUidls(qint64 id) const; // POP3
    Result<bool> markSeen(qint64 id, const QString &uidl);
    Result<bool> recordPoll(qint64 id, quint32 uidValidity, quint32 lastUid, qint64 atMs,
                            const QString &result);

private:
    Database &m_db;
};

} // namespace hivepost::storage
