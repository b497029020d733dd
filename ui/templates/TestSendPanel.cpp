#include "templates/TestSendPanel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "application/Application.h"
#include "campaign/CampaignMessages.h"
#include "campaign/TestSend.h"
#include "common/EmailAddress.h"
#include "storage/AccountStore.h"
#include "storage/TemplateStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {
const QString kAddressKey = u"templates/testTo"_s;
}

TestSendPanel::TestSendPanel(application::Application &app, const QString &templateName, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_db(app.database())
    , m_template(templateName) {
    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    m_account = new QComboBox(this);
    m_account->setObjectName(u"testAccount"_s);
    // The sender every message shows (kept in the database, the default of each new campaign).
    const templating::SenderProfile sender =
        campaign::CampaignMessages::senderProfile(storage::TemplateStore(m_db));
    m_from = new QLineEdit(sender.fromName.isEmpty() ? sender.fromAddress
                                                     : u"%1 <%2>"_s.arg(sender.fromName, sender.fromAddress),
                           this);
    m_from->setObjectName(u"testFrom"_s);
    m_from->setPlaceholderText(tr("Your Name <news@example.com>"));
    m_to = new QLineEdit(QSettings().value(kAddressKey).toString(), this);
    m_to->setObjectName(u"testTo"_s);
    m_to->setPlaceholderText(tr("you@example.com"));
    m_send = new QPushButton(tr("&Send"), this);
    m_send->setObjectName(u"testSendButton"_s);
    auto *toRow = new QHBoxLayout;
    toRow->addWidget(m_to, 1);
    toRow->addWidget(m_send);
    form->addRow(tr("&From:"), m_from);
    form->addRow(tr("Send t&hrough:"), m_account);
    auto *toLabel = new QLabel(tr("Send &to:"), this); // a row of two widgets: the label needs its buddy
    toLabel->setBuddy(m_to);
    form->addRow(toLabel, toRow);
    m_result = new QLabel(this);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_result);
    connect(m_send, &QPushButton::clicked, this, &TestSendPanel::send);
    connect(m_to, &QLineEdit::returnPressed, this, [this] {
        if (m_send->isEnabled())
            send();
    });
    reloadAccounts();
    setFocusProxy(m_to); // the account is usually the only one; the address is what to type
}

void TestSendPanel::reloadAccounts() {
    const QString current = m_account->currentText();
    m_account->clear();
    if (auto accounts = storage::AccountStore(m_db).list(); accounts) {
        for (const storage::Account &a : std::as_const(accounts.value()))
            m_account->addItem(a.name);
    }
    if (const int i = m_account->findText(current); i >= 0)
        m_account->setCurrentIndex(i);
    m_send->setEnabled(m_account->count() > 0 && !m_sending);
    if (m_account->count() == 0)
        m_result->setText(tr("Add a sending account first (Accounts)."));
    else if (!m_sending)
        m_result->clear();
}

void TestSendPanel::setAddress(const QString &address) {
    if (m_from->text().trimmed().isEmpty())
        m_from->setText(address);
    if (m_to->text().trimmed().isEmpty())
        m_to->setText(address);
}

bool TestSendPanel::saveSender(bool required) {
    const QString text = m_from->text().trimmed();
    if (text.isEmpty() && !required)
        return true;
    const EmailAddress::Mailbox from = EmailAddress::parseMailbox(text);
    if (from.address.isEmpty()) {
        m_result->setText(text.isEmpty() ? tr("Enter the From address your contacts will see.")
                                         : tr("“%1” is not an e-mail address.").arg(text));
        return false;
    }
    storage::TemplateStore store(m_db);
    const templating::SenderProfile sender = campaign::CampaignMessages::senderProfile(store);
    if (sender.fromAddress == from.address && sender.fromName == from.name)
        return true;
    auto r = store.setSetting(u"sender/from_address"_s, from.address);
    if (r)
        r = store.setSetting(u"sender/from_name"_s, from.name);
    if (!r)
        m_result->setText(r.errorString());
    return r.ok();
}

void TestSendPanel::send() {
    const QString to = m_to->text().trimmed();
    QSettings().setValue(kAddressKey, to);
    if (!saveSender()) {
        Q_EMIT finished(false, m_result->text());
        return;
    }
    m_sending = true;
    // Disabled while the message goes out, the button would hand its focus to the next widget.
    const bool refocus = m_send->hasFocus();
    m_send->setEnabled(false);
    m_result->setText(tr("Sending to %1…").arg(to));
    auto *job = new campaign::TestSend(m_db, m_app.secrets(), this);
    connect(job, &campaign::TestSend::finished, this, [this, job, to, refocus](const Result<QString> &reply) {
        job->deleteLater();
        m_sending = false;
        m_send->setEnabled(m_account->count() > 0);
        if (refocus && m_send->isEnabled())
            m_send->setFocus();
        const QString message = reply ? tr("Sent to %1. The server said: %2").arg(to, reply.value())
                                      : tr("Not sent: %1").arg(reply.errorString());
        m_result->setText(message);
        Q_EMIT finished(reply.ok(), message);
    });
    job->start(m_account->currentText(), m_template, to);
}

} // namespace hivepost::ui
