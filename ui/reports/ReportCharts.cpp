#include "reports/ReportCharts.h"

#include <algorithm>
#include <utility>

#include <QCoreApplication>
#include <QDateTime>
#include <QPainter>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace hivepost::ui {

void paintSeries(QPainter &p, const QRectF &area, const Series &series) {
    const QList<report::MinuteStats> &minutes = series.points;
    const qint64 step = std::max<qint64>(1, series.stepMs);
    p.save();
    const QFontMetricsF fm(p.font(), p.device());
    const QRectF plot =
        area.adjusted(fm.horizontalAdvance(u"000000"_s), fm.height() * 1.4, -4, -fm.height() * 1.4);
    // The legend above the plot: what the bars are.
    const QString sent = series.firstLabel;
    const QString refused = series.secondLabel;
    const double box = fm.height() * 0.7;
    double lx = plot.left();
    for (const auto &[label, color] :
         {std::pair{sent, series.firstColor}, std::pair{refused, series.secondColor}}) {
        p.fillRect(QRectF(lx, area.top() + (fm.height() - box) / 2, box, box), color);
        p.setPen(QColor(0x30, 0x30, 0x30));
        p.drawText(QRectF(lx + box + 4, area.top(), fm.horizontalAdvance(label) + 2, fm.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, label);
        lx += box + 4 + fm.horizontalAdvance(label) + fm.height();
    }
    p.setPen(QPen(QColor(0xc8, 0xc8, 0xc8), 1));
    p.drawRect(plot);
    if (minutes.isEmpty()) {
        p.setPen(QColor(0x80, 0x80, 0x80));
        p.drawText(plot, Qt::AlignCenter, series.emptyText);
        p.restore();
        return;
    }
    const qint64 first = minutes.constFirst().minuteMs, last = minutes.constLast().minuteMs;
    const qint64 span = std::max<qint64>(1, (last - first) / step + 1);
    qint64 top = 1;
    for (const report::MinuteStats &m : minutes)
        top = std::max({top, m.sent, m.failed});
    const double barWidth = std::max(1.0, plot.width() / double(span));
    // The first count's bars, the second's in front of them (sent, refused) or beside them (opened,
    // clicked: the second is not a part of the first).
    const double width = series.sideBySide ? std::max(1.0, barWidth / 2 - 1) : std::max(1.0, barWidth - 1);
    for (const report::MinuteStats &m : minutes) {
        const double x = plot.left() + double((m.minuteMs - first) / step) * plot.width() / double(span);
        const double h = plot.height() * double(m.sent) / double(top);
        p.fillRect(QRectF(x, plot.bottom() - h, width, h), series.firstColor);
        if (m.failed > 0) {
            const double hf = plot.height() * double(m.failed) / double(top);
            p.fillRect(QRectF(series.sideBySide ? x + barWidth / 2 : x, plot.bottom() - hf, width,
                              std::max(1.0, hf)),
                       series.secondColor);
        }
    }
    p.setPen(QColor(0x50, 0x50, 0x50));
    p.drawText(
        QRectF(area.left(), plot.top() - fm.height() * 0.5, plot.left() - area.left() - 4, fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, QString::number(top));
    p.drawText(
        QRectF(area.left(), plot.bottom() - fm.height() * 0.5, plot.left() - area.left() - 4, fm.height()),
        Qt::AlignRight | Qt::AlignVCenter, u"0"_s);
    const auto when = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toString(u"MM-dd HH:mm"_s);
    };
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignLeft, when(first));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignRight, when(last));
    p.restore();
}

void paintTimeline(QPainter &p, const QRectF &area, const QList<report::MinuteStats> &minutes) {
    Series s;
    s.points = minutes;
    s.firstLabel = QCoreApplication::translate("hivepost::ui::Report", "sent per minute");
    s.secondLabel = QCoreApplication::translate("hivepost::ui::Report", "refused per minute");
    s.emptyText = QCoreApplication::translate("hivepost::ui::Report", "Nothing sent yet");
    paintSeries(p, area, s);
}

