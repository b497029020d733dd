// Application: the confirmations of double opt-in signups that a relay without an SMTP account of
// its own leaves to the desktop. Mailed after each pull through the account that may send as the
// sender's From address (else the first account), over one connection.

#include "accounts/SettingsResolver.h"
#include "application/Application.h"
#include "campaign/CampaignMessages.h"
#include "smtp/MailOut.h"
#include "storage/AccountStore.h"
#include "storage/TemplateStore.h"
#include "tracking/SignupMail.h"

using namespace Qt::StringLiterals;

namespace hivepost::application {

namespace {

constexpr qint64 ConfirmWithinMs = 7 * 86'400'000LL; // an older signup is not mailed any more
constexpr int BatchSize = 200;

} // namespace

void Application::sendSignupConfirmations(std::function<void()> done) {
    const auto finish = [this, done](int sent, int failed) {
        QTimer::singleShot(0, this, [this, done, sent, failed] {
            Q_EMIT signupConfirmationsSent(sent, failed);
            done();
        });
    };
    if (m_confirming) { // the pull before this one is still mailing: it takes these too next time
        finish(0, 0);
        return;
    }
    const qint64 now = m_clock.nowMs();
    auto jobs = storage::TrackingStore(m_db).signupMailsDue(now, now - ConfirmWithinMs, BatchSize);
    if (!jobs || jobs->isEmpty()) {
        if (!jobs)
            Q_EMIT warning(jobs.errorString());
        finish(0, 0);
        return;
    }
    const templating::SenderProfile sender =
        campaign::CampaignMessages::senderProfile(storage::TemplateStore(m_db));
    auto accounts = storage::AccountStore(m_db).list();
    if (sender.fromAddress.isEmpty() || !accounts || accounts->isEmpty()) {
        Q_EMIT warning(tr("%n signup confirmation(s) wait to be mailed: set the sender's From address "
                          "and add an SMTP account.",
                          nullptr, int(jobs->size())));
        finish(0, 0);
        return;
    }
    storage::Account account = accounts->first();
    for (const storage::Account &a : std::as_const(accounts.value()))
        if (a.fromAddresses.contains(sender.fromAddress, Qt::CaseInsensitive)) {
            account = a;
            break;
        }
    QList<smtp::MailOut::Message> messages;
    for (const storage::SignupMailJob &job : std::as_const(jobs.value())) {
        tracking::SignupMailFields f;
        f.language = job.language;
        f.senderName = sender.fromName;
        f.fromAddress = sender.fromAddress;
        f.to = job.email;
        f.name = job.name;
        f.listName = job.listName;
        f.confirmUrl = job.confirmUrl;
        f.date = QDateTime::fromMSecsSinceEpoch(now).toUTC();
        smtp::Envelope envelope;
        envelope.from = sender.fromAddress;
        envelope.recipients = {job.email};
        envelope.requestDsn = false;
        messages.append({envelope, tracking::SignupMail::compose(f)});
    }
    m_confirming = true;
    auto *resolver = new accounts::SettingsResolver(&m_secrets, this);
    connect(resolver, &accounts::SettingsResolver::failed, this,
            [this, resolver, finish, name = account.name](const QString &why) {
                resolver->deleteLater();
                m_confirming = false;
                Q_EMIT warning(tr("Signup confirmations were not mailed through “%1”: %2").arg(name, why));
                finish(0, 0);
            });
    connect(resolver, &accounts::SettingsResolver::resolved, this,
            [this, resolver, finish, messages, jobs = jobs.value()](const smtp::SmtpSettings &settings) {
                resolver->deleteLater();
                auto *out = new smtp::MailOut(settings, messages, this);
                auto counts = std::make_shared<QPair<int, int>>(0, 0);
                connect(out, &smtp::MailOut::messageFinished, this,
                        [this, jobs, counts](int index, const smtp::SmtpResult &r) {
                            const storage::SignupMailJob &job = jobs.at(index);
                            const QString why = r.describe();
                            const bool permanent = r.status == smtp::SmtpResult::Status::Permanent &&
                                                   r.stage == smtp::SmtpResult::Stage::Rcpt;
                            if (auto noted = storage::TrackingStore(m_db).noteSignupMail(
                                    job, r.ok(), permanent, r.ok() ? QString() : why, m_clock.nowMs());
                                !noted)
                                Q_EMIT warning(noted.errorString());
                            r.ok() ? ++counts->first : ++counts->second;
                        });
                connect(out, &smtp::MailOut::finished, this, [this, out, finish, counts] {
                    out->deleteLater();
                    m_confirming = false;
                    if (counts->second > 0)
                        Q_EMIT warning(tr("%n signup confirmation(s) could not be mailed; they are tried "
                                          "again after the next pulls.",
                                          nullptr, counts->second));
                    finish(counts->first, counts->second);
                });
                out->start();
            });
    resolver->resolve(account);
}

} // namespace hivepost::application
