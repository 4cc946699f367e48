// The UsersApi route table: each /api/v2 route of the Users API with the
// permissions it requires. The contact-centre routes join it in their issue.

#include "api/genesys/users/handlers.h"

namespace rp::api::genesys {

Routes users_api_routes() {
  using authz::Requirement;
  const auto any = [](std::vector<std::string> names) { return Requirement::any_of(std::move(names)); };
  const auto none = Requirement::none;
  const std::string user = "/api/v2/users/{userId}";
  return {
      {"POST", "/api/v2/users", any({"directory:user:add"}), post_users},
      {"GET", "/api/v2/users", none(), get_users},
      {"GET", user, none(), get_user},
      {"PATCH", user, any({"admin", "directory:user:edit", "directory:organization:admin"}), patch_user},
      {"DELETE", user, any({"admin", "directory:user:delete", "directory:organization:admin"}), delete_user},
      {"PATCH", "/api/v2/users/bulk", any({"admin", "directory:user:edit", "directory:organization:admin"}),
       patch_users_bulk},
      {"POST", "/api/v2/users/search", any({"directory:user:view"}), post_users_search},
      {"GET", "/api/v2/users/search", any({"directory:user:view"}), get_users_search},

      {"GET", "/api/v2/users/me", none(), get_users_me},
      {"POST", "/api/v2/users/me/password", none(), post_users_me_password},
      {"POST", user + "/password", any({"directory:user:setPassword"}), post_user_password},
      {"POST", user + "/invite", any({"admin", "directory:organization:admin", "directory:user:setPassword"}),
       post_user_invite},

      {"GET", user + "/superiors", none(), get_superiors},
      {"GET", user + "/directreports", none(), get_direct_reports},
      {"GET", user + "/adjacents", none(), get_adjacents},

      {"GET", user + "/profile", none(), get_user_profile},
      {"GET", "/api/v2/profiles/users", none(), get_profiles_users},
      {"GET", user + "/favorites", none(), get_user_favorites},
      {"GET", "/api/v2/fieldconfig", none(), get_fieldconfig},
      {"GET", user + "/profileskills", any({"directory:userProfile:view"}), get_profile_skills},
      {"PUT", user + "/profileskills", any({"directory:userProfile:edit"}), put_profile_skills},
  };
}

}  // namespace rp::api::genesys
