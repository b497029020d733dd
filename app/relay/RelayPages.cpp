#include "RelayPages.h"

#include <QHash>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hivepost::relay {

namespace {

// The relay's phrases in Simplified Chinese (the pages are served per request in the visitor's
// language, so they do not go through the process-wide QTranslator).
const QHash<QString, QString> &chinese() {
    static const QHash<QString, QString> t{
        {u"Email preferences"_s, u"邮件偏好设置"_s},
        {u"You receive these emails from %1."_s, u"您会收到来自 %1 的以下邮件。"_s},
        {u"What you receive"_s, u"您接收的内容"_s},
        {u"Save preferences"_s, u"保存偏好设置"_s},
        {u"Unsubscribe from everything"_s, u"退订全部邮件"_s},
        {u"Stop all emails from %1."_s, u"不再接收来自 %1 的任何邮件。"_s},
        {u"You are unsubscribed"_s, u"您已退订"_s},
        {u"You will receive no more emails from %1. It can take up to two days to take effect."_s,
         u"您将不再收到来自 %1 的邮件。最长可能需要两天生效。"_s},
        {u"You are unsubscribed from everything. Choose a category and save to receive it again."_s,
         u"您已退订全部邮件。勾选类别并保存即可重新接收。"_s},
        {u"Preferences saved"_s, u"偏好设置已保存"_s},
        {u"Your choices are saved."_s, u"您的选择已保存。"_s},
        {u"Back to your preferences"_s, u"返回偏好设置"_s},
        {u"Sign up"_s, u"订阅"_s},
        {u"Sign up for %1"_s, u"订阅 %1"_s},
        {u"Email address"_s, u"电子邮件地址"_s},
        {u"Name (optional)"_s, u"姓名（选填）"_s},
        {u"Leave this field empty"_s, u"请勿填写此项"_s},
        {u"We will send you an email to confirm your address."_s, u"我们会发送一封邮件以确认您的地址。"_s},
        {u"Check your inbox"_s, u"请查收邮件"_s},
        {u"We sent a confirmation link for %1. Open it to complete your signup."_s,
         u"我们已发送 %1 的确认链接，打开链接即可完成订阅。"_s},
        {u"Subscription confirmed"_s, u"订阅已确认"_s},
        {u"Thank you: you are subscribed to %1."_s, u"谢谢！您已订阅 %1。"_s},
        {u"Not found"_s, u"未找到"_s},
        {u"This link is not valid. It may be incomplete: copy the whole link from the email."_s,
         u"此链接无效，可能不完整：请从邮件中复制完整链接。"_s},
        {u"Please enter a valid email address."_s, u"请输入有效的电子邮件地址。"_s},
        {u"Too many requests"_s, u"请求过多"_s},
        {u"Please try again later."_s, u"请稍后再试。"_s},
        {u"There are no categories to choose from."_s, u"暂无可选择的类别。"_s},
        {u"the sender"_s, u"发件人"_s},
        {u"Bad request"_s, u"请求无效"_s},
        {u"The form could not be read."_s, u"无法读取表单内容。"_s},
    };
    return t;
}

} // namespace

Language languageFrom(const QString &acceptLanguage) {
    double best = -1;
    Language chosen = Language::English;
    for (const QString &part : acceptLanguage.split(u',', Qt::SkipEmptyParts)) {
        const QStringList pieces = part.trimmed().split(u';');
        const QString tag = pieces.value(0).trimmed().toLower();
        double q = 1.0;
        for (qsizetype i = 1; i < pieces.size(); ++i) {
            const QString p = pieces.at(i).trimmed();
            if (p.startsWith(u"q="_s))
                q = p.mid(2).toDouble();
        }
        Language lang;
        if (tag == u"zh"_s || tag.startsWith(u"zh-"_s))
            lang = Language::Chinese;
        else if (tag == u"en"_s || tag.startsWith(u"en-"_s) || tag == u"*"_s)
            lang = Language::English;
        else
            continue;
        if (q > best) {
            best = q;
            chosen = lang;
        }
    }
    return chosen;
}

