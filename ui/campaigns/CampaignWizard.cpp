#include "campaigns/CampaignWizard.h"

#include <functional>

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "campaign/CampaignMessages.h"
#include "common/EmailAddress.h"
#include "storage/AccountStore.h"
#include "storage/CampaignStore.h"
#include "storage/ContactStore.h"
#include "storage/TemplateStore.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

// A page whose Next button follows a condition.
class Page : public QWizardPage {
public:
    Page(const QString &title, const QString &subTitle, std::function<bool()> complete = {})
        : m_complete(std::move(complete)) {
        setTitle(title);
        setSubTitle(subTitle);
    }
    bool isComplete() const override { return !m_complete || m_complete(); }
    void changed() { Q_EMIT completeChanged(); }

private:
    std::function<bool()> m_complete;
};

QString durationText(double seconds) {
    if (seconds < 60)
        return CampaignWizard::tr("under a minute");
    if (seconds < 3600)
        return CampaignWizard::tr("about %1 minutes").arg(qRound(seconds / 60));
    if (seconds < 48 * 3600)
        return CampaignWizard::tr("about %1 hours").arg(QString::number(seconds / 3600, 'f', 1));
    return CampaignWizard::tr("about %1 days").arg(QString::number(seconds / 86400, 'f', 1));
}

QString limitsText(const storage::Account &a) {
    QStringList parts;
    if (a.perSecond > 0)
        parts << CampaignWizard::tr("%1/s").arg(a.perSecond);
    if (a.perMinute > 0)
        parts << CampaignWizard::tr("%1/min").arg(a.perMinute);
    if (a.perHour > 0)
        parts << CampaignWizard::tr("%1/h").arg(a.perHour);
    if (a.perDay > 0)
        parts << CampaignWizard::tr("%1/day").arg(a.perDay);
    const QString limits = parts.isEmpty() ? CampaignWizard::tr("no limit") : parts.join(u", "_s);
    return CampaignWizard::tr("%1 (%2:%3; %4 connections; %5)")
        .arg(a.name, a.host)
        .arg(a.port)
        .arg(a.connections)
        .arg(limits);
}

// The messages a second an account allows over a long run (its tightest window).
double sustainedRate(const storage::Account &a) {
    double rate = a.perSecond > 0 ? a.perSecond : 0;
    const auto tighter = [&rate](double r) {
        if (r > 0 && (rate == 0 || r < rate))
            rate = r;
    };
    tighter(a.perMinute / 60.0);
    tighter(a.perHour / 3600.0);
    tighter(a.perDay / 86400.0);
    return rate;
}

} // namespace

