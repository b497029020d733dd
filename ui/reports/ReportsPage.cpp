#include "reports/ReportsPage.h"

#include <QDateTime>
#include <QDialog>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include "bounces/BouncesPage.h"
#include "campaigns/CampaignsPage.h"
#include "common/ReadOnlyTable.h"
#include "report/ReportService.h"
#include "reports/ReportCharts.h"
#include "reports/ReportPdf.h"
#include "storage/Database.h"
#include "storage/LedgerState.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

QTableWidget *makeTable(const QStringList &headers, QWidget *parent) {
    QTableWidget *t = makeReadOnlyTable(headers, parent);
    t->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder); // in the report's order until clicked
    t->setSortingEnabled(true);
    return t;
}

QTableWidgetItem *text(const QString &s, const QVariant &key = {}) {
    return tableCell(s, key);
}

QTableWidgetItem *number(double v, int decimals = 0, const QString &suffix = {}) {
    auto *i = new QTableWidgetItem;
    if (suffix.isEmpty() && decimals == 0)
        i->setData(Qt::DisplayRole, qint64(v)); // sorts as a number
    else
        i->setText(QString::number(v, 'f', decimals) + suffix);
    i->setData(Qt::UserRole + 1, v);
    i->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return i;
}

// A ledger state in words (the tiles' words).
QString stateText(const QString &state) {
    switch (storage::ledgerStateFrom(QStringView(state)).value_or(storage::LedgerState::Pending)) {
    case storage::LedgerState::Sent:
        return ReportsPage::tr("Sent");
    case storage::LedgerState::Failed:
        return ReportsPage::tr("Failed");
    case storage::LedgerState::Deferred:
        return ReportsPage::tr("Deferred");
    case storage::LedgerState::Skipped:
        return ReportsPage::tr("Skipped");
    case storage::LedgerState::Unknown:
        return ReportsPage::tr("Unknown outcome");
    case storage::LedgerState::Sending:
        return ReportsPage::tr("Sending");
    case storage::LedgerState::Pending:
        break;
    }
    return ReportsPage::tr("Waiting");
}

QString duration(qint64 ms) {
    const qint64 s = ms / 1000;
    return s >= 3600 ? u"%1:%2:%3"_s.arg(s / 3600)
                           .arg(s / 60 % 60, 2, 10, QChar(u'0'))
                           .arg(s % 60, 2, 10, QChar(u'0'))
                     : u"%1:%2"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
}

} // namespace

