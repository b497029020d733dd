#include "mailbox/MailboxPoller.h"

#include <memory>

#include <QDateTime>
#include <QFile>
#include <QTimer>

#include "mailbox/ImapFetcher.h"
#include "mailbox/Pop3Fetcher.h"
#include "secrets/SecretRef.h"
#include "storage/Database.h"
#include "storage/MailboxStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::mailbox {

MailboxPoller::MailboxPoller(storage::Database &db, QObject *parent)
    : QObject(parent)
    , m_db(db) {}

void MailboxPoller::poll(const QString &mailboxName) {
    const auto failLater = [this](const QString &why) {
        // Still asynchronous: the caller connects after poll() returns.
        QTimer::singleShot(0, this,
                           [this, why] { Q_EMIT finished(makeError(ErrorCode::InvalidInput, why)); });
    };
    auto config = storage::MailboxStore(m_db).byName(mailboxName);
    if (!config)
        return failLater(config.errorString());
    const storage::MailboxConfig c = config.value();
    auto settings = settingsFor(c);
    if (!settings)
        return failLater(settings.errorString());
    const MailboxSettings s = settings.value();
    auto report = std::make_shared<PollReport>();
    report->mailbox = c.name;
    auto handled = std::make_shared<quint32>(c.lastUid);
    auto processor = std::make_shared<bounce::BounceProcessor>(m_db);
    const qint64 id = c.id;
    const QString name = c.name;
    if (c.protocol == u"pop3"_s)
        return pollPop3(c, s, report, processor);
    m_fetcher = new ImapFetcher(
        s, c.uidValidity, c.lastUid,
        [processor, report, handled, name](quint32 uid, const QByteArray &message) {
            auto done =
                processor->processMessage(message, u"mailbox"_s, tr("mailbox %1, UID %2").arg(name).arg(uid),
                                          QDateTime::currentMSecsSinceEpoch());
            *handled = std::max(*handled, uid);
            if (!done)
                return false; // left where it is; the log says nothing, so nothing was acted on
            report->summary += done.value();
            return done->bounces + done->complaints > 0;
        },
        this);
    connect(m_fetcher, &ImapFetcher::finished, this,
            [this, report, handled, id, knownValidity = c.uidValidity,
             knownLast = c.lastUid](const Result<FetchOutcome> &r) {
                const quint32 validity = m_fetcher ? m_fetcher->uidValidity() : 0;
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                storage::MailboxStore store(m_db);
                if (m_fetcher)
                    m_fetcher->deleteLater();
                if (!r) {
                    // What was handled stays handled; the error is shown with the mailbox.
                    // Before the folder was opened nothing was read: where it stood stays as it was.
                    const bool opened = validity != 0;
                    if (auto saved = store.recordPoll(id, opened ? validity : knownValidity,
                                                      opened ? *handled : knownLast, now, r.errorString());
                        !saved) {
                        Q_EMIT finished(saved.error());
                        return;
                    }
                    Q_EMIT finished(r.error());
                    return;
                }
                report->moved = r->moved;
                report->summary.messages = r->fetched;
                const QString result = tr("%1 fetched, %2 bounces, %3 complaints")
                                           .arg(r->fetched)
                                           .arg(report->summary.bounces)
                                           .arg(report->summary.complaints);
                if (auto saved = store.recordPoll(id, r->uidValidity, r->lastUid, now, result); !saved) {
                    Q_EMIT finished(saved.error());
                    return;
                }
                Q_EMIT finished(*report);
            });
    m_fetcher->start();
}

