// What a recipient gets: merge fields, the plain-text alternative, RFC 2047/2045/2231 encodings,
// header injection attempts, and DKIM. Every built message is read back by Python's email package
// (policy=default, no defects allowed) and its DKIM signature verified with dkimpy, without DNS.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

#include "TestSupport.h"
#include "mime/DkimSigner.h"
#include "mime/MessageBuilder.h"
#include "mime/MimeEncoding.h"
#include "template/HtmlToText.h"
#include "template/MergeTemplate.h"
#include "template/MessageComposer.h"
#include "template/StarterTemplates.h"

using namespace Qt::StringLiterals;
using namespace hivepost;
using mime::MessageParts;
using templating::MergeTemplate;

class tst_Mime : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mergeFields();
    void mergeFieldErrorsHaveLineAndColumn();
    void unsubscribeTokens();
    void htmlToText();
    void quotedPrintableRules();
    void quotedPrintableRoundTripsRandomText();
    void quotedPrintableKnownLinesChangeNothing();
    void composerEncodesTemplateLinesOnce();
    void encodedWordsNeverSplitCharacters();
    void messageReadsBackWithoutDefects();
    void hostileValuesCannotAddHeaders_data();
    void hostileValuesCannotAddHeaders();
    void attachmentsAndInlineImages();
    void dkimVerifies_data();
    void dkimVerifies();
    void dkimCanonicalisation();
    void templatesScoreCleanWithSpamAssassin_data();
    void templatesScoreCleanWithSpamAssassin();

private:
    QJsonObject check(const QByteArray &message, const QByteArray &dkimTxt = {}) {
        const QString path = m_dir.filePath(u"m%1.eml"_s.arg(++m_files));
        if (!test::writeFile(path, message))
            return {};
        QProcess p;
        QStringList args{QStringLiteral(HIVEPOST_TEST_SUPPORT_DIR "/check_message.py"), path};
        if (!dkimTxt.isEmpty())
            args << QString::fromLatin1(dkimTxt);
        p.start(u"/usr/bin/python3"_s, args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            qWarning() << p.readAllStandardError();
            return {};
        }
        return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    }
    static QStringList headerNames(const QJsonObject &o) {
        QStringList names;
        for (const QJsonValue &h : o.value(u"headers"_s).toArray())
            names << h.toArray().at(0).toString().toLower();
        return names;
    }
    static QString header(const QJsonObject &o, const QString &name) {
        for (const QJsonValue &h : o.value(u"headers"_s).toArray()) {
            if (h.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
                return h.toArray().at(1).toString();
        }
        return QString();
    }
    static MessageParts sample() {
        MessageParts p;
        p.fromName = u"Hivepost 团队"_s;
        p.fromAddress = u"news@example.com"_s;
        p.toName = u"李雷"_s;
        p.toAddress = u"li@例子.中国"_s;
        p.subject = u"Your October newsletter: 十月快讯 — now with more news 🐝"_s;
        p.html = u"<p>Hello 李雷,</p><p>Read <a href=\"https://example.com/a?x=1&amp;y=2\">this</a>.</p>"_s;
        p.text = templating::htmlToText(p.html);
        p.listUnsubscribeUrl = u"https://example.com/u/abc123"_s;
        p.listUnsubscribeMailto = u"unsubscribe@example.com"_s;
        p.listId = u"Newsletter <newsletter.example.com>"_s;
        p.feedbackId = u"c42:hivepost"_s;
        return p;
    }

    QTemporaryDir m_dir;
    int m_files = 0;
};

