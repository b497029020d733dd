#pragma once

// The report's charts, drawn with QPainter so that the same drawing goes to the screen and to the PDF:
// a timeline (messages sent per minute as bars, refusals per minute in red) and horizontal bars
// (bounce reasons, domains, links, unsubscribe categories); opens and clicks per hour. Each paints into any
// rectangle of any QPainter.

#include <QColor>
#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

#include "report/CampaignReport.h"

class QPainter;

namespace hivepost::ui {

// Two counts per step of time as bars, the second in front: a legend above, the range below.
struct Series {
    qint64 stepMs = 60'000;
    QList<report::MinuteStats>
        points; // minuteMs: the step's start; sent: the first count; failed: the second
    QString firstLabel;
    QString secondLabel;
    QString emptyText;
    QColor firstColor = QColor(0x2d, 0x8c, 0xc8);
    QColor secondColor = QColor(0xd2, 0x3c, 0x3c);
    bool sideBySide = false; // false: the second count's bars in front of the first's
};

void paintSeries(QPainter &p, const QRectF &area, const Series &series);
void paintTimeline(QPainter &p, const QRectF &area, const QList<report::MinuteStats> &minutes);
// People who opened and who clicked, per hour.
Series activitySeries(const storage::EngagementFigures &engagement);
// The first `limit` links by where they point (host and path), with their unique clicks.
QList<QPair<QString, qint64>> linkBars(const storage::EngagementFigures &engagement, int limit);
// Unsubscribes by category, "Everything" for a full unsubscribe.
QList<QPair<QString, qint64>> categoryBars(const storage::EngagementFigures &engagement);
void paintBars(QPainter &p, const QRectF &area, const QList<QPair<QString, qint64>> &bars,
               const QColor &color);

class TimelineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);
    void setMinutes(const QList<report::MinuteStats> &minutes);
    void setSeries(const Series &series);
    QSize sizeHint() const override { return {500, 170}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Series m_series;
};

class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(const QColor &color, QWidget *parent = nullptr);
    void setBars(const QList<QPair<QString, qint64>> &bars);
    QSize sizeHint() const override { return {320, 170}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QColor m_color;
    QList<QPair<QString, qint64>> m_bars;
};

} // namespace hivepost::ui