void MailboxPoller::pollPop3(const storage::MailboxConfig &c, const MailboxSettings &s,
                             std::shared_ptr<PollReport> report,
                             std::shared_ptr<bounce::BounceProcessor> processor) {
    auto seen = storage::MailboxStore(m_db).seenUidls(c.id);
    if (!seen) {
        QTimer::singleShot(0, this, [this, e = seen.error()] { Q_EMIT finished(e); });
        return;
    }
    const qint64 id = c.id;
    const QString name = c.name;
    auto *fetcher = new Pop3Fetcher(
        s, seen.value(),
        [this, processor, report, id, name](const QString &uidl, const QByteArray &message) {
            auto done =
                processor->processMessage(message, u"mailbox"_s, tr("mailbox %1, UIDL %2").arg(name, uidl),
                                          QDateTime::currentMSecsSinceEpoch());
            if (!done)
                return; // not marked seen: tried again next time
            report->summary += done.value();
            if (auto marked = storage::MailboxStore(m_db).markSeen(id, uidl); !marked)
                report->errors << marked.errorString();
        },
        this);
    connect(fetcher, &Pop3Fetcher::finished, this, [this, fetcher, report, id](const Result<Pop3Outcome> &r) {
        fetcher->deleteLater();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        storage::MailboxStore store(m_db);
        const QString result = r ? tr("%1 fetched, %2 bounces, %3 complaints")
                                       .arg(r->fetched)
                                       .arg(report->summary.bounces)
                                       .arg(report->summary.complaints)
                                 : r.errorString();
        if (auto saved = store.recordPoll(id, 0, 0, now, result); !saved) {
            Q_EMIT finished(saved.error());
            return;
        }
        if (!r) {
            Q_EMIT finished(r.error());
            return;
        }
        report->summary.messages = r->fetched;
        Q_EMIT finished(*report);
    });
    fetcher->start();
}

void MailboxPoller::test(const QString &mailboxName) {
    const auto answer = [this](const Result<int> &r) {
        QTimer::singleShot(0, this, [this, r] { Q_EMIT tested(r); });
    };
    auto config = storage::MailboxStore(m_db).byName(mailboxName);
    if (!config)
        return answer(config.error());
    const storage::MailboxConfig c = config.value();
    auto settings = settingsFor(c);
    if (!settings)
        return answer(settings.error());
    MailboxSettings s = settings.value();
    s.maxMessages = 0; // read nothing, move nothing
    s.moveTo.clear();
    if (c.protocol == u"pop3"_s) {
        auto seen = storage::MailboxStore(m_db).seenUidls(c.id);
        if (!seen)
            return answer(seen.error());
        auto *fetcher = new Pop3Fetcher(
            s, seen.value(), [](const QString &, const QByteArray &) {}, this);
        connect(fetcher, &Pop3Fetcher::finished, this, [this, fetcher](const Result<Pop3Outcome> &r) {
            fetcher->deleteLater();
            Q_EMIT tested(r ? Result<int>(r->waiting) : Result<int>(r.error()));
        });
        return fetcher->start();
    }
    auto *fetcher = new ImapFetcher(
        s, c.uidValidity, c.lastUid, [](quint32, const QByteArray &) { return false; }, this);
    connect(fetcher, &ImapFetcher::finished, this, [this, fetcher](const Result<FetchOutcome> &r) {
        fetcher->deleteLater();
        Q_EMIT tested(r ? Result<int>(r->waiting) : Result<int>(r.error()));
    });
    fetcher->start();
}

Result<MailboxSettings> MailboxPoller::settingsFor(const storage::MailboxConfig &c) const {
    auto secret = secrets::SecretRef::resolve(c.secretRef);
    if (!secret)
        return secret.error();
    MailboxSettings s;
    s.host = c.host;
    s.port = quint16(c.port);
    s.security = c.security == u"starttls"_s ? MailSecurity::StartTls
                 : c.security == u"none"_s   ? MailSecurity::None
                                             : MailSecurity::ImplicitTls;
    s.user = c.user;
    s.secret = secret.value();
    s.allowPlaintextAuth = c.allowPlaintextAuth;
    s.pinnedSha256 = QByteArray::fromHex(c.pinnedSha256.toLatin1());
    s.folder = c.folder;
    s.moveTo = c.moveTo;
    if (!c.caFile.isEmpty()) {
        s.extraCaCertificates = QSslCertificate::fromPath(c.caFile);
        if (s.extraCaCertificates.isEmpty())
            return makeError(ErrorCode::InvalidInput,
                             tr("No certificate could be read from %1.").arg(c.caFile));
    }
    return s;
}

} // namespace hivepost::mailbox
