#include "bounces/BouncesPage.h"

#include <QComboBox>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "application/Application.h"
#include "common/ReadOnlyTable.h"
#include "secrets/SecretRef.h"
#include "storage/BounceStore.h"
#include "storage/CampaignStore.h"
#include "storage/MailboxStore.h"
#include "storage/SuppressionStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

// Sisimai's reason keys, in words a marketer reads.
QString BouncesPage::reasonLabel(const QString &key) {
    static const QHash<QString, const char *> labels{
        {u"userunknown"_s, QT_TR_NOOP("address does not exist")},
        {u"hostunknown"_s, QT_TR_NOOP("domain does not exist")},
        {u"mailboxfull"_s, QT_TR_NOOP("mailbox full")},
        {u"filtered"_s, QT_TR_NOOP("filtered by the recipient")},
        {u"rejected"_s, QT_TR_NOOP("sender rejected")},
        {u"blocked"_s, QT_TR_NOOP("sending server blocked")},
        {u"spamdetected"_s, QT_TR_NOOP("taken for spam")},
        {u"policyviolation"_s, QT_TR_NOOP("against the receiver's policy")},
        {u"securityerror"_s, QT_TR_NOOP("security error")},
        {u"expired"_s, QT_TR_NOOP("gave up after retrying")},
        {u"suspend"_s, QT_TR_NOOP("mailbox suspended")},
        {u"ratelimited"_s, QT_TR_NOOP("too many messages")},
        {u"notaccept"_s, QT_TR_NOOP("domain accepts no mail")},
        {u"norelaying"_s, QT_TR_NOOP("relaying denied")},
        {u"authfailure"_s, QT_TR_NOOP("SPF/DKIM/DMARC failed")},
        {u"requireptr"_s, QT_TR_NOOP("no reverse DNS")},
        {u"contenterror"_s, QT_TR_NOOP("content error")},
        {u"emailtoolarge"_s, QT_TR_NOOP("message too large")},
        {u"systemerror"_s, QT_TR_NOOP("receiving system error")},
        {u"networkerror"_s, QT_TR_NOOP("network error")},
        {u"mailererror"_s, QT_TR_NOOP("mail program error")},
        {u"hasmoved"_s, QT_TR_NOOP("address has moved")},
        {u"feedback"_s, QT_TR_NOOP("spam complaint")},
        {u"vacation"_s, QT_TR_NOOP("out of office")},
        {u"unsubscribe"_s, QT_TR_NOOP("unsubscribe e-mail")},
        {u"undefined"_s, QT_TR_NOOP("not known")},
    };
    const auto it = labels.constFind(key);
    return it == labels.constEnd() ? key : tr(*it);
}

namespace {

QString when(qint64 ms) {
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QLocale::ShortFormat) : QString();
}

} // namespace

