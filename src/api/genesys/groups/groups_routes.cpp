// The GroupsApi route table: the part of it trusts need (groups and their
// members). Reading needs no permission, as in Genesys; changing members
// needs directory:group:edit (Genesys requires none, but a group's members
// may be granted access to other organizations).

#include "api/genesys/groups/handlers.h"

namespace rp::api::genesys {

Routes groups_api_routes() {
  const std::string groups = "/api/v2/groups";
  const std::string group = groups + "/{groupId}";
  return {
      {"GET", groups, needs_none(), get_groups},
      {"POST", groups, needs_any({"directory:group:add"}), post_groups},
      {"GET", group, needs_none(), get_group},
      {"PUT", group, needs_any({"directory:group:edit"}), put_group},
      {"DELETE", group, needs_any({"directory:group:delete"}), delete_group},
      {"GET", group + "/members", needs_none(), get_group_members},
      {"POST", group + "/members", needs_any({"directory:group:edit"}), post_group_members},
      {"DELETE", group + "/members", needs_any({"directory:group:edit"}), delete_group_members},
  };
}

}  // namespace rp::api::genesys
