#include "app/mail_sender.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "app/smtp.h"

namespace rp::app {
namespace {

constexpr std::size_t kBatch = 20;
// Without SMTP nothing leaves the outbox, so a pass looks at more of it.
constexpr std::size_t kLogBatch = 1000;

}  // namespace

MailSender::MailSender(service::InvitationService& outbox, Config::Mail config)
    : outbox_(outbox), config_(std::move(config)), worker_(std::chrono::seconds(config_.poll_seconds), [this] {
        pass();
        return false;
      }) {}

void MailSender::start() {
  if (config_.smtp_host.empty())
    spdlog::warn(
        "no SMTP server configured ([mail] smtp_host): outgoing mail stays in the outbox and is written to this log");
  worker_.start();
}

void MailSender::pass() {
  bool smtp = !config_.smtp_host.empty();
  auto due = outbox_.due(smtp ? kBatch : kLogBatch);
  if (!due) {
    spdlog::error("mail outbox: cannot read pending messages: {}", due.error().message);
    return;
  }
  for (const auto& m : *due) {
    if (worker_.stopping()) return;
    if (smtp) {
      deliver(m);
    } else if (logged_.insert(m.id).second) {
      spdlog::info(
          "mail outbox: message {} to <{}> is pending (no SMTP server configured); deliver it by hand:\n"
          "To: {}\nSubject: {}\n\n{}",
          m.id, m.recipient, m.recipient, m.subject, m.body);
    }
  }
}

void MailSender::deliver(const store::MailMessage& m) {
  SmtpSettings s;
  s.host = config_.smtp_host;
  s.port = static_cast<std::uint16_t>(config_.smtp_port);
  s.from = config_.from;
  s.username = config_.username;
  s.password = config_.password;
  s.starttls = config_.starttls;
  s.ca_file = config_.ca_file;
  s.timeout = std::chrono::seconds(config_.timeout_seconds);
  OutgoingMail mail{m.recipient, m.subject, m.body, m.id};
  auto sent = smtp_send(s, mail);
  if (sent) {
    if (auto r = outbox_.sent(m); !r)
      spdlog::error("mail outbox: message {} was sent but not marked: {}", m.id, r.error().message);
    else spdlog::info("mail outbox: message {} sent to <{}>", m.id, m.recipient);
    return;
  }
  bool permanent = sent.error().code == Errc::invalid_argument;
  spdlog::warn("mail outbox: message {} to <{}> not sent (attempt {}{}): {}", m.id, m.recipient, m.attempts + 1,
               permanent ? ", permanent" : "", sent.error().message);
  if (auto r = outbox_.failed(m, sent.error().message, permanent); !r)
    spdlog::error("mail outbox: cannot record the failure of message {}: {}", m.id, r.error().message);
}

}  // namespace rp::app
