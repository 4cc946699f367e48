#include "support/tls_cert.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>

namespace rp::test {
namespace {

template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("making a test certificate: ") + what);
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

void add_extension(X509* x, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  Owned<X509_EXTENSION, X509_EXTENSION_free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  check(ext != nullptr, "extension");
  check(X509_add_ext(x, ext.get(), -1) == 1, "add extension");
}

}  // namespace

TestCertificate make_self_signed_certificate(const std::string& ip) {
  Owned<EVP_PKEY, EVP_PKEY_free> key(EVP_EC_gen("P-256"));
  check(key != nullptr, "key");
  Owned<X509, X509_free> x(X509_new());
  check(x != nullptr, "certificate");
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 3600);
  check(X509_set_pubkey(x.get(), key.get()) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("roleplane test"), -1, -1,
                             0);
  check(X509_set_issuer_name(x.get(), name) == 1, "issuer");
  add_extension(x.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(x.get(), NID_subject_alt_name, "IP:" + ip);
  check(X509_sign(x.get(), key.get(), EVP_sha256()) > 0, "sign");

  Owned<BIO, BIO_free_all> cert_bio(BIO_new(BIO_s_mem()));
  Owned<BIO, BIO_free_all> key_bio(BIO_new(BIO_s_mem()));
  check(PEM_write_bio_X509(cert_bio.get(), x.get()) == 1, "write certificate");
  check(PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
  return {bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

}  // namespace rp::test
