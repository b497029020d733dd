#include "campaigns/CampaignsPage.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "campaigns/CampaignWizard.h"
#include "campaigns/RateGraph.h"
#include "storage/CampaignStore.h"
#include "storage/Database.h"
#include "storage/LedgerState.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

QString stateLabel(const QString &state) {
    const auto known = storage::ledgerStateFrom(QStringView(state));
    if (!known)
        return state;
    switch (*known) {
    case storage::LedgerState::Pending:
        return CampaignsPage::tr("Waiting");
    case storage::LedgerState::Sending:
        return CampaignsPage::tr("Sending");
    case storage::LedgerState::Sent:
        return CampaignsPage::tr("Sent");
    case storage::LedgerState::Failed:
        return CampaignsPage::tr("Failed");
    case storage::LedgerState::Deferred:
        return CampaignsPage::tr("Deferred");
    case storage::LedgerState::Skipped:
        return CampaignsPage::tr("Skipped");
    case storage::LedgerState::Unknown:
        return CampaignsPage::tr("Unknown outcome");
    }
    return state;
}

const QString &sentKey() {
    return storage::stateName(storage::LedgerState::Sent);
}

QString campaignStateLabel(const QString &state) {
    if (state == u"draft"_s)
        return CampaignsPage::tr("Not started");
    if (state == u"scheduled"_s)
        return CampaignsPage::tr("Scheduled");
    if (state == u"running"_s)
        return CampaignsPage::tr("Sending");
    if (state == u"waiting"_s)
        return CampaignsPage::tr("Waiting for retries");
    if (state == u"pausing"_s)
        return CampaignsPage::tr("Pausing");
    if (state == u"cancelling"_s)
        return CampaignsPage::tr("Cancelling");
    if (state == u"paused"_s)
        return CampaignsPage::tr("Paused");
    if (state == u"cancelled"_s)
        return CampaignsPage::tr("Cancelled");
    if (state == u"done"_s)
        return CampaignsPage::tr("Finished");
    if (state == u"interrupted"_s)
        return CampaignsPage::tr("Interrupted");
    if (state == u"elsewhere"_s)
        return CampaignsPage::tr("Sending elsewhere");
    return state;
}

QString accountStatusLabel(const QString &status) {
    if (status == u"sending"_s)
        return CampaignsPage::tr("Sending");
    if (status == u"idle"_s)
        return CampaignsPage::tr("Idle");
    if (status == u"backoff"_s)
        return CampaignsPage::tr("Backing off");
    if (status == u"paused"_s)
        return CampaignsPage::tr("Paused");
    if (status == u"resolving"_s)
        return CampaignsPage::tr("Fetching password");
    if (status.isEmpty())
        return CampaignsPage::tr("Not sending");
    return status;
}

