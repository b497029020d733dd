#include "mime/DkimSigner.h"

#include <QCryptographicHash>
#include <QUrl>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

using namespace Qt::StringLiterals;

namespace hivepost::mime {

namespace {

QString opensslError(const QString &what) {
    return DkimSigner::tr("%1 (OpenSSL could not do it)").arg(what);
}

bool isWsp(char c) {
    return c == ' ' || c == '\t';
}

struct HeaderField {
    QByteArray name;  // as written
    QByteArray value; // after the colon, folding kept, without the final CRLF
};

// Splits the header block into fields; returns the offset where the body starts.
qsizetype parseHeaders(const QByteArray &message, QList<HeaderField> &fields) {
    qsizetype i = 0;
    while (i < message.size()) {
        const qsizetype eol = message.indexOf("\r\n", i);
        if (eol < 0)
            return message.size();
        if (eol == i) // the empty line
            return eol + 2;
        if (isWsp(message[i]) && !fields.isEmpty()) {
            fields.last().value += "\r\n" + message.mid(i, eol - i);
        } else {
            const qsizetype colon = message.indexOf(':', i);
            if (colon < 0 || colon > eol)
                return message.size();
            fields.append({message.mid(i, colon - i), message.mid(colon + 1, eol - colon - 1)});
        }
        i = eol + 2;
    }
    return message.size();
}

QByteArray foldTags(const QList<QByteArray> &tags) {
    QByteArray out = "DKIM-Signature:";
    int lineLength = int(out.size());
    for (qsizetype i = 0; i < tags.size(); ++i) {
        const QByteArray tag = tags[i] + (i + 1 < tags.size() ? ";" : "");
        const qsizetype firstLine = tag.contains('\n') ? tag.indexOf('\r') : tag.size();
        if (lineLength + 1 + firstLine > 78) {
            out += "\r\n\t";
            lineLength = 1;
        } else {
            out += ' ';
            ++lineLength;
        }
        out += tag;
        lineLength =
            tag.contains('\n') ? int(tag.size() - tag.lastIndexOf('\n') - 1) : lineLength + int(tag.size());
    }
    return out;
}

} // namespace

const QList<QByteArray> &DkimSigner::signedHeaders() {
    static const QList<QByteArray> headers{"from",
                                           "to",
                                           "subject",
                                           "date",
                                           "message-id",
                                           "mime-version",
                                           "content-type",
                                           "reply-to",
                                           "list-unsubscribe",
                                           "list-unsubscribe-post",
                                           "list-id",
                                           "feedback-id"};
    return headers;
}

DkimSigner::DkimSigner(DkimSigner &&other) noexcept
    : m_domain(std::move(other.m_domain))
    , m_selector(std::move(other.m_selector))
    , m_algorithm(other.m_algorithm)
    , m_key(std::exchange(other.m_key, nullptr))
    , m_signTemplate(std::exchange(other.m_signTemplate, nullptr)) {}

DkimSigner &DkimSigner::operator=(DkimSigner &&other) noexcept {
    std::swap(m_domain, other.m_domain);
    std::swap(m_selector, other.m_selector);
    std::swap(m_algorithm, other.m_algorithm);
    std::swap(m_key, other.m_key);
    std::swap(m_signTemplate, other.m_signTemplate);
    return *this;
}

DkimSigner::~DkimSigner() {
    EVP_MD_CTX_free(m_signTemplate);
    EVP_PKEY_free(m_key);
}

Result<DkimSigner> DkimSigner::fromPem(const QString &domain, const QString &selector,
                                       const QByteArray &pem) {
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key)
        return makeError(ErrorCode::InvalidInput, tr("The key is not a PEM private key."));
    DkimSigner signer;
    signer.m_key = key;
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        if (EVP_PKEY_get_bits(key) < 1024)
            return makeError(ErrorCode::InvalidInput,
                             tr("The RSA key is shorter than 1024 bits (use 2048)."));
        signer.m_algorithm = Algorithm::RsaSha256;
        break;
    case EVP_PKEY_ED25519:
        signer.m_algorithm = Algorithm::Ed25519Sha256;
        break;
    default:
        return makeError(ErrorCode::InvalidInput, tr("DKIM keys must be RSA or Ed25519."));
    }
    signer.m_signTemplate = EVP_MD_CTX_new();
    const EVP_MD *md = signer.m_algorithm == Algorithm::RsaSha256 ? EVP_sha256() : nullptr;
    if (EVP_DigestSignInit(signer.m_signTemplate, nullptr, md, nullptr, key) != 1)
        return makeError(ErrorCode::InvalidInput, opensslError(tr("Preparing the key for signing failed")));
    signer.m_domain = QUrl::toAce(domain.trimmed().toLower(), QUrl::IgnoreIDNWhitelist);
    signer.m_selector = selector.trimmed().toLatin1();
    if (signer.m_domain.isEmpty() || signer.m_selector.isEmpty())
        return makeError(ErrorCode::InvalidInput, tr("A DKIM key needs a domain and a selector."));
    return signer;
}

