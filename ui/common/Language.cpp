#include "common/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {
const QString kLanguageKey = u"ui/language"_s;
const QString kTranslatorName = u"hivepost-translator"_s;
} // namespace

QList<LanguageOption> availableLanguages() {
    return {
        {QString(), QCoreApplication::translate("Language", "System default")},
        {u"en"_s, u"English"_s},
        {u"zh_CN"_s, u"简体中文"_s},
    };
}

QString languageSetting(const QSettings &settings) {
    return settings.value(kLanguageKey).toString();
}

void setLanguageSetting(QSettings &settings, const QString &code) {
    if (code.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, code);
}

QLocale localeFor(const QString &code) {
    return code.isEmpty() ? QLocale::system() : QLocale(code);
}

bool installTranslators(QCoreApplication *app, const QString &code) {
    const QLocale locale = localeFor(code);
    QLocale::setDefault(locale);
    // Those of an earlier choice go first (the first-run assistant can change the language).
    for (QTranslator *old : app->findChildren<QTranslator *>(kTranslatorName, Qt::FindDirectChildrenOnly)) {
        QCoreApplication::removeTranslator(old);
        delete old;
    }

    auto *own = new QTranslator(app);
    own->setObjectName(kTranslatorName);
    // Compiled into the resources by qt_add_translations (RESOURCE_PREFIX /i18n).
    if (!own->load(locale, u"hivepost"_s, u"_"_s, u":/i18n"_s)) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);

    // Qt's own strings (standard buttons, file dialogs), from the system's Qt translations.
    auto *qt = new QTranslator(app);
    qt->setObjectName(kTranslatorName);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace hivepost::ui