void tst_Mime::mergeFields() {
    auto t = MergeTemplate::parse(u"Hi {{ first_name | friend }}, {{company}}! {{first_name}}"_s);
    QVERIFY(t.ok());
    QCOMPARE(t->fields(), (QStringList{u"first_name"_s, u"company"_s}));
    const auto values = [](const QString &f) -> std::optional<QString> {
        if (f == u"company"_s)
            return u"<Ben & Jerry's>"_s;
        return std::nullopt;
    };
    QCOMPARE(t->render(values), u"Hi friend, <Ben & Jerry's>! "_s);
    QCOMPARE(t->render(values, MergeTemplate::Escape::Html), u"Hi friend, &lt;Ben &amp; Jerry&#39;s&gt;! "_s);
    auto chinese = MergeTemplate::parse(u"{{姓名|朋友}}您好"_s);
    QVERIFY(chinese.ok());
    QCOMPARE(chinese->render([](const QString &) { return std::optional<QString>(u"李雷"_s); }),
             u"李雷您好"_s);
    // A value that looks like a merge field is not expanded again.
    auto once = MergeTemplate::parse(u"{{name}}"_s);
    QCOMPARE(once->render([](const QString &) { return std::optional<QString>(u"{{email}}"_s); }),
             u"{{email}}"_s);
}

void tst_Mime::unsubscribeTokens() {
    using templating::MessageComposer;
    const QString token = MessageComposer::unsubscribeToken(u"secret"_s, u"ann@example.com"_s);
    QCOMPARE(token.size(), 22);
    QCOMPARE(token, MessageComposer::unsubscribeToken(u"secret"_s, u"ann@example.com"_s)); // stable
    QVERIFY(token != MessageComposer::unsubscribeToken(u"secret"_s, u"bob@example.com"_s));
    QVERIFY(token != MessageComposer::unsubscribeToken(u"other"_s, u"ann@example.com"_s));
    static const QRegularExpression urlSafe(u"^[A-Za-z0-9_-]+$"_s);
    QVERIFY(urlSafe.match(token).hasMatch());
}

void tst_Mime::mergeFieldErrorsHaveLineAndColumn() {
    auto unclosed = MergeTemplate::parse(u"line one\n  hello {{name\nmore"_s);
    QVERIFY(!unclosed.ok());
    QVERIFY2(unclosed.errorString().startsWith(u"line 2, column 9:"_s), qPrintable(unclosed.errorString()));
    auto bad = MergeTemplate::parse(u"{{first name}}"_s);
    QVERIFY(!bad.ok());
    auto t = MergeTemplate::parse(u"<p>\n{{first_name}} {{compnay}}</p>"_s);
    QVERIFY(t.ok());
    const auto issues = t->unknownFields(templating::standardMergeFields() + QStringList{u"company"_s});
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues[0].line, 2);
    QCOMPARE(issues[0].column, 16);
    QVERIFY(issues[0].message.contains(u"compnay"_s));
}

void tst_Mime::htmlToText() {
    const QString html =
        u"<html><head><style>p{color:red}</style><title>T</title></head><body>"
        "<h1>Big&nbsp;news</h1><p>Hello {{first_name}},<br>welcome &amp; thanks.</p>"
        "<ul><li>One</li><li>Two <a href=\"https://example.com/x\">link</a></li></ul>"
        "<p><img src=\"cid:logo\" alt=\"Logo\"> <a href=\"https://example.com\">https://example.com</a>"
        "</p><!-- hidden --><script>alert(1)</script></body></html>"_s;
    QCOMPARE(templating::htmlToText(html),
             u"Big news\n\nHello {{first_name}},\nwelcome & thanks.\n\n- One\n- Two "
             "link (https://example.com/x)\n\nLogo https://example.com\n"_s);
    const QString longText = u"<p>"_s + QStringList(30, u"word"_s).join(u' ') + u"</p>"_s;
    for (const QString &line : templating::htmlToText(longText).split(u'\n'))
        QVERIFY(line.size() <= 72);
}

void tst_Mime::quotedPrintableRules() {
    const QByteArray qp = mime::quotedPrintable("a=b \ttrailing \n.dot\r\n" + QByteArray(200, 'x') + "\nü");
    for (const QByteArray &line : qp.split('\n'))
        QVERIFY2(line.size() <= 77, line.constData()); // 76 + the CR
    QVERIFY(qp.startsWith("a=3Db \ttrailing=20\r\n=2Edot\r\n"));
    QVERIFY(qp.endsWith("\r\n=C3=BC"));
    QVERIFY(!QByteArray(qp).replace("\r\n", "").contains('\n'));
}

