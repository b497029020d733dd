// Application: the hivepost-relay side (campaign links published before sending, event pulls).

#include <QJsonArray>
#include <QJsonDocument>

#include "application/Application.h"
#include "campaign/CampaignMessages.h"
#include "secrets/SecretStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/Database.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::application {

void Application::withRelaySecret(const storage::Relay &relay,
                                  std::function<void(const Result<tracking::RelaySecret> &)> done) {
    if (auto it = m_relaySecrets.constFind(relay.id); it != m_relaySecrets.constEnd()) {
        done(it.value());
        return;
    }
    m_secrets.read(tracking::RelaySecret::storeKey(relay.name), [this, relay, done = std::move(done)](
                                                                    const Result<QString> &secret) {
        if (!secret) {
            done(makeError(secret.code(),
                           tr("The keys of the relay “%1” were not read from %2: %3")
                               .arg(relay.name, m_secrets.description(), secret.errorString())));
            return;
        }
        auto parsed = tracking::RelaySecret::fromJson(secret.value());
        if (parsed)
            m_relaySecrets.insert(relay.id, parsed.value());
        done(parsed);
    });
}

Result<QList<storage::RelayCategory>> Application::relayCategories(const QString &relayName) const {
    auto lists = storage::ContactStore(m_db).lists();
    if (!lists)
        return lists.error();
    auto signup = storage::TemplateStore(m_db).setting(u"relay/%1/signup_lists"_s.arg(relayName.toLower()));
    QList<qint64> signupIds;
    if (signup) {
        for (const QJsonValue &v : QJsonDocument::fromJson(signup->toUtf8()).array())
            signupIds << v.toInteger();
    }
    QList<storage::RelayCategory> out;
    for (const auto &l : std::as_const(lists.value()))
        out.append({l.id, l.name, signupIds.contains(l.id)});
    return out;
}

void Application::publishRelaySettings(const QString &relayName) {
    auto relay = storage::TrackingStore(m_db).relay(relayName);
    if (!relay) {
        Q_EMIT relaySettingsPublished(relayName, relay.error());
        return;
    }
    withRelaySecret(
        relay.value(), [this, relay = relay.value()](const Result<tracking::RelaySecret> &secret) {
            if (!secret) {
                Q_EMIT relaySettingsPublished(relay.name, secret.error());
                return;
            }
            auto categories = relayCategories(relay.name);
            if (!categories) {
                Q_EMIT relaySettingsPublished(relay.name, categories.error());
                return;
            }
            auto *client = new tracking::RelayClient(QUrl(relay.url), secret->adminKey, this);
            const QString sender =
                campaign::CampaignMessages::senderProfile(storage::TemplateStore(m_db)).fromName;
            client->publishCategories(
                categories.value(), sender, [this, client, name = relay.name](const Result<QJsonObject> &r) {
                    client->deleteLater();
                    Q_EMIT relaySettingsPublished(name, r ? Result<void>() : Result<void>(r.error()));
                });
        });
}

