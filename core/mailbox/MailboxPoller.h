#pragma once

// MailboxPoller: polls one bounce mailbox (storage::MailboxStore) once: fetches what arrived since the
// last poll (ImapFetcher), logs and acts on each bounce, complaint, unsubscribe and auto-reply
// (bounce::BounceProcessor), moves bounces and complaints to the mailbox's move-to folder, never
// touches other mail, and remembers how far it read, also after a failure half way. Exactly one
// finished() per poll().

#include <QObject>
#include <QPointer>

#include "bounce/BounceProcessor.h"
#include "common/Result.h"

namespace hivepost::storage {
class Database;
}

namespace hivepost::mailbox {

class ImapFetcher;

struct PollReport {
    QString mailbox;
    bounce::ProcessSummary summary; // messages = fetched
    int moved = 0;
};

class MailboxPoller : public QObject {
    Q_OBJECT
public:
    MailboxPoller(storage::Database &db, QObject *parent = nullptr);
    void poll(const QString &mailboxName);

Q_SIGNALS:
    void finished(const hivepost::Result<hivepost::mailbox::PollReport> &report);

private:
    storage::Database &m_db;
    QPointer<ImapFetcher> m_fetcher;
};

} // namespace hivepost::mailbox