Result<DkimSigner::KeyPair> DkimSigner::generate(Algorithm algorithm) {
    EVP_PKEY *key = algorithm == Algorithm::RsaSha256 ? EVP_RSA_gen(2048)
                                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        return makeError(ErrorCode::Io, opensslError(tr("Generating the key failed")));
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    KeyPair pair;
    pair.privateKeyPem = QByteArray(data, size);
    BIO_free(bio);
    EVP_PKEY_free(key);
    auto txt = dnsTxtRecord(pair.privateKeyPem);
    if (!txt)
        return txt.error();
    pair.dnsTxtRecord = txt.value();
    return pair;
}

Result<QByteArray> DkimSigner::dnsTxtRecord(const QByteArray &pem) {
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!key)
        return makeError(ErrorCode::InvalidInput, tr("The key is not a PEM private key."));
    QByteArray record;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519) {
        // RFC 8463 4.2: the raw 32-byte public key.
        unsigned char raw[32];
        size_t len = sizeof raw;
        if (EVP_PKEY_get_raw_public_key(key, raw, &len) == 1)
            record =
                "v=DKIM1; k=ed25519; p=" + QByteArray(reinterpret_cast<char *>(raw), int(len)).toBase64();
    } else {
        // RFC 6376 3.6.1: the SubjectPublicKeyInfo, DER, base64.
        unsigned char *der = nullptr;
        const int len = i2d_PUBKEY(key, &der);
        if (len > 0)
            record = "v=DKIM1; k=rsa; p=" + QByteArray(reinterpret_cast<char *>(der), len).toBase64();
        OPENSSL_free(der);
    }
    EVP_PKEY_free(key);
    if (record.isEmpty())
        return makeError(ErrorCode::Io, opensslError(tr("Reading the public key failed")));
    return record;
}

QByteArray DkimSigner::relaxedHeader(const QByteArray &name, const QByteArray &value) {
    // Lower-case name; unfold; runs of WSP become one SP; no WSP at the ends of the value.
    QByteArray v;
    v.reserve(value.size());
    bool wsp = false;
    for (char c : value) {
        if (c == '\r' || c == '\n')
            continue;
        if (isWsp(c)) {
            wsp = true;
            continue;
        }
        if (wsp && !v.isEmpty())
            v += ' ';
        wsp = false;
        v += c;
    }
    return name.trimmed().toLower() + ':' + v;
}

QByteArray DkimSigner::relaxedBody(const QByteArray &body) {
    // Runs of WSP become one SP, WSP at line ends goes, empty lines at the end go (3.4.4).
    QByteArray out(body.size() + 2, Qt::Uninitialized);
    char *o = out.data();
    const char *p = body.constData();
    const qsizetype size = body.size();
    bool wsp = false;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = p[i];
        if (c == '\r' && i + 1 < size && p[i + 1] == '\n') {
            *o++ = '\r';
            *o++ = '\n';
            ++i;
            wsp = false;
        } else if (isWsp(c)) {
            wsp = true;
        } else {
            if (wsp)
                *o++ = ' ';
            wsp = false;
            *o++ = c;
        }
    }
    out.truncate(o - out.constData());
    if (!out.isEmpty() && !out.endsWith("\r\n"))
        out += "\r\n";
    while (out.endsWith("\r\n\r\n"))
        out.chop(2);
    if (out == "\r\n")
        out.clear();
    return out;
}