CampaignWizard::CampaignWizard(storage::Database &db, QWidget *parent)
    : QWizard(parent)
    , m_db(db) {
    setObjectName(u"campaignWizard"_s);
    setWindowTitle(tr("New campaign"));
    setWizardStyle(QWizard::ClassicStyle);
    setMinimumSize(720, 520);

    // 1. Name
    m_name = new QLineEdit;
    m_name->setObjectName(u"campaignName"_s);
    m_name->setPlaceholderText(tr("e.g. Spring newsletter 2027"));
    auto *namePage = new Page(tr("Name"), tr("A name you will recognise in reports."), [this] {
        const QString name = m_name->text().trimmed();
        return !name.isEmpty() && !storage::CampaignStore(m_db).byName(name).ok();
    });
    auto *nameLayout = new QFormLayout(namePage);
    nameLayout->addRow(tr("Campaign name:"), m_name);
    auto *nameTaken = new QLabel;
    nameLayout->addRow(nameTaken);
    connect(m_name, &QLineEdit::textChanged, namePage, [this, namePage, nameTaken] {
        const QString name = m_name->text().trimmed();
        nameTaken->setText(!name.isEmpty() && storage::CampaignStore(m_db).byName(name).ok()
                               ? tr("There is already a campaign called “%1”.").arg(name)
                               : QString());
        namePage->changed();
    });
    setPage(NamePage, namePage);

    // 2. Lists
    m_lists = new QListWidget;
    m_lists->setObjectName(u"campaignLists"_s);
    if (auto lists = storage::ContactStore(m_db).lists(); lists) {
        for (const storage::ListInfo &l : std::as_const(lists.value())) {
            auto *item = new QListWidgetItem(tr("%1 (%2 contacts)").arg(l.name).arg(l.contacts), m_lists);
            item->setData(Qt::UserRole, l.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
    }
    m_audience = new QLabel;
    m_audience->setObjectName(u"campaignAudience"_s);
    auto *listsPage =
        new Page(tr("Lists"),
                 tr("Everyone on the chosen lists gets the message once, unless they unsubscribed, "
                    "bounced, complained or are suppressed."),
                 [this] { return m_eligible > 0; });
    auto *listsLayout = new QVBoxLayout(listsPage);
    listsLayout->addWidget(m_lists);
    listsLayout->addWidget(m_audience);
    connect(m_lists, &QListWidget::itemChanged, listsPage, [this, listsPage] {
        updateAudience();
        listsPage->changed();
    });
    setPage(ListsPage, listsPage);

    // 3. Template
    m_template = new QComboBox;
    m_template->setObjectName(u"campaignTemplate"_s);
    if (auto templates = storage::TemplateStore(m_db).list(); templates) {
        for (const storage::StoredTemplate &t : std::as_const(templates.value()))
            m_template->addItem(t.name);
    }
    m_preview = new QTextBrowser;
    m_preview->setObjectName(u"campaignPreview"_s);
    m_preview->setOpenLinks(false);
    auto *templatePage =
        new Page(tr("Template"), tr("The message; merge fields are filled in for each contact."),
                 [this] { return m_template->currentIndex() >= 0; });
    auto *templateLayout = new QVBoxLayout(templatePage);
    templateLayout->addWidget(m_template);
    templateLayout->addWidget(m_preview, 1);
    connect(m_template, &QComboBox::currentIndexChanged, this, &CampaignWizard::updatePreview);
    setPage(TemplatePage, templatePage);

    // 4. Sender and accounts
    storage::TemplateStore settings(m_db);
    const templating::SenderProfile sender = campaign::CampaignMessages::senderProfile(settings);
    m_from = new QLineEdit(sender.fromName.isEmpty() ? sender.fromAddress
                                                     : u"%1 <%2>"_s.arg(sender.fromName, sender.fromAddress));
    m_from->setObjectName(u"campaignFrom"_s);
    m_bounceDomain = new QLineEdit;
    m_bounceDomain->setObjectName(u"campaignBounceDomain"_s);
    m_bounceDomain->setPlaceholderText(tr("optional, e.g. bounces.example.com"));
    m_accounts = new QListWidget;
    m_accounts->setObjectName(u"campaignAccounts"_s);
    if (auto accounts = storage::AccountStore(m_db).list(); accounts) {
        for (const storage::Account &a : std::as_const(accounts.value())) {
            auto *item = new QListWidgetItem(limitsText(a), m_accounts);
            item->setData(Qt::UserRole, a.id);
            item->setData(Qt::UserRole + 1, sustainedRate(a));
            item->setData(Qt::UserRole + 2, a.name); // the text has limits, in the interface's language
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Checked);
        }
    }
    m_maxRate = new QDoubleSpinBox;
    m_maxRate->setObjectName(u"campaignMaxRate"_s);
    m_maxRate->setRange(0, 10000);
    m_maxRate->setDecimals(1);
    m_maxRate->setSpecialValueText(tr("no limit"));
    m_maxRate->setSuffix(tr(" messages/s"));
    m_domainLimits = new QLineEdit;
    m_domainLimits->setObjectName(u"campaignDomainLimits"_s);
    m_domainLimits->setPlaceholderText(tr("e.g. qq.com=20, 163.com=20, gmail.com=60 (per minute)"));
    // Tracking: which relay (the default from Settings), and what it tracks.
    m_relay = new QComboBox;
    m_relay->setObjectName(u"campaignRelay"_s);
    m_relay->addItem(tr("None (unsubscribe by e-mail only)"), qint64(0));
    const QString defaultRelay = settings.setting(u"sender/relay"_s).value_or(QString());
    if (auto relays = storage::TrackingStore(m_db).relays(); relays) {
        for (const storage::Relay &r : std::as_const(relays.value())) {
            m_relay->addItem(u"%1 (%2)"_s.arg(r.name, r.url), r.id);
            if (r.name.compare(defaultRelay, Qt::CaseInsensitive) == 0 || relays->size() == 1)
                m_relay->setCurrentIndex(m_relay->count() - 1);
        }
    }
    m_openTracking = new QCheckBox(tr("Track opens (a 1×1 image)"));
    m_openTracking->setObjectName(u"campaignOpenTracking"_s);
    m_openTracking->setChecked(true);
    m_clickTracking = new QCheckBox(tr("Track clicks (links go through the relay)"));
    m_clickTracking->setObjectName(u"campaignClickTracking"_s);
    m_clickTracking->setChecked(true);
    const auto relayChosen = [this] {
        const bool on = m_relay->currentData().toLongLong() > 0;
        m_openTracking->setEnabled(on);
        m_clickTracking->setEnabled(on);
    };
    connect(m_relay, &QComboBox::currentIndexChanged, this, relayChosen);
    relayChosen();
    m_estimate = new QLabel;
    m_estimate->setObjectName(u"campaignEstimate"_s);
    m_estimate->setWordWrap(true);
    auto *senderPage = new Page(tr("Sender and accounts"),
                                tr("Messages go out through every chosen account at once, each within its "
                                   "own limits; if one fails, the others take over."),
                                [this] {
                                    bool any = false;
                                    for (int i = 0; i < m_accounts->count(); ++i)
                                        any = any || m_accounts->item(i)->checkState() == Qt::Checked;
                                    return any && !spec().fromAddress.isEmpty();
                                });
    auto *senderLayout = new QFormLayout(senderPage);
    senderLayout->addRow(tr("From:"), m_from);
    senderLayout->addRow(tr("Bounce domain:"), m_bounceDomain);
    senderLayout->addRow(tr("Accounts:"), m_accounts);
    senderLayout->addRow(tr("Campaign speed limit:"), m_maxRate);
    senderLayout->addRow(tr("Per-domain limits:"), m_domainLimits);
    senderLayout->addRow(tr("Tracking relay:"), m_relay);
    senderLayout->addRow(QString(), m_openTracking);
    senderLayout->addRow(QString(), m_clickTracking);
    senderLayout->addRow(m_estimate);
    connect(m_from, &QLineEdit::textChanged, senderPage, &Page::changed);
    connect(m_accounts, &QListWidget::itemChanged, senderPage, [this, senderPage] {
        updateEstimate();
        senderPage->changed();
    });
    connect(m_maxRate, &QDoubleSpinBox::valueChanged, this, &CampaignWizard::updateEstimate);
    setPage(SenderPage, senderPage);

    // 5. Schedule
    m_now = new QRadioButton(tr("Start sending when I finish"));
    m_now->setObjectName(u"campaignNow"_s);
    m_later = new QRadioButton(tr("Start at:"));
    m_later->setObjectName(u"campaignLater"_s);
    m_at = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(3600));
    m_at->setObjectName(u"campaignAt"_s);
    m_at->setCalendarPopup(true);
    m_at->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_now->setChecked(true);
    auto *group = new QButtonGroup(this);
    group->addButton(m_now);
    group->addButton(m_later);
    auto *schedulePage = new Page(tr("Schedule"), tr("Hivepost must be running at that time to start it."));
    auto *scheduleLayout = new QFormLayout(schedulePage);
    scheduleLayout->addRow(m_now);
    scheduleLayout->addRow(m_later, m_at);
    setPage(SchedulePage, schedulePage);

    // 6. Review
    m_summary = new QLabel;
    m_summary->setObjectName(u"campaignSummary"_s);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_warnings = new QLabel;
    m_warnings->setObjectName(u"campaignWarnings"_s);
    m_warnings->setWordWrap(true);
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setStyleSheet(u"color: #9a5b00;"_s);
    auto *reviewPage = new Page(tr("Review"), tr("Check, then create the campaign."));
    auto *reviewLayout = new QVBoxLayout(reviewPage);
    reviewLayout->addWidget(m_summary);
    reviewLayout->addWidget(m_warnings);
    reviewLayout->addStretch();
    reviewPage->setFinalPage(true);
    setPage(ReviewPage, reviewPage);
    setButtonText(QWizard::FinishButton, tr("Create campaign"));

    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == TemplatePage)
            updatePreview();
        else if (id == SenderPage)
            updateEstimate();
        else if (id == ReviewPage)
            updateReview();
    });
    updateAudience();
}

