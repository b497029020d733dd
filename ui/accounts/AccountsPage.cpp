#include "accounts/AccountsPage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QSslCertificate>
#include <QVBoxLayout>

#include "accounts/AccountSettings.h"
#include "accounts/ConnectionTest.h"
#include "accounts/SettingsResolver.h"
#include "application/Application.h"
#include "secrets/SecretRef.h"
#include "secrets/SecretStore.h"
#include "storage/Database.h"

using namespace Qt::StringLiterals;

namespace hivepost::ui {

namespace {

QSpinBox *spin(int max, QWidget *parent, const QString &name) {
    auto *s = new QSpinBox(parent);
    s->setRange(0, max);
    s->setObjectName(name);
    s->setSpecialValueText(AccountsPage::tr("no limit"));
    return s;
}
} // namespace

AccountsPage::AccountsPage(application::Application &app, QWidget *parent)
    : QWidget(parent)
    , m_app(app)
    , m_db(app.database())
    , m_store(app.database()) {
    auto *left = m_left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("Sending accounts"), left));
    m_list = new QListWidget(left);
    m_list->setObjectName(u"accountList"_s);
    leftLayout->addWidget(m_list, 1);
    auto *newButton = new QPushButton(tr("&New Account"), left);
    leftLayout->addWidget(newButton);

    auto *editor = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editor);

    auto *server = new QGroupBox(tr("Server"), editor);
    auto *serverForm = new QFormLayout(server);
    m_name = new QLineEdit(server);
    m_name->setObjectName(u"accountName"_s);
    m_host = new QLineEdit(server);
    m_host->setObjectName(u"hostEdit"_s);
    m_host->setPlaceholderText(u"smtp.example.com"_s);
    m_port = new QSpinBox(server);
    m_port->setObjectName(u"portSpin"_s);
    m_port->setRange(1, 65535);
    m_security = new QComboBox(server);
    m_security->setObjectName(u"securityCombo"_s);
    m_security->addItem(tr("STARTTLS (port 587)"), u"starttls"_s);
    m_security->addItem(tr("TLS from the start (port 465)"), u"tls"_s);
    m_security->addItem(tr("None (not encrypted)"), u"none"_s);
    m_helo = new QLineEdit(server);
    m_helo->setPlaceholderText(tr("automatic"));
    serverForm->addRow(tr("Account &name:"), m_name);
    serverForm->addRow(tr("&Server:"), m_host);
    serverForm->addRow(tr("&Port:"), m_port);
    serverForm->addRow(tr("&Encryption:"), m_security);
    serverForm->addRow(tr("HELO name:"), m_helo);
    connect(m_security, &QComboBox::activated, this, [this] {
        const QString s = m_security->currentData().toString();
        m_port->setValue(s == u"tls"_s ? 465 : s == u"starttls"_s ? 587 : 25);
    });

    auto *signIn = new QGroupBox(tr("Sign-in"), editor);
    auto *signInForm = new QFormLayout(signIn);
    m_auth = new QComboBox(signIn);
    m_auth->setObjectName(u"authCombo"_s);
    m_auth->addItem(tr("Password (PLAIN)"), u"plain"_s);
    m_auth->addItem(tr("Password (LOGIN)"), u"login"_s);
    m_auth->addItem(tr("OAuth 2 token (XOAUTH2)"), u"xoauth2"_s);
    m_auth->addItem(tr("None"), u"none"_s);
    m_user = new QLineEdit(signIn);
    m_user->setObjectName(u"userEdit"_s);
    m_secretKind = new QComboBox(signIn);
    m_secretKind->setObjectName(u"secretKind"_s);
    m_secretKind->addItem(tr("System keychain"), u"keychain"_s);
    m_secretKind->addItem(tr("This session only (memory)"), u"session"_s);
    m_secretKind->addItem(tr("Environment variable"), u"env"_s);
    m_secretKind->addItem(tr("Private file (mode 600)"), u"file"_s);
    m_password = new QLineEdit(signIn);
    m_password->setObjectName(u"passwordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("type to change; kept where chosen below, never in the database"));
    m_secretWhere = new QLineEdit(signIn);
    m_secretWhere->setObjectName(u"secretWhere"_s);
    m_secretWhere->setPlaceholderText(tr("variable name or file path"));
    // The variable name or file path only where one is needed; shown whenever the choice changes.
    const auto showWhere = [this] {
        const QString kind = m_secretKind->currentData().toString();
        m_secretWhere->setVisible(kind == u"env"_s || kind == u"file"_s);
    };
    connect(m_secretKind, &QComboBox::currentIndexChanged, this, showWhere);
    showWhere();
    m_secretKind->setToolTip(tr("Where Hivepost reads the password when it connects."));
    auto *storeButton = new QPushButton(tr("Store a Password in a Private File…"), signIn);
    signInForm->addRow(tr("&Method:"), m_auth);
    signInForm->addRow(tr("&User:"), m_user);
    signInForm->addRow(tr("Pass&word:"), m_password);
    signInForm->addRow(tr("Password from:"), m_secretKind);
    signInForm->addRow(QString(), m_secretWhere);
    signInForm->addRow(QString(), storeButton);
    auto *keychainNote = new QLabel(tr("Passwords are never stored in the Hivepost database."), signIn);
    keychainNote->setWordWrap(true);
    signInForm->addRow(QString(), keychainNote);

    auto *sending = new QGroupBox(tr("Sending limits"), editor);
    auto *sendingForm = new QFormLayout(sending);
    m_from = new QLineEdit(sending);
    m_from->setObjectName(u"fromEdit"_s);
    m_from->setPlaceholderText(tr("news@example.com, @example.com"));
    m_connections = new QSpinBox(sending);
    m_connections->setRange(1, 100);
    m_perConnection = new QSpinBox(sending);
    m_perConnection->setRange(1, 100000);
    m_perSecond = new QDoubleSpinBox(sending);
    m_perSecond->setRange(0, 10000);
    m_perSecond->setSpecialValueText(tr("no limit"));
    m_perMinute = spin(1000000, sending, u"perMinute"_s);
    m_perHour = spin(10000000, sending, u"perHour"_s);
    m_perDay = spin(100000000, sending, u"perDay"_s);
    sendingForm->addRow(tr("May send as:"), m_from);
    sendingForm->addRow(tr("Parallel connections:"), m_connections);
    sendingForm->addRow(tr("Messages per connection:"), m_perConnection);
    sendingForm->addRow(tr("Per second:"), m_perSecond);
    sendingForm->addRow(tr("Per minute:"), m_perMinute);
    sendingForm->addRow(tr("Per hour:"), m_perHour);
    sendingForm->addRow(tr("Per day:"), m_perDay);

    auto *security = new QGroupBox(tr("Certificates"), editor);
    auto *securityForm = new QFormLayout(security);
    m_caFile = new QLineEdit(security);
    m_caFile->setPlaceholderText(tr("also trust the CA certificates in this PEM file"));
    m_allowPlain = new QCheckBox(tr("Allow the password without encryption"), security);
    m_pinned = new QLabel(security);
    m_pinned->setObjectName(u"pinnedLabel"_s);
    m_pinned->setWordWrap(true);
    m_pinned->setTextInteractionFlags(Qt::TextSelectableByMouse);
    securityForm->addRow(tr("Extra CA:"), m_caFile);
    securityForm->addRow(QString(), m_allowPlain);
    securityForm->addRow(tr("Trusted certificate:"), m_pinned);

    // One column that scrolls: it fits any window width.
    auto *grid = new QVBoxLayout;
    for (QGroupBox *box : {server, signIn, sending, security})
        grid->addWidget(box);
    editorLayout->addLayout(grid);

    m_problem = new QLabel(editor);
    m_problem->setObjectName(u"problemLabel"_s);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b00020"_s);
    editorLayout->addWidget(m_problem);
    auto *buttons = new QHBoxLayout;
    auto *testButton = new QPushButton(tr("&Test Connection"), editor);
    testButton->setObjectName(u"testButton"_s);
    auto *deleteButton = new QPushButton(tr("&Delete"), editor);
    auto *saveButton = new QPushButton(tr("&Save Account"), editor);
    buttons->addWidget(testButton);
    buttons->addStretch(1);
    buttons->addWidget(deleteButton);
    buttons->addWidget(saveButton);
    editorLayout->addLayout(buttons);
    m_log = new QPlainTextEdit(editor);
    m_log->setObjectName(u"testLog"_s);
    m_log->setReadOnly(true);
    m_log->setPlaceholderText(
        tr("The conversation with the server appears here when you test the connection."));
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    editorLayout->addWidget(m_log, 1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(editor);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({170, 930});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(newButton, &QPushButton::clicked, this, &AccountsPage::newAccount);
    connect(saveButton, &QPushButton::clicked, this, &AccountsPage::save);
    connect(deleteButton, &QPushButton::clicked, this, &AccountsPage::removeCurrent);
    connect(testButton, &QPushButton::clicked, this, &AccountsPage::testConnection);
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            openAccount(m_list->item(row)->data(Qt::UserRole).toString());
    });
    connect(storeButton, &QPushButton::clicked, this, [this] {
        auto *box =
            new QMessageBox(QMessageBox::Warning, tr("Store the Password in a File"),
                            tr("The password will be kept in a file only your user can read (mode 600), "
                               "outside the database. Anyone with access to your user account can read it."),
                            QMessageBox::Ok | QMessageBox::Cancel, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this] {
            // The password itself is typed in a dialog that never stores it anywhere else.
            auto *input = new QDialog(this);
            input->setAttribute(Qt::WA_DeleteOnClose);
            input->setWindowTitle(tr("Password"));
            auto *l = new QVBoxLayout(input);
            auto *edit = new QLineEdit(input);
            edit->setEchoMode(QLineEdit::Password);
            l->addWidget(edit);
            auto *ok = new QPushButton(tr("Store"), input);
            l->addWidget(ok);
            connect(ok, &QPushButton::clicked, input, [this, input, edit] {
                storePasswordInFile(edit->text());
                input->accept();
            });
            input->open();
        });
        box->open();
    });

    // The same test as "hivepost-cli account test" (accounts::ConnectionTest).
    m_test = new accounts::ConnectionTest(&m_app.secrets(), this);
    connect(m_test, &accounts::ConnectionTest::protocolLine, this, [this](char dir, const QByteArray &line) {
        m_log->appendPlainText(accounts::ConnectionTest::stamped(dir, line));
    });
    connect(m_test, &accounts::ConnectionTest::finished, this, &AccountsPage::showTestResult);
    reloadList();
    newAccount();
}