// Random text (spaces and tabs near line ends, "=", dots at line starts, long lines, 8-bit bytes):
// every line within 76 characters, none ending in white space or starting with ".", and decoding
// gives back the text with CRLF line ends.
void tst_Mime::quotedPrintableRoundTripsRandomText() {
    QRandomGenerator random(4242);
    const QByteArray alphabet = QByteArrayLiteral("abcdefghij  \t\t==..\r\n\nXYZ\xc3\xa9-_/<>\"'");
    for (int round = 0; round < 300; ++round) {
        QByteArray text;
        const int length = int(random.bounded(0, 600));
        for (int i = 0; i < length; ++i)
            text += random.bounded(8) == 0 ? 'x' : alphabet.at(int(random.bounded(int(alphabet.size()))));
        const QByteArray qp = mime::quotedPrintable(text);
        QByteArray decoded;
        for (const QByteArray &crlfLine : qp.split('\n')) {
            QByteArray line = crlfLine;
            const bool hadCr = line.endsWith('\r');
            if (hadCr)
                line.chop(1);
            QVERIFY2(line.size() <= 76, line.constData());
            QVERIFY2(!line.endsWith(' ') && !line.endsWith('\t'), line.constData());
            QVERIFY2(!line.startsWith('.'), line.constData());
            bool soft = false;
            for (qsizetype i = 0; i < line.size(); ++i) {
                if (line[i] != '=') {
                    decoded += line[i];
                } else if (i + 1 == line.size()) {
                    soft = true;
                } else {
                    decoded += char(line.mid(i + 1, 2).toInt(nullptr, 16));
                    i += 2;
                }
            }
            if (hadCr && !soft)
                decoded += "\r\n";
        }
        QByteArray expected = text;
        expected.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        QCOMPARE(decoded, expected);
    }
}

void tst_Mime::quotedPrintableKnownLinesChangeNothing() {
    // Stretches of whole lines, encoded on their own and copied in, give exactly the encoding of the
    // whole; stretches that are not what they claim (wrong bytes, not on a line boundary, out of
    // order) are encoded as usual.
    QRandomGenerator random(777);
    const QByteArray alphabet = QByteArrayLiteral("abcdefghij  \t\t==..\r\n\n\nXYZ\xc3\xa9-_/<>\"'");
    for (int round = 0; round < 500; ++round) {
        QByteArray text;
        const int length = int(random.bounded(0, 900));
        for (int i = 0; i < length; ++i)
            text += random.bounded(6) == 0 ? 'x' : alphabet.at(int(random.bounded(int(alphabet.size()))));
        QList<qsizetype> starts{0};
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) == '\n')
                starts << i + 1;
        }
        QList<mime::QpKnownLines> known;
        qsizetype from = 0;
        for (int k = 0; k < 4 && starts.size() > 1; ++k) {
            const qsizetype a = starts.at(random.bounded(int(starts.size())));
            const qsizetype b = starts.at(random.bounded(int(starts.size())));
            if (b <= a || a < from)
                continue;
            mime::QpKnownLines lines{a, text.mid(a, b - a), {}};
            lines.encoded = mime::quotedPrintable(lines.source);
            if (random.bounded(5) == 0 && lines.source.size() > 1)
                lines.source[0] = lines.source.at(0) == 'x' ? 'y' : 'x'; // a lie: must not be used
            if (random.bounded(7) == 0)
                lines.offset += 1; // off a line boundary (or a lie): must not be used
            known << lines;
            from = b;
        }
        if (random.bounded(4) == 0)
            std::reverse(known.begin(), known.end());
        QCOMPARE(mime::quotedPrintable(text, known), mime::quotedPrintable(text));
    }
}

