#pragma once

// What a sending campaign looks like from outside: its progress, each account's, and why a run
// stopped. Plain values, copied to whoever observes the engine (pages, the CLI, tests).

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace hivepost::campaign {

// Why a run stopped: every recipient final, only deferred ones wait (with stopWhenOnlyDeferred),
// paused, cancelled, or an error (a database error, or no account left).
enum class StopReason { Completed, DeferredOnly, Paused, Cancelled, Error };

struct AccountProgress {
    qint64 id = 0;
    QString name;
    QString status; // sending, idle, backoff, paused, resolving
    QString lastError;
    qint64 sent = 0;
    qint64 failed = 0;
    int connections = 0;
    double slowdown = 1.0;
};

struct CampaignProgress {
    qint64 id = 0;
    QString name;
    QString state;                 // scheduled, running, waiting, pausing, paused, cancelled, done
    QString why;                   // why it waits or stopped
    QHash<QString, qint64> counts; // by ledger state; "sending" counts only the messages in flight
    qint64 total = 0;
    double ratePerSecond = 0; // over the last minute
    qint64 etaSeconds = -1;   // -1: unknown
    qint64 nextRetryAt = 0;   // ms; 0: none
    QList<AccountProgress> accounts;
    QStringList recentErrors; // newest last
};

} // namespace hivepost::campaign

Q_DECLARE_METATYPE(hivepost::campaign::StopReason)