storage::CampaignSpec CampaignWizard::spec() const {
    storage::CampaignSpec s;
    s.name = m_name->text().trimmed();
    s.templateName = m_template->currentText();
    for (int i = 0; i < m_lists->count(); ++i) {
        if (m_lists->item(i)->checkState() == Qt::Checked)
            s.listIds << m_lists->item(i)->data(Qt::UserRole).toLongLong();
    }
    bool all = true;
    QList<qint64> accounts;
    for (int i = 0; i < m_accounts->count(); ++i) {
        if (m_accounts->item(i)->checkState() == Qt::Checked)
            accounts << m_accounts->item(i)->data(Qt::UserRole).toLongLong();
        else
            all = false;
    }
    // Every account checked: the campaign uses all accounts, including ones added later.
    s.accountIds = all ? QList<qint64>{} : accounts;
    s.fromAddress =
        EmailAddress::parseMailbox(m_from->text()).address.isEmpty() ? QString() : m_from->text().trimmed();
    s.bounceDomain = m_bounceDomain->text().trimmed().toLower();
    s.maxRate = m_maxRate->value();
    static const QRegularExpression limit(u"([^\\s=,;]+)\\s*=\\s*(\\d+)"_s);
    for (auto it = limit.globalMatch(m_domainLimits->text()); it.hasNext();) {
        const QRegularExpressionMatch d = it.next();
        s.domainLimits.insert(d.captured(1).toLower(), d.captured(2).toInt());
    }
    if (m_later->isChecked())
        s.startAt = m_at->dateTime().toSecsSinceEpoch();
    s.relayId = m_relay->currentData().toLongLong();
    s.openTracking = m_openTracking->isChecked();
    s.clickTracking = m_clickTracking->isChecked();
    return s;
}

