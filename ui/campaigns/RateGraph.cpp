#include "campaigns/RateGraph.h"

#include <QPainter>
#include <QPainterPath>

namespace hivepost::ui {

RateGraph::RateGraph(QWidget *parent)
    : QWidget(parent) {
    setMinimumHeight(90);
    setAccessibleName(tr("Sending rate"));
}

void RateGraph::setRates(const QList<double> &perSecond) {
    m_rates = perSecond;
    update();
}

void RateGraph::paintEvent(QPaintEvent *) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF area = QRectF(rect()).adjusted(44, 6, -6, -18);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(area);
    double top = 1;
    for (double r : m_rates)
        top = std::max(top, r);
    top *= 1.15;
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(0, area.top() - 6, 40, 14), Qt::AlignRight | Qt::AlignVCenter,
               QString::number(qRound(top)));
    p.drawText(QRectF(0, area.bottom() - 8, 40, 14), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
    p.drawText(
        QRectF(area.left(), area.bottom() + 2, area.width(), 14), Qt::AlignCenter,
        tr("messages per second over the last %1 min").arg(std::max(1, int((m_rates.size() + 59) / 60))));
    if (m_rates.size() < 2)
        return;
    QPainterPath line;
    const double step = area.width() / double(m_rates.size() - 1);
    for (qsizetype i = 0; i < m_rates.size(); ++i) {
        const QPointF pt(area.left() + double(i) * step, area.bottom() - area.height() * m_rates[i] / top);
        i == 0 ? line.moveTo(pt) : line.lineTo(pt);
    }
    QPainterPath fill = line;
    fill.lineTo(area.right(), area.bottom());
    fill.lineTo(area.left(), area.bottom());
    fill.closeSubpath();
    QColor accent = palette().color(QPalette::Highlight);
    QColor soft = accent;
    soft.setAlpha(60);
    p.fillPath(fill, soft);
    p.setPen(QPen(accent, 2));
    p.drawPath(line);
}

} // namespace hivepost::ui
