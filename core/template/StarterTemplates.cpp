#include "template/StarterTemplates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hivepost::templating {

namespace {

QString readResource(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

QList<StarterTemplate> allStarterTemplates() {
    QList<StarterTemplate> out;
    const QJsonArray index =
        QJsonDocument::fromJson(readResource(QStringLiteral(":/starters/starters.json")).toUtf8()).array();
    for (const QJsonValue &v : index) {
        const QJsonObject o = v.toObject();
        out.append({o.value(QLatin1String("id")).toString(), o.value(QLatin1String("language")).toString(),
                    o.value(QLatin1String("name")).toString(), o.value(QLatin1String("subject")).toString(),
                    readResource(QStringLiteral(":/starters/") + o.value(QLatin1String("html")).toString())});
    }
    return out;
}

QList<StarterTemplate> starterTemplates(const QString &language) {
    const QString wanted =
        language.startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN") : QStringLiteral("en");
    QList<StarterTemplate> out;
    for (const StarterTemplate &t : allStarterTemplates())
        if (t.language == wanted)
            out.append(t);
    return out;
}

} // namespace hivepost::templating
