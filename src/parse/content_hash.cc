// See content_hash.h. SHA-256 from OpenSSL's libcrypto (EVP interface).
#include "src/parse/content_hash.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace verdict::syntax {

std::string ContentHash(const std::map<std::string, std::string>& files) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                              &EVP_MD_CTX_free);
  // Only allocation failure can make these fail: that is a bad_alloc.
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw std::bad_alloc();
  }
  for (const auto& [path, bytes] : files) {
    std::string head = path + "\n" + std::to_string(bytes.size()) + "\n";
    EVP_DigestUpdate(ctx.get(), head.data(), head.size());
    EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &n);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace verdict::syntax
