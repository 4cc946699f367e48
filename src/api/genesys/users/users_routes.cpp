// The UsersApi route table: each /api/v2 route of the Users API with the
// permissions it requires.

#include "api/genesys/analytics/handlers.h"
#include "api/genesys/presence/handlers.h"
#include "api/genesys/routing/handlers.h"
#include "api/genesys/telephony/handlers.h"
#include "api/genesys/trust/handlers.h"
#include "api/genesys/users/handlers.h"

namespace rp::api::genesys {

Routes users_api_routes() {
  const std::string user = "/api/v2/users/{userId}";
  return {
      {"POST", "/api/v2/users", needs_any({"directory:user:add"}), post_users},
      {"GET", "/api/v2/users", needs_none(), get_users},
      {"GET", user, needs_none(), get_user},
      {"PATCH", user, needs_any({"admin", "directory:user:edit", "directory:organization:admin"}), patch_user},
      {"DELETE", user, needs_any({"admin", "directory:user:delete", "directory:organization:admin"}), delete_user},
      {"PATCH", "/api/v2/users/bulk", needs_any({"admin", "directory:user:edit", "directory:organization:admin"}),
       patch_users_bulk},
      {"POST", "/api/v2/users/search", needs_any({"directory:user:view"}), post_users_search},
      {"GET", "/api/v2/users/search", needs_any({"directory:user:view"}), get_users_search},

      {"GET", "/api/v2/users/me", needs_none(), get_users_me},
      {"POST", "/api/v2/users/me/password", needs_none(), post_users_me_password},
      {"POST", user + "/password", needs_any({"directory:user:setPassword"}), post_user_password},
      {"POST", user + "/invite", needs_any({"admin", "directory:organization:admin", "directory:user:setPassword"}),
       post_user_invite},

      {"GET", user + "/trustors", needs_all({"authorization:orgTrustor:view"}), get_user_trustors},

      {"GET", user + "/superiors", needs_none(), get_superiors},
      {"GET", user + "/directreports", needs_none(), get_direct_reports},
      {"GET", user + "/adjacents", needs_none(), get_adjacents},

      {"GET", user + "/profile", needs_none(), get_user_profile},
      {"GET", "/api/v2/profiles/users", needs_none(), get_profiles_users},
      {"GET", user + "/favorites", needs_none(), get_user_favorites},
      {"GET", "/api/v2/fieldconfig", needs_none(), get_fieldconfig},
      {"GET", user + "/profileskills", needs_any({"directory:userProfile:view"}), get_profile_skills},
      {"PUT", user + "/profileskills", needs_any({"directory:userProfile:edit"}), put_profile_skills},

      {"GET", user + "/routingstatus", needs_none(), get_user_routing_status},
      {"PUT", user + "/routingstatus", needs_none(), put_user_routing_status},

      // The user itself, or directory:user:edit in its division, may change
      // these (checked by the service; Genesys declares no permission).
      {"GET", user + "/outofoffice", needs_none(), get_user_outofoffice},
      {"PUT", user + "/outofoffice", needs_none(), put_user_outofoffice},
      {"GET", user + "/geolocations/{clientId}", needs_none(), get_user_geolocation},
      {"PATCH", user + "/geolocations/{clientId}", needs_none(), patch_user_geolocation},

      {"POST", "/api/v2/analytics/users/observations/query", needs_any({"analytics:userObservation:view"}),
       post_analytics_users_observations_query},
      {"GET", user + "/callforwarding", needs_any({"conversation:callForwarding:view"}), get_user_callforwarding},
      {"PUT", user + "/callforwarding", needs_any({"conversation:callForwarding:edit"}), put_user_callforwarding},
      {"PATCH", user + "/callforwarding", needs_any({"conversation:callForwarding:edit"}), patch_user_callforwarding},
      {"GET", user + "/station", needs_any({"telephony:otherStationAssociation:view"}), get_user_station},
      {"PUT", user + "/station/associatedstation/{stationId}", needs_any({"telephony:otherStationAssociation:edit"}),
       put_user_associated_station},
      {"DELETE", user + "/station/associatedstation", needs_any({"telephony:station:disassociate"}),
       delete_user_associated_station},
      {"PUT", user + "/station/defaultstation/{stationId}",
       needs_any({"telephony:plugin:all", "telephony:phone:assign"}), put_user_default_station},
      {"DELETE", user + "/station/defaultstation", needs_any({"telephony:plugin:all", "telephony:phone:assign"}),
       delete_user_default_station},

      {"GET", user + "/queues", needs_any({"routing:queue:view"}), get_user_queues},
      {"PATCH", user + "/queues", needs_any({"routing:queue:join", "routing:queueMember:manage"}), patch_user_queues},
      {"PATCH", user + "/queues/{queueId}", needs_any({"routing:queue:join", "routing:queueMember:manage"}),
       patch_user_queue},

      {"GET", user + "/routingskills", needs_none(), get_user_routing_skills},
      {"POST", user + "/routingskills", needs_all({"routing:skill:assign"}), post_user_routing_skills},
      {"PATCH", user + "/routingskills/bulk", needs_any({"routing:skill:assign"}), patch_user_routing_skills_bulk},
      {"PUT", user + "/routingskills/bulk", needs_any({"routing:skill:assign"}), put_user_routing_skills_bulk},
      {"PUT", user + "/routingskills/{skillId}", needs_all({"routing:skill:assign"}), put_user_routing_skill},
      {"DELETE", user + "/routingskills/{skillId}", needs_all({"routing:skill:assign"}), delete_user_routing_skill},
      {"GET", user + "/routinglanguages", needs_none(), get_user_routing_languages},
      {"POST", user + "/routinglanguages", needs_any({"routing:skill:assign", "routing:language:assign"}),
       post_user_routing_languages},
      {"PATCH", user + "/routinglanguages/bulk", needs_any({"routing:skill:assign", "routing:language:assign"}),
       patch_user_routing_languages_bulk},
      {"PATCH", user + "/routinglanguages/{languageId}", needs_any({"routing:skill:assign", "routing:language:assign"}),
       patch_user_routing_language},
      {"DELETE", user + "/routinglanguages/{languageId}",
       needs_any({"routing:skill:assign", "routing:language:assign"}), delete_user_routing_language},
  };
}

}  // namespace rp::api::genesys