BouncesPage::BouncesPage(application::Application &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_db(app.database()) {
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<h2>Bounces &amp; Suppression</h2>"), this);
    layout->addWidget(title);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(buildLogTab(), tr("Bounce log"));
    m_tabs->addTab(buildSuppressionTab(), tr("Suppression list"));
    m_tabs->addTab(buildMailboxTab(), tr("Bounce mailboxes"));
    layout->addWidget(m_tabs);
    // The application layer polls on its schedule; this page shows it and lets the user change it.
    m_pollMinutes->setValue(m_app.pollMinutes());
    connect(m_pollMinutes, &QSpinBox::valueChanged, this, [this](int minutes) {
        m_app.setPollMinutes(minutes);
        Q_EMIT pollMinutesChanged(minutes);
    });
    connect(&m_app, &application::Application::bouncesChanged, this, [this] {
        if (isVisible())
            reload();
    });
    connect(&m_app, &application::Application::pollStarted, this, [this](const QString &name) {
        m_poll->setEnabled(false);
        m_test->setEnabled(false);
        m_pollResult->setText(tr("Reading %1…").arg(name));
    });
    connect(&m_app, &application::Application::pollFinished, this,
            [this](const QString &name, const Result<mailbox::PollReport> &r) {
                if (r) {
                    m_pollResult->setText(
                        tr("%1: %2 e-mails read: %3 bounces, %4 complaints, %5 unsubscribes; %6 moved.")
                            .arg(name)
                            .arg(r->summary.messages)
                            .arg(r->summary.bounces)
                            .arg(r->summary.complaints)
                            .arg(r->summary.unsubscribes)
                            .arg(r->moved));
                } else {
                    m_pollResult->setText(tr("%1: %2").arg(name, r.errorString()));
                }
                reloadMailboxes();
                Q_EMIT pollFinished(r.ok());
            });
    connect(&m_app, &application::Application::mailboxTested, this,
            [this](const QString &name, const Result<int> &r) {
                reloadMailboxes();
                m_pollResult->setText(
                    r ? tr("%1: logged in; %n new e-mail(s) to read.", nullptr, r.value()).arg(name)
                      : tr("%1: %2").arg(name, r.errorString()));
                Q_EMIT tested(r.ok());
            });
}

void BouncesPage::setPollMinutes(int minutes) {
    QSignalBlocker block(m_pollMinutes);
    m_pollMinutes->setValue(minutes);
    m_app.setPollMinutes(minutes);
}

int BouncesPage::pollMinutes() const {
    return m_app.pollMinutes();
}

void BouncesPage::pollAll() {
    m_app.pollAll();
}

QWidget *BouncesPage::buildLogTab() {
    auto *w = new QWidget(this);
    auto *v = new QVBoxLayout(w);
    auto *filters = new QHBoxLayout;
    m_campaign = new QComboBox(w);
    m_campaign->setObjectName(u"campaignFilter"_s);
    m_reason = new QComboBox(w);
    m_reason->setObjectName(u"reasonFilter"_s);
    m_hardness = new QComboBox(w);
    m_hardness->setObjectName(u"hardFilter"_s);
    m_hardness->addItem(tr("Hard and soft"), -1);
    m_hardness->addItem(tr("Hard only"), 1);
    m_hardness->addItem(tr("Soft only"), 0);
    m_period = new QComboBox(w);
    m_period->setObjectName(u"periodFilter"_s);
    m_period->addItem(tr("Any time"), 0);
    m_period->addItem(tr("Last 24 hours"), 1);
    m_period->addItem(tr("Last 7 days"), 7);
    m_period->addItem(tr("Last 30 days"), 30);
    filters->addWidget(new QLabel(tr("Campaign:"), w));
    filters->addWidget(m_campaign, 1);
    filters->addWidget(new QLabel(tr("Reason:"), w));
    filters->addWidget(m_reason, 1);
    filters->addWidget(m_hardness);
    filters->addWidget(m_period);
    v->addLayout(filters);
    m_summary = new QLabel(w);
    m_summary->setObjectName(u"bounceSummary"_s);
    v->addWidget(m_summary);
    m_log = makeReadOnlyTable({tr("When"), tr("Address"), tr("Campaign"), tr("Kind"), tr("Reason"),
                               tr("Hard"), tr("Status"), tr("Action"), tr("What the server said")},
                              w);
    m_log->setObjectName(u"bounceLog"_s);
    v->addWidget(m_log, 1);
    auto *buttons = new QHBoxLayout;
    m_undo = new QPushButton(tr("Undo action"), w);
    m_undo->setToolTip(tr("Put back the contact's status and remove the suppression this entry added."));
    auto *refresh = new QPushButton(tr("Refresh"), w);
    buttons->addStretch();
    buttons->addWidget(refresh);
    buttons->addWidget(m_undo);
    v->addLayout(buttons);
    for (QComboBox *c : {m_campaign, m_reason, m_hardness, m_period})
        connect(c, &QComboBox::currentIndexChanged, this, [this] { reloadLog(); });
    connect(refresh, &QPushButton::clicked, this, &BouncesPage::reload);
    connect(m_undo, &QPushButton::clicked, this, [this] { undoSelected(); });
    return w;
}

QWidget *BouncesPage::buildSuppressionTab() {
    auto *w = new QWidget(this);
    auto *v = new QVBoxLayout(w);
    v->addWidget(
        new QLabel(tr("These addresses and domains are never mailed, whatever list they are on."), w));
    m_suppressions = makeReadOnlyTable({tr("Address or @domain"), tr("Reason"), tr("Since")}, w);
    m_suppressions->setObjectName(u"suppressions"_s);
    v->addWidget(m_suppressions, 1);
    auto *row = new QHBoxLayout;
    m_pattern = new QLineEdit(w);
    m_pattern->setPlaceholderText(tr("ann@example.com or @example.com"));
    m_patternReason = new QLineEdit(w);
    m_patternReason->setPlaceholderText(tr("Why (optional)"));
    auto *add = new QPushButton(tr("Suppress"), w);
    auto *remove = new QPushButton(tr("Remove selected"), w);
    row->addWidget(m_pattern, 2);
    row->addWidget(m_patternReason, 2);
    row->addWidget(add);
    row->addWidget(remove);
    v->addLayout(row);
    connect(add, &QPushButton::clicked, this,
            [this] { addSuppression(m_pattern->text(), m_patternReason->text()); });
    connect(remove, &QPushButton::clicked, this, [this] { removeSelectedSuppression(); });
    return w;
}

QWidget *BouncesPage::buildMailboxTab() {
    auto *w = new QWidget(this);
    auto *v = new QVBoxLayout(w);
    v->addWidget(
        new QLabel(tr("Hivepost reads these mailboxes for bounces, complaints and unsubscribe e-mails. "
                      "Other mail in them is never touched."),
                   w));
    m_mailboxes =
        makeReadOnlyTable({tr("Name"), tr("Server"), tr("Folder"), tr("Last poll"), tr("Result")}, w);
    m_mailboxes->setObjectName(u"mailboxes"_s);
    v->addWidget(m_mailboxes, 1);
    auto *pollRow = new QHBoxLayout;
    m_pollResult = new QLabel(w);
    m_pollResult->setObjectName(u"pollResult"_s);
    m_pollResult->setWordWrap(true);
    m_poll = new QPushButton(tr("Poll now"), w);
    m_test = new QPushButton(tr("Test"), w);
    m_test->setToolTip(tr("Log in and count the new messages, reading and moving nothing."));
    m_pollMinutes = new QSpinBox(w);
    m_pollMinutes->setObjectName(u"pollMinutes"_s);
    m_pollMinutes->setRange(0, 24 * 60);
    m_pollMinutes->setSuffix(tr(" min"));
    m_pollMinutes->setSpecialValueText(tr("never"));
    pollRow->addWidget(m_pollResult, 1);
    pollRow->addWidget(new QLabel(tr("Poll every"), w));
    pollRow->addWidget(m_pollMinutes);
    pollRow->addWidget(m_test);
    pollRow->addWidget(m_poll);
    v->addLayout(pollRow);
    auto *box = new QGroupBox(tr("Add a bounce mailbox"), w);
    auto *form = new QFormLayout(box);
    m_mbName = new QLineEdit(box);
    m_mbProtocol = new QComboBox(box);
    m_mbProtocol->setObjectName(u"mailboxProtocol"_s);
    m_mbProtocol->addItem(tr("IMAP (bounces are moved to a folder)"), u"imap"_s);
    m_mbProtocol->addItem(tr("POP3 (nothing is deleted; read messages are remembered)"), u"pop3"_s);
    m_mbHost = new QLineEdit(box);
    m_mbPort = new QSpinBox(box);
    m_mbPort->setObjectName(u"mailboxPort"_s);
    m_mbPort->setRange(1, 65535);
    m_mbPort->setValue(993);
    m_mbSecurity = new QComboBox(box);
    m_mbSecurity->addItem(tr("TLS"), u"tls"_s);
    m_mbSecurity->addItem(tr("STARTTLS"), u"starttls"_s);
    m_mbUser = new QLineEdit(box);
    m_mbPassword = new QLineEdit(box);
    m_mbPassword->setEchoMode(QLineEdit::Password);
    m_mbPassword->setPlaceholderText(tr("kept in a private file, never in the database"));
    m_mbCaFile = new QLineEdit(box);
    m_mbCaFile->setPlaceholderText(tr("optional: a PEM file of extra CA certificates"));
    m_mbFolder = new QLineEdit(u"INBOX"_s, box);
    m_mbMoveTo = new QLineEdit(u"Processed"_s, box);
    auto *hostRow = new QHBoxLayout;
    hostRow->addWidget(m_mbHost, 1);
    hostRow->addWidget(m_mbPort);
    hostRow->addWidget(m_mbSecurity);
    form->addRow(tr("Name:"), m_mbName);
    form->addRow(tr("Protocol:"), m_mbProtocol);
    form->addRow(tr("Server:"), hostRow);
    form->addRow(tr("User:"), m_mbUser);
    form->addRow(tr("Password:"), m_mbPassword);
    form->addRow(tr("CA file:"), m_mbCaFile);
    auto *folders = new QHBoxLayout;
    folders->addWidget(m_mbFolder);
    folders->addWidget(new QLabel(tr("move processed bounces to"), box));
    folders->addWidget(m_mbMoveTo);
    form->addRow(tr("Folder:"), folders);
    auto *addRow = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add mailbox"), box);
    auto *remove = new QPushButton(tr("Remove selected"), box);
    addRow->addStretch();
    addRow->addWidget(remove);
    addRow->addWidget(add);
    form->addRow(addRow);
    v->addWidget(box);
    const auto defaults = [this] {
        const bool pop3 = m_mbProtocol->currentData().toString() == u"pop3"_s;
        const bool tls = m_mbSecurity->currentData().toString() == u"tls"_s;
        m_mbPort->setValue(pop3 ? (tls ? 995 : 110) : (tls ? 993 : 143));
        m_mbFolder->setEnabled(!pop3); // POP3 has one mailbox and no folders
        m_mbMoveTo->setEnabled(!pop3);
    };
    connect(m_mbSecurity, &QComboBox::currentIndexChanged, this, defaults);
    connect(m_mbProtocol, &QComboBox::currentIndexChanged, this, defaults);
    connect(m_test, &QPushButton::clicked, this, &BouncesPage::testSelectedMailbox);
    connect(add, &QPushButton::clicked, this, [this] { addMailbox(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_mailboxes->currentRow();
        if (row < 0)
            return;
        if (storage::MailboxStore(m_db).remove(m_mailboxes->item(row, 0)->text()).ok())
            reloadMailboxes();
    });
    connect(m_poll, &QPushButton::clicked, this, &BouncesPage::pollSelectedMailbox);
    return w;
}

void BouncesPage::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    reload();
}

void BouncesPage::reload() {
    const QString campaign = m_campaign->currentText();
    const QString reason = m_reason->currentText();
    QSignalBlocker b1(m_campaign), b2(m_reason);
    m_campaign->clear();
    m_campaign->addItem(tr("All campaigns"), qint64(0));
    if (auto list = storage::CampaignStore(m_db).list()) {
        for (const storage::CampaignInfo &c : std::as_const(list.value()))
            m_campaign->addItem(c.name, c.id);
    }
    m_campaign->setCurrentIndex(std::max(0, m_campaign->findText(campaign)));
    m_reason->clear();
    m_reason->addItem(tr("All reasons"), QString());
    QStringList reasons;
    if (auto all = storage::BounceStore(m_db).list({})) {
        for (const storage::BounceEvent &e : std::as_const(all.value()))
            if (!reasons.contains(e.reason))
                reasons << e.reason;
    }
    reasons.sort();
    for (const QString &r : std::as_const(reasons))
        m_reason->addItem(reasonLabel(r), r);
    m_reason->setCurrentIndex(std::max(0, m_reason->findText(reason)));
    reloadLog();
    reloadSuppressions();
    reloadMailboxes();
}

void BouncesPage::reloadLog() {
    storage::BounceFilter f;
    f.campaignId = m_campaign->currentData().toLongLong();
    f.reason = m_reason->currentData().toString();
    f.hard = m_hardness->currentData().toInt();
    if (const int days = m_period->currentData().toInt(); days > 0)
        f.sinceMs = QDateTime::currentMSecsSinceEpoch() - qint64(days) * 86'400'000;
    auto events = storage::BounceStore(m_db).list(f);
    m_log->setRowCount(0);
    if (!events) {
        m_summary->setText(events.errorString());
        return;
    }
    int hard = 0, soft = 0, complaints = 0, unsubscribes = 0, suppressed = 0;
    const QHash<QString, QString> kinds{{u"bounce"_s, tr("bounce")},
                                        {u"complaint"_s, tr("complaint")},
                                        {u"autoreply"_s, tr("auto-reply")},
                                        {u"unsubscribe"_s, tr("unsubscribe")}};
    const QHash<QString, QString> actions{{u"suppressed"_s, tr("suppressed")},
                                          {u"unsubscribed"_s, tr("unsubscribed")},
                                          {u"none"_s, tr("none")}};
    for (const storage::BounceEvent &e : std::as_const(events.value())) {
        const int row = m_log->rowCount();
        m_log->insertRow(row);
        m_log->setItem(row, 0, tableCell(when(e.receivedAt), e.id));
        m_log->setItem(row, 1, tableCell(e.email));
        m_log->setItem(row, 2, tableCell(e.campaign));
        m_log->setItem(row, 3, tableCell(kinds.value(e.kind, e.kind)));
        m_log->setItem(row, 4, tableCell(reasonLabel(e.reason), e.reason));
        m_log->setItem(row, 5,
                       tableCell(e.kind == u"bounce"_s ? (e.hard ? tr("hard") : tr("soft")) : QString()));
        m_log->setItem(row, 6, tableCell(e.replyCode ? u"%1 %2"_s.arg(e.replyCode).arg(e.status) : e.status));
        QString action = actions.value(e.action, e.action);
        if (e.undoneAt)
            action = tr("%1 (undone)").arg(action);
        m_log->setItem(row, 7, tableCell(action));
        QTableWidgetItem *diagnostic = tableCell(e.diagnostic.simplified().left(300));
        diagnostic->setToolTip(tr("From: %1").arg(e.evidence));
        m_log->setItem(row, 8, diagnostic);
        if (e.kind == u"bounce"_s)
            (e.hard ? hard : soft)++;
        complaints += e.kind == u"complaint"_s;
        unsubscribes += e.kind == u"unsubscribe"_s;
        suppressed += e.action != u"none"_s && !e.undoneAt;
    }
    m_log->resizeColumnsToContents();
    m_summary->setText(tr("%1 bounces (%2 hard, %3 soft), %4 complaints, %5 unsubscribes; %6 addresses "
                          "suppressed or unsubscribed")
                           .arg(hard + soft)
                           .arg(hard)
                           .arg(soft)
                           .arg(complaints)
                           .arg(unsubscribes)
                           .arg(suppressed));
}

void BouncesPage::reloadSuppressions() {
    auto list = storage::SuppressionStore(m_db).list();
    QList<QList<QTableWidgetItem *>> rows;
    for (const storage::Suppression &s : list ? list.value() : QList<storage::Suppression>())
        rows.append({tableCell(s.pattern), tableCell(s.reason), tableCell(when(s.createdAt * 1000))});
    fillTable(m_suppressions, rows);
}

void BouncesPage::reloadMailboxes() {
    auto list = storage::MailboxStore(m_db).list();
    if (!list) {
        m_mailboxes->setRowCount(0);
        return;
    }
    QList<QList<QTableWidgetItem *>> rows;
    for (const storage::MailboxConfig &m : std::as_const(list.value()))
        rows.append(
            {tableCell(m.name),
             tableCell(
                 u"%1 %2@%3:%4 (%5)"_s.arg(m.protocol.toUpper(), m.user, m.host).arg(m.port).arg(m.security)),
             tableCell(m.moveTo.isEmpty() ? m.folder : m.folder + u" → "_s + m.moveTo),
             tableCell(m.lastPollAt ? when(m.lastPollAt) : tr("never")), tableCell(m.lastResult)});
    fillTable(m_mailboxes, rows);
    if (m_mailboxes->rowCount() > 0 && m_mailboxes->currentRow() < 0)
        m_mailboxes->selectRow(0);
    m_poll->setEnabled(m_mailboxes->rowCount() > 0 && !m_app.isPolling());
    m_test->setEnabled(m_mailboxes->rowCount() > 0 && !m_app.isPolling());
}

bool BouncesPage::undoSelected() {
    const int row = m_log->currentRow();
    if (row < 0)
        return false;
    const qint64 id = m_log->item(row, 0)->data(Qt::UserRole).toLongLong();
    auto done = m_app.undoBounce(id);
    if (!done) {
        QMessageBox::warning(this, tr("Undo"), done.errorString());
        return false;
    }
    Q_EMIT statusMessage(done.value() ? tr("Undone: %1 may be mailed again.").arg(m_log->item(row, 1)->text())
                                      : tr("That was undone before."));
    reload();
    return done.value();
}

bool BouncesPage::addSuppression(const QString &pattern, const QString &reason) {
    auto added =
        storage::SuppressionStore(m_db).add(pattern, reason.isEmpty() ? tr("added by hand") : reason);
    if (!added) {
        QMessageBox::warning(this, tr("Suppression list"), added.errorString());
        return false;
    }
    m_pattern->clear();
    m_patternReason->clear();
    reloadSuppressions();
    return true;
}

bool BouncesPage::removeSelectedSuppression() {
    const int row = m_suppressions->currentRow();
    if (row < 0)
        return false;
    auto removed = storage::SuppressionStore(m_db).remove(m_suppressions->item(row, 0)->text());
    reloadSuppressions();
    return removed.ok() && removed.value();
}

bool BouncesPage::addMailbox() {
    storage::MailboxConfig m;
    m.name = m_mbName->text().trimmed();
    m.protocol = m_mbProtocol->currentData().toString();
    m.host = m_mbHost->text().trimmed();
    m.port = m_mbPort->value();
    m.security = m_mbSecurity->currentData().toString();
    m.user = m_mbUser->text().trimmed();
    m.caFile = m_mbCaFile->text().trimmed();
    m.folder = m_mbFolder->text().trimmed().isEmpty() ? u"INBOX"_s : m_mbFolder->text().trimmed();
    m.moveTo = m.protocol == u"pop3"_s ? QString() : m_mbMoveTo->text().trimmed();
    if (m.protocol == u"pop3"_s)
        m.folder = u"INBOX"_s;
    if (m.name.isEmpty() || m.host.isEmpty() || m.user.isEmpty()) {
        QMessageBox::warning(this, tr("Bounce mailbox"), tr("Name, server and user are needed."));
        return false;
    }
    if (!m_mbPassword->text().isEmpty()) {
        auto ref = secrets::SecretRef::storeInFile(secrets::SecretRef::defaultFileFor(u"mailbox-"_s + m.name),
                                                   m_mbPassword->text());
        if (!ref) {
            QMessageBox::warning(this, tr("Bounce mailbox"), ref.errorString());
            return false;
        }
        m.secretRef = ref.value();
    }
    auto id = storage::MailboxStore(m_db).add(m);
    if (!id) {
        QMessageBox::warning(this, tr("Bounce mailbox"), id.errorString());
        return false;
    }
    m_mbPassword->clear();
    reloadMailboxes();
    Q_EMIT statusMessage(tr("Mailbox %1 added; “Poll now” reads it.").arg(m.name));
    return true;
}

void BouncesPage::pollSelectedMailbox() {
    const int row = m_mailboxes->currentRow();
    if (row >= 0)
        m_app.poll(m_mailboxes->item(row, 0)->text());
}

void BouncesPage::testSelectedMailbox() {
    const int row = m_mailboxes->currentRow();
    if (row < 0)
        return;
    const QString name = m_mailboxes->item(row, 0)->text();
    if (!m_app.testMailbox(name)) {
        m_pollResult->setText(tr("A poll is under way; try again when it is done."));
        return;
    }
    m_poll->setEnabled(false);
    m_test->setEnabled(false);
    m_pollResult->setText(tr("Connecting to %1…").arg(name));
}

} // namespace hivepost::ui
