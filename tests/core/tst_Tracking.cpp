// Tracking on the desktop side: signed tokens (tampering, truncation, unknown and retired keys,
// rotation), link rewriting (what is tracked and what is left alone), and the built MIME with
// tracking on, off, and without a relay (parsed back with MimeReader).

#include <QRegularExpression>
#include <QTest>

#include "mime/DkimSigner.h"
#include "mime/MimeReader.h"
#include "template/MessageComposer.h"
#include "tracking/LinkTracking.h"
#include "tracking/SignupMail.h"
#include "tracking/TrackingToken.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

namespace {

const mime::MimeEntity *partOfType(const mime::MimeEntity &e, const QByteArray &type) {
    if (e.type == type)
        return &e;
    for (const mime::MimeEntity &p : e.parts)
        if (const mime::MimeEntity *found = partOfType(p, type))
            return found;
    return nullptr;
}

templating::Recipient recipient() {
    templating::Recipient r;
    r.email = u"ann@example.net"_s;
    r.firstName = u"Ann"_s;
    r.campaignId = 7;
    r.recipientId = 1234;
    r.contactId = 99;
    return r;
}

} // namespace

class tst_Tracking : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokenRoundTrip();
    void tamperedTruncatedAndForeignTokensFail();
    void rotatedKeyVerifiesUntilItRetires();
    void linksThatAreTrackedAndLeftAlone();
    void textLinksAndPunctuation();
    void messageWithTracking();
    void messageWithTrackingOff();
    void messageWithoutRelay();
    void signupConfirmationCannotInjectHeaders();
};

void tst_Tracking::tokenRoundTrip() {
    const tracking::SigningKey key = tracking::KeyRing::generate(3, 1000);
    const tracking::KeyRing ring({key});
    for (const qint64 big : {qint64(0), qint64(1), qint64(127), qint64(128), qint64(1) << 40}) {
        tracking::TokenData d{tracking::TokenKind::Click, 0, 12, big, 5, 2};
        const QString t = tracking::TrackingToken::sign(d, key);
        QVERIFY(t.size() <= 40);
        QVERIFY(QRegularExpression(u"^[A-Za-z0-9_-]+$"_s).match(t).hasMatch());
        const auto back = tracking::TrackingToken::verify(t.toLatin1(), ring, 2000);
        QVERIFY(back);
        QCOMPARE(back->kind, tracking::TokenKind::Click);
        QCOMPARE(back->keyId, 3u);
        QCOMPARE(back->campaignId, 12);
        QCOMPARE(back->recipientId, big);
        QCOMPARE(back->contactId, 5);
        QCOMPARE(back->linkId, 2);
    }
    // No address or other text of the contact in it: only the numbers and the MAC.
    const QString t = tracking::TrackingToken::sign({tracking::TokenKind::Open, 0, 1, 2, 3, 0}, key);
    QVERIFY(!QByteArray::fromBase64(t.toLatin1(), QByteArray::Base64UrlEncoding).contains("@"));
}

void tst_Tracking::tamperedTruncatedAndForeignTokensFail() {
    const tracking::SigningKey key = tracking::KeyRing::generate(1, 1000);
    const tracking::KeyRing ring({key});
    const QByteArray t =
        tracking::TrackingToken::sign({tracking::TokenKind::Unsubscribe, 0, 7, 1234, 99, 0}, key).toLatin1();
    QVERIFY(tracking::TrackingToken::verify(t, ring, 2000));
    // Every single-character change fails.
    const QByteArray alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int rejected = 0, changes = 0;
    for (qsizetype i = 0; i < t.size(); ++i) {
        QByteArray bad = t;
        bad[i] = alphabet.at((alphabet.indexOf(t.at(i)) + 17) % alphabet.size());
        ++changes;
        if (!tracking::TrackingToken::verify(bad, ring, 2000))
            ++rejected;
    }
    QCOMPARE(rejected, changes);
    for (qsizetype n = 0; n < t.size(); ++n)
        QVERIFY(!tracking::TrackingToken::verify(t.left(n), ring, 2000));
    QVERIFY(!tracking::TrackingToken::verify(QByteArray(t + "A"), ring, 2000));
    QVERIFY(!tracking::TrackingToken::verify(QByteArray(t + "="), ring, 2000));
    QVERIFY(!tracking::TrackingToken::verify(QByteArray(500, 'A'), ring, 2000));
    // Another relay's key, or the same id with another secret.
    const tracking::KeyRing other({tracking::KeyRing::generate(1, 1000)});
    QVERIFY(!tracking::TrackingToken::verify(t, other, 2000));
}