QString RelayPages::text(const char *english) const {
    const QString en = QString::fromUtf8(english);
    if (m_lang == Language::Chinese)
        return chinese().value(en, en);
    return en;
}

QString RelayPages::escaped(const QString &text) {
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '&':
            out += u"&amp;"_s;
            break;
        case '<':
            out += u"&lt;"_s;
            break;
        case '>':
            out += u"&gt;"_s;
            break;
        case '"':
            out += u"&quot;"_s;
            break;
        case '\'':
            out += u"&#39;"_s;
            break;
        default:
            if (c.unicode() < 0x20 && c != u'\n' && c != u'\t')
                continue;
            out += c;
        }
    }
    return out;
}

QString RelayPages::page(const QString &title, const QString &body) const {
    const QString lang = m_lang == Language::Chinese ? u"zh-CN"_s : u"en"_s;
    return u"<!DOCTYPE html>\n<html lang=\""_s + lang +
           u"\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, "
           "initial-scale=1\"><meta name=\"robots\" content=\"noindex\"><title>"_s +
           escaped(title) +
           u"</title><style>"
           "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans CJK "
           "SC',sans-serif;background:#f5f5f7;"
           "color:#1d1d1f;margin:0;padding:2rem 1rem}"
           "main{max-width:34rem;margin:0 auto;background:#fff;border-radius:12px;padding:1.5rem 2rem;"
           "box-shadow:0 1px 4px rgba(0,0,0,.12)}"
           "h1{font-size:1.5rem;margin-top:0}fieldset{border:1px solid "
           "#d2d2d7;border-radius:8px;padding:.75rem 1rem}"
           "legend{font-weight:600;padding:0 .25rem}label{display:block;padding:.35rem 0}"
           "input[type=email],input[type=text]{display:block;width:100%;box-sizing:border-box;padding:.5rem;"
           "font-size:1rem;border:1px solid #86868b;border-radius:6px;margin-top:.25rem}"
           "button{font-size:1rem;padding:.6rem "
           "1.2rem;border-radius:8px;border:0;background:#0a63c9;color:#fff;"
           "margin-top:1rem;cursor:pointer}button.danger{background:#b3261e}"
           "button:focus,input:focus{outline:3px solid #ffb000;outline-offset:2px}"
           ".hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}"
           ".error{color:#b3261e;font-weight:600}.note{color:#515154;font-size:.9rem}"
           "</style></head><body><main>"_s +
           body + u"</main></body></html>\n"_s;
}

QString RelayPages::preferences(const QString &senderName, const QString &action,
                                const QList<CategoryChoice> &categories, bool unsubscribed) const {
    const QString sender = escaped(senderName.isEmpty() ? text("the sender") : senderName);
    QString body = u"<h1>"_s + escaped(text("Email preferences")) + u"</h1><p>"_s +
                   text("You receive these emails from %1.").arg(u"<strong>"_s + sender + u"</strong>"_s) +
                   u"</p>"_s;
    if (unsubscribed)
        body +=
            u"<p class=\"note\" role=\"status\">"_s +
            escaped(text(
                "You are unsubscribed from everything. Choose a category and save to receive it again.")) +
            u"</p>"_s;
    if (!categories.isEmpty()) {
        body += u"<form method=\"post\" action=\""_s + escaped(action) + u"\"><fieldset><legend>"_s +
                escaped(text("What you receive")) + u"</legend>"_s;
        for (const CategoryChoice &c : categories) {
            const QString id = u"cat-"_s + QString::number(c.id);
            body += u"<label for=\""_s + id + u"\"><input type=\"checkbox\" id=\""_s + id +
                    u"\" name=\"cat\" value=\""_s + QString::number(c.id) + u"\""_s +
                    (c.subscribed && !unsubscribed ? u" checked"_s : QString()) + u"> "_s + escaped(c.name) +
                    u"</label>"_s;
        }
        body +=
            u"</fieldset><input type=\"hidden\" name=\"action\" value=\"save\"><button type=\"submit\">"_s +
            escaped(text("Save preferences")) + u"</button></form>"_s;
    }
    body += u"<form method=\"post\" action=\""_s + escaped(action) +
            u"\"><input type=\"hidden\" name=\"action\" value=\"unsubscribe\"><p>"_s +
            text("Stop all emails from %1.").arg(sender) +
            u"</p><button type=\"submit\" class=\"danger\">"_s +
            escaped(text("Unsubscribe from everything")) + u"</button></form>"_s;
    return page(text("Email preferences"), body);
}

