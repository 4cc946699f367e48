#pragma once
// Presence (the PresenceApi's definitions and the users' presences) and
// routing status, over the history of store::StatusInterval: every change
// ends the user's open interval and opens the next at the same instant, in
// the transaction of the change and with its audit record
// ("user.presence.set", "user.routingstatus.set",
// "presence.definition.create|update|delete").
//
// The coupling of the two: a presence whose system presence is ON_QUEUE
// makes an OFF_QUEUE routing status IDLE; leaving ON_QUEUE makes it
// OFF_QUEUE; both at the instant of the presence change. The routing status
// is otherwise set only while on queue, to IDLE, INTERACTING, COMMUNICATING
// or NOT_RESPONDING (what a router reports). An instant earlier than the
// open interval's start (a clock stepped back) is taken as that start.
//
// Definitions: the ten primary ones (store::primary_presences(), the same
// ids everywhere) cannot be changed or deleted; an organization's own are
// soft-deleted and then can no longer be set. A user's own token may set
// its presence and routing status; anyone else needs
// presence:userPresence:edit in the user's division.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/time.h"
#include "service/access/access.h"
#include "service/access/caller.h"
#include "store/store.h"

namespace rp::service {

// A definition as answered: a primary one or one of the organization's.
struct PresenceDefinitionView {
  store::PresenceDefinition definition;
  bool primary = false;
};

struct UserPresenceView {
  PresenceDefinitionView definition;
  std::string message;
  Millis modified = 0;  // the later of the presence's start and the message's change
};

struct RoutingStatusView {
  std::string user_id;
  std::string status;  // OFF_QUEUE, IDLE, ...
  Millis started = 0;
};

// Which definitions a listing shows.
enum class DeletedFilter { not_deleted, deleted, all };

// A system presence given as a label ("On Queue") or enum ("ON_QUEUE"), in
// any case, in enum form; nullopt if it is none of the ten.
std::optional<std::string> system_presence_enum(std::string_view text);
// The label of a system presence in enum form ("On Queue" for ON_QUEUE).
std::string_view system_presence_label(std::string_view enum_form);

class PresenceService {
 public:
  static constexpr std::size_t kMaxLabel = 255;

  PresenceService(store::Store& store, Access& access, const Clock& clock = system_clock())
      : store_(store), access_(access), clock_(clock) {}

  Result<std::vector<PresenceDefinitionView>> definitions(const Caller& caller, DeletedFilter which);
  // not_found for ids that are neither primary nor the organization's.
  Result<PresenceDefinitionView> definition(const Caller& caller, const std::string& id);
  // invalid_argument naming languageLabels or systemPresence.
  Result<PresenceDefinitionView> create(const Caller& caller, std::vector<std::pair<std::string, std::string>> labels,
                                        const std::string& system_presence);
  // Replaces the labels and `deactivated` of one of the organization's
  // definitions; invalid_argument for a primary one.
  Result<PresenceDefinitionView> update(const Caller& caller, const std::string& id,
                                        std::vector<std::pair<std::string, std::string>> labels,
                                        std::optional<std::string> system_presence, bool deactivated);
  Result<void> remove(const Caller& caller, const std::string& id);

  Result<UserPresenceView> presence(const Caller& caller, const std::string& user_id);
  // invalid_argument naming presenceDefinition.id for a definition that is
  // unknown, deleted or deactivated. The same definition again changes only
  // the message.
  Result<UserPresenceView> set_presence(const Caller& caller, const std::string& user_id,
                                        const std::string& definition_id, std::optional<std::string> message);

  // A deleted user of the organization is OFF_QUEUE from its deletion.
  Result<RoutingStatusView> routing_status(const Caller& caller, const std::string& user_id);
  // invalid_argument (reason bad_request) for a status that cannot be set now.
  Result<RoutingStatusView> set_routing_status(const Caller& caller, const std::string& user_id,
                                               const std::string& status);

 private:
  store::Store& store_;
  Access& access_;
  const Clock& clock_;
};

// Makes the user Offline and OFF_QUEUE at `now` (inside the write that
// deletes or deactivates it); nothing when it already is.
Result<void> go_offline(store::ReadWriteTransaction& tx, const std::string& user_id, Millis now);

}  // namespace rp::service
