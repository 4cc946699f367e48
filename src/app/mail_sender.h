#pragma once
// The mail sender: a background thread that delivers the mail outbox.
//
// With [mail] smtp_host set, it sends each due message over SMTP (smtp.h)
// and marks it sent, or records the failure so that it is retried with
// backoff (permanent refusals and the last attempt mark it failed). Without
// it, messages stay pending in the outbox and each is written to the log
// once per run of the server, link included: that is how an operator
// delivers them by hand. It wakes when a message is queued and every
// [mail] poll_seconds.

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "app/config.h"
#include "service/invitations.h"

namespace rp::app {

class MailSender {
 public:
  MailSender(service::InvitationService& outbox, Config::Mail config);
  ~MailSender();
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

  void start();
  // Finishes the message in hand and joins the thread.
  void stop();
  // Looks for due messages now.
  void wake();

 private:
  void run();
  void pass();
  void deliver(const store::MailMessage& m);

  service::InvitationService& outbox_;
  Config::Mail config_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::unordered_set<std::string> logged_;
  std::thread thread_;
};

}  // namespace rp::app