AccountsPage::~AccountsPage() = default;

void AccountsPage::reloadList() {
    const QSignalBlocker block(m_list);
    m_list->clear();
    auto accounts = m_store.list();
    if (!accounts || m_left->isHidden())
        return;
    for (const storage::Account &a : std::as_const(accounts.value())) {
        const QString health = a.lastTestAt == 0 ? tr("not tested")
                               : a.lastTestOk    ? tr("test passed")
                                                 : tr("test failed");
        auto *item =
            new QListWidgetItem(u"%1\n%2:%3 · %4"_s.arg(a.name, a.host).arg(a.port).arg(health), m_list);
        item->setData(Qt::UserRole, a.name);
        item->setToolTip(a.lastTestMessage);
        if (a.lastTestAt != 0)
            item->setForeground(a.lastTestOk ? QColor(0x1b, 0x5e, 0x20) : QColor(0xb0, 0x00, 0x20));
        if (a.id == m_id)
            m_list->setCurrentItem(item);
    }
}

void AccountsPage::newAccount() {
    m_id = 0;
    m_loaded = storage::Account();
    m_unsavedTest.reset();
    m_name->clear();
    m_host->clear();
    m_security->setCurrentIndex(0);
    m_port->setValue(587);
    m_helo->clear();
    m_auth->setCurrentIndex(0);
    m_user->clear();
    m_secretKind->setCurrentIndex(0);
    m_secretWhere->clear();
    m_password->clear();
    m_from->clear();
    m_connections->setValue(2);
    m_perConnection->setValue(100);
    m_perSecond->setValue(0);
    m_perMinute->setValue(0);
    m_perHour->setValue(0);
    m_perDay->setValue(0);
    m_caFile->clear();
    m_allowPlain->setChecked(false);
    m_pinned->setText(tr("none"));
    m_problem->clear();
    m_log->clear();
    m_list->clearSelection();
}

