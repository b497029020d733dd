#pragma once

// MailboxPoller: polls one bounce mailbox (storage::MailboxStore) once: fetches what arrived since the
// last poll (ImapFetcher, or Pop3Fetcher by UIDL), logs and acts on each bounce, complaint, unsubscribe and
// auto-reply (bounce::BounceProcessor), moves bounces and complaints to the mailbox's move-to folder, never
// touches other mail, and remembers how far it read, also after a failure half way. Exactly one
// finished() per poll(). test() only logs in and counts the new messages (exactly one tested()).

#include <memory>

#include <QObject>
#include <QPointer>
#include <QStringList>

#include "bounce/BounceProcessor.h"
#include "common/Result.h"
#include "mailbox/MailConnection.h"

namespace hivepost::storage {
class Database;
struct MailboxConfig;
} // namespace hivepost::storage

namespace hivepost::mailbox {

class ImapFetcher;

struct PollReport {
    QString mailbox;
    bounce::ProcessSummary summary; // messages = fetched
    int moved = 0;
    QStringList errors; // what went wrong without stopping the poll
};

class MailboxPoller : public QObject {
    Q_OBJECT
public:
    MailboxPoller(storage::Database &db, QObject *parent = nullptr);
    void poll(const QString &mailboxName);
    // Connects, logs in, opens the folder and counts what a poll would read; reads, moves and
    // records nothing.
    void test(const QString &mailboxName);

    // The connection settings of a configured mailbox, its secret resolved.
    Result<MailboxSettings> settingsFor(const storage::MailboxConfig &c) const;

Q_SIGNALS:
    void finished(const hivepost::Result<hivepost::mailbox::PollReport> &report);
    void tested(const hivepost::Result<int> &newMessages);

private:
    void pollPop3(const storage::MailboxConfig &c, const MailboxSettings &s,
                  std::shared_ptr<PollReport> report, std::shared_ptr<bounce::BounceProcessor> processor);

    storage::Database &m_db;
    QPointer<ImapFetcher> m_fetcher;
};

} // namespace hivepost::mailbox
