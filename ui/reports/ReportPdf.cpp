#include "reports/ReportPdf.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>

#include "bounces/BouncesPage.h"
#include "campaigns/CampaignsPage.h"
#include "reports/ReportCharts.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

QString tr(const char *text) {
    return QCoreApplication::translate("hivepost::ui", text);
}

// A table: a header row and rows of cells, the first column left-aligned, the rest right-aligned
// (the last left-aligned when it is words). Returns the y below it.
double table(QPainter &p, double x, double y, double width, const QStringList &header,
             const QList<QStringList> &rows, const QList<double> &fractions, bool lastIsText) {
    const QFontMetricsF fm(p.font(), p.device());
    const double h = fm.height() * 1.35;
    const auto drawRow = [&](const QStringList &cells, bool bold) {
        QFont f = p.font();
        f.setBold(bold);
        p.setFont(f);
        double cx = x;
        for (int c = 0; c < cells.size() && c < fractions.size(); ++c) {
            const double w = width * fractions[c];
            const bool left = c == 0 || (lastIsText && c == cells.size() - 1);
            const double indent = left && c > 0 ? 16 : 3; // words after numbers keep apart from them
            p.drawText(
                QRectF(cx + indent, y, w - indent - 3, h),
                (left ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter,
                QFontMetricsF(p.font(), p.device()).elidedText(cells[c], Qt::ElideRight, w - indent - 3));
            cx += w;
        }
        y += h;
        p.setPen(QColor(0xd0, 0xd0, 0xd0));
        p.drawLine(QPointF(x, y), QPointF(x + width, y));
        p.setPen(Qt::black);
    };
    drawRow(header, true);
    for (const QStringList &r : rows)
        drawRow(r, false);
    QFont f = p.font();
    f.setBold(false);
    p.setFont(f);
    return y;
}

} // namespace