QString eta(qint64 seconds) {
    if (seconds < 0)
        return CampaignsPage::tr("unknown");
    return u"%1:%2:%3"_s.arg(seconds / 3600)
        .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QString CampaignsPage::campaignStateText(const QString &state) {
    return campaignStateLabel(state);
}

CampaignsPage::CampaignsPage(application::Application &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_db(app.database()) {
    setObjectName(u"campaignsPage"_s);
    auto *newButton = new QPushButton(tr("New campaign…"));
    newButton->setObjectName(u"newCampaign"_s);
    m_start = new QPushButton(tr("Start"));
    m_start->setObjectName(u"startCampaign"_s);
    m_pause = new QPushButton(tr("Pause"));
    m_pause->setObjectName(u"pauseCampaign"_s);
    m_cancel = new QPushButton(tr("Cancel campaign"));
    m_cancel->setObjectName(u"cancelCampaign"_s);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newButton);
    buttons->addStretch();
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_cancel);

    m_list = new QTableWidget(0, 4);
    m_list->setObjectName(u"campaignList"_s);
    m_list->setHorizontalHeaderLabels({tr("Campaign"), tr("State"), tr("Sent"), tr("Recipients")});
    m_list->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->verticalHeader()->hide();
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);

    // The live view.
    auto *detail = new QWidget;
    m_title = new QLabel;
    m_title->setObjectName(u"campaignTitle"_s);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_state = new QLabel;
    m_state->setObjectName(u"campaignState"_s);
    m_state->setWordWrap(true);
    m_progress = new QProgressBar;
    m_progress->setObjectName(u"campaignProgress"_s);
    auto *counts = new QGridLayout;
    for (int i = 0; i < storage::ledgerStates().size(); ++i) {
        auto *value = new QLabel(u"0"_s);
        value->setObjectName(u"count_"_s + storage::ledgerStates()[i]);
        QFont f = value->font();
        f.setBold(true);
        value->setFont(f);
        counts->addWidget(new QLabel(stateLabel(storage::ledgerStates()[i])), 0, i);
        counts->addWidget(value, 1, i);
        m_counts.insert(storage::ledgerStates()[i], value);
    }
    m_rate = new QLabel;
    m_rate->setObjectName(u"campaignRate"_s);
    m_graph = new RateGraph;
    m_graph->setObjectName(u"rateGraph"_s);
    m_accounts = new QTableWidget(0, 6);
    m_accounts->setObjectName(u"campaignAccounts"_s);
    m_accounts->setHorizontalHeaderLabels(
        {tr("Account"), tr("Status"), tr("Sent"), tr("Failed"), tr("Connections"), tr("Last error")});
    m_accounts->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_accounts->horizontalHeader()->setSectionResizeMode(5, QHeaderView::Stretch);
    m_accounts->verticalHeader()->hide();
    m_accounts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_accounts->setMaximumHeight(130);
    m_errors = new QPlainTextEdit;
    m_errors->setObjectName(u"campaignErrors"_s);
    m_errors->setReadOnly(true);
    m_errors->setPlaceholderText(tr("No errors."));
    auto *detailLayout = new QVBoxLayout(detail);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_state);
    detailLayout->addWidget(m_progress);
    detailLayout->addLayout(counts);
    detailLayout->addWidget(m_rate);
    detailLayout->addWidget(m_graph);
    detailLayout->addWidget(new QLabel(tr("Accounts")));
    detailLayout->addWidget(m_accounts);
    detailLayout->addWidget(new QLabel(tr("Recent errors")));
    detailLayout->addWidget(m_errors, 1);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({330, 670});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);

    connect(newButton, &QPushButton::clicked, this, &CampaignsPage::newCampaign);
    connect(m_start, &QPushButton::clicked, this, &CampaignsPage::startSelected);
    connect(m_pause, &QPushButton::clicked, this, &CampaignsPage::pauseSelected);
    connect(m_cancel, &QPushButton::clicked, this, &CampaignsPage::cancelSelected);
    connect(m_list, &QTableWidget::itemSelectionChanged, this, &CampaignsPage::refreshDetail);
    connect(&m_app, &application::Application::campaignProgress, this, [this](qint64 id) {
        if (id == selectedId())
            refreshDetail();
    });
    connect(&m_app, &application::Application::campaignStartFailed, this,
            [this](const QString &campaign, const QString &why) {
                Q_EMIT statusMessage(why);
                QMessageBox::warning(this, tr("Cannot start"), tr("“%1”: %2").arg(campaign, why));
                reload();
            });
    connect(&m_app, &application::Application::campaignStopped, this,
            [this](qint64, campaign::StopReason, const QString &why) {
                Q_EMIT statusMessage(why);
                reload();
            });
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &CampaignsPage::sample);
    timer->start(1000);
    reload();
}

CampaignsPage::~CampaignsPage() = default;

QString CampaignsPage::liveState(qint64 id, const QString &stored) const {
    if (m_app.isRunning(id))
        return m_app.progress(id).state;
    if (stored == u"running"_s)
        return elsewhere(id) ? u"elsewhere"_s : u"interrupted"_s; // stopped, or waits for retries
    return stored;
}

QString CampaignsPage::stateText(qint64 campaignId, const QString &storedState) const {
    return campaignStateText(liveState(campaignId, storedState));
}

