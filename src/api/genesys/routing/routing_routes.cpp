// The RoutingApi route table: the part of it the users' contact-centre
// routes need. Skills are division-aware (routing:skill:view is checked
// again in each skill's division); languages are readable by any caller.

#include "api/genesys/routing/handlers.h"

namespace rp::api::genesys {

Routes routing_api_routes() {
  const std::string skills = "/api/v2/routing/skills";
  const std::string languages = "/api/v2/routing/languages";
  return {
      {"GET", skills, needs_any({"routing:skill:view"}), get_routing_skills},
      {"POST", skills, needs_any({"routing:skill:manage", "routing:skill:create"}), post_routing_skills},
      {"GET", skills + "/{skillId}", needs_any({"routing:skill:view"}), get_routing_skill},
      {"DELETE", skills + "/{skillId}", needs_any({"routing:skill:manage", "routing:skill:delete"}),
       delete_routing_skill},
      {"GET", languages, needs_none(), get_routing_languages},
      {"POST", languages, needs_any({"routing:skill:manage"}), post_routing_languages},
      {"GET", languages + "/{languageId}", needs_none(), get_routing_language},
      {"DELETE", languages + "/{languageId}", needs_any({"routing:skill:manage"}), delete_routing_language},
  };
}

}  // namespace rp::api::genesys
