// The RoutingApi route table: the part of it the users' contact-centre
// routes need. Skills and queues are division-aware (their permissions are
// checked again in each one's division); languages are readable by any caller.

#include "api/genesys/routing/handlers.h"

namespace rp::api::genesys {

Routes routing_api_routes() {
  const std::string skills = "/api/v2/routing/skills";
  const std::string languages = "/api/v2/routing/languages";
  const std::string queues = "/api/v2/routing/queues";
  const std::string queue = queues + "/{queueId}";
  const std::string members = queue + "/members";
  const auto member_view =
      needs_any({"routing:queue:view", "routing:queue:edit", "routing:queue:readonly", "routing:queueMember:manage"});
  const auto member_edit = needs_any({"routing:queue:edit", "routing:queueMember:manage"});
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
      {"GET", queues, needs_any({"routing:queue:view"}), get_routing_queues},
      {"POST", queues, needs_any({"routing:queue:add"}), post_routing_queues},
      {"GET", queue, needs_all({"routing:queue:view"}), get_routing_queue},
      {"PUT", queue, needs_any({"routing:queue:edit"}), put_routing_queue},
      {"DELETE", queue, needs_all({"routing:queue:delete"}), delete_routing_queue},
      {"GET", members, member_view, get_routing_queue_members},
      {"POST", members, member_edit, post_routing_queue_members},
      {"PATCH", members, member_edit, patch_routing_queue_members},
      {"PATCH", members + "/{memberId}", member_edit, patch_routing_queue_member},
      {"DELETE", members + "/{memberId}", member_edit, delete_routing_queue_member},
  };
}

}  // namespace rp::api::genesys
