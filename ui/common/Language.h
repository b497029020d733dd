#pragma once

// The interface language: which ones exist, where the choice is kept, and installing the
// translators (Hivepost's own, compiled into the resources, and Qt's qtbase) at start-up.

#include <QList>
#include <QLocale>
#include <QString>

class QCoreApplication;
class QSettings;

namespace hivepost::ui {

struct LanguageOption {
    QString code;  // "" follows the system, else a locale name such as "zh_CN"
    QString label; // in its own language, so anyone can find theirs
};

QList<LanguageOption> availableLanguages();

QString languageSetting(const QSettings &settings);
void setLanguageSetting(QSettings &settings, const QString &code);

// The locale the code stands for ("" = the system's).
QLocale localeFor(const QString &code);

// Installs the translators for code on app (they are children of app), in place of those an earlier
// call installed. Returns false when no
// Hivepost translation matches, in which case the interface stays in English.
bool installTranslators(QCoreApplication *app, const QString &code);

} // namespace hivepost::ui