bool CampaignWizard::startNow() const {
    return m_now->isChecked();
}

void CampaignWizard::updateAudience() {
    auto audience = storage::LedgerStore(m_db).audience(spec().listIds);
    m_eligible = audience ? audience->first : 0;
    if (!audience)
        m_audience->setText(audience.errorString());
    else if (spec().listIds.isEmpty())
        m_audience->setText(tr("Choose one or more lists."));
    else
        m_audience->setText(
            tr("%1 will be mailed; %2 skipped (unsubscribed, bounced, complained or suppressed).")
                .arg(audience->first)
                .arg(audience->second));
}

void CampaignWizard::updatePreview() {
    auto t = storage::TemplateStore(m_db).byName(m_template->currentText());
    if (!t) {
        m_preview->setPlainText(t.errorString());
        return;
    }
    m_preview->setHtml(
        u"<p><b>%1</b> %2</p><hr/>"_s.arg(tr("Subject:").toHtmlEscaped(), t->subject.toHtmlEscaped()) +
        (t->html.isEmpty() ? u"<pre>%1</pre>"_s.arg(t->text.toHtmlEscaped()) : t->html));
}

double CampaignWizard::accountRate() const {
    double total = 0;
    for (int i = 0; i < m_accounts->count(); ++i) {
        const QListWidgetItem *item = m_accounts->item(i);
        if (item->checkState() != Qt::Checked)
            continue;
        const double rate = item->data(Qt::UserRole + 1).toDouble();
        if (rate <= 0)
            return 0; // at least one account without limits
        total += rate;
    }
    return total;
}

void CampaignWizard::updateEstimate() {
    double rate = accountRate();
    if (m_maxRate->value() > 0)
        rate = rate > 0 ? std::min(rate, m_maxRate->value()) : m_maxRate->value();
    if (rate <= 0) {
        m_estimate->setText(
            tr("%1 recipients, as fast as the servers take them (no limit is set).").arg(m_eligible));
        return;
    }
    m_estimate->setText(tr("%1 recipients at up to %2 messages a second: %3.")
                            .arg(m_eligible)
                            .arg(QString::number(rate, 'f', rate < 10 ? 2 : 0))
                            .arg(durationText(double(m_eligible) / rate)));
}

