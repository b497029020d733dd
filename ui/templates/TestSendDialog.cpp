#include "templates/TestSendDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "campaign/TestSend.h"
#include "storage/AccountStore.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

TestSendDialog::TestSendDialog(storage::Database &db, const QString &templateName, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_template(templateName) {
    setWindowTitle(tr("Send a Test of “%1”").arg(templateName));
    auto *form = new QFormLayout;
    m_account = new QComboBox(this);
    m_account->setObjectName(u"testAccount"_s);
    if (auto accounts = storage::AccountStore(db).list(); accounts) {
        for (const storage::Account &a : std::as_const(accounts.value()))
            m_account->addItem(a.name);
    }
    m_to = new QLineEdit(QSettings().value(u"templates/testTo"_s).toString(), this);
    m_to->setObjectName(u"testTo"_s);
    m_to->setPlaceholderText(tr("you@example.com"));
    form->addRow(tr("Send &through:"), m_account);
    form->addRow(tr("Send &to:"), m_to);
    m_result = new QLabel(this);
    m_result->setObjectName(u"testResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_send = buttons->addButton(tr("&Send"), QDialogButtonBox::ActionRole);
    m_send->setObjectName(u"testSendButton"_s);
    m_send->setDefault(true);
    if (m_account->count() == 0) {
        m_send->setEnabled(false);
        m_result->setText(tr("Add a sending account first (Accounts)."));
    }
    connect(m_send, &QPushButton::clicked, this, &TestSendDialog::send);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
    m_to->setFocus(); // the account is usually the only one; the address is what to type
}

void TestSendDialog::send() {
    const QString to = m_to->text().trimmed();
    QSettings().setValue(u"templates/testTo"_s, to);
    m_send->setEnabled(false);
    m_result->setText(tr("Sending to %1…").arg(to));
    auto *job = new campaign::TestSend(m_db, this);
    connect(job, &campaign::TestSend::finished, this, [this, job, to](const Result<QString> &reply) {
        job->deleteLater();
        m_send->setEnabled(true);
        const QString message = reply ? tr("Sent to %1. The server said: %2").arg(to, reply.value())
                                      : tr("Not sent: %1").arg(reply.errorString());
        m_result->setText(message);
        Q_EMIT finished(reply.ok(), message);
    });
    job->start(m_account->currentText(), m_template, to);
}

} // namespace hivepost::ui
