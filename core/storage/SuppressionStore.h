#pragma once

// SuppressionStore: addresses and whole domains that are never mailed, with a reason and a time.
// Patterns are a normalised address ("ann@example.com") or "@" and a domain ("@example.com").
// Use from the thread that opened the Database.

#include <QCoreApplication>
#include <QList>
#include <QSet>
#include <QString>

#include "common/Result.h"

namespace hivepost::storage {

class Database;

struct Suppression {
    QString pattern;
    QString reason;
    qint64 createdAt = 0; // Unix seconds
};

// An in-memory snapshot for checking many addresses quickly (the import, the campaign engine).
class SuppressionSet {
public:
    void add(const QString &pattern);
    bool contains(const QString &normalizedAddress) const;
    bool isEmpty() const { return m_addresses.isEmpty() && m_domains.isEmpty(); }

private:
    QSet<QString> m_addresses;
    QSet<QString> m_domains;
};

class SuppressionStore {
    Q_DECLARE_TR_FUNCTIONS(SuppressionStore)

public:
    explicit SuppressionStore(Database &db);

    // Normalises "ADDRESS" or "@DOMAIN"; an error naming what is wrong with it.
    static Result<QString> normalizePattern(const QString &input);

    // Adds the pattern; false when it was already there (its reason is then left as it was).
    Result<bool> add(const QString &pattern, const QString &reason);
    Result<bool> remove(const QString &pattern);
    Result<QList<Suppression>> list() const;
    Result<SuppressionSet> snapshot() const;

private:
    Database &m_db;
};

} // namespace hivepost::storage