void Application::prepareRelay(const storage::CampaignInfo &info,
                               std::function<void(const Result<void> &)> done) {
    auto relay = storage::TrackingStore(m_db).relayById(info.relayId);
    if (!relay) {
        done(relay.error());
        return;
    }
    withRelaySecret(relay.value(), [this, info, relay = relay.value(),
                                    done = std::move(done)](const Result<tracking::RelaySecret> &secret) {
        if (!secret) {
            done(secret.error());
            return;
        }
        if (secret->keys.isEmpty()) {
            done(makeError(
                ErrorCode::InvalidInput,
                tr("The relay “%1” has no signing key here: run “relay test %1”.").arg(relay.name)));
            return;
        }
        templating::RelayTracking tracking;
        tracking.publicUrl = relay.url;
        tracking.key = *secret->keys.current();
        tracking.opens = info.openTracking;
        tracking.clicks = info.clickTracking;
        // The links as the messages will have them (the template compiled as the engine will).
        auto tracked =
            campaign::CampaignMessages::trackedLinks(m_db, info.templateName, info.fromAddress, tracking);
        if (!tracked) {
            done(tracked.error());
            return;
        }
        QList<storage::RelayLink> links;
        for (const tracking::TrackedLink &l : std::as_const(tracked.value()))
            links.append({info.id, l.id, l.url, l.hidden});
        if (auto stored = storage::TrackingStore(m_db).setLinks(info.id, links); !stored) {
            done(stored.error());
            return;
        }
        auto categories = relayCategories(relay.name);
        if (!categories) {
            done(categories.error());
            return;
        }
        storage::RelayCampaign published;
        published.id = info.id;
        published.name = info.name;
        published.senderName =
            campaign::CampaignMessages::senderProfile(storage::TemplateStore(m_db)).fromName;
        // The lists it goes to: the categories its preference centre shows.
        auto full = storage::CampaignStore(m_db).byId(info.id);
        published.categories = full ? full->listIds : info.listIds;
        published.links = links;
        auto *client = new tracking::RelayClient(QUrl(relay.url), secret->adminKey, this);
        const QString sender = published.senderName;
        client->publishCategories(
            categories.value(), sender,
            [this, client, published, tracking, info, name = relay.name, done](const Result<QJsonObject> &r) {
                if (!r) {
                    client->deleteLater();
                    done(makeError(
                        r.code(), tr("The relay “%1” could not be prepared: %2").arg(name, r.errorString())));
                    return;
                }
                client->publishCampaign(
                    published, [this, client, tracking, info, name, done](const Result<QJsonObject> &p) {
                        client->deleteLater();
                        if (!p) {
                            done(makeError(p.code(),
                                           tr("The relay “%1” could not be told the campaign's links: %2")
                                               .arg(name, p.errorString())));
                            return;
                        }
                        m_engine->setRelayTracking(info.id, tracking);
                        done({});
                    });
            });
    });
}

void Application::addRelay(const QString &name, const QString &url, const QString &adminKey,
                           const QString &keyEnv) {
    auto *client = new tracking::RelayClient(QUrl(url.trimmed()), adminKey.trimmed(), this);
    client->keys([this, client, name = name.trimmed(), url = url.trimmed(), adminKey = adminKey.trimmed(),
                  keyEnv](const Result<QJsonObject> &answer) {
        client->deleteLater();
        if (!answer) {
            Q_EMIT relayAdded(name, answer.error());
            return;
        }
        auto keys = tracking::KeyRing::fromJson(answer->value(u"keys"_s).toArray());
        if (!keys || keys->isEmpty()) {
            Q_EMIT relayAdded(name, makeError(ErrorCode::InvalidInput, tr("The relay sent no signing key.")));
            return;
        }
        const tracking::RelaySecret secret{adminKey, keys.value()};
        m_secrets.write(tracking::RelaySecret::storeKey(name), secret.toJson(),
                        [this, name, url, secret, keyEnv](const Result<void> &written) {
                            if (!written) {
                                Q_EMIT relayAdded(name, written.error());
                                return;
                            }
                            auto id = storage::TrackingStore(m_db).addRelay(name, url, keyEnv);
                            if (!id) {
                                Q_EMIT relayAdded(name, id.error());
                                return;
                            }
                            m_relaySecrets.insert(id.value(), secret);
                            Q_EMIT relaysChanged();
                            Q_EMIT relayAdded(name, tracking::RelayCheck{secret.keys.current()->id, true});
                            publishRelaySettings(name);
                        });
    });
}

void Application::testRelay(const QString &name) {
    auto relay = storage::TrackingStore(m_db).relay(name);
    if (!relay) {
        Q_EMIT relayTested(name, relay.error());
        return;
    }
    m_relaySecrets.remove(relay->id); // read again: the key may have been changed elsewhere
    withRelaySecret(relay.value(), [this,
                                    relay = relay.value()](const Result<tracking::RelaySecret> &secret) {
        if (!secret) {
            Q_EMIT relayTested(relay.name, secret.error());
            return;
        }
        auto *client = new tracking::RelayClient(QUrl(relay.url), secret->adminKey, this);
        client->keys([this, client, relay, secret = secret.value()](const Result<QJsonObject> &answer) {
            client->deleteLater();
            if (!answer) {
                (void)storage::TrackingStore(m_db).notePull(relay.id, relay.lastPullAt, answer.errorString());
                Q_EMIT relayTested(relay.name, answer.error());
                Q_EMIT relaysChanged();
                return;
            }
            auto keys = tracking::KeyRing::fromJson(answer->value(u"keys"_s).toArray());
            if (!keys || keys->isEmpty()) {
                Q_EMIT relayTested(relay.name,
                                   makeError(ErrorCode::InvalidInput, tr("The relay sent no signing key.")));
                return;
            }
            const quint32 current = keys->current()->id;
            if (!secret.keys.current() || secret.keys.current()->id != current ||
                secret.keys.keys().size() != keys->keys().size()) {
                const tracking::RelaySecret next{secret.adminKey, keys.value()};
                m_relaySecrets.insert(relay.id, next);
                m_secrets.write(tracking::RelaySecret::storeKey(relay.name), next.toJson(),
                                [this, name = relay.name, current](const Result<void> &written) {
                                    Q_EMIT relayTested(
                                        name, written ? Result<tracking::RelayCheck>({current, true})
                                                      : Result<tracking::RelayCheck>(written.error()));
                                });
                return;
            }
            Q_EMIT relayTested(relay.name, tracking::RelayCheck{current, false});
        });
    });
}