bool writeReportPdf(const report::CampaignReport &r, const QString &path, QString *error) {
    QPdfWriter pdf(path);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                  QPageLayout::Millimeter));
    pdf.setResolution(144);
    pdf.setTitle(tr("Campaign report: %1").arg(r.summary.name));
    pdf.setCreator(u"Hivepost"_s);
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error)
            *error = tr("The PDF file cannot be written.");
        return false;
    }
    const QRectF page(QPointF(0, 0), QSizeF(pdf.width(), pdf.height()));
    const report::CampaignSummary &s = r.summary;
    QFont base(u"Noto Sans CJK SC"_s);
    base.setPointSizeF(9);
    QFont title = base;
    title.setPointSizeF(17);
    title.setBold(true);
    p.setFont(title);
    double y = 0;
    const double line = QFontMetricsF(title, &pdf).height();
    p.drawText(QRectF(0, y, page.width(), line), Qt::AlignLeft, tr("Campaign report: %1").arg(s.name));
    y += line * 1.1;
    p.setFont(base);
    const QFontMetricsF fm(base, &pdf);
    p.setPen(QColor(0x50, 0x50, 0x50));
    p.drawText(QRectF(0, y, page.width(), fm.height()), Qt::AlignLeft,
               tr("%1 · %2 recipients · written %3")
                   .arg(CampaignsPage::campaignStateText(s.state), QLocale().toString(s.recipients),
                        QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat)));
    p.setPen(Qt::black);
    y += fm.height() * 2;

    // Tiles: 4 by 3.
    const QList<QPair<QString, QString>> tiles = {
        {tr("Sent"), QLocale().toString(s.sent)},
        {tr("Delivered"), QLocale().toString(s.delivered())},
        {tr("Delivery rate"), report::percentText(s.deliveryRate())},
        {tr("Bounce rate"), report::percentText(s.bounceRate())},
        {tr("Failed"), QLocale().toString(s.failed)},
        {tr("Bounced later"), QLocale().toString(s.bouncedAfterSent)},
        {tr("Deferred"), QLocale().toString(s.deferred)},
        {tr("Unknown outcome"), QLocale().toString(s.unknown)},
        {tr("Skipped"), QLocale().toString(s.skipped)},
        {tr("Complaints"), QLocale().toString(s.complaints)},
        {tr("Unsubscribes"), QLocale().toString(s.unsubscribes)},
        {tr("Duration"), QString::number(s.durationMs() / 60000.0, 'f', 1) + tr(" min")},
    };
    const double tileW = page.width() / 4, tileH = fm.height() * 3.6;
    QFont big = base;
    big.setPointSizeF(15);
    big.setBold(true);
    // Four to a row: the number above, what it counts below.
    const auto drawTiles = [&](const QList<QPair<QString, QString>> &list) {
        for (int i = 0; i < list.size(); ++i) {
            const QRectF box(tileW * (i % 4) + 2, y + tileH * (i / 4) + 2, tileW - 4, tileH - 4);
            p.setPen(QColor(0xc0, 0xc0, 0xc0));
            p.drawRoundedRect(box, 6, 6);
            p.setPen(Qt::black);
            p.setFont(big);
            p.drawText(box.adjusted(0, 4, 0, -box.height() / 2.2), Qt::AlignCenter, list[i].second);
            p.setFont(base);
            p.drawText(box.adjusted(0, box.height() / 1.8, 0, -2), Qt::AlignCenter, list[i].first);
        }
        y += tileH * ((list.size() + 3) / 4) + fm.height();
    };
    drawTiles(tiles);

    QFont heading = base;
    heading.setPointSizeF(11);
    heading.setBold(true);
    const auto section = [&](const QString &text) {
        p.setFont(heading);
        p.drawText(QRectF(0, y, page.width(), QFontMetricsF(heading, &pdf).height()), Qt::AlignLeft, text);
        y += QFontMetricsF(heading, &pdf).height() * 1.3;
        p.setFont(base);
    };
    section(tr("Sent and refused per minute"));
    const double chartH = page.height() * 0.2;
    paintTimeline(p, QRectF(0, y, page.width(), chartH), r.timeline);
    y += chartH + fm.height();
    QList<QPair<QString, qint64>> reasons, domains;
    for (const report::ReasonCount &c : r.bounceReasons.mid(0, 8))
        reasons.append({BouncesPage::reasonLabel(c.reason), c.count});
    for (const report::DomainStats &d : r.domains.mid(0, 8))
        domains.append({d.domain, d.recipients});
    const double half = page.width() / 2 - 6;
    p.setFont(heading);
    p.drawText(QRectF(0, y, half, fm.height() * 1.5), Qt::AlignLeft, tr("Bounce reasons"));
    p.drawText(QRectF(half + 12, y, half, fm.height() * 1.5), Qt::AlignLeft, tr("Top domains"));
    p.setFont(base);
    y += QFontMetricsF(heading, &pdf).height() * 1.3;
    const double barsH = std::min(page.height() - y, fm.height() * 1.5 * 8);
    paintBars(p, QRectF(0, y, half, barsH), reasons, QColor(0xd2, 0x3c, 0x3c));
    paintBars(p, QRectF(half + 12, y, half, barsH), domains, QColor(0x2d, 0x8c, 0xc8));

    // Page 2: the tables.
    pdf.newPage();
    y = 0;
    section(tr("Accounts"));
    QList<QStringList> rows;
    for (const report::AccountStats &a : r.accounts)
        rows.append({a.account, QString::number(a.sent), QString::number(a.failed),
                     QString::number(a.deferred), QString::number(a.unknown), QString::number(a.throttled),
                     QString::number(qRound(a.avgReplyMs)) + tr(" ms")});
    y = table(p, 0, y, page.width(),
              {tr("Account"), tr("Sent"), tr("Failed"), tr("Deferred"), tr("Unknown"), tr("Throttled"),
               tr("Time per message")},
              rows, {0.28, 0.12, 0.12, 0.12, 0.12, 0.12, 0.12}, false);
    y += fm.height() * 1.5;
    section(tr("Domains (top 20)"));
    rows.clear();
    for (const report::DomainStats &d : r.domains)
        rows.append({d.domain, QString::number(d.recipients), QString::number(d.sent),
                     QString::number(d.bounced), QString::number(d.deferred),
                     QString::number(d.rateLimited)});
    y = table(p, 0, y, page.width(),
              {tr("Domain"), tr("Recipients"), tr("Sent"), tr("Bounced"), tr("Deferred"), tr("Rate-limited")},
              rows, {0.35, 0.13, 0.13, 0.13, 0.13, 0.13}, false);
    y += fm.height() * 1.5;
    if (y > page.height() * 0.75) {
        pdf.newPage();
        y = 0;
    }
    section(tr("Bounce reasons"));
    rows.clear();
    for (const report::ReasonCount &c : r.bounceReasons.mid(0, 15))
        rows.append({BouncesPage::reasonLabel(c.reason), QString::number(c.count), QString::number(c.hard),
                     c.example});
    table(p, 0, y, page.width(), {tr("Reason"), tr("Bounces"), tr("Hard"), tr("What a server said")}, rows,
          {0.22, 0.1, 0.08, 0.6}, true);

    if (r.tracked) {
        // The engagement page: what the relay saw.
        const storage::EngagementFigures &e = r.engagement;
        pdf.newPage();
        y = 0;
        section(tr("Engagement"));
        const QList<QPair<QString, QString>> engagement = {
            {tr("Opened"), QLocale().toString(e.uniqueOpens)},
            {tr("Opened by people"), QLocale().toString(e.humanOpens)},
            {tr("Open rate"),
             report::percentText(s.delivered() > 0 ? double(e.humanOpens) / double(s.delivered()) : 0.0)},
            {tr("Clicked"), QLocale().toString(e.uniqueClicks)},
            {tr("Clicked by people"), QLocale().toString(e.humanClicks)},
            {tr("Click-to-open"),
             report::percentText(e.humanOpens > 0 ? double(e.humanClicks) / double(e.humanOpens) : 0.0)},
            {tr("Unsubscribes"), QLocale().toString(e.unsubscribes)},
        };
        drawTiles(engagement);
        section(tr("Opens and clicks per hour"));
        paintSeries(p, QRectF(0, y, page.width(), chartH), activitySeries(e));
        y += chartH + fm.height();
        p.setFont(heading);
        p.drawText(QRectF(0, y, half, fm.height() * 1.5), Qt::AlignLeft, tr("Clicks per link"));
        p.drawText(QRectF(half + 12, y, half, fm.height() * 1.5), Qt::AlignLeft, tr("Unsubscribed from"));
        p.setFont(base);
        y += QFontMetricsF(heading, &pdf).height() * 1.3;
        const double engagementBarsH = fm.height() * 1.5 * 8;
        paintBars(p, QRectF(0, y, half, engagementBarsH), linkBars(e, 8), QColor(0x3c, 0x9a, 0x5a));
        paintBars(p, QRectF(half + 12, y, half, engagementBarsH), categoryBars(e), QColor(0xd2, 0x8c, 0x3c));
        y += engagementBarsH + fm.height();
        section(tr("Links"));
        rows.clear();
        for (const storage::LinkClicks &l : e.links)
            rows.append({l.url, QString::number(l.uniqueClicks), QString::number(l.humanClicks),
                         QString::number(l.clicks)});
        table(p, 0, y, page.width(), {tr("Link"), tr("Unique clicks"), tr("By people"), tr("All clicks")},
              rows, {0.64, 0.12, 0.12, 0.12}, false);
    }
    p.end();
    if (!QFile::exists(path)) {
        if (error)
            *error = tr("The PDF file cannot be written.");
        return false;
    }
    return true;
}

} // namespace hivepost::ui
