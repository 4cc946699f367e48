#pragma once
// A throw-away self-signed certificate (P-256) for TLS tests, valid for an
// hour for the IP address given (subjectAltName), usable as its own trust
// anchor.

#include <string>

namespace rp::test {

struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};

// Throws std::runtime_error when OpenSSL fails.
TestCertificate make_self_signed_certificate(const std::string& ip = "127.0.0.1");

}  // namespace rp::test