Series activitySeries(const storage::EngagementFigures &e) {
    Series s;
    s.stepMs = 3'600'000;
    for (const storage::HourActivity &h : e.byHour)
        s.points.append({h.hour * 1000, h.openers, h.clickers});
    s.firstLabel = QCoreApplication::translate("hivepost::ui::Report", "opened per hour (people)");
    s.secondLabel = QCoreApplication::translate("hivepost::ui::Report", "clicked per hour (people)");
    s.emptyText = QCoreApplication::translate("hivepost::ui::Report", "No opens or clicks yet");
    s.firstColor = QColor(0x2d, 0x8c, 0xc8);
    s.secondColor = QColor(0x3c, 0x9a, 0x5a);
    s.sideBySide = true;
    return s;
}

QList<QPair<QString, qint64>> linkBars(const storage::EngagementFigures &e, int limit) {
    QList<QPair<QString, qint64>> bars;
    for (const storage::LinkClicks &l : e.links.mid(0, limit))
        bars.append({QUrl(l.url).host() + QUrl(l.url).path(), l.uniqueClicks});
    return bars;
}

QList<QPair<QString, qint64>> categoryBars(const storage::EngagementFigures &e) {
    QList<QPair<QString, qint64>> bars;
    for (const auto &[category, count] : e.unsubscribesByCategory)
        bars.append({category.isEmpty() ? QCoreApplication::translate("hivepost::ui::Report", "Everything")
                                        : category,
                     count});
    return bars;
}

void paintBars(QPainter &p, const QRectF &area, const QList<QPair<QString, qint64>> &bars,
               const QColor &color) {
    p.save();
    const QFontMetricsF fm(p.font(), p.device());
    if (bars.isEmpty()) {
        p.setPen(QColor(0x80, 0x80, 0x80));
        p.drawText(area, Qt::AlignCenter, QCoreApplication::translate("hivepost::ui::Report", "None"));
        p.restore();
        return;
    }
    qint64 top = 1;
    double labelWidth = 0;
    for (const auto &[label, n] : bars) {
        top = std::max(top, n);
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(label));
    }
    labelWidth = std::min(labelWidth + 6, area.width() * 0.55);
    const double numberWidth = fm.horizontalAdvance(QString::number(top)) + 6;
    const double row = std::min(fm.height() * 1.5, area.height() / double(bars.size()));
    double y = area.top();
    for (const auto &[label, n] : bars) {
        p.setPen(QColor(0x30, 0x30, 0x30));
        p.drawText(QRectF(area.left(), y, labelWidth - 6, row), Qt::AlignRight | Qt::AlignVCenter,
                   fm.elidedText(label, Qt::ElideRight, labelWidth - 6));
        const double w = (area.width() - labelWidth - numberWidth) * double(n) / double(top);
        p.fillRect(QRectF(area.left() + labelWidth, y + row * 0.15, std::max(1.0, w), row * 0.7), color);
        p.drawText(QRectF(area.left() + labelWidth + w + 4, y, numberWidth, row),
                   Qt::AlignLeft | Qt::AlignVCenter, QString::number(n));
        y += row;
    }
    p.restore();
}

TimelineChart::TimelineChart(QWidget *parent)
    : QWidget(parent) {
    setMinimumHeight(140);
}

void TimelineChart::setMinutes(const QList<report::MinuteStats> &minutes) {
    m_series = {};
    m_series.points = minutes;
    m_series.firstLabel = QCoreApplication::translate("hivepost::ui::Report", "sent per minute");
    m_series.secondLabel = QCoreApplication::translate("hivepost::ui::Report", "refused per minute");
    m_series.emptyText = QCoreApplication::translate("hivepost::ui::Report", "Nothing sent yet");
    update();
}

void TimelineChart::setSeries(const Series &series) {
    m_series = series;
    update();
}

void TimelineChart::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    paintSeries(p, rect().adjusted(2, 2, -2, -2), m_series);
}

BarChart::BarChart(const QColor &color, QWidget *parent)
    : QWidget(parent)
    , m_color(color) {
    setMinimumHeight(140);
}

void BarChart::setBars(const QList<QPair<QString, qint64>> &bars) {
    m_bars = bars;
    update();
}

void BarChart::paintEvent(QPaintEvent *) {
    QPainter p(this);
    paintBars(p, rect().adjusted(2, 2, -2, -2), m_bars, m_color);
}

} // namespace hivepost::ui
