#pragma once

// The GUI tests' screenshots: HIVEPOST_SCREENSHOT_DIR=dir saves a PNG of a widget there, as the
// test sees it (the user guide's pictures and a look at each page come from them); unset, nothing.
// Header-only: the support library itself does not link QtWidgets.

#include <QString>
#include <QWidget>

namespace hivepost::test {

inline void screenshot(QWidget *widget, const QString &name) {
    const QString dir = qEnvironmentVariable("HIVEPOST_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + QStringLiteral(".png"));
}

} // namespace hivepost::test