bool CampaignsPage::elsewhere(qint64 id) const {
    auto runner = storage::CampaignStore(m_db).runner(id);
    return runner && !runner->isEmpty() && runner.value() != storage::CampaignStore::thisRunner();
}

qint64 CampaignsPage::selectedId() const {
    const QList<QTableWidgetItem *> items = m_list->selectedItems();
    return items.isEmpty() ? 0 : items.constFirst()->data(Qt::UserRole).toLongLong();
}

void CampaignsPage::reload() {
    const qint64 selected = selectedId();
    auto campaigns = storage::CampaignStore(m_db).list();
    QSignalBlocker block(m_list);
    m_list->setRowCount(0);
    if (!campaigns)
        return;
    int row = 0;
    int selectRow = campaigns->isEmpty() ? -1 : 0;
    for (const storage::CampaignInfo &c : std::as_const(campaigns.value())) {
        const qint64 total = storage::totalOf(c.counts);
        const QString state = liveState(c.id, c.state);
        m_list->insertRow(row);
        auto *name = new QTableWidgetItem(c.name);
        name->setData(Qt::UserRole, c.id);
        m_list->setItem(row, 0, name);
        m_list->setItem(row, 1, new QTableWidgetItem(campaignStateLabel(state)));
        m_list->setItem(row, 2, new QTableWidgetItem(QString::number(c.counts.value(sentKey()))));
        m_list->setItem(row, 3, new QTableWidgetItem(QString::number(total)));
        for (int col = 0; col < 4; ++col)
            m_list->item(row, col)->setData(Qt::UserRole, c.id);
        if (c.id == selected)
            selectRow = row;
        ++row;
    }
    if (selectRow >= 0)
        m_list->selectRow(selectRow);
    block.unblock();
    refreshDetail();
}

bool CampaignsPage::selectCampaign(const QString &name) {
    for (int row = 0; row < m_list->rowCount(); ++row) {
        if (m_list->item(row, 0)->text() == name) {
            m_list->selectRow(row);
            return true;
        }
    }
    return false;
}

void CampaignsPage::newCampaign() {
    CampaignWizard wizard(m_db, this);
    if (wizard.exec() != QDialog::Accepted)
        return;
    reload();
    auto info = storage::CampaignStore(m_db).byId(wizard.createdId());
    if (!info)
        return;
    selectCampaign(info->name);
    if (wizard.startNow() || info->startAt > 0)
        startSelected();
}

bool CampaignsPage::startSelected() {
    const qint64 id = selectedId();
    auto info = storage::CampaignStore(m_db).byId(id);
    if (!info)
        return false;
    auto started = m_app.startCampaign(info->name);
    if (!started) {
        Q_EMIT statusMessage(started.errorString());
        QMessageBox::warning(this, tr("Cannot start"), started.errorString());
        return false;
    }
    Q_EMIT statusMessage(tr("Sending “%1”.").arg(info->name));
    reload();
    return true;
}

void CampaignsPage::pauseSelected() {
    const qint64 id = selectedId();
    m_app.pauseCampaign(id);
    refreshDetail();
}

void CampaignsPage::cancelSelected() {
    const qint64 id = selectedId();
    auto info = storage::CampaignStore(m_db).byId(id);
    if (!info)
        return;
    if (QMessageBox::question(
            this, tr("Cancel campaign"),
            tr("Cancel “%1”? Nobody else will be sent to; this cannot be undone.").arg(info->name)) !=
        QMessageBox::Yes)
        return;
    m_app.cancelCampaign(id);
    reload();
}

void CampaignsPage::sample() {
    const qint64 now = m_app.clock().nowMs() / 1000;
    for (qint64 id : m_app.runningCampaigns()) {
        auto &samples = m_samples[id];
        samples.push_back({now, m_app.progress(id).counts.value(sentKey())});
        while (samples.size() > 121)
            samples.pop_front();
    }
    if (m_app.isRunning(selectedId()))
        refreshDetail();
}

