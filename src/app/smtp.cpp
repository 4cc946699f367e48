#include "app/smtp.h"

#include <ctime>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "core/strings.h"

namespace rp::app {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t kMaxReplyBytes = 64 * 1024;
constexpr std::size_t kMaxReplyLines = 200;

std::string base64(std::string_view in) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += kChars[v >> 18 & 63];
    out += kChars[v >> 12 & 63];
    out += kChars[v >> 6 & 63];
    out += kChars[v & 63];
  }
  if (i + 1 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16;
    out += kChars[v >> 18 & 63];
    out += kChars[v >> 12 & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned v = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += kChars[v >> 18 & 63];
    out += kChars[v >> 12 & 63];
    out += kChars[v >> 6 & 63];
    out += '=';
  }
  return out;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// A header value on one line: CR and LF (header injection) become spaces.
std::string header_value(std::string_view v) {
  std::string out(v);
  for (char& c : out)
    if (c == '\r' || c == '\n') c = ' ';
  return out;
}

std::string encoded_header(std::string_view v) {
  std::string clean = header_value(v);
  if (is_ascii(clean)) return clean;
  return "=?UTF-8?B?" + base64(clean) + "?=";
}

// CRLF line ends whatever the input uses.
std::string crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\r') {
      out += "\r\n";
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else if (c == '\n') {
      out += "\r\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string rfc5322_date() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

struct Reply {
  int code = 0;
  std::vector<std::string> lines;  // the text after the code, one per line
  std::string text() const { return std::to_string(code) + " " + (lines.empty() ? "" : lines.front()); }
};

class Session {
 public:
  explicit Session(const SmtpSettings& s) : s_(s), socket_(io_), buf_(kMaxReplyBytes) {}

  Result<void> connect() {
    tcp::resolver resolver(io_);
    tcp::resolver::results_type endpoints;
    RP_CHECK(wait(
        [&](auto done) {
          resolver.async_resolve(s_.host, std::to_string(s_.port), [done, &endpoints](error_code ec, auto results) {
            endpoints = results;
            done(ec);
          });
        },
        "resolving " + s_.host, [&] { resolver.cancel(); }));
    return wait([&](auto done) { asio::async_connect(socket_, endpoints, [done](error_code ec, auto) { done(ec); }); },
                "connecting to " + s_.host + ":" + std::to_string(s_.port));
  }

  Result<void> start_tls() {
    ctx_ = std::make_unique<ssl::context>(ssl::context::tls_client);
    error_code ec;
    if (s_.ca_file.empty()) ctx_->set_default_verify_paths(ec);
    else ctx_->load_verify_file(s_.ca_file, ec);
    if (ec) return fail(Errc::invalid_argument, "TLS: cannot load the trusted certificates: " + ec.message());
    ctx_->set_verify_mode(ssl::verify_peer);
    tls_ = std::make_unique<ssl::stream<tcp::socket&>>(socket_, *ctx_);
    tls_->set_verify_callback(ssl::host_name_verification(s_.host));
    if (!SSL_set_tlsext_host_name(tls_->native_handle(), s_.host.c_str()))
      return fail(Errc::unavailable, "TLS: cannot set the server name");
    return wait(
        [&](auto done) { tls_->async_handshake(ssl::stream_base::client, [done](error_code ec) { done(ec); }); },
        "TLS handshake");
  }

  Result<Reply> reply() {
    Reply r;
    for (std::size_t n = 0; n < kMaxReplyLines; ++n) {
      std::size_t len = 0;
      RP_CHECK(wait(
          [&](auto done) {
            auto h = [done, &len](error_code ec, std::size_t bytes) {
              len = bytes;
              done(ec);
            };
            if (tls_) asio::async_read_until(*tls_, buf_, "\r\n", h);
            else asio::async_read_until(socket_, buf_, "\r\n", h);
          },
          "reading the server's answer"));
      std::string line(asio::buffers_begin(buf_.data()),
                       asio::buffers_begin(buf_.data()) + static_cast<std::ptrdiff_t>(len));
      buf_.consume(len);
      while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
      auto code = line.size() >= 3 ? parse_int(std::string_view(line).substr(0, 3)) : std::nullopt;
      if (!code || *code < 200 || *code > 599 || (r.code != 0 && *code != r.code))
        return fail(Errc::unavailable, "the server's answer is not SMTP: " + line.substr(0, 80));
      r.code = static_cast<int>(*code);
      r.lines.push_back(line.size() > 4 ? line.substr(4) : "");
      if (line.size() == 3 || line[3] == ' ') return r;
      if (line[3] != '-') return fail(Errc::unavailable, "the server's answer is not SMTP: " + line.substr(0, 80));
    }
    return fail(Errc::unavailable, "the server's answer is too long");
  }

  Result<void> write(const std::string& data) {
    return wait(
        [&](auto done) {
          auto h = [done](error_code ec, std::size_t) { done(ec); };
          if (tls_) asio::async_write(*tls_, asio::buffer(data), h);
          else asio::async_write(socket_, asio::buffer(data), h);
        },
        "sending to the server");
  }

  // Sends `line` and reads the answer; an answer outside [min, max] fails,
  // permanently (invalid_argument) for 5xx.
  Result<Reply> command(const std::string& line, int min, int max, std::string_view shown = {}) {
    RP_CHECK(write(line + "\r\n"));
    auto r = RP_TRY(reply());
    if (r.code < min || r.code > max) {
      std::string what = std::string(shown.empty() ? std::string_view(line) : shown) + ": " + r.text();
      return fail(r.code >= 500 ? Errc::invalid_argument : Errc::unavailable, what);
    }
    return r;
  }

  void close() {
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
  }

 private:
  // Runs one asynchronous operation to completion or timeout; on timeout
  // `cancel` (by default: closing the socket) ends the operation.
  template <class Start>
  Result<void> wait(Start&& start, const std::string& what) {
    return wait(std::forward<Start>(start), what, [this] {
      error_code ignored;
      socket_.close(ignored);
    });
  }
  template <class Start, class Cancel>
  Result<void> wait(Start&& start, const std::string& what, Cancel&& cancel) {
    std::optional<error_code> result;
    start([&result](error_code ec) { result = ec; });
    io_.restart();
    io_.run_for(s_.timeout);
    if (!result) {
      cancel();
      io_.restart();
      io_.run();  // lets the cancelled operation finish
      return fail(Errc::unavailable, what + ": timed out");
    }
    if (*result) return fail(Errc::unavailable, what + ": " + result->message());
    return {};
  }

  const SmtpSettings& s_;
  asio::io_context io_;
  tcp::socket socket_;
  asio::streambuf buf_;
  std::unique_ptr<ssl::context> ctx_;
  std::unique_ptr<ssl::stream<tcp::socket&>> tls_;
};

bool has_extension(const Reply& ehlo, std::string_view name, std::string_view arg = {}) {
  for (std::size_t i = 1; i < ehlo.lines.size(); ++i) {
    const std::string line = to_lower(ehlo.lines[i]);
    auto words = split(line, ' ');
    if (words.empty() || words[0] != to_lower(name)) continue;
    if (arg.empty()) return true;
    for (std::size_t j = 1; j < words.size(); ++j)
      if (words[j] == to_lower(arg)) return true;
  }
  return false;
}

Result<Reply> greet(Session& s, const SmtpSettings& settings) {
  auto ehlo = s.command("EHLO " + settings.helo_name, 250, 250);
  if (ehlo || ehlo.error().code != Errc::invalid_argument) return ehlo;
  return s.command("HELO " + settings.helo_name, 250, 250);
}

Result<void> deliver(Session& s, const SmtpSettings& settings, const OutgoingMail& mail) {
  RP_CHECK(s.connect());
  auto hello = RP_TRY(s.reply());
  if (hello.code != 220)
    return fail(hello.code >= 500 ? Errc::invalid_argument : Errc::unavailable, "greeting: " + hello.text());
  auto ehlo = RP_TRY(greet(s, settings));
  bool offered = has_extension(ehlo, "STARTTLS");
  if (settings.starttls == "always" && !offered)
    return fail(Errc::invalid_argument, "the server does not offer STARTTLS (mail.starttls = \"always\")");
  if (offered && settings.starttls != "never") {
    RP_CHECK(s.command("STARTTLS", 220, 220));
    RP_CHECK(s.start_tls());
    ehlo = RP_TRY(greet(s, settings));
  }
  if (!settings.username.empty()) {
    if (has_extension(ehlo, "AUTH", "PLAIN")) {
      std::string token = std::string(1, '\0') + settings.username + std::string(1, '\0') + settings.password;
      RP_CHECK(s.command("AUTH PLAIN " + base64(token), 235, 235, "AUTH PLAIN"));
    } else if (has_extension(ehlo, "AUTH", "LOGIN")) {
      RP_CHECK(s.command("AUTH LOGIN", 334, 334));
      RP_CHECK(s.command(base64(settings.username), 334, 334, "AUTH LOGIN username"));
      RP_CHECK(s.command(base64(settings.password), 235, 235, "AUTH LOGIN password"));
    } else {
      return fail(Errc::invalid_argument, "the server offers neither AUTH PLAIN nor AUTH LOGIN");
    }
  }
  RP_CHECK(s.command("MAIL FROM:<" + settings.from + ">", 250, 250));
  RP_CHECK(s.command("RCPT TO:<" + mail.to + ">", 250, 251));
  RP_CHECK(s.command("DATA", 354, 354));
  // Dot-stuffing: a line that starts with '.' gets another one.
  std::string data = format_message(settings, mail, rfc5322_date());
  std::string stuffed;
  stuffed.reserve(data.size() + 16);
  bool line_start = true;
  for (char c : data) {
    if (line_start && c == '.') stuffed += '.';
    stuffed += c;
    line_start = c == '\n';
  }
  if (!stuffed.ends_with("\r\n")) stuffed += "\r\n";
  RP_CHECK(s.write(stuffed));
  RP_CHECK(s.command(".", 250, 250, "end of data"));
  (void)s.command("QUIT", 221, 221);
  return {};
}

}  // namespace

std::string format_message(const SmtpSettings& settings, const OutgoingMail& mail, const std::string& date) {
  std::string m;
  m += "From: " + header_value(settings.from) + "\r\n";
  m += "To: " + header_value(mail.to) + "\r\n";
  m += "Subject: " + encoded_header(mail.subject) + "\r\n";
  m += "Date: " + date + "\r\n";
  std::string host = settings.from.substr(settings.from.find('@') + 1);
  m += "Message-ID: <" + header_value(mail.message_id) + "@" + header_value(host) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  std::string body = crlf(mail.body);
  if (is_ascii(body)) {
    m += "Content-Transfer-Encoding: 7bit\r\n\r\n" + body;
  } else {
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    std::string b = base64(body);
    for (std::size_t i = 0; i < b.size(); i += 76) m += b.substr(i, 76) + "\r\n";
  }
  return m;
}

Result<void> smtp_send(const SmtpSettings& settings, const OutgoingMail& mail) {
  Session s(settings);
  auto r = deliver(s, settings, mail);
  s.close();
  return r;
}

}  // namespace rp::app