void tst_Mime::composerEncodesTemplateLinesOnce() {
    // A long template with fields between long literal blocks, and values that end lines, start
    // them with ".", or carry spaces before a line break: the message decodes to the rendering.
    QString html;
    QString expected;
    for (int block = 0; block < 6; ++block) {
        QString lines;
        for (int i = 0; i < 30; ++i)
            lines +=
                u"<p>Line %1 of block %2, with = signs, caf\u00e9 and spaces at the end   \n"_s.arg(i).arg(
                    block);
        lines += u".a dot starts this line\n"_s;
        html += lines + u"{{first_name}} {{x}}"_s;
        expected += lines + u"Ann"_s + u" "_s + u"v&lt;1&gt; \n.two"_s;
    }
    templating::TemplateContent content{u"t"_s, u"Hi"_s, html, u"Text {{first_name}}\n"_s.repeated(40), {}};
    templating::SenderProfile sender{u"Club"_s, u"news@example.com"_s, {}, {}, {}, {}, {}};
    auto composer = templating::MessageComposer::create(content, sender, {u"x"_s});
    QVERIFY2(composer.ok(), qPrintable(composer.errorString()));
    templating::Recipient r{u"ann@example.org"_s, u"Ann Lee"_s, u"Ann"_s, u"Lee"_s, {}, {}, {}, {}, {}};
    r.fields.insert(u"x"_s, u"v<1> \n.two"_s);
    const QJsonObject o = check(composer->compose(r).value());
    QCOMPARE(o.value(u"defects"_s).toArray().size(), 0);
    QVERIFY(o.value(u"max_line"_s).toInt() <= 78);
    const QJsonArray parts = o.value(u"parts"_s).toArray();
    QCOMPARE(parts[2].toObject().value(u"type"_s).toString(), u"text/html"_s);
    QCOMPARE(parts[2].toObject().value(u"content"_s).toString(), expected.replace(u"\n"_s, u"\r\n"_s));
    QCOMPARE(parts[1].toObject().value(u"content"_s).toString(), u"Text Ann\r\n"_s.repeated(40));
}