void tst_Tracking::rotatedKeyVerifiesUntilItRetires() {
    tracking::KeyRing ring({tracking::KeyRing::generate(1, 1000)});
    const QByteArray old =
        tracking::TrackingToken::sign({tracking::TokenKind::Open, 0, 1, 2, 3, 0}, *ring.current()).toLatin1();
    const tracking::SigningKey next = ring.rotate(5000, 100);
    QCOMPARE(next.id, 2u);
    QCOMPARE(ring.current()->id, 2u);
    QVERIFY(tracking::TrackingToken::verify(old, ring, 5050));  // in the grace period
    QVERIFY(!tracking::TrackingToken::verify(old, ring, 5101)); // retired
    const QByteArray fresh =
        tracking::TrackingToken::sign({tracking::TokenKind::Open, 0, 1, 2, 3, 0}, next).toLatin1();
    QVERIFY(tracking::TrackingToken::verify(fresh, ring, 9999));
    // The ring survives its JSON form (the relay's keys.json, the desktop's secret store).
    auto back = tracking::KeyRing::fromJson(ring.toJson());
    QVERIFY(back);
    QVERIFY(tracking::TrackingToken::verify(fresh, back.value(), 9999));
}

void tst_Tracking::linksThatAreTrackedAndLeftAlone() {
    const QString html = u"<html><body><p>Hi</p>"
                         "<a href=\"https://shop.example.com/a?x=1&amp;y=2\">Shop</a>"
                         "<a class=\"b\" href='https://shop.example.com/a?x=1&amp;y=2'>Again</a>"
                         "<a href=\"http://other.example.org/\">Other</a>"
                         "<a href=\"mailto:info@example.com\">Mail</a>"
                         "<a href=\"tel:+123\">Call</a>"
                         "<a href=\"{{unsubscribe_url}}\">Unsubscribe</a>"
                         "<a href=\"https://shop.example.com/u?e={{email}}\">Personal</a>"
                         "<a data-hp-notrack href=\"https://private.example.com/\">Private</a>"
                         "</body></html>"_s;
    const tracking::TrackedContent c = tracking::trackContent(html, QString(), true, true);
    // Two distinct URLs, the same URL twice is one link; then the hidden trap.
    QCOMPARE(c.links.size(), 3);
    QCOMPARE(c.links.at(0).url, u"https://shop.example.com/a?x=1&y=2"_s);
    QCOMPARE(c.links.at(1).url, u"http://other.example.org/"_s);
    QVERIFY(c.links.at(2).hidden);
    QCOMPARE(c.html.count(u"{{__hp_click_1}}"_s), 2);
    QCOMPARE(c.html.count(u"{{__hp_click_2}}"_s), 1);
    QCOMPARE(c.html.count(u"{{__hp_click_3}}"_s), 1);
    for (const QString &kept :
         {u"mailto:info@example.com"_s, u"tel:+123"_s, u"{{unsubscribe_url}}"_s,
          u"https://shop.example.com/u?e={{email}}"_s, u"https://private.example.com/"_s})
        QVERIFY2(c.html.contains(kept), qPrintable(kept));
    // The pixel once, at the end of the body.
    QCOMPARE(c.html.count(u"{{__hp_open}}"_s), 1);
    QVERIFY(c.html.indexOf(u"{{__hp_open}}"_s) < c.html.indexOf(u"</body>"_s));
    QVERIFY(c.html.indexOf(u"{{__hp_open}}"_s) > c.html.indexOf(u"Private"_s));

    const tracking::TrackedContent off = tracking::trackContent(html, QString(), false, false);
    QCOMPARE(off.html, html);
    QVERIFY(off.links.isEmpty());
}

