#include "templates/TestSendDialog.h"

#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "application/Application.h"
#include "templates/TestSendPanel.h"

namespace hivepost::ui {

TestSendDialog::TestSendDialog(application::Application &app, const QString &templateName, QWidget *parent)
    : QDialog(parent)
    , m_panel(new TestSendPanel(app, templateName, this)) {
    setWindowTitle(tr("Send a Test of “%1”").arg(templateName));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_panel, &TestSendPanel::finished, this, &TestSendDialog::finished);
    m_panel->sendButton()->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_panel);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
    m_panel->setFocus();
}

void TestSendDialog::send() {
    m_panel->send();
}

} // namespace hivepost::ui
