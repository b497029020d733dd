// SendEngine, its account pool: an account loaded with its limits and password, and what a
// failure, a throttling reply or a pause does to it (the rules are AccountHealth's).

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

void SendEngine::loadAccount(const storage::Account &account) {
    if (slotFor(account.id))
        return;
    auto slot = std::make_unique<AccountSlot>();
    slot->health = AccountHealth(
        AccountHealthOptions{m_options.maxConnectionFailures, m_options.backoffMs, m_options.maxBackoffMs});
    slot->account = account;
    slot->maxConnections = std::max(1, account.connections);
    slot->weight = account.perSecond > 0 ? account.perSecond : double(slot->maxConnections);
    // The lowest share so far, so that a new account does not take everything until it catches up.
    for (const auto &other : m_accounts)
        slot->handed = std::max(slot->handed, other->handed);
    slot->limiter = std::make_unique<RateLimiter>(
        RateLimits{account.perSecond, account.perMinute, account.perHour, account.perDay}, m_clock);
    if (account.perMinute > 0 || account.perHour > 0 || account.perDay > 0) {
        // Budgets count what was already sent, by any campaign, before this start.
        if (auto times = m_ledger->sentTimes(account.id, m_clock.nowMs() - 24 * 3600'000); times)
            slot->limiter->seed(std::move(times).value());
    }
    AccountSlot *raw = slot.get();
    if (m_secrets.contains(account.id)) {
        auto settings = accounts::smtpSettings(account, m_secrets.value(account.id));
        if (settings) {
            raw->settings = settings.value();
            raw->settings->timeouts = m_options.timeouts;
        } else
            pauseAccount(*raw, settings.errorString());
    } else {
        raw->resolver = new accounts::SettingsResolver(m_secretStore, this);
        raw->resolving = true;
        connect(raw->resolver, &accounts::SettingsResolver::resolved, this,
                [this, raw](const smtp::SmtpSettings &settings) {
                    raw->resolving = false;
                    raw->settings = settings;
                    raw->settings->timeouts = m_options.timeouts;
                    schedulePump();
                });
        connect(raw->resolver, &accounts::SettingsResolver::failed, this, [this, raw](const QString &why) {
            raw->resolving = false;
            pauseAccount(*raw, why);
            schedulePump();
        });
        raw->resolver->resolve(account);
    }
    m_accounts.push_back(std::move(slot));
}

void SendEngine::throttledAgain(AccountSlot &slot, const SmtpResult &result, bool connectionRefused) {
    if (slot.health.throttled(m_clock.nowMs(), connectionRefused) == AccountHealth::Verdict::Pause)
        pauseAccount(slot, replyLine(result));
}

void SendEngine::accountFailure(AccountSlot &slot, const SmtpResult &result, bool pause) {
    slot.lastError = replyLine(result);
    if (slot.health.failed(m_clock.nowMs(), pause) == AccountHealth::Verdict::Pause)
        pauseAccount(slot, slot.lastError);
}

void SendEngine::pauseAccount(AccountSlot &slot, const QString &why) {
    slot.paused = true;
    slot.lastError = why;
    for (auto &run : m_runs) {
        if (run->uses(slot))
            noteError(*run, tr("Account %1 is paused: %2").arg(slot.account.name, why));
    }
    for (auto &c : slot.connections) {
        if (!c->job && !c->closed && !c->closing && c->client) {
            c->closing = true;
            c->client->quit();
        }
    }
}

void SendEngine::slowDown(AccountSlot &slot, Run *run, const QString &domain) {
    const qint64 now = m_clock.nowMs();
    if (!domain.isEmpty() && run) {
        auto &limiter = run->domains[domain];
        if (!limiter)
            limiter = std::make_shared<RateLimiter>(RateLimits{}, m_clock);
        limiter->setSlowdown(2.0);
        return;
    }
    if (slot.health.slowDown(now))
        slot.limiter->setSlowdown(slot.health.slowdown());
}

} // namespace hivepost::campaign
