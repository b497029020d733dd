#pragma once

// DkimSigner: DKIM signatures (RFC 6376) with relaxed/relaxed canonicalisation, rsa-sha256 or
// ed25519-sha256 (RFC 8463), through OpenSSL. One signer per sending domain and selector; it owns
// its key. sign() is const and thread-safe (each call uses its own OpenSSL contexts).

#include <memory>

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

#include "common/Result.h"

typedef struct evp_pkey_st EVP_PKEY;
typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace hivepost::mime {

class DkimSigner {
    Q_DECLARE_TR_FUNCTIONS(DkimSigner)

public:
    enum class Algorithm { RsaSha256, Ed25519Sha256 };

    struct KeyPair {
        QByteArray privateKeyPem;
        QByteArray dnsTxtRecord; // "v=DKIM1; k=rsa; p=..." to publish at SELECTOR._domainkey.DOMAIN
    };

    // The headers signed when present, in this order (RFC 6376 5.4, plus the list headers).
    static const QList<QByteArray> &signedHeaders();

    static Result<DkimSigner> fromPem(const QString &domain, const QString &selector,
                                      const QByteArray &privateKeyPem);
    static Result<KeyPair> generate(Algorithm algorithm);
    // The TXT record for the public half of a private key.
    static Result<QByteArray> dnsTxtRecord(const QByteArray &privateKeyPem);

    DkimSigner(DkimSigner &&) noexcept;
    DkimSigner &operator=(DkimSigner &&) noexcept;
    ~DkimSigner();

    Algorithm algorithm() const { return m_algorithm; }

    // The "DKIM-Signature: ..." header (folded, ending in CRLF) to put in front of message.
    // timestamp: seconds since the epoch for t= (0: none).
    Result<QByteArray> sign(const QByteArray &message, qint64 timestamp = 0) const;

    // RFC 6376 3.4.2 and 3.4.4, exposed for tests.
    static QByteArray relaxedHeader(const QByteArray &name, const QByteArray &value);
    static QByteArray relaxedBody(const QByteArray &body);

private:
    DkimSigner() = default;

    QByteArray m_domain;
    QByteArray m_selector;
    Algorithm m_algorithm = Algorithm::RsaSha256;
    EVP_PKEY *m_key = nullptr;
    // Initialised once: copying it is far cheaper than EVP_DigestSignInit (provider look-ups).
    EVP_MD_CTX *m_signTemplate = nullptr;
};

} // namespace hivepost::mime
