#include "dialogs/AboutDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

#include "common/Version.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

AboutDialog::AboutDialog(const QString &databasePath, QWidget *parent)
    : QDialog(parent) {
    setWindowTitle(tr("About Hivepost"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *logo = new QLabel(this);
    logo->setPixmap(QIcon(u":/icons/hivepost.svg"_s).pixmap(96, 96));
    logo->setAlignment(Qt::AlignTop);
    top->addWidget(logo);

    auto *text = new QLabel(this);
    text->setObjectName(u"aboutText"_s);
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setText(u"<h2>Hivepost %1</h2><p>%2</p><p>%3</p><p>%4</p><p><small>%5</small></p>"_s.arg(
        applicationVersion().toHtmlEscaped(), tr("Bulk e-mail campaigns from the desktop.").toHtmlEscaped(),
        tr("Built with Qt %1 (running on %2).")
            .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion()))
            .toHtmlEscaped(),
        tr("Database: %1").arg(databasePath).toHtmlEscaped(),
        tr("Icons drawn for Hivepost, dedicated to the public domain (CC0 1.0).").toHtmlEscaped()));
    top->addWidget(text, 1);
    layout->addLayout(top);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

} // namespace hivepost::ui
