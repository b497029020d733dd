#pragma once

// The starter templates a new user begins from: a newsletter, a promotion and an announcement, in
// English and Simplified Chinese. Responsive, table-based HTML (600 px wide, full width on a phone),
// with the unsubscribe link and a postal address; the plain text is made from the HTML. Bundled in
// the program (resources/starters, CC0).

#include <QList>
#include <QString>

namespace hivepost::templating {

struct StarterTemplate {
    QString id;       // newsletter, promotion, announcement
    QString language; // en, zh_CN
    QString name;     // in its language
    QString subject;
    QString html;
};

// The starters in a language (zh* gives Chinese, anything else English), in a fixed order.
QList<StarterTemplate> starterTemplates(const QString &language);
// Every starter, both languages.
QList<StarterTemplate> allStarterTemplates();

} // namespace hivepost::templating