void CampaignsPage::refreshDetail() {
    const qint64 id = selectedId();
    const bool running = m_app.isRunning(id);
    campaign::CampaignProgress p;
    QString state;
    if (running) {
        p = m_app.progress(id);
        state = p.state;
    } else if (auto info = storage::CampaignStore(m_db).byId(id); info) {
        const campaign::CampaignProgress last = m_app.progress(id); // from this session, if any
        p.name = info->name;
        p.counts = info->counts;
        p.total = storage::totalOf(info->counts);
        // Per account from the ledger (every run of it), with what this session saw of each.
        if (auto tallies = storage::CampaignStore(m_db).accountTallies(id); tallies) {
            for (const storage::AccountTally &t : std::as_const(tallies.value())) {
                campaign::AccountProgress a;
                a.name = t.account;
                a.sent = t.sent;
                a.failed = t.failed;
                for (const campaign::AccountProgress &seen : last.accounts) {
                    if (seen.name == t.account)
                        a.lastError = seen.lastError;
                }
                p.accounts << a;
            }
        }
        p.recentErrors = last.recentErrors;
        p.why = last.why;
        state = liveState(id, info->state); // not running here: as stored, elsewhere or interrupted
        if (state == u"elsewhere"_s)
            p.why = tr("Another Hivepost (%1) is sending it; the numbers here are from the database.")
                        .arg(storage::CampaignStore(m_db).runner(id).value());
        if (state == u"interrupted"_s && p.why.isEmpty())
            p.why = tr("It was sending when Hivepost stopped, or it waits to retry deferred recipients: "
                       "Resume to go on.");
    }
    m_title->setText(p.name);
    // The list row follows the live numbers.
    for (int row = 0; running && row < m_list->rowCount(); ++row) {
        if (m_list->item(row, 0)->data(Qt::UserRole).toLongLong() == id) {
            m_list->item(row, 1)->setText(campaignStateLabel(state));
            m_list->item(row, 2)->setText(QString::number(p.counts.value(sentKey())));
        }
    }
    m_state->setText(p.why.isEmpty() ? campaignStateLabel(state)
                                     : campaignStateLabel(state) + u" — "_s + p.why);
    const qint64 done = storage::finishedOf(p.counts);
    m_progress->setRange(0, int(std::max<qint64>(1, p.total)));
    m_progress->setValue(int(done));
    for (const QString &s : storage::ledgerStates())
        m_counts.value(s)->setText(QLocale().toString(p.counts.value(s)));
    m_rate->setText(running ? tr("%1 messages/s — time left %2")
                                  .arg(QString::number(p.ratePerSecond, 'f', 1), eta(p.etaSeconds))
                            : QString());
    QList<double> rates;
    const auto &samples = m_samples.value(id);
    for (size_t i = 1; i < samples.size(); ++i) {
        const qint64 dt = std::max<qint64>(1, samples[i].first - samples[i - 1].first);
        rates << double(samples[i].second - samples[i - 1].second) / double(dt);
    }
    m_graph->setRates(rates);
    m_accounts->setRowCount(int(p.accounts.size()));
    for (int row = 0; row < p.accounts.size(); ++row) {
        const campaign::AccountProgress &a = p.accounts[row];
        const QStringList cells{a.name,
                                accountStatusLabel(a.status),
                                QString::number(a.sent),
                                QString::number(a.failed),
                                QString::number(a.connections),
                                a.lastError};
        for (int col = 0; col < cells.size(); ++col)
            m_accounts->setItem(row, col, new QTableWidgetItem(cells[col]));
    }
    const QString errors = p.recentErrors.join(u'\n');
    if (m_errors->toPlainText() != errors)
        m_errors->setPlainText(errors);
    const bool finished = state == u"done"_s || state == u"cancelled"_s;
    m_start->setEnabled(id > 0 && !running && !finished && state != u"elsewhere"_s);
    m_start->setText(state == u"draft"_s || state == u"scheduled"_s ? tr("Start") : tr("Resume"));
    m_pause->setEnabled(running && state != u"pausing"_s && state != u"cancelling"_s);
    m_cancel->setEnabled(id > 0 && !finished);
}

} // namespace hivepost::ui
