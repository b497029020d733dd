// render_bench HTML TEXT [COUNT] [unsigned]: composes COUNT personalised messages (about 20 kB each, from the
// shared benchmark template) on one core, unsigned, with rsa-sha256 and with ed25519-sha256, and
// prints messages per second for each as JSON lines. Run by bench/render.sh; not a test.

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include "mime/DkimSigner.h"
#include "template/MessageComposer.h"

using namespace Qt::StringLiterals;
using namespace hivepost;

int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 3) {
        out << "usage: render_bench HTML TEXT [COUNT]\n";
        return 2;
    }
    const auto read = [](const char *path) {
        QFile f(QString::fromLocal8Bit(path));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    };
    const int count = argc > 3 ? atoi(argv[3]) : 100000;
    templating::TemplateContent content{
        u"bench"_s, u"{{name}}, your news"_s, read(argv[1]), read(argv[2]), {}};
    templating::SenderProfile sender{u"Hivepost Bench"_s,
                                     u"bench@example.com"_s,
                                     {},
                                     u"https://example.com/u/{{token}}"_s,
                                     {},
                                     u"Bench <bench.example.com>"_s,
                                     {}};
    auto composer = templating::MessageComposer::create(content, sender, {});
    if (!composer) {
        out << "error: " << composer.errorString() << '\n';
        return 1;
    }
    const auto run = [&](const char *label, const mime::DkimSigner *signer) {
        QElapsedTimer timer;
        timer.start();
        qint64 bytes = 0;
        for (int i = 0; i < count; ++i) {
            const QString n = QString::number(i);
            templating::Recipient r{
                u"user"_s + n + u"@example.org"_s, u"User "_s + n, {}, {}, {}, {}, {}, n, {}};
            auto m = composer->compose(r, signer);
            if (!m) {
                out << "error: " << m.errorString() << '\n';
                return;
            }
            bytes += m->size();
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        out << "{\"signature\":\"" << label << "\",\"messages\":" << count
            << ",\"avg_bytes\":" << bytes / count << ",\"msgs_per_s\":" << qRound(count / seconds) << "}\n";
        out.flush();
    };
    run("none", nullptr);
    if (argc > 4 && qstrcmp(argv[4], "unsigned") == 0)
        return 0;
    for (auto algorithm :
         {mime::DkimSigner::Algorithm::RsaSha256, mime::DkimSigner::Algorithm::Ed25519Sha256}) {
        auto pair = mime::DkimSigner::generate(algorithm);
        auto signer = mime::DkimSigner::fromPem(u"example.com"_s, u"bench"_s, pair->privateKeyPem);
        run(algorithm == mime::DkimSigner::Algorithm::RsaSha256 ? "rsa-sha256" : "ed25519-sha256",
            &signer.value());
    }
    return 0;
}