QStringList CampaignWizard::warnings() const {
    QStringList out;
    const storage::CampaignSpec s = spec();
    storage::TemplateStore settings(m_db);
    const templating::SenderProfile sender = campaign::CampaignMessages::senderProfile(settings);
    if (s.relayId == 0 && sender.unsubscribeUrl.isEmpty() && sender.unsubscribeMailto.isEmpty())
        out << tr(
            "There is no unsubscribe link or address (Settings): Gmail and Yahoo require one for bulk mail.");
    else if (s.relayId == 0 && sender.unsubscribeUrl.isEmpty())
        out << tr("Unsubscribe is by e-mail only: Gmail and Yahoo want one-click unsubscribe over HTTPS (RFC "
                  "8058) from bulk senders. Choose a tracking relay.");
    if (s.relayId > 0) {
        if (auto relay = storage::TrackingStore(m_db).relayById(s.relayId);
            relay && !relay->url.startsWith(u"https://"_s, Qt::CaseInsensitive))
            out << tr("The relay %1 is not on https: mail clients offer one-click unsubscribe only over "
                      "HTTPS.")
                       .arg(relay->name);
    }
    const QString from = EmailAddress::parseMailbox(s.fromAddress).address;
    if (auto key = settings.dkimKey(EmailAddress::domainOf(from)); key && !key->has_value())
        out << tr("Messages from %1 will not be DKIM-signed: add a DKIM key for the domain.")
                   .arg(EmailAddress::domainOf(from));
    if (auto accounts = storage::AccountStore(m_db).list(); accounts) {
        for (const storage::Account &a : std::as_const(accounts.value())) {
            if (!s.accountIds.isEmpty() && !s.accountIds.contains(a.id))
                continue;
            if (a.lastTestAt == 0)
                out << tr("The account %1 has never been tested.").arg(a.name);
            else if (!a.lastTestOk)
                out << tr("The last test of the account %1 failed: %2").arg(a.name, a.lastTestMessage);
            const QString domain = EmailAddress::domainOf(from);
            if (!a.fromAddresses.isEmpty() && !a.fromAddresses.contains(from, Qt::CaseInsensitive) &&
                !a.fromAddresses.contains(u"@"_s + domain, Qt::CaseInsensitive))
                out << tr("The account %1 may not send as %2 and will not be used.").arg(a.name, from);
        }
    }
    const auto stored = settings.byName(s.templateName);
    const auto empty = campaign::CampaignMessages::emptyFields(
        m_db, stored ? campaign::CampaignMessages::contentOf(stored.value()) : templating::TemplateContent{},
        s.listIds);
    if (empty) {
        for (const campaign::CampaignMessages::EmptyField &e : std::as_const(empty.value()))
            out << tr("%1 of the %2 contacts to be mailed have no “%3”: their messages get an empty value "
                      "where {{%3}} is. Give it a fallback in the template, {{%3|…}}, or fill the field.")
                       .arg(e.contacts)
                       .arg(m_eligible)
                       .arg(e.field);
    }
    if (m_eligible >= 10'000 && accountRate() <= 0 && s.maxRate <= 0)
        out << tr("%1 recipients with no sending limit: providers may throttle or block a sudden burst.")
                   .arg(m_eligible);
    return out;
}

void CampaignWizard::updateReview() {
    const storage::CampaignSpec s = spec();
    QStringList accounts;
    for (int i = 0; i < m_accounts->count(); ++i) {
        if (m_accounts->item(i)->checkState() == Qt::Checked)
            accounts << m_accounts->item(i)->data(Qt::UserRole + 2).toString();
    }
    m_summary->setText(tr("Campaign: %1\nRecipients: %2\nTemplate: %3\nFrom: %4\nAccounts: %5\nStart: %6")
                           .arg(s.name)
                           .arg(m_eligible)
                           .arg(s.templateName, s.fromAddress, accounts.join(u", "_s),
                                s.startAt > 0 ? QLocale().toString(m_at->dateTime(), QLocale::ShortFormat)
                                              : tr("when you click Create campaign")));
    const QStringList w = warnings();
    m_warnings->setText(w.isEmpty() ? tr("No warnings.") : u"⚠ "_s + w.join(u"\n⚠ "_s));
}

void CampaignWizard::accept() {
    auto id = storage::LedgerStore(m_db).create(spec());
    if (!id) {
        m_error = id.errorString();
        m_warnings->setText(m_error);
        return;
    }
    m_createdId = id.value();
    QWizard::accept();
}

} // namespace hivepost::ui
