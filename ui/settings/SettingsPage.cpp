#include "settings/SettingsPage.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "common/Language.h"
#include "settings/RelaysPanel.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

SettingsPage::SettingsPage(storage::Database &db, QSettings &settings, application::Application *app,
                           QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_settings(settings) {
    auto *layout = new QVBoxLayout(this);

    auto *interfaceBox = new QGroupBox(tr("Interface"), this);
    auto *interfaceForm = new QFormLayout(interfaceBox);
    interfaceForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    m_language = new QComboBox(interfaceBox);
    m_language->setObjectName(u"languageCombo"_s);
    m_language->setMinimumContentsLength(16);
    const QString current = languageSetting(m_settings);
    for (const LanguageOption &option : availableLanguages()) {
        m_language->addItem(option.label, option.code);
        if (option.code == current)
            m_language->setCurrentIndex(m_language->count() - 1);
    }
    connect(m_language, &QComboBox::activated, this, &SettingsPage::onLanguageActivated);
    interfaceForm->addRow(tr("&Language:"), m_language);
    m_restartNote = new QLabel(tr("The new language applies the next time Hivepost starts."), interfaceBox);
    m_restartNote->setObjectName(u"restartNote"_s);
    m_restartNote->setVisible(false);
    interfaceForm->addRow(QString(), m_restartNote);
    layout->addWidget(interfaceBox);

    auto *dbBox = new QGroupBox(tr("Database"), this);
    auto *dbForm = new QFormLayout(dbBox);
    dbForm->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    auto *pathLabel = new QLabel(QDir::toNativeSeparators(m_db.path()), dbBox);
    pathLabel->setObjectName(u"databasePath"_s);
    pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pathLabel->setWordWrap(true);
    dbForm->addRow(tr("File:"), pathLabel);
    dbForm->addRow(tr("Schema version:"), new QLabel(QString::number(m_db.schemaVersion()), dbBox));
    auto *backup = new QPushButton(tr("&Back Up Now…"), dbBox);
    backup->setObjectName(u"backupButton"_s);
    backup->setToolTip(
        tr("Write a consistent copy of the database to a new file, while Hivepost keeps working."));
    connect(backup, &QPushButton::clicked, this, &SettingsPage::chooseBackupFile);
    dbForm->addRow(QString(), backup);
    layout->addWidget(dbBox);

    if (app) {
        auto *relays = new RelaysPanel(*app, this);
        connect(relays, &RelaysPanel::statusMessage, this, &SettingsPage::statusMessage);
        layout->addWidget(relays);
    }

    layout->addStretch(1);
}

void SettingsPage::onLanguageActivated(int index) {
    const QString code = m_language->itemData(index).toString();
    if (code == languageSetting(m_settings))
        return;
    setLanguageSetting(m_settings, code);
    m_restartNote->setVisible(true);
    Q_EMIT languageChanged(code);
}

void SettingsPage::chooseBackupFile() {
    const QString suggested = QDir(QDir::homePath())
                                  .filePath(u"hivepost-backup-%1.db"_s.arg(
                                      QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s)));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Back Up Database"), suggested, tr("Hivepost database (*.db)"));
    if (!path.isEmpty())
        backupTo(path);
}

bool SettingsPage::backupTo(const QString &path) {
    const auto result = m_db.backupTo(path);
    if (!result) {
        // open(), not exec(): the event loop keeps running while the message is shown.
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Backup Failed"), result.errorString(),
                                    QMessageBox::Ok, this);
        box->setObjectName(u"backupFailedMessage"_s);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return false;
    }
    Q_EMIT statusMessage(tr("Database backed up to %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

} // namespace hivepost::ui
