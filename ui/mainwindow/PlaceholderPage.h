#pragma once

// PlaceholderPage: a page whose feature has not been built yet. It says what will be there and
// that it is not available; it offers no control that would pretend to work.

#include <QIcon>
#include <QWidget>

namespace hivepost::ui {

class PlaceholderPage : public QWidget {
    Q_OBJECT
public:
    PlaceholderPage(const QIcon &icon, const QString &title, const QString &description,
                    QWidget *parent = nullptr);
};

} // namespace hivepost::ui
