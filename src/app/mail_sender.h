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

#include <string>
#include <unordered_set>

#include "app/background_worker.h"
#include "app/config.h"
#include "service/invitations/invitations.h"

namespace rp::app {

class MailSender {
 public:
  MailSender(service::InvitationService& outbox, Config::Mail config);
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

  void start();
  // Finishes the message in hand and joins the thread.
  void stop() { worker_.stop(); }
  // Looks for due messages now.
  void wake() { worker_.wake(); }

 private:
  void pass();
  void deliver(const store::MailMessage& m);

  service::InvitationService& outbox_;
  Config::Mail config_;
  std::unordered_set<std::string> logged_;  // used by the worker's thread only
  BackgroundWorker worker_;                 // last: stopped before what its pass uses goes
};

}  // namespace rp::app
