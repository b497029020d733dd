#pragma once

// The report's charts, drawn with QPainter so that the same drawing goes to the screen and to the PDF:
// a timeline (messages sent per minute as bars, refusals per minute in red) and horizontal bars
// (bounce reasons, domains). Each paints into any rectangle of any QPainter.

#include <QList>
#include <QPair>
#include <QString>
#include <QWidget>

#include "report/CampaignReport.h"

class QPainter;

namespace hivepost::ui {

void paintTimeline(QPainter &p, const QRectF &area, const QList<report::MinuteStats> &minutes);
void paintBars(QPainter &p, const QRectF &area, const QList<QPair<QString, qint64>> &bars,
               const QColor &color);

class TimelineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimelineChart(QWidget *parent = nullptr);
    void setMinutes(const QList<report::MinuteStats> &minutes);
    QSize sizeHint() const override { return {500, 170}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<report::MinuteStats> m_minutes;
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
