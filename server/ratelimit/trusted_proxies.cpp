// trusted_proxies: CIDR parsing and membership (prefix compare on the address bytes).
#include "server/ratelimit/trusted_proxies.hpp"

#include <charconv>
#include <stdexcept>

namespace ragbench::server {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

ip::address unmapped(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  return a;
}

template <class Bytes>
bool same_prefix(const Bytes& a, const Bytes& b, unsigned prefix) {
  for (std::size_t i = 0; i < a.size() && prefix > 0; ++i) {
    const unsigned bits = prefix >= 8 ? 8 : prefix;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

}  // namespace

std::optional<ip::address> parse_ip_address(std::string_view text) {
  text = trim(text);
  if (text.starts_with('[')) {  // [v6] or [v6]:port
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    text = text.substr(1, close - 1);
  } else if (text.find(':') != std::string_view::npos && text.find(':') == text.rfind(':') &&
             text.find('.') != std::string_view::npos) {
    text = text.substr(0, text.find(':'));  // v4:port
  }
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(a);
}

trusted_proxies trusted_proxies::parse(std::string_view list) {
  trusted_proxies out;
  while (!trim(list).empty()) {
    const auto comma = list.find(',');
    const auto entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (entry.empty()) continue;  // "a,,b": an empty entry names nothing
    const auto slash = entry.find('/');
    auto address = parse_ip_address(entry.substr(0, slash));
    if (!address || entry.substr(0, slash).starts_with('[')) {
      throw std::invalid_argument("'" + std::string(entry) + "' is not an IP address or CIDR block (10.0.0.0/8, ::1)");
    }
    const unsigned max_prefix = address->is_v4() ? 32 : 128;
    unsigned prefix = max_prefix;
    if (slash != std::string_view::npos) {
      const auto bits = entry.substr(slash + 1);
      auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (ec != std::errc() || end != bits.data() + bits.size() || prefix > max_prefix) {
        throw std::invalid_argument("'" + std::string(entry) + "': the prefix length must be 0.." +
                                    std::to_string(max_prefix));
      }
    }
    out.blocks_.push_back({*address, prefix});
  }
  return out;
}

bool trusted_proxies::contains(const ip::address& raw) const {
  const auto a = unmapped(raw);
  for (const auto& b : blocks_) {
    if (a.is_v4() && b.base.is_v4() && same_prefix(a.to_v4().to_bytes(), b.base.to_v4().to_bytes(), b.prefix)) {
      return true;
    }
    if (a.is_v6() && b.base.is_v6() && same_prefix(a.to_v6().to_bytes(), b.base.to_v6().to_bytes(), b.prefix)) {
      return true;
    }
  }
  return false;
}

std::string trusted_proxies::to_string() const {
  std::string out;
  for (const auto& b : blocks_) {
    if (!out.empty()) out += ',';
    out += b.base.to_string() + "/" + std::to_string(b.prefix);
  }
  return out;
}

}  // namespace ragbench::server