ReportsPage::ReportsPage(report::ReportService &reports, storage::Database &db, QWidget *parent)
    : QWidget(parent)
    , m_reports(reports)
    , m_db(db) {
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Reports</h2>"), this));
    auto *split = new QSplitter(Qt::Vertical, this);
    layout->addWidget(split, 1);

    m_overview = makeTable({tr("Campaign"), tr("State"), tr("Recipients"), tr("Sent"), tr("Delivery rate"),
                            tr("Bounce rate"), tr("Complaints"), tr("Duration"), tr("Created")},
                           split);
    m_overview->setObjectName(u"reportOverview"_s);
    split->addWidget(m_overview);

    auto *scroll = new QScrollArea(split);
    scroll->setWidgetResizable(true);
    auto *detail = new QWidget(scroll);
    auto *v = new QVBoxLayout(detail);
    auto *head = new QHBoxLayout;
    m_heading = new QLabel(detail);
    m_heading->setObjectName(u"reportHeading"_s);
    head->addWidget(m_heading, 1);
    m_progress = new QProgressBar(detail);
    m_progress->setObjectName(u"reportProgress"_s);
    m_progress->setRange(0, 0); // busy: a report is read in one pass, with no fraction to show
    m_progress->setFormat(tr("Reading the report…"));
    m_progress->setTextVisible(true);
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    head->addWidget(m_progress);
    const QStringList exports = {tr("Export CSV…"), tr("Export recipients CSV…"), tr("Export PDF…")};
    for (int kind = 0; kind < exports.size(); ++kind) {
        auto *b = new QPushButton(exports[kind], detail);
        connect(b, &QPushButton::clicked, this, [this, kind] { chooseExport(kind); });
        head->addWidget(b);
    }
    v->addLayout(head);
    m_tiles = new QGridLayout;
    v->addLayout(m_tiles);
    m_attention = new QLabel(detail);
    m_attention->setObjectName(u"reportAttention"_s);
    m_attention->setWordWrap(true);
    v->addWidget(m_attention);
    auto *charts = new QHBoxLayout;
    m_timeline = new TimelineChart(detail);
    m_reasons = new BarChart(QColor(0xd2, 0x3c, 0x3c), detail);
    m_domainsChart = new BarChart(QColor(0x2d, 0x8c, 0xc8), detail);
    charts->addWidget(m_timeline, 2);
    charts->addWidget(m_reasons, 1);
    charts->addWidget(m_domainsChart, 1);
    v->addLayout(charts);
    auto *tabs = new QTabWidget(detail);
    m_accounts = makeTable({tr("Account"), tr("Sent"), tr("Failed"), tr("Deferred"), tr("Unknown"),
                            tr("Throttled"), tr("Average time per message")},
                           tabs);
    m_domains = makeTable(
        {tr("Domain"), tr("Recipients"), tr("Sent"), tr("Bounced"), tr("Deferred"), tr("Rate-limited")},
        tabs);
    m_domains->setObjectName(u"reportDomains"_s);
    m_bounceReasons = makeTable({tr("Reason"), tr("Bounces"), tr("Hard"), tr("What a server said")}, tabs);
    m_bounceReasons->setObjectName(u"reportReasons"_s);
    tabs->addTab(m_accounts, tr("Accounts"));
    tabs->addTab(m_domains, tr("Domains (top 20)"));
    tabs->addTab(m_bounceReasons, tr("Bounce reasons"));
    // For campaigns tracked by a relay: opens and clicks over time, unsubscribes by category, and
    // clicks per link (a chart and the table).
    m_linksTab = new QWidget(tabs);
    auto *linksLayout = new QVBoxLayout(m_linksTab);
    auto *engagementCharts = new QHBoxLayout;
    m_activity = new TimelineChart(m_linksTab);
    m_activity->setObjectName(u"reportActivity"_s);
    m_activity->setMinimumHeight(120);
    m_categories = new BarChart(QColor(0xd2, 0x8c, 0x3c), m_linksTab);
    m_categories->setObjectName(u"reportUnsubscribeCategories"_s);
    m_categories->setMinimumHeight(120);
    auto *categoriesBox = new QVBoxLayout;
    categoriesBox->addWidget(new QLabel(tr("Unsubscribed from"), m_linksTab));
    categoriesBox->addWidget(m_categories, 1);
    engagementCharts->addWidget(m_activity, 3);
    engagementCharts->addLayout(categoriesBox, 2);
    linksLayout->addLayout(engagementCharts);
    m_linksChart = new BarChart(QColor(0x3c, 0x9a, 0x5a), m_linksTab);
    m_linksChart->setMinimumHeight(120);
    m_links = makeTable({tr("Link"), tr("Unique clicks"), tr("By people"), tr("All clicks")}, m_linksTab);
    m_links->setObjectName(u"reportLinks"_s);
    linksLayout->addWidget(m_linksChart);
    linksLayout->addWidget(m_links, 1);
    tabs->addTab(m_linksTab, tr("Engagement"));
    m_tabs = tabs;
    tabs->setMinimumHeight(200);
    v->addWidget(tabs, 1);
    scroll->setWidget(detail);
    split->addWidget(scroll);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);

    connect(m_overview, &QTableWidget::itemSelectionChanged, this, [this] {
        const int row = m_overview->currentRow();
        if (row >= 0 && m_overview->item(row, 0))
            selectCampaign(m_overview->item(row, 0)->text());
    });
    connect(&m_reports, &report::ReportService::overviewReady, this, &ReportsPage::onOverview);
    connect(&m_reports, &report::ReportService::reportReady, this, &ReportsPage::onReport);
    connect(&m_reports, &report::ReportService::failed, this, [this](quint64 request, const QString &why) {
        if (request != m_request)
            return;
        setLoading(false);
        Q_EMIT statusMessage(why);
    });
    connect(m_domains, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString domain = m_domains->item(row, 0)->text();
        showRecipients({{}, domain, {}, {}}, tr("Recipients at %1").arg(domain));
    });
    connect(m_accounts, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString account = m_accounts->item(row, 0)->text();
        showRecipients({u"all"_s, {}, {}, account}, tr("Sent through %1").arg(account));
    });
    connect(m_bounceReasons, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        const QString reason = m_bounceReasons->item(row, 0)->data(Qt::UserRole).toString();
        showRecipients({{}, {}, reason, {}}, tr("Bounced: %1").arg(BouncesPage::reasonLabel(reason)));
    });
    // While a campaign sends, its report follows it.
    m_follow = new QTimer(this);
    m_follow->setInterval(3000);
    connect(m_follow, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_loading && m_report && m_report->summary.state == u"running"_s)
            reload();
    });
    m_follow->start();
}

