#include "settings/RelaysPanel.h"

#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "application/Application.h"
#include "storage/TrackingStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

RelaysPanel::RelaysPanel(application::Application &app, QWidget *parent)
    : QGroupBox(tr("Tracking relays"), parent)
    , m_app(app) {
    setObjectName(u"relaysPanel"_s);
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A hivepost-relay on your own server records opens, clicks and one-click "
                                "unsubscribes; Hivepost pulls them every few minutes. Gmail and Yahoo want "
                                "one-click unsubscribe over HTTPS from bulk senders."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(u"relaysTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Address"), tr("Last pull"), tr("Result")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setMinimumHeight(110);
    layout->addWidget(m_table);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&Add Relay…"), this);
    add->setObjectName(u"addRelayButton"_s);
    m_test = new QPushButton(tr("&Test"), this);
    m_test->setObjectName(u"testRelayButton"_s);
    m_pull = new QPushButton(tr("&Pull Events Now"), this);
    m_pull->setObjectName(u"pullRelayButton"_s);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(u"removeRelayButton"_s);
    for (QPushButton *b : {add, m_test, m_pull, m_remove})
        buttons->addWidget(b);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_result = new QLabel(this);
    m_result->setObjectName(u"relayResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);

    connect(add, &QPushButton::clicked, this, &RelaysPanel::openAddDialog);
    connect(m_test, &QPushButton::clicked, this, [this] {
        if (!selectedName().isEmpty()) {
            showResult(tr("Testing %1…").arg(selectedName()), true);
            m_app.testRelay(selectedName());
        }
    });
    connect(m_pull, &QPushButton::clicked, this, [this] {
        if (!selectedName().isEmpty()) {
            showResult(tr("Pulling the events of %1…").arg(selectedName()), true);
            m_app.pullTracking(selectedName());
        }
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (name.isEmpty())
            return;
        if (auto r = m_app.removeRelay(name); !r)
            showResult(r.errorString(), false);
        else
            showResult(tr("Removed %1 and its keys.").arg(name), true);
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        const bool any = !selectedName().isEmpty();
        m_test->setEnabled(any);
        m_pull->setEnabled(any);
        m_remove->setEnabled(any);
    });
    connect(&m_app, &application::Application::relaysChanged, this, &RelaysPanel::reload);
    connect(&m_app, &application::Application::relayAdded, this,
            [this](const QString &name, const Result<tracking::RelayCheck> &r) {
                showResult(
                    r ? tr("Added %1: it took the admin key, and its signing keys are in the secret store.")
                            .arg(name)
                      : tr("%1 was not added: %2").arg(name, r.errorString()),
                    bool(r));
            });
    connect(&m_app, &application::Application::relayTested, this,
            [this](const QString &name, const Result<tracking::RelayCheck> &r) {
                showResult(r ? tr("%1 answers and takes the admin key; links are signed with key %2.")
                                   .arg(name)
                                   .arg(r->keyId)
                             : tr("%1: %2").arg(name, r.errorString()),
                           bool(r));
            });
    connect(&m_app, &application::Application::trackingPulled, this,
            [this](const QString &name, const Result<storage::TrackingImport> &r) {
                showResult(r ? tr("%1: %2 new events (opens %3, clicks %4, unsubscribes %5, signups %6).")
                                   .arg(name)
                                   .arg(r->events)
                                   .arg(r->opens)
                                   .arg(r->clicks)
                                   .arg(r->unsubscribes)
                                   .arg(r->signups)
                             : tr("%1: %2").arg(name, r.errorString()),
                           bool(r));
            });
    reload();
}

void RelaysPanel::reload() {
    const QString selected = selectedName();
    auto relays = storage::TrackingStore(m_app.database()).relays();
    m_table->setRowCount(0);
    if (!relays) {
        showResult(relays.errorString(), false);
        return;
    }
    const QLocale locale;
    for (const storage::Relay &r : std::as_const(relays.value())) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(r.name));
        m_table->setItem(row, 1, new QTableWidgetItem(r.url));
        m_table->setItem(row, 2,
                         new QTableWidgetItem(
                             r.lastPullAt > 0 ? locale.toString(QDateTime::fromMSecsSinceEpoch(r.lastPullAt),
                                                                QLocale::ShortFormat)
                                              : tr("never")));
        m_table->setItem(row, 3, new QTableWidgetItem(r.lastResult));
        if (r.name == selected)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    const bool any = !selectedName().isEmpty();
    m_test->setEnabled(any);
    m_pull->setEnabled(any);
    m_remove->setEnabled(any);
}

QString RelaysPanel::selectedName() const {
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    return items.isEmpty() ? QString() : m_table->item(items.constFirst()->row(), 0)->text();
}

void RelaysPanel::showResult(const QString &text, bool ok) {
    m_result->setText(text);
    m_result->setStyleSheet(ok ? QString() : u"color: #b3261e"_s);
    Q_EMIT statusMessage(text);
}

void RelaysPanel::addRelay(const QString &name, const QString &url, const QString &adminKey) {
    const QUrl parsed(url.trimmed(), QUrl::StrictMode);
    if (name.trimmed().isEmpty() || !parsed.isValid() || parsed.host().isEmpty() ||
        (parsed.scheme() != u"https"_s && parsed.scheme() != u"http"_s) || adminKey.trimmed().isEmpty()) {
        showResult(tr("A relay needs a name, an https:// address and its admin key."), false);
        return;
    }
    showResult(tr("Asking %1 for its keys…").arg(parsed.host()), true);
    m_app.addRelay(name, url, adminKey);
}

void RelaysPanel::openAddDialog() {
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"addRelayDialog"_s);
    dialog->setWindowTitle(tr("Add Relay"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto *form = new QFormLayout(dialog);
    auto *name = new QLineEdit(dialog);
    name->setObjectName(u"relayName"_s);
    auto *url = new QLineEdit(dialog);
    url->setObjectName(u"relayUrl"_s);
    url->setPlaceholderText(u"https://track.example.com"_s);
    auto *key = new QLineEdit(dialog);
    key->setObjectName(u"relayKey"_s);
    key->setEchoMode(QLineEdit::Password);
    key->setPlaceholderText(tr("printed by “hivepost-relay init”"));
    form->addRow(tr("&Name:"), name);
    form->addRow(tr("&Address:"), url);
    form->addRow(tr("Admin &key:"), key);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    box->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    form->addRow(box);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, dialog, [this, dialog, name, url, key] {
        addRelay(name->text(), url->text(), key->text());
        dialog->accept();
    });
    dialog->open();
}

} // namespace hivepost::ui
