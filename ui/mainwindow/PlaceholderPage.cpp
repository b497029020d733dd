#include "mainwindow/PlaceholderPage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hivepost::ui {

PlaceholderPage::PlaceholderPage(const QIcon &icon, const QString &title, const QString &description,
                                 QWidget *parent)
    : QWidget(parent) {
    // A centred column of readable width; word-wrapped labels get their height from the width.
    auto *column = new QWidget(this);
    column->setMaximumWidth(560);
    auto *layout = new QVBoxLayout(column);
    layout->setSpacing(12);

    auto *iconLabel = new QLabel(column);
    iconLabel->setPixmap(icon.pixmap(64, 64));
    iconLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(iconLabel);

    auto *titleLabel = new QLabel(title, column);
    titleLabel->setObjectName(u"pageTitle"_s);
    QFont f = titleLabel->font();
    f.setPointSizeF(f.pointSizeF() * 1.6);
    f.setBold(true);
    titleLabel->setFont(f);
    titleLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(titleLabel);

    auto *descriptionLabel = new QLabel(description, column);
    descriptionLabel->setObjectName(u"pageDescription"_s);
    descriptionLabel->setWordWrap(true);
    descriptionLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(descriptionLabel);

    auto *status = new QLabel(tr("Not available in this version yet."), column);
    status->setObjectName(u"pageStatus"_s);
    status->setAlignment(Qt::AlignCenter);
    status->setEnabled(false);
    layout->addWidget(status);

    auto *rows = new QVBoxLayout;
    rows->addStretch(2);
    rows->addWidget(column);
    rows->addStretch(3);
    auto *outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(rows, 4);
    outer->addStretch(1);
}

} // namespace hivepost::ui