bool AccountsPage::openAccount(const QString &name) {
    auto a = m_store.byName(name);
    if (!a)
        return false;
    m_loaded = a.value();
    m_id = a->id;
    m_name->setText(a->name);
    m_host->setText(a->host);
    m_security->setCurrentIndex(std::max(0, m_security->findData(a->security)));
    m_port->setValue(a->port);
    m_helo->setText(a->heloName);
    m_auth->setCurrentIndex(std::max(0, m_auth->findData(a->auth)));
    m_user->setText(a->user);
    m_secretKind->setCurrentIndex(std::max(0, m_secretKind->findData(a->secretRef.section(u':', 0, 0))));
    m_secretWhere->setText(a->secretRef.section(u':', 1));
    m_password->clear();
    m_from->setText(a->fromAddresses.join(u", "_s));
    m_connections->setValue(a->connections);
    m_perConnection->setValue(a->perConnection);
    m_perSecond->setValue(a->perSecond);
    m_perMinute->setValue(a->perMinute);
    m_perHour->setValue(a->perHour);
    m_perDay->setValue(a->perDay);
    m_caFile->setText(a->caPem.isEmpty() ? QString() : tr("(stored)"));
    m_allowPlain->setChecked(a->allowPlaintextAuth);
    m_pinned->setText(a->pinnedSha256.isEmpty() ? tr("none") : u"SHA-256 "_s + a->pinnedSha256);
    m_problem->clear();
    m_log->setPlainText(a->lastTestMessage);
    return true;
}