void tst_Mime::encodedWordsNeverSplitCharacters() {
    const QString text = QString(u"中文😀"_s).repeated(40);
    const QByteArray words = mime::encodedWords(text, 9);
    QString decoded;
    for (const QByteArray &line : words.split('\n')) {
        const QByteArray word = line.trimmed();
        QVERIFY(word.size() <= 75);
        QVERIFY(word.startsWith("=?UTF-8?B?") && word.endsWith("?="));
        const QByteArray bytes = QByteArray::fromBase64(word.mid(10, word.size() - 12));
        QStringDecoder strict(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString piece = strict.decode(bytes);
        QVERIFY2(!strict.hasError(), "an encoded-word split a character");
        decoded += piece;
    }
    QCOMPARE(decoded, text);
}

void tst_Mime::messageReadsBackWithoutDefects() {
    const MessageParts p = sample();
    QByteArray messageId;
    const QByteArray message = mime::MessageBuilder::build(p, &messageId);
    const QJsonObject o = check(message);
    QVERIFY(!o.isEmpty());
    QCOMPARE(o.value(u"defects"_s).toArray().size(), 0);
    QVERIFY(o.value(u"max_line"_s).toInt() <= 78);
    QVERIFY(!o.value(u"bare_lf"_s).toBool());
    QCOMPARE(header(o, u"Subject"_s), p.subject);
    QCOMPARE(header(o, u"From"_s), u"Hivepost 团队 <news@example.com>"_s);
    QCOMPARE(header(o, u"To"_s), u"李雷 <li@xn--fsqu00a.xn--fiqs8s>"_s);
    QCOMPARE(header(o, u"Message-ID"_s), u"<"_s + QString::fromLatin1(messageId) + u">"_s);
    QCOMPARE(header(o, u"List-Unsubscribe-Post"_s), u"List-Unsubscribe=One-Click"_s);
    QVERIFY(header(o, u"List-Unsubscribe"_s).contains(u"<https://example.com/u/abc123>"_s));
    QCOMPARE(header(o, u"MIME-Version"_s), u"1.0"_s);
    QVERIFY(!header(o, u"Date"_s).isEmpty());
    const QJsonArray parts = o.value(u"parts"_s).toArray();
    QCOMPARE(parts[0].toObject().value(u"type"_s).toString(), u"multipart/alternative"_s);
    QCOMPARE(parts[1].toObject().value(u"type"_s).toString(), u"text/plain"_s); // text first
    QCOMPARE(parts[2].toObject().value(u"type"_s).toString(), u"text/html"_s);
    QCOMPARE(parts[2].toObject().value(u"content"_s).toString().trimmed(), p.html);
    QVERIFY(parts[1]
                .toObject()
                .value(u"content"_s)
                .toString()
                .contains(u"this (https://example.com/a?x=1&y=2)"_s));
    // Message-IDs are unique.
    QVERIFY(mime::MessageBuilder::newMessageId(u"example.com"_s) !=
            mime::MessageBuilder::newMessageId(u"example.com"_s));
}

void tst_Mime::hostileValuesCannotAddHeaders_data() {
    QTest::addColumn<QString>("value");
    QTest::newRow("CRLF Bcc") << u"Ann\r\nBcc: victim@example.org"_s;
    QTest::newRow("LF only") << u"Ann\nX-Injected: yes"_s;
    QTest::newRow("CR only") << u"Ann\rX-Injected: yes"_s;
    QTest::newRow("NUL") << QString(u"An"_s + QChar(0) + u"n\r\n\r\nbody"_s);
    QTest::newRow("10 kB name") << QString(10240, u'A');
    QTest::newRow("10 kB Chinese") << QString(u"名"_s).repeated(5000);
    QTest::newRow("RTL and emoji") << u"\u202Eevil\u202C مرحبا 👋🏽 line\u2028sep"_s;
    QTest::newRow("encoded-word lookalike") << u"=?UTF-8?B?QmNjOiB4QHkuY29t?="_s;
    QTest::newRow("quotes and brackets") << u"\"Ann\" <fake@evil.com>, (x)"_s;
}

void tst_Mime::hostileValuesCannotAddHeaders() {
    QFETCH(QString, value);
    MessageParts p = sample();
    p.toName = value;
    p.subject = u"Hi "_s + value;
    p.listId = value;
    p.html = u"<p>"_s + MergeTemplate::htmlEscaped(value) + u"</p>"_s;
    p.text = value;
    const QByteArray message = mime::MessageBuilder::build(p);
    const QJsonObject o = check(message);
    QVERIFY(!o.isEmpty());
    QCOMPARE(o.value(u"defects"_s).toArray().size(), 0);
    QCOMPARE(headerNames(o), (QStringList{u"date"_s, u"from"_s, u"to"_s, u"subject"_s, u"message-id"_s,
                                          u"list-unsubscribe"_s, u"list-unsubscribe-post"_s, u"list-id"_s,
                                          u"feedback-id"_s, u"mime-version"_s, u"content-type"_s}));
    QCOMPARE(header(o, u"Subject"_s), mime::sanitizeHeaderValue(u"Hi "_s + value));
    QVERIFY(header(o, u"To"_s).endsWith(u"<li@xn--fsqu00a.xn--fiqs8s>"_s));
    QVERIFY(o.value(u"max_line"_s).toInt() <= 998);
}

void tst_Mime::attachmentsAndInlineImages() {
    MessageParts p = sample();
    p.html = u"<p><img src=\"cid:logo@hivepost\" alt=\"logo\"></p>"_s;
    const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452");
    p.attachments = {{u"logo.png"_s, "image/png", png, "logo@hivepost", true},
                     {u"价格表 2026.pdf"_s, "application/pdf", QByteArray(5000, 'P'), {}, false}};
    const QJsonObject o = check(mime::MessageBuilder::build(p));
    QCOMPARE(o.value(u"defects"_s).toArray().size(), 0);
    QStringList types;
    for (const QJsonValue &part : o.value(u"parts"_s).toArray())
        types << part.toObject().value(u"type"_s).toString();
    QCOMPARE(types, (QStringList{u"multipart/mixed"_s, u"multipart/related"_s, u"multipart/alternative"_s,
                                 u"text/plain"_s, u"text/html"_s, u"image/png"_s, u"application/pdf"_s}));
    const QJsonArray parts = o.value(u"parts"_s).toArray();
    QCOMPARE(parts[5].toObject().value(u"cid"_s).toString(), u"<logo@hivepost>"_s);
    QCOMPARE(parts[5].toObject().value(u"content"_s).toString(), QString::fromLatin1(png.toHex()));
    QCOMPARE(parts[6].toObject().value(u"filename"_s).toString(), u"价格表 2026.pdf"_s);
    QCOMPARE(parts[6].toObject().value(u"disposition"_s).toString(), u"attachment"_s);
}

void tst_Mime::dkimVerifies_data() {
    QTest::addColumn<int>("algorithm");
    QTest::newRow("rsa-sha256") << int(mime::DkimSigner::Algorithm::RsaSha256);
    QTest::newRow("ed25519-sha256") << int(mime::DkimSigner::Algorithm::Ed25519Sha256);
}

void tst_Mime::dkimVerifies() {
    QFETCH(int, algorithm);
    auto pair = mime::DkimSigner::generate(mime::DkimSigner::Algorithm(algorithm));
    QVERIFY2(pair.ok(), qPrintable(pair.errorString()));
    QVERIFY(pair->dnsTxtRecord.startsWith("v=DKIM1; k="));
    auto signer = mime::DkimSigner::fromPem(u"example.com"_s, u"hp2026"_s, pair->privateKeyPem);
    QVERIFY2(signer.ok(), qPrintable(signer.errorString()));
    QCOMPARE(int(signer->algorithm()), algorithm);

    const QByteArray message = mime::MessageBuilder::build(sample());
    auto signature = signer->sign(message, 1790000000);
    QVERIFY2(signature.ok(), qPrintable(signature.errorString()));
    const QByteArray signedMessage = signature.value() + message;
    for (const QByteArray &line : signature->split('\n'))
        QVERIFY(line.size() <= 79);
    QVERIFY(QByteArray(signature.value())
                .replace("\r\n\t", "")
                .contains("h=from:to:subject:date:message-id:mime-version:content-type:list-unsubscribe:list-"
                          "unsubscribe-post:"
                          "list-id:feedback-id;"));
    const QJsonObject o = check(signedMessage, pair->dnsTxtRecord);
    QVERIFY(!o.isEmpty());
    QCOMPARE(o.value(u"dkim"_s).toBool(), true);

    // The signer is reused for many messages.
    MessageParts second = sample();
    second.toAddress = u"ann@example.com"_s;
    const QByteArray message2 = mime::MessageBuilder::build(second);
    QCOMPARE(check(signer->sign(message2).value() + message2, pair->dnsTxtRecord).value(u"dkim"_s).toBool(),
             true);

    // Any change to a signed header or the body breaks it.
    QByteArray tampered = signedMessage;
    tampered.replace("Read <a", "Reed <a");
    QCOMPARE(check(tampered, pair->dnsTxtRecord).value(u"dkim"_s).toBool(), false);
    QCOMPARE(mime::DkimSigner::fromPem(u"example.com"_s, u"s"_s, "not a key").code(),
             ErrorCode::InvalidInput);
}

void tst_Mime::dkimCanonicalisation() {
    // RFC 6376 3.4.6 example.
    QCOMPARE(mime::DkimSigner::relaxedHeader("A", " X"), QByteArray("a:X"));
    QCOMPARE(mime::DkimSigner::relaxedHeader("B ", " Y\t\r\n\tZ  "), QByteArray("b:Y Z"));
    QCOMPARE(mime::DkimSigner::relaxedBody(" C \r\nD \t E\r\n\r\n\r\n"), QByteArray(" C\r\nD E\r\n"));
    QCOMPARE(mime::DkimSigner::relaxedBody(""), QByteArray());
    QCOMPARE(mime::DkimSigner::relaxedBody("\r\n\r\n"), QByteArray());
    QCOMPARE(mime::DkimSigner::relaxedBody("no newline"), QByteArray("no newline\r\n"));
}

void tst_Mime::templatesScoreCleanWithSpamAssassin_data() {
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("html");
    QFile sample(QStringLiteral(HIVEPOST_SOURCE_DIR "/resources/samples/newsletter.html"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    QTest::newRow("sample newsletter")
        << u"{{first_name|Gardener}}, your November garden news"_s << QString::fromUtf8(sample.readAll());
    const QList<templating::StarterTemplate> starters = templating::allStarterTemplates();
    QCOMPARE(starters.size(), 6); // newsletter, promotion, announcement; English and Chinese
    for (const templating::StarterTemplate &t : starters)
        QTest::newRow(qPrintable(u"starter %1 (%2)"_s.arg(t.id, t.language))) << t.subject << t.html;
}

void tst_Mime::templatesScoreCleanWithSpamAssassin() {
    QFETCH(QString, subject);
    QFETCH(QString, html);
    templating::TemplateContent content{u"t"_s, subject, html, QString(), {}};
    QVERIFY(templating::MessageComposer::check(content, {}).isEmpty()); // only fields every contact has
    templating::SenderProfile sender{u"Garden Club"_s,
                                     u"news@garden.example.com"_s,
                                     u"club@garden.example.com"_s,
                                     u"https://garden.example.com/u/{{token}}"_s,
                                     u"unsubscribe@garden.example.com"_s,
                                     u"Garden Club news <news.garden.example.com>"_s,
                                     {}};
    auto composer = templating::MessageComposer::create(content, sender, {});
    QVERIFY2(composer.ok(), qPrintable(composer.errorString()));
    templating::Recipient r{
        u"ann@example.org"_s, u"Ann Lee"_s, u"Ann"_s, u"Lee"_s, {}, {}, {}, u"t0k3n"_s, {}};
    const QByteArray message = composer->compose(r).value();
    const QJsonObject parsed = check(message);
    QCOMPARE(parsed.value(u"defects"_s).toArray().size(), 0);
    // The unsubscribe link is in the HTML, and the plain text made from it keeps it.
    QVERIFY(parsed.value(u"parts"_s)
                .toArray()[1]
                .toObject()
                .value(u"content"_s)
                .toString()
                .contains(u"https://garden.example.com/u/t0k3n"_s));

    // spamassassin -L (local tests only, no network) -t (report); its prefs in a temporary file.
    QProcess sa;
    sa.start(u"spamassassin"_s, {u"-L"_s, u"-t"_s, u"-p"_s, m_dir.filePath(u"user_prefs"_s)});
    QVERIFY2(sa.waitForStarted(10000), "spamassassin is not installed (packaging/deps-debian.sh test)");
    sa.write(message);
    sa.closeWriteChannel();
    QVERIFY(sa.waitForFinished(120000));
    const QString report = QString::fromUtf8(sa.readAllStandardOutput());
    static const QRegularExpression status(u"X-Spam-Status: \\w+, score=(-?[0-9.]+)"_s);
    const QRegularExpressionMatch m = status.match(report);
    QVERIFY2(m.hasMatch(), qPrintable(report.left(2000)));
    const double score = m.captured(1).toDouble();
    qInfo("SpamAssassin score: %.1f", score);
    QVERIFY2(score < 1.0, qPrintable(report.mid(report.indexOf(u"Content analysis"_s))));
}

QTEST_GUILESS_MAIN(tst_Mime)
#include "tst_Mime.moc"