void tst_Tracking::textLinksAndPunctuation() {
    const QString text = u"See https://a.example.com/x. Or (https://b.example.com/y), or "
                         "https://c.example.com/{{first_name}} and mailto:z@example.com!"_s;
    const tracking::TrackedContent c = tracking::trackContent(QString(), text, true, true);
    QCOMPARE(c.links.size(), 2); // no trap and no pixel without HTML
    QCOMPARE(c.links.at(0).url, u"https://a.example.com/x"_s);
    QCOMPARE(c.links.at(1).url, u"https://b.example.com/y"_s);
    QVERIFY(c.text.contains(u"See {{__hp_click_1}}. Or ({{__hp_click_2}}), or"_s));
    QVERIFY(c.text.contains(u"https://c.example.com/{{first_name}}"_s));
    QVERIFY(!c.text.contains(u"__hp_open"_s));
}

void tst_Tracking::messageWithTracking() {
    templating::TemplateContent content;
    content.subject = u"Hello"_s;
    content.html = u"<html><body><p>Hi {{first_name}}</p><a href=\"https://shop.example.com/\">Shop</a>"
                   "<a href=\"{{unsubscribe_url}}\">Leave</a></body></html>"_s;
    templating::SenderProfile sender;
    sender.fromAddress = u"news@example.com"_s;
    sender.unsubscribeMailto = u"leave@example.com"_s;
    templating::RelayTracking relay;
    relay.publicUrl = u"https://t.example.com/"_s;
    relay.key = tracking::KeyRing::generate(1, 1000);
    auto composer = templating::MessageComposer::create(content, sender, {}, &relay);
    QVERIFY2(composer, qPrintable(composer.errorString()));
    QCOMPARE(composer->trackedLinks().size(), 2);
    auto pair = mime::DkimSigner::generate(mime::DkimSigner::Algorithm::Ed25519Sha256);
    QVERIFY(pair);
    auto signer = mime::DkimSigner::fromPem(u"example.com"_s, u"s1"_s, pair->privateKeyPem);
    QVERIFY(signer);
    auto message = composer->compose(recipient(), &signer.value());
    QVERIFY(message);
    const mime::MimeEntity m = mime::MimeReader::read(message.value());
    const QString unsubscribe = m.value("List-Unsubscribe");
    QVERIFY2(
        QRegularExpression(u"^<https://t\\.example\\.com/u/[A-Za-z0-9_-]+>, *<mailto:leave@example\\.com>$"_s)
            .match(unsubscribe)
            .hasMatch(),
        qPrintable(unsubscribe));
    QCOMPARE(m.value("List-Unsubscribe-Post"), u"List-Unsubscribe=One-Click"_s);
    const QString dkim = m.value("DKIM-Signature").simplified().remove(u' ');
    QVERIFY(dkim.contains(u"list-unsubscribe:list-unsubscribe-post"_s, Qt::CaseInsensitive));
    const mime::MimeEntity *html = partOfType(m, "text/html");
    const mime::MimeEntity *text = partOfType(m, "text/plain");
    QVERIFY(html && text);
    const QString h = html->text();
    QVERIFY(h.contains(u"<img src=\"https://t.example.com/o/"_s));
    QVERIFY(h.contains(u"href=\"https://t.example.com/c/"_s));
    QVERIFY(!h.contains(u"https://shop.example.com/"_s));
    QVERIFY(h.contains(u"href=\"https://t.example.com/u/"_s)); // the unsubscribe link is the relay's page
    QVERIFY(text->text().contains(u"https://t.example.com/c/"_s));
    QVERIFY(!text->text().contains(u"/o/"_s)); // never a pixel in text
    // The unsubscribe URL's token verifies and names this recipient only by ids.
    const QString token = QRegularExpression(u"/u/([A-Za-z0-9_-]+)>"_s).match(unsubscribe).captured(1);
    const auto data = tracking::TrackingToken::verify(token.toLatin1(), tracking::KeyRing({relay.key}), 2000);
    QVERIFY(data);
    QCOMPARE(data->kind, tracking::TokenKind::Unsubscribe);
    QCOMPARE(data->campaignId, 7);
    QCOMPARE(data->recipientId, 1234);
    QCOMPARE(data->contactId, 99);
    QVERIFY(!message->contains("/o/ann") && !unsubscribe.contains(u"ann"_s));
}