void AccountsPage::setAccountListVisible(bool visible) {
    m_left->setVisible(visible);
    reloadList(); // hidden, it is empty: a view picks a current row of its own, which would open it
}

storage::Account AccountsPage::editedAccount() const {
    storage::Account a = m_loaded;
    a.id = m_id;
    a.name = m_name->text().trimmed();
    a.host = m_host->text().trimmed();
    a.port = m_port->value();
    a.security = m_security->currentData().toString();
    a.heloName = m_helo->text().trimmed();
    a.auth = m_auth->currentData().toString();
    a.user = m_user->text().trimmed();
    const QString kind = m_secretKind->currentData().toString();
    if (kind == u"keychain"_s || kind == u"session"_s)
        a.secretRef = m_loaded.secretRef == kind ? kind : QString(); // set once the password is stored
    else
        a.secretRef = m_secretWhere->text().trimmed().isEmpty()
                          ? QString()
                          : kind + u':' + m_secretWhere->text().trimmed();
    a.fromAddresses.clear();
    for (const QString &f : m_from->text().split(u',', Qt::SkipEmptyParts))
        a.fromAddresses << f.trimmed();
    a.connections = m_connections->value();
    a.perConnection = m_perConnection->value();
    a.perSecond = m_perSecond->value();
    a.perMinute = m_perMinute->value();
    a.perHour = m_perHour->value();
    a.perDay = m_perDay->value();
    a.allowPlaintextAuth = m_allowPlain->isChecked();
    const QString ca = m_caFile->text().trimmed();
    if (!ca.isEmpty() && ca != tr("(stored)")) {
        QFile f(ca);
        if (f.open(QIODevice::ReadOnly))
            a.caPem = QString::fromLatin1(f.readAll());
    } else if (ca.isEmpty()) {
        a.caPem.clear();
    }
    return a;
}

