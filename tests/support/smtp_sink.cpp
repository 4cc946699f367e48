#include "support/smtp_sink.h"

#include <atomic>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

#include "core/strings.h"

namespace rp::test {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

}  // namespace

struct SmtpSink::Impl {
  SmtpSinkOptions options;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::atomic<bool> stopping{false};
  mutable std::mutex mu;
  std::condition_variable cv;
  std::vector<ReceivedMail> mails;
  std::vector<std::string> commands;
  int refused = 0;

  void serve() {
    while (!stopping) {
      tcp::socket sock(io);
      boost::system::error_code ec;
      acceptor.accept(sock, ec);
      if (ec || stopping) return;
      session(sock);
    }
  }

  void note(const std::string& line) {
    std::lock_guard lock(mu);
    commands.push_back(line);
  }

  void session(tcp::socket& sock) {
    asio::streambuf buf;
    boost::system::error_code ec;
    std::unique_ptr<ssl::context> tls_ctx;
    std::unique_ptr<ssl::stream<tcp::socket&>> tls;
    auto send = [&](const std::string& s) {
      if (tls) asio::write(*tls, asio::buffer(s), ec);
      else asio::write(sock, asio::buffer(s), ec);
    };
    auto read_line = [&](std::string& line) {
      std::size_t n = tls ? asio::read_until(*tls, buf, "\r\n", ec) : asio::read_until(sock, buf, "\r\n", ec);
      if (ec) return false;
      line.assign(asio::buffers_begin(buf.data()),
                  asio::buffers_begin(buf.data()) + static_cast<std::ptrdiff_t>(n) - 2);
      buf.consume(n);
      return true;
    };
    auto decode = [](std::string_view b64) { return base64_decode(b64).value_or("<bad base64>"); };
    const bool auth = !options.username.empty();
    bool authed = !auth;
    ReceivedMail mail;
    send("220 sink.test ESMTP ready\r\n");
    std::string line;
    while (!ec && read_line(line)) {
      note(line);
      std::string upper = line;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (upper.starts_with("EHLO ")) {
        mail.helo = line.substr(5);
        std::string offer = "250-sink.test\r\n";
        if (!options.tls_cert_pem.empty() && !tls) offer += "250-STARTTLS\r\n";
        if (auth) offer += "250-AUTH " + options.mechanisms + "\r\n";
        send(offer + "250 8BITMIME\r\n");
      } else if (upper == "STARTTLS" && !options.tls_cert_pem.empty() && !tls) {
        send("220 2.0.0 ready to start TLS\r\n");
        tls_ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
        tls_ctx->use_certificate_chain(asio::buffer(options.tls_cert_pem));
        tls_ctx->use_private_key(asio::buffer(options.tls_key_pem), ssl::context::pem);
        tls = std::make_unique<ssl::stream<tcp::socket&>>(sock, *tls_ctx);
        tls->handshake(ssl::stream_base::server, ec);
        if (ec) return;
        // RFC 3207: the session starts over; what was said before is forgotten.
        mail = ReceivedMail{};
        mail.tls = true;
        authed = !auth;
        buf.consume(buf.size());
      } else if (upper.starts_with("HELO ")) {
        mail.helo = line.substr(5);
        send("250 sink.test\r\n");
      } else if (upper.starts_with("AUTH PLAIN ") && auth) {
        std::string token = decode(line.substr(11));
        auto parts = split(token, '\0');
        mail.auth_mechanism = "PLAIN";
        if (parts.size() == 3) {
          mail.auth_user = std::string(parts[1]);
          mail.auth_password = std::string(parts[2]);
        }
        authed = mail.auth_user == options.username && mail.auth_password == options.password;
        send(authed ? "235 2.7.0 accepted\r\n" : "535 5.7.8 bad credentials\r\n");
      } else if (upper == "AUTH LOGIN" && auth) {
        mail.auth_mechanism = "LOGIN";
        send("334 VXNlcm5hbWU6\r\n");
        if (!read_line(line)) return;
        note(line);
        mail.auth_user = decode(line);
        send("334 UGFzc3dvcmQ6\r\n");
        if (!read_line(line)) return;
        note(line);
        mail.auth_password = decode(line);
        authed = mail.auth_user == options.username && mail.auth_password == options.password;
        send(authed ? "235 2.7.0 accepted\r\n" : "535 5.7.8 bad credentials\r\n");
      } else if (upper.starts_with("MAIL FROM:")) {
        if (!authed) {
          send("530 5.7.0 authentication required\r\n");
          continue;
        }
        auto lt = line.find('<'), gt = line.find('>');
        mail.mail_from = lt != std::string::npos && gt > lt ? line.substr(lt + 1, gt - lt - 1) : "";
        send("250 2.1.0 ok\r\n");
      } else if (upper.starts_with("RCPT TO:")) {
        auto lt = line.find('<'), gt = line.find('>');
        mail.rcpt_to.push_back(lt != std::string::npos && gt > lt ? line.substr(lt + 1, gt - lt - 1) : "");
        send("250 2.1.5 ok\r\n");
      } else if (upper == "DATA") {
        send("354 end with <CRLF>.<CRLF>\r\n");
        std::string data;
        while (read_line(line)) {
          if (line == ".") break;
          if (line.starts_with(".")) line.erase(0, 1);
          data += line + "\r\n";
        }
        if (ec) return;
        mail.data = data;
        bool refuse;
        {
          std::lock_guard lock(mu);
          refuse = refused < options.refuse_data;
          if (refuse) ++refused;
        }
        if (refuse) {
          send(options.refuse_permanently ? "554 5.7.1 refused\r\n" : "451 4.3.0 try again later\r\n");
        } else {
          send("250 2.0.0 queued\r\n");
          std::lock_guard lock(mu);
          mails.push_back(mail);
          cv.notify_all();
        }
        mail.mail_from.clear();
        mail.rcpt_to.clear();
        mail.data.clear();
      } else if (upper == "RSET" || upper == "NOOP") {
        send("250 ok\r\n");
      } else if (upper == "QUIT") {
        send("221 bye\r\n");
        return;
      } else {
        send("500 5.5.2 unknown command\r\n");
      }
    }
  }
};

SmtpSink::SmtpSink(SmtpSinkOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->thread = std::thread([this] { impl_->serve(); });
}

SmtpSink::~SmtpSink() {
  impl_->stopping = true;
  // Wake the blocking accept with a connection of our own.
  try {
    asio::io_context io;
    tcp::socket s(io);
    s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  } catch (...) {}
  if (impl_->thread.joinable()) impl_->thread.join();
}

bool SmtpSink::wait_for(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->mails.size() >= n; });
}

std::vector<ReceivedMail> SmtpSink::received() const {
  std::lock_guard lock(impl_->mu);
  return impl_->mails;
}

std::vector<std::string> SmtpSink::commands() const {
  std::lock_guard lock(impl_->mu);
  return impl_->commands;
}

std::string mail_header(const std::string& data, const std::string& name) {
  std::size_t pos = 0;
  while (pos < data.size()) {
    auto end = data.find("\r\n", pos);
    if (end == std::string::npos) end = data.size();
    std::string_view line(data.data() + pos, end - pos);
    if (line.empty()) break;
    auto colon = line.find(':');
    if (colon != std::string_view::npos && iequals(line.substr(0, colon), name))
      return std::string(trim(line.substr(colon + 1)));
    pos = end + 2;
  }
  return "";
}

std::string mail_body(const std::string& data) {
  auto at = data.find("\r\n\r\n");
  return at == std::string::npos ? "" : data.substr(at + 4);
}

}  // namespace rp::test
