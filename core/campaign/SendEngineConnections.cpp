// SendEngine, its connections: opening one, the durable mark that releases a final ".", the next
// message pipelined behind it, and a connection that failed.

#include <QDateTime>
#include <QPointer>

#include "accounts/AccountSettings.h"
#include "accounts/SettingsResolver.h"
#include "campaign/DeliveryPolicy.h"
#include "campaign/LedgerWriter.h"
#include "campaign/SendEngine.h"
#include "campaign/SendEnginePrivate.h"
#include "storage/CampaignStore.h"
#include "storage/LedgerStore.h"

using namespace Qt::StringLiterals;
using hivepost::smtp::SmtpResult;

namespace hivepost::campaign {

using namespace engine;

void SendEngine::onConnectionFailed(AccountSlot &slot, const SmtpResult &result) {
    if (slot.paused)
        return; // its connections closing: the reason it was paused stands
    if (DeliveryPolicy::isRateLimited(result.reply)) {
        // "421 too many connections": fewer connections from now on, and a short pause.
        const int open = int(std::count_if(slot.connections.begin(), slot.connections.end(),
                                           [](const auto &c) { return c->ready && !c->closed; }));
        slot.maxConnections = std::max(1, std::min(slot.maxConnections - 1, std::max(open, 1)));
        slot.lastError = replyLine(result);
        slowDown(slot, nullptr, QString());
        throttledAgain(slot, result, true);
        schedulePump();
        return;
    }
    accountFailure(slot, result, result.status == SmtpResult::Status::Permanent);
    schedulePump();
}

void SendEngine::requestMark(AccountSlot &slot, Connection &conn) {
    // The mark that lets the final "." go is committed now, in parallel with MAIL, RCPT and the data,
    // so the "." rarely waits for the disk. (A crash in between leaves it "unknown", never sent twice.)
    // A pipelined next message is marked only when the one before it is answered: a crash meanwhile
    // finds it unmarked and sends it again, its data never having gone, and no more than one
    // message per connection is ever left unknown.
    QPointer<smtp::MessageTransport> client = conn.client;
    const qint64 recipientId = conn.job->r.id;
    m_writer->releaseAfterCommit(recipientId, slot.account.id, [this, client, recipientId] {
        if (!client)
            return;
        // Found through its client: a closed connection has none, and may be gone already.
        Connection *c = connectionOf(client);
        if (!c || !c->job || c->job->r.id != recipientId || c->job->marked)
            return; // gone, or another attempt of it
        c->job->marked = true;
        if (c->job->held)
            releaseDataEnd(*c);
    });
}

void SendEngine::releaseDataEnd(Connection &conn) {
    offerNext(conn);
    conn.client->releaseDataEnd();
}

void SendEngine::offerNext(Connection &conn) {
    // The next message goes with this one's "." only where it could have gone at once anyway: the
    // account may send now, and the connection may take both before it is closed.
    AccountSlot &slot = *conn.slot;
    if (!conn.job || conn.next || conn.closing || conn.closed || !conn.client->canSendNext() || slot.paused ||
        !slot.settings || conn.sent + 2 > slot.account.perConnection || slot.limiter->delayUntilNext() > 0)
        return;
    qint64 wakeIn = Never;
    feed(slot, conn, m_clock.nowMs(), wakeIn, true);
}

SendEngine::Connection *SendEngine::connectionOf(const smtp::MessageTransport *client) const {
    for (const auto &slot : m_accounts) {
        for (const auto &c : slot->connections) {
            if (c->client == client)
                return c.get();
        }
    }
    return nullptr;
}

void SendEngine::openConnection(AccountSlot &slot) {
    auto conn = std::make_unique<Connection>();
    Connection *c = conn.get();
    c->client = m_transports->create(*slot.settings, this);
    c->slot = &slot;
    c->client->setDataEndGate(true);
    connect(c->client, &smtp::MessageTransport::ready, this, [this, c] {
        c->ready = true;
        c->idleSince = m_clock.nowMs();
        schedulePump();
    });
    connect(c->client, &smtp::MessageTransport::dataEndHeld, this, [this, c] {
        if (!c->job)
            return;
        c->job->held = true;
        if (c->job->marked) // the mark was committed while MAIL, RCPT and the data went out
            releaseDataEnd(*c);
    });
    connect(c->client, &smtp::MessageTransport::messageFinished, this,
            [this, c](const SmtpResult &result) { onMessageFinished(*c->slot, *c, result); });
    connect(c->client, &smtp::MessageTransport::connectionFailed, this,
            [this, c](const SmtpResult &result) { onConnectionFailed(*c->slot, result); });
    connect(c->client, &smtp::MessageTransport::closed, this, [this, c] {
        c->closed = true;
        c->client->disconnect(this);
        c->client->deleteLater();
        c->client = nullptr;
        schedulePump();
    });
    slot.connections.push_back(std::move(conn));
    c->client->connectToServer();
}

} // namespace hivepost::campaign