bool AccountsPage::save() {
    const storage::Account a = editedAccount();
    Result<void> r;
    if (m_id == 0) {
        auto id = m_store.add(a);
        if (id) {
            m_id = id.value();
            if (m_unsavedTest && storage::AccountStore::sameServer(m_unsavedTest->account, a))
                (void)m_store.recordTest(a.name, m_unsavedTest->ok, m_unsavedTest->message);
        } else {
            r = id.error();
        }
    } else {
        r = m_store.update(a);
    }
    if (!r) {
        m_problem->setText(r.errorString());
        return false;
    }
    m_problem->clear();
    m_loaded = m_store.byName(a.name).value();
    reloadList();
    Q_EMIT statusMessage(tr("Account “%1” saved.").arg(a.name));
    if (!m_password->text().isEmpty())
        storeTypedPassword();
    return true;
}

bool AccountsPage::removeCurrent() {
    if (m_id == 0 || !m_store.remove(m_name->text()).ok())
        return false;
    reloadList();
    newAccount();
    return true;
}

void AccountsPage::setSecretRef(const QString &ref) {
    m_loaded.secretRef = ref;
    (void)m_store.update(m_loaded);
    m_secretKind->setCurrentIndex(std::max(0, m_secretKind->findData(ref.section(u':', 0, 0))));
    m_secretWhere->setText(ref.section(u':', 1));
}

void AccountsPage::storeTypedPassword() {
    const QString password = m_password->text();
    const QString kind = m_secretKind->currentData().toString();
    const QString name = m_loaded.name;
    if (kind == u"session"_s) {
        accounts::SettingsResolver::setSessionSecret(name, password);
        setSecretRef(u"session"_s);
        m_password->clear();
        Q_EMIT passwordStored(true);
        return;
    }
    if (kind == u"file"_s) {
        const bool ok = storePasswordInFile(password);
        if (ok) {
            setSecretRef(m_secretKind->currentData().toString() + u':' + m_secretWhere->text());
            m_password->clear();
        }
        Q_EMIT passwordStored(ok);
        return;
    }
    if (kind != u"keychain"_s) { // an environment variable cannot be set from here
        m_problem->setText(tr("The password is read from the environment variable; it was not stored."));
        Q_EMIT passwordStored(false);
        return;
    }
    const quint64 request = ++m_secretRequest; // a late answer to an earlier request is ignored
    m_app.secrets().write(
        secrets::SecretStore::accountKey(name), password,
        [this, guard = QPointer<AccountsPage>(this), request, password, name](const Result<void> &r) {
            if (!guard || request != m_secretRequest)
                return;
            if (r) {
                setSecretRef(u"keychain"_s);
                m_password->clear();
                Q_EMIT statusMessage(
                    tr("The password of “%1” is kept in %2.").arg(name, m_app.secrets().description()));
                Q_EMIT passwordStored(true);
                return;
            }
            // No keychain: the user decides, knowing why.
            auto *box =
                new QMessageBox(QMessageBox::Warning, tr("No System Keychain"),
                                tr("%1\n\nKeep the password in memory until Hivepost quits, or store it in a "
                                   "file only your user can read?")
                                    .arg(r.errorString()),
                                QMessageBox::NoButton, this);
            box->setObjectName(u"keychainFailedDialog"_s);
            auto *session = box->addButton(tr("Keep for This Session"), QMessageBox::AcceptRole);
            auto *file = box->addButton(tr("Store in a Private File"), QMessageBox::ActionRole);
            box->addButton(QMessageBox::Cancel);
            box->setAttribute(Qt::WA_DeleteOnClose);
            connect(box, &QMessageBox::buttonClicked, this,
                    [this, session, file, password, name](QAbstractButton *b) {
                        if (b == session) {
                            accounts::SettingsResolver::setSessionSecret(name, password);
                            setSecretRef(u"session"_s);
                        } else if (b == file && storePasswordInFile(password)) {
                            setSecretRef(u"file:"_s + m_secretWhere->text());
                        } else {
                            Q_EMIT passwordStored(false);
                            return;
                        }
                        m_password->clear();
                        Q_EMIT passwordStored(true);
                    });
            box->open();
        });
}

