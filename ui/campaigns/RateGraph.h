#pragma once

// RateGraph: messages per second over the last minutes, drawn with QPainter (a line and a filled
// area), with its scale; a few dozen points, repainted once a second.

#include <QList>
#include <QWidget>

namespace hivepost::ui {

class RateGraph : public QWidget {
    Q_OBJECT
public:
    explicit RateGraph(QWidget *parent = nullptr);
    void setRates(const QList<double> &perSecond); // oldest first
    QSize sizeHint() const override { return {400, 110}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<double> m_rates;
};

} // namespace hivepost::ui