void ReportsPage::showEvent(QShowEvent *event) {
    QWidget::showEvent(event);
    reload();
}

void ReportsPage::setStateText(std::function<QString(qint64, const QString &)> stateText) {
    m_stateText = std::move(stateText);
    if (isVisible()) // else the next showEvent reads the reports (none are read at start-up)
        reload();
}

QString ReportsPage::campaignState(const report::CampaignSummary &s) const {
    return m_stateText ? m_stateText(s.campaignId, s.state) : CampaignsPage::campaignStateText(s.state);
}

void ReportsPage::reload() {
    m_request = m_reports.load(!m_wanted.isEmpty() ? m_wanted
                               : m_report          ? m_report->summary.name
                                                   : QString());
    setLoading(true);
}

void ReportsPage::setLoading(bool loading) {
    m_loading = loading;
    m_progress->setVisible(loading);
}

void ReportsPage::onOverview(quint64 request, const QList<report::CampaignSummary> &campaigns) {
    if (request != m_request)
        return; // a newer request is on its way
    QList<QList<QTableWidgetItem *>> rows;
    for (const report::CampaignSummary &s : campaigns)
        rows.append(
            {text(s.name), text(campaignState(s)), number(double(s.recipients)), number(double(s.sent)),
             number(s.deliveryRate() * 100, 1, u"%"_s), number(s.bounceRate() * 100, 1, u"%"_s),
             number(double(s.complaints)), text(duration(s.durationMs())),
             text(QLocale().toString(QDateTime::fromSecsSinceEpoch(s.createdAt), QLocale::ShortFormat))});
    QSignalBlocker block(m_overview);
    fillTable(m_overview, rows);
    if (campaigns.isEmpty()) {
        m_report.reset();
        m_complete = false;
        setLoading(false);
        showReport();
    }
}

void ReportsPage::onReport(quint64 request, const report::CampaignReport &report, bool complete) {
    if (request != m_request)
        return;
    if (complete) {
        m_report = report;
        m_complete = true;
        setLoading(false);
    } else if (m_report && m_complete && m_report->summary.campaignId == report.summary.campaignId) {
        m_report->summary = report.summary; // the rest stays on screen until the new one comes
    } else {
        m_report = report;
        m_complete = false;
    }
    {
        QSignalBlocker block(m_overview);
        for (int row = 0; row < m_overview->rowCount(); ++row) {
            if (m_overview->item(row, 0)->text() == report.summary.name)
                m_overview->selectRow(row);
        }
    }
    showReport();
}

bool ReportsPage::selectCampaign(const QString &name) {
    bool listed = false;
    for (int row = 0; row < m_overview->rowCount(); ++row)
        listed = listed || m_overview->item(row, 0)->text() == name;
    if (!listed && m_overview->rowCount() > 0)
        return false;
    m_wanted = name;
    reload();
    return true;
}

void ReportsPage::addTile(int index, const QString &caption, const QString &value,
                          const report::RecipientFilter &filter) {
    auto *tile = new QPushButton(this);
    tile->setObjectName(u"tile"_s + QString::number(index));
    tile->setFlat(true);
    tile->setMinimumHeight(66);
    auto *l = new QVBoxLayout(tile);
    l->setContentsMargins(4, 4, 4, 4);
    l->setSpacing(0);
    auto *number = new QLabel(u"<span style='font-size:14pt; font-weight:600'>%1</span>"_s.arg(value), tile);
    auto *label = new QLabel(caption, tile);
    number->setAlignment(Qt::AlignCenter);
    label->setAlignment(Qt::AlignCenter);
    // The click is the tile's, wherever it lands (a rich-text label would keep it).
    number->setAttribute(Qt::WA_TransparentForMouseEvents);
    label->setAttribute(Qt::WA_TransparentForMouseEvents);
    l->addWidget(number);
    l->addWidget(label);
    tile->setStyleSheet(u"QPushButton { border: 1px solid palette(mid); border-radius: 4px; }"_s);
    if (!filter.state.isEmpty()) {
        tile->setToolTip(tr("Show these recipients"));
        connect(tile, &QPushButton::clicked, this,
                [this, filter, caption] { showRecipients(filter, caption); });
    }
    m_tiles->addWidget(tile, index / 6, index % 6);
}

