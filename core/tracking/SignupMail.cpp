#include "tracking/SignupMail.h"

#include "mime/MessageBuilder.h"

using namespace Qt::StringLiterals;

namespace hivepost::tracking {

namespace {

QString escaped(const QString &s) {
    return s.toHtmlEscaped();
}

} // namespace

QString SignupMail::subject(const SignupMailFields &f) {
    if (isChinese(f.language))
        return u"请确认订阅“%1”"_s.arg(f.listName);
    return u"Please confirm your subscription to %1"_s.arg(f.listName);
}

QByteArray SignupMail::compose(const SignupMailFields &f, QByteArray *messageId) {
    const bool zh = isChinese(f.language);
    const QString sender = f.senderName.isEmpty() ? f.fromAddress : f.senderName;
    QString text, html;
    if (zh) {
        text = u"您好%1：\n\n有人用这个地址订阅了%2的“%3”。请打开下面的链接确认订阅：\n\n%4\n\n"
               "如果不是您本人操作，请忽略这封邮件：不确认就不会收到任何邮件。\n"_s.arg(
                   f.name.isEmpty() ? QString() : u" "_s + f.name, sender, f.listName, f.confirmUrl);
        html = u"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%1</title></head>"
               "<body><p>您好%2：</p><p>有人用这个地址订阅了%3的“%4”。请点击下面的按钮确认订阅：</p>"
               "<p><a href=\"%5\" data-hp-notrack style=\"display:inline-block;padding:10px 18px;"
               "background:#2563eb;color:#fff;text-decoration:none;border-radius:4px\">确认订阅</a></p>"
               "<p>或者打开这个链接：<br>%5</p>"
               "<p>如果不是您本人操作，请忽略这封邮件：不确认就不会收到任何邮件。</p></body></html>"_s.arg(
                   escaped(subject(f)), f.name.isEmpty() ? QString() : u" "_s + escaped(f.name),
                   escaped(sender), escaped(f.listName), escaped(f.confirmUrl));
    } else {
        text = u"Hello%1,\n\nSomeone signed this address up for %2 from %3. Please confirm by opening "
               "this link:\n\n%4\n\nIf it was not you, ignore this message: without a confirmation "
               "you will get no mail.\n"_s.arg(f.name.isEmpty() ? QString() : u" "_s + f.name, f.listName,
                                               sender, f.confirmUrl);
        html = u"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>%1</title></head>"
               "<body><p>Hello%2,</p><p>Someone signed this address up for %3 from %4. Please confirm:</p>"
               "<p><a href=\"%5\" data-hp-notrack style=\"display:inline-block;padding:10px 18px;"
               "background:#2563eb;color:#fff;text-decoration:none;border-radius:4px\">Confirm my "
               "subscription</a></p><p>Or open this link:<br>%5</p>"
               "<p>If it was not you, ignore this message: without a confirmation you will get no mail.</p>"
               "</body></html>"_s.arg(escaped(subject(f)),
                                      f.name.isEmpty() ? QString() : u" "_s + escaped(f.name),
                                      escaped(f.listName), escaped(sender), escaped(f.confirmUrl));
    }
    mime::MessageParts parts;
    parts.fromName = f.senderName;
    parts.fromAddress = f.fromAddress;
    parts.toName = f.name;
    parts.toAddress = f.to;
    parts.subject = subject(f);
    parts.text = text;
    parts.html = html;
    parts.date = f.date.isValid() ? f.date : QDateTime::currentDateTimeUtc();
    // A transactional message the visitor asked for: auto-responders keep away (RFC 3834).
    parts.extraHeaders.append({"Auto-Submitted", u"auto-generated"_s});
    return mime::MessageBuilder::build(parts, messageId);
}

} // namespace hivepost::tracking