Result<QByteArray> DkimSigner::sign(const QByteArray &message, qint64 timestamp) const {
    QList<HeaderField> fields;
    const qsizetype bodyStart = parseHeaders(message, fields);
    const QByteArray bodyHash =
        QCryptographicHash::hash(relaxedBody(message.mid(bodyStart)), QCryptographicHash::Sha256).toBase64();

    // The last instance of each header is signed (RFC 6376 5.4.2); each name once.
    QList<QByteArray> names;
    QByteArray data;
    for (const QByteArray &wanted : signedHeaders()) {
        for (qsizetype k = fields.size() - 1; k >= 0; --k) {
            if (fields[k].name.trimmed().toLower() == wanted) {
                names << wanted;
                data += relaxedHeader(fields[k].name, fields[k].value) + "\r\n";
                break;
            }
        }
    }
    QList<QByteArray> tags{"v=1", m_algorithm == Algorithm::RsaSha256 ? "a=rsa-sha256" : "a=ed25519-sha256",
                           "c=relaxed/relaxed", "d=" + m_domain, "s=" + m_selector};
    if (timestamp > 0)
        tags << "t=" + QByteArray::number(timestamp);
    // h= may be folded at its colons (RFC 6376 3.5, FWS around ":").
    QByteArray h = "h=";
    int hLine = 2;
    for (qsizetype k = 0; k < names.size(); ++k) {
        const QByteArray piece = (k > 0 ? ":" : "") + names[k];
        if (hLine + piece.size() > 70) {
            h += "\r\n\t";
            hLine = 1;
        }
        h += piece;
        hLine += int(piece.size());
    }
    tags << h << "bh=" + bodyHash << "b=";
    const QByteArray unsignedHeader = foldTags(tags);
    const qsizetype colon = unsignedHeader.indexOf(':');
    data += relaxedHeader(unsignedHeader.left(colon), unsignedHeader.mid(colon + 1)); // no CRLF (3.7)

    QByteArray signature;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = false;
    if (m_algorithm == Algorithm::RsaSha256) {
        size_t len = 0;
        ok = EVP_MD_CTX_copy_ex(ctx, m_signTemplate) == 1 &&
             EVP_DigestSignUpdate(ctx, data.constData(), size_t(data.size())) == 1 &&
             EVP_DigestSignFinal(ctx, nullptr, &len) == 1;
        if (ok) {
            signature.resize(qsizetype(len));
            ok = EVP_DigestSignFinal(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len) == 1;
            signature.resize(qsizetype(len));
        }
    } else {
        // RFC 8463 3: PureEdDSA over the SHA-256 hash of the data.
        const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
        size_t len = 64;
        signature.resize(64);
        ok = EVP_MD_CTX_copy_ex(ctx, m_signTemplate) == 1 &&
             EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(signature.data()), &len,
                            reinterpret_cast<const unsigned char *>(digest.constData()),
                            size_t(digest.size())) == 1;
        signature.resize(qsizetype(len));
    }
    EVP_MD_CTX_free(ctx);
    if (!ok)
        return makeError(ErrorCode::Io, opensslError(tr("Signing failed")));

    // Whitespace inside b= is ignored by verifiers (3.5), so the value may be folded freely.
    const QByteArray b64 = signature.toBase64();
    QByteArray header = unsignedHeader;
    int lineLength = int(header.size() - header.lastIndexOf('\n') - 1);
    for (qsizetype i = 0; i < b64.size();) {
        const qsizetype room = std::max<qsizetype>(8, 76 - lineLength);
        const qsizetype n = std::min(room, b64.size() - i);
        header += b64.mid(i, n);
        i += n;
        if (i < b64.size()) {
            header += "\r\n\t";
            lineLength = 1;
        }
    }
    return QByteArray(header + "\r\n");
}

} // namespace hivepost::mime