void ReportsPage::showReport() {
    while (QLayoutItem *i = m_tiles->takeAt(0)) {
        delete i->widget();
        delete i;
    }
    if (!m_report) {
        m_heading->setText(tr("No campaign yet: reports appear here once a campaign is created."));
        m_timeline->setMinutes({});
        m_reasons->setBars({});
        m_domainsChart->setBars({});
        return;
    }
    const report::CampaignReport &r = *m_report;
    const report::CampaignSummary &s = r.summary;
    m_heading->setText(u"<b>%1</b> — %2"_s.arg(s.name.toHtmlEscaped(), campaignState(s)));
    const auto n = [](qint64 v) {
        return QLocale().toString(v);
    };
    int i = 0;
    addTile(i++, tr("Recipients"), n(s.recipients), {u"all"_s, {}, {}, {}});
    using storage::LedgerState;
    using storage::stateName;
    addTile(i++, tr("Sent"), n(s.sent), {stateName(LedgerState::Sent), {}, {}, {}});
    addTile(i++, tr("Delivered"), n(s.delivered()), {u"delivered"_s, {}, {}, {}});
    addTile(i++, tr("Bounced later"), n(s.bouncedAfterSent), {u"bounced"_s, {}, {}, {}});
    addTile(i++, tr("Failed"), n(s.failed), {stateName(LedgerState::Failed), {}, {}, {}});
    addTile(i++, tr("Deferred"), n(s.deferred), {stateName(LedgerState::Deferred), {}, {}, {}});
    addTile(i++, tr("Unknown outcome"), n(s.unknown), {stateName(LedgerState::Unknown), {}, {}, {}});
    addTile(i++, tr("Skipped"), n(s.skipped), {stateName(LedgerState::Skipped), {}, {}, {}});
    addTile(i++, tr("Complaints"), n(s.complaints), {u"complained"_s, {}, {}, {}});
    addTile(i++, tr("Unsubscribes"), n(s.unsubscribes), {u"unsubscribed"_s, {}, {}, {}});
    addTile(i++, tr("Delivery rate"), report::percentText(s.deliveryRate()), {});
    addTile(i++, tr("Bounce rate"), report::percentText(s.bounceRate()), {});
    const storage::EngagementFigures &e = r.engagement;
    if (r.tracked) {
        // "Opened" counts every recipient whose pixel loaded; "by people" leaves out Apple's Mail
        // Privacy Protection and other machine fetches, and clicks by security scanners.
        addTile(i++, tr("Opened"), n(e.uniqueOpens), {});
        addTile(i++, tr("Opened by people"), n(e.humanOpens), {});
        addTile(i++, tr("Clicked"), n(e.uniqueClicks), {});
        addTile(i++, tr("Clicked by people"), n(e.humanClicks), {});
        addTile(i++, tr("Open rate"),
                report::percentText(s.delivered() > 0 ? double(e.humanOpens) / double(s.delivered()) : 0.0),
                {});
        addTile(i++, tr("Click-to-open"),
                report::percentText(e.humanOpens > 0 ? double(e.humanClicks) / double(e.humanOpens) : 0.0),
                {});
    }
    m_tabs->setTabVisible(m_tabs->indexOf(m_linksTab), r.tracked);
    {
        QList<QList<QTableWidgetItem *>> linkRows;
        for (const storage::LinkClicks &l : e.links)
            linkRows.append({text(l.url), number(double(l.uniqueClicks)), number(double(l.humanClicks)),
                             number(double(l.clicks))});
        m_linksChart->setBars(linkBars(e, 10));
        fillTable(m_links, linkRows);
        m_activity->setSeries(activitySeries(e));
        m_categories->setBars(categoryBars(e));
    }

    // The slowest account, and the one the servers refuse most.
    const report::AccountStats *slowest = nullptr, *refused = nullptr;
    const auto refusedShare = [](const report::AccountStats &a) {
        return a.sent + a.failed ? double(a.failed) / double(a.sent + a.failed) : 0.0;
    };
    for (const report::AccountStats &a : r.accounts) {
        if (!slowest || a.avgReplyMs > slowest->avgReplyMs)
            slowest = &a;
        if (!refused || refusedShare(a) > refusedShare(*refused))
            refused = &a;
    }
    QStringList notes;
    if (slowest && slowest->avgReplyMs > 0)
        notes << tr("Slowest account: %1 (%2 ms per message).")
                     .arg(slowest->account)
                     .arg(qRound(slowest->avgReplyMs));
    if (refused && refused->failed > 0)
        notes << tr("Most refused: %1 (%2 of its messages).")
                     .arg(refused->account, report::percentText(refusedShare(*refused)));
    m_attention->setText(notes.join(u"  "_s));
    m_attention->setVisible(!notes.isEmpty());

    m_timeline->setMinutes(r.timeline);
    QList<QPair<QString, qint64>> reasons, domains;
    for (const report::ReasonCount &c : r.bounceReasons.mid(0, 8))
        reasons.append({BouncesPage::reasonLabel(c.reason), c.count});
    for (const report::DomainStats &d : r.domains.mid(0, 8))
        domains.append({d.domain, d.recipients});
    m_reasons->setBars(reasons);
    m_domainsChart->setBars(domains);

    QList<QList<QTableWidgetItem *>> rows;
    for (const report::AccountStats &a : r.accounts)
        rows.append({text(a.account), number(double(a.sent)), number(double(a.failed)),
                     number(double(a.deferred)), number(double(a.unknown)), number(double(a.throttled)),
                     number(a.avgReplyMs, 0, tr(" ms"))});
    fillTable(m_accounts, rows);
    rows.clear();
    for (const report::DomainStats &d : r.domains)
        rows.append({text(d.domain), number(double(d.recipients)), number(double(d.sent)),
                     number(double(d.bounced)), number(double(d.deferred)), number(double(d.rateLimited))});
    fillTable(m_domains, rows);
    rows.clear();
    for (const report::ReasonCount &c : r.bounceReasons)
        rows.append({text(BouncesPage::reasonLabel(c.reason), c.reason), number(double(c.count)),
                     number(double(c.hard)), text(c.example)});
    fillTable(m_bounceReasons, rows);
}

