#include "app/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace rp::app {
namespace {

void append_escaped(std::string_view text, auto&& push) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c != 0x7f && c != '\\') {
      push(ch);
      continue;
    }
    push('\\');
    switch (c) {
      case '\\': push('\\'); break;
      case '\n': push('n'); break;
      case '\r': push('r'); break;
      case '\t': push('t'); break;
      default:
        push('x');
        push(kHex[c >> 4]);
        push(kHex[c & 15]);
    }
  }
}

// %* in a pattern: the message with its control characters escaped.
class EscapedMessage final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    append_escaped(std::string_view(msg.payload.data(), msg.payload.size()), [&](char c) { dest.push_back(c); });
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<EscapedMessage>(); }
};

}  // namespace

std::string escape_control_characters(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(text, [&](char c) { out.push_back(c); });
  return out;
}

std::unique_ptr<spdlog::formatter> escaping_formatter() {
  auto f = std::make_unique<spdlog::pattern_formatter>();
  f->add_flag<EscapedMessage>('*').set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%n] [%^%l%$] %*");
  return f;
}

void install_default_logger() {
  auto logger = spdlog::stderr_color_mt("roleplane");
  logger->set_formatter(escaping_formatter());
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace rp::app