Result<void> Application::removeRelay(const QString &name) {
    auto relay = storage::TrackingStore(m_db).relay(name);
    if (!relay)
        return relay.error();
    if (auto r = storage::TrackingStore(m_db).removeRelay(name); !r)
        return r;
    m_relaySecrets.remove(relay->id);
    m_secrets.remove(tracking::RelaySecret::storeKey(relay->name), [this](const Result<void> &removed) {
        if (!removed)
            Q_EMIT warning(tr("The relay's keys could not be removed from %1: %2")
                               .arg(m_secrets.description(), removed.errorString()));
    });
    Q_EMIT relaysChanged();
    return {};
}

void Application::setTrackingPullMinutes(int minutes) {
    m_options.trackingPullMinutes = std::max(0, minutes);
    m_nextPullAt = m_options.trackingPullMinutes > 0
                       ? m_clock.nowMs() + qint64(m_options.trackingPullMinutes) * 60'000
                       : 0;
    schedulePollTimer();
}

void Application::pullTracking(const QString &relayName) {
    if (relayName.isEmpty()) {
        auto relays = storage::TrackingStore(m_db).relays();
        if (!relays) {
            Q_EMIT warning(relays.errorString());
            return;
        }
        for (const storage::Relay &r : std::as_const(relays.value()))
            if (!m_pullQueue.contains(r.name))
                m_pullQueue << r.name;
    } else if (!m_pullQueue.contains(relayName)) {
        m_pullQueue << relayName;
    }
    m_pullOpen = true;
    startNextPull();
}

void Application::startNextPull() {
    if (m_pulling)
        return;
    if (m_pullQueue.isEmpty()) {
        if (m_pullOpen) {
            m_pullOpen = false;
            sendSignupConfirmations([this] { Q_EMIT trackingPullFinished(); });
        }
        return;
    }
    const QString name = m_pullQueue.takeFirst();
    auto relay = storage::TrackingStore(m_db).relay(name);
    if (!relay) {
        Q_EMIT trackingPulled(name, relay.error());
        QTimer::singleShot(0, this, &Application::startNextPull);
        return;
    }
    m_pulling = true; // from now: a second request queues behind this one
    withRelaySecret(relay.value(),
                    [this, relay = relay.value()](const Result<tracking::RelaySecret> &secret) {
                        if (!secret) {
                            m_pulling = false;
                            Q_EMIT trackingPulled(relay.name, secret.error());
                            QTimer::singleShot(0, this, &Application::startNextPull);
                            return;
                        }
                        m_pull = new tracking::RelayPull(m_db, relay, secret->adminKey, &m_clock, this);
                        connect(m_pull, &tracking::RelayPull::finished, this,
                                [this, name = relay.name](const Result<storage::TrackingImport> &r) {
                                    m_pull->deleteLater();
                                    m_pull = nullptr;
                                    m_pulling = false;
                                    Q_EMIT trackingPulled(name, r);
                                    Q_EMIT relaysChanged(); // its last pull and result
                                    if (r && r->events > 0)
                                        Q_EMIT trackingChanged();
                                    if (r && (r->unsubscribes > 0 || r->preferences > 0))
                                        Q_EMIT bouncesChanged();
                                    QTimer::singleShot(0, this, &Application::startNextPull);
                                });
                        m_pull->start();
                    });
}

} // namespace hivepost::application