QWidget *ReportsPage::showRecipients(const report::RecipientFilter &filter, const QString &title) {
    if (!m_report)
        return nullptr;
    auto lines = report::ReportBuilder(m_db).recipients(m_report->summary.campaignId, filter, 1000);
    if (!lines) {
        Q_EMIT statusMessage(lines.errorString());
        return nullptr;
    }
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"reportRecipients"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(u"%1 — %2"_s.arg(m_report->summary.name, title));
    auto *v = new QVBoxLayout(dialog);
    v->addWidget(new QLabel(lines->size() >= 1000 ? tr("The first 1,000 recipients:")
                                                  : tr("%n recipient(s):", nullptr, int(lines->size())),
                            dialog));
    auto *table = makeTable({tr("Address"), tr("State"), tr("Reason"), tr("What the server said")}, dialog);
    QList<QList<QTableWidgetItem *>> rows;
    for (const report::RecipientLine &l : std::as_const(lines.value()))
        rows.append({text(l.email), text(stateText(l.state)),
                     text(l.reason.isEmpty() ? QString() : BouncesPage::reasonLabel(l.reason)),
                     text(l.said)});
    fillTable(table, rows);
    v->addWidget(table);
    dialog->resize(760, 420);
    dialog->show();
    return dialog;
}

bool ReportsPage::exportCsv(const QString &path, bool perRecipient, QString *error) {
    if (!m_report || !m_complete) {
        if (error)
            *error = tr("The report is still being read.");
        return false;
    }
    QSaveFile file(path);
    const auto failed = [&](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed(file.errorString());
    if (perRecipient) {
        if (auto n = report::ReportBuilder(m_db).writeRecipientsCsv(m_report->summary.campaignId, file); !n)
            return failed(n.errorString());
    } else {
        file.write(report::ReportBuilder::summaryCsv(*m_report));
    }
    return file.commit() || failed(file.errorString());
}

bool ReportsPage::exportPdf(const QString &path, QString *error) {
    if (!m_report || !m_complete) {
        if (error)
            *error = tr("The report is still being read.");
        return false;
    }
    return writeReportPdf(*m_report, path, error);
}

void ReportsPage::chooseExport(int kind) {
    if (!m_report || !m_complete) {
        Q_EMIT statusMessage(tr("The report is still being read."));
        return;
    }
    const QString base = m_report->summary.name + (kind == 1 ? u"-recipients"_s : QString());
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export report"), base + (kind == 2 ? u".pdf"_s : u".csv"_s),
                                     kind == 2 ? tr("PDF (*.pdf)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    QString why;
    const bool ok = kind == 2 ? exportPdf(path, &why) : exportCsv(path, kind == 1, &why);
    if (ok)
        Q_EMIT statusMessage(tr("Report written to %1.").arg(path));
    else
        QMessageBox::warning(this, tr("Export report"), tr("Cannot write %1: %2").arg(path, why));
}

} // namespace hivepost::ui
