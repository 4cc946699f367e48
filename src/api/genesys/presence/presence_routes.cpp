// The PresenceApi route table: the system presences, the presence
// definitions and a user's presence (source PURECLOUD). Setting another
// user's presence needs presence:userPresence:edit in the user's division,
// checked by the service (Genesys declares no permission on the route).

#include "api/genesys/presence/handlers.h"

namespace rp::api::genesys {

Routes presence_api_routes() {
  const std::string definitions = "/api/v2/presencedefinitions";
  const std::string definition = definitions + "/{presenceId}";
  const std::string user_presence = "/api/v2/users/{userId}/presences/{sourceId}";
  return {
      {"GET", "/api/v2/systempresences", needs_none(), get_system_presences},
      {"GET", definitions, needs_none(), get_presence_definitions},
      {"POST", definitions, needs_all({"presence:presenceDefinition:add"}), post_presence_definitions},
      {"GET", definition, needs_all({"presence:presenceDefinition:view"}), get_presence_definition},
      {"PUT", definition, needs_all({"presence:presenceDefinition:edit"}), put_presence_definition},
      {"DELETE", definition, needs_all({"presence:presenceDefinition:delete"}), delete_presence_definition},
      {"GET", user_presence, needs_none(), get_user_presence},
      {"PATCH", user_presence, needs_none(), patch_user_presence},
  };
}

}  // namespace rp::api::genesys