void tst_Tracking::messageWithTrackingOff() {
    templating::TemplateContent content;
    content.subject = u"Hello"_s;
    content.html = u"<html><body><a href=\"https://shop.example.com/\">Shop</a></body></html>"_s;
    templating::SenderProfile sender;
    sender.fromAddress = u"news@example.com"_s;
    templating::RelayTracking relay;
    relay.publicUrl = u"https://t.example.com"_s;
    relay.key = tracking::KeyRing::generate(1, 1000);
    relay.opens = false;
    relay.clicks = false;
    auto composer = templating::MessageComposer::create(content, sender, {}, &relay);
    QVERIFY(composer);
    auto message = composer->compose(recipient());
    QVERIFY(message);
    const mime::MimeEntity m = mime::MimeReader::read(message.value());
    const QString h = partOfType(m, "text/html")->text();
    QVERIFY(!h.contains(u"<img"_s));
    QVERIFY(!h.contains(u"t.example.com"_s));
    QVERIFY(h.contains(u"href=\"https://shop.example.com/\""_s));
    QVERIFY(!partOfType(m, "text/plain")->text().contains(u"t.example.com"_s));
    // One-click unsubscribe still goes through the relay.
    QVERIFY(m.value("List-Unsubscribe").startsWith(u"<https://t.example.com/u/"_s));
    QCOMPARE(m.value("List-Unsubscribe-Post"), u"List-Unsubscribe=One-Click"_s);
}

void tst_Tracking::messageWithoutRelay() {
    templating::TemplateContent content;
    content.subject = u"Hello"_s;
    content.html = u"<html><body><a href=\"https://shop.example.com/\">Shop</a></body></html>"_s;
    templating::SenderProfile sender;
    sender.fromAddress = u"news@example.com"_s;
    sender.unsubscribeMailto = u"leave@example.com"_s;
    auto composer = templating::MessageComposer::create(content, sender, {});
    QVERIFY(composer);
    auto message = composer->compose(recipient());
    QVERIFY(message);
    const mime::MimeEntity m = mime::MimeReader::read(message.value());
    QCOMPARE(m.value("List-Unsubscribe"), u"<mailto:leave@example.com>"_s);
    QVERIFY(m.raw("List-Unsubscribe-Post").isEmpty());
    QVERIFY(!partOfType(m, "text/html")->text().contains(u"<img"_s));
}

void tst_Tracking::signupConfirmationCannotInjectHeaders() {
    // What a visitor typed on the form goes into To's display name and the body: never a header of
    // its own, never markup.
    tracking::SignupMailFields f;
    f.language = u"en"_s;
    f.senderName = u"Acme"_s;
    f.fromAddress = u"news@example.com"_s;
    f.to = u"who@example.org"_s;
    f.name = u"Eve\r\nBcc: victim@example.net\r\n<script>x</script>"_s;
    f.listName = u"News & <Offers>"_s;
    f.confirmUrl = u"https://t.example.com/confirm/AbC_-1"_s;
    const QByteArray wire = tracking::SignupMail::compose(f);
    const mime::MimeEntity m = mime::MimeReader::read(wire);
    QVERIFY(m.raw("Bcc").isEmpty());
    // The name stays inside To's one line (CR and LF gone): no line of the header starts a field.
    const QByteArray head = wire.left(wire.indexOf("\r\n\r\n"));
    QVERIFY(!head.contains("\r\nBcc:"));
    QVERIFY(!head.contains("\nBcc:"));
    QVERIFY(m.value("To").endsWith(u"<who@example.org>"_s));
    QCOMPARE(m.value("Subject"), u"Please confirm your subscription to News & <Offers>"_s);
    QString html, text;
    for (const mime::MimeEntity &p : m.parts)
        (p.type == "text/html" ? html : text) = p.text();
    QVERIFY(!html.contains(u"<script>"_s));
    QVERIFY(html.contains(u"&lt;script&gt;"_s));
    QVERIFY(html.contains(u"News &amp; &lt;Offers&gt;"_s));
    QVERIFY(html.contains(u"href=\"https://t.example.com/confirm/AbC_-1\""_s));
    QVERIFY(text.contains(u"https://t.example.com/confirm/AbC_-1"_s));
    f.language = u"zh-CN"_s;
    QVERIFY(tracking::SignupMail::subject(f).startsWith(u"请确认订阅"_s));
}

QTEST_GUILESS_MAIN(tst_Tracking)
#include "tst_Tracking.moc"