bool AccountsPage::storePasswordInFile(const QString &password) {
    const QString name = m_name->text().trimmed().isEmpty() ? u"account"_s : m_name->text().trimmed();
    auto ref = secrets::SecretRef::storeInFile(secrets::SecretRef::defaultFileFor(name), password);
    if (!ref) {
        m_problem->setText(ref.errorString());
        return false;
    }
    m_secretKind->setCurrentIndex(m_secretKind->findData(u"file"_s));
    m_secretWhere->setText(ref->mid(5));
    return true;
}

void AccountsPage::testConnection() {
    const storage::Account a = editedAccount();
    if (const QString problem = storage::AccountStore::validate(a); !problem.isEmpty())
        return failTestEarly(problem);
    m_problem->clear();
    m_log->clear();
    m_rejectedDigest.clear();
    m_test->start(a);
}

void AccountsPage::showTestResult(const accounts::ConnectionTestResult &r) {
    if (!r.reachedServer())
        return failTestEarly(r.message);
    m_log->appendPlainText(r.message);
    if (!r.ok && !r.rejected.isNull()) {
        m_rejectedDigest = r.rejected.digest(QCryptographicHash::Sha256);
        m_rejectedDetails = tr("Subject: %1\nIssuer: %2\nValid: %3 to %4\nSHA-256: %5")
                                .arg(r.rejected.subjectDisplayName(), r.rejected.issuerDisplayName(),
                                     r.rejected.effectiveDate().toString(Qt::ISODate),
                                     r.rejected.expiryDate().toString(Qt::ISODate),
                                     QString::fromLatin1(m_rejectedDigest.toHex(':')));
    }
    onTestFinished(r.ok, r.message);
    if (!r.ok && !m_rejectedDigest.isEmpty())
        showCertificateDialog();
}

void AccountsPage::failTestEarly(const QString &why) {
    m_problem->setText(why);
    m_testMessage = why;
    Q_EMIT testFinished(false);
}

void AccountsPage::onTestFinished(bool ok, const QString &message) {
    m_testMessage = message;
    if (m_id != 0) {
        (void)m_store.recordTest(m_name->text(), ok, message);
        reloadList();
    } else { // recorded when the account is saved, if it is saved as tested
        m_unsavedTest = UnsavedTest{editedAccount(), ok, message};
    }
    Q_EMIT testFinished(ok);
}

void AccountsPage::showCertificateDialog() {
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Untrusted Certificate"),
                        tr("The server's certificate could not be verified. Trust it only if you know this "
                           "is your server's certificate."),
                        QMessageBox::NoButton, this);
    box->setObjectName(u"certificateDialog"_s);
    box->setDetailedText(m_rejectedDetails);
    box->setInformativeText(m_rejectedDetails);
    auto *trust = box->addButton(tr("Trust This Certificate for This Account"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, trust](QAbstractButton *b) {
        if (b == trust && trustRejectedCertificate())
            testConnection();
    });
    box->open();
}

bool AccountsPage::trustRejectedCertificate() {
    if (m_rejectedDigest.isEmpty())
        return false;
    m_loaded.pinnedSha256 = QString::fromLatin1(m_rejectedDigest.toHex());
    m_pinned->setText(u"SHA-256 "_s + m_loaded.pinnedSha256);
    if (m_id != 0)
        return save();
    return true;
}

} // namespace hivepost::ui