QString RelayPages::unsubscribed(const QString &senderName) const {
    const QString sender = escaped(senderName.isEmpty() ? text("the sender") : senderName);
    return page(
        text("You are unsubscribed"),
        u"<h1>"_s + escaped(text("You are unsubscribed")) + u"</h1><p role=\"status\">"_s +
            text("You will receive no more emails from %1. It can take up to two days to take effect.")
                .arg(sender) +
            u"</p>"_s);
}

QString RelayPages::saved(const QString &senderName, const QString &action) const {
    Q_UNUSED(senderName)
    return page(text("Preferences saved"),
                u"<h1>"_s + escaped(text("Preferences saved")) + u"</h1><p role=\"status\">"_s +
                    escaped(text("Your choices are saved.")) + u"</p><p><a href=\""_s + escaped(action) +
                    u"\">"_s + escaped(text("Back to your preferences")) + u"</a></p>"_s);
}

QString RelayPages::signupForm(const QString &listName, const QString &senderName, const QString &action,
                               const QString &error) const {
    Q_UNUSED(senderName)
    QString body = u"<h1>"_s + escaped(text("Sign up for %1").arg(listName)) + u"</h1>"_s;
    if (!error.isEmpty())
        body += u"<p class=\"error\" role=\"alert\" id=\"form-error\">"_s + escaped(error) + u"</p>"_s;
    body += u"<form method=\"post\" action=\""_s + escaped(action) + u"\"><label for=\"email\">"_s +
            escaped(text("Email address")) +
            u"<input type=\"email\" id=\"email\" name=\"email\" required autocomplete=\"email\""_s +
            (error.isEmpty() ? QString() : u" aria-describedby=\"form-error\""_s) +
            u"></label><label for=\"name\">"_s + escaped(text("Name (optional)")) +
            u"<input type=\"text\" id=\"name\" name=\"name\" autocomplete=\"name\" maxlength=\"200\"></label>"
            "<div class=\"hp\" aria-hidden=\"true\"><label for=\"website\">"_s +
            escaped(text("Leave this field empty")) +
            u"<input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" "
            u"autocomplete=\"off\"></label></div>"
            "<p class=\"note\">"_s +
            escaped(text("We will send you an email to confirm your address.")) +
            u"</p><button type=\"submit\">"_s + escaped(text("Sign up")) + u"</button></form>"_s;
    return page(text("Sign up for %1").arg(listName), body);
}

QString RelayPages::signupPending(const QString &listName) const {
    return message(
        text("Check your inbox"),
        text("We sent a confirmation link for %1. Open it to complete your signup.").arg(listName));
}

QString RelayPages::confirmed(const QString &listName) const {
    return message(text("Subscription confirmed"),
                   text("Thank you: you are subscribed to %1.").arg(listName));
}

QString RelayPages::message(const QString &title, const QString &body) const {
    return page(title,
                u"<h1>"_s + escaped(title) + u"</h1><p role=\"status\">"_s + escaped(body) + u"</p>"_s);
}

QString RelayPages::notFound() const {
    return message(text("Not found"),
                   text("This link is not valid. It may be incomplete: copy the whole link from the email."));
}

} // namespace hivepost::relay
