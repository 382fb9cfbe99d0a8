// SHA-256 (FIPS 180-4) of a byte string, as 64 lowercase hex digits: names the exact scenario a
// result came from. Our own implementation (no crypto library in the stack); not for secrets.
#pragma once

#include <string>
#include <string_view>

namespace whsim {

[[nodiscard]] std::string sha256_hex(std::string_view data);

}  // namespace whsim
