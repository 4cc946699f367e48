// The AuthorizationApi route table: divisions, grants, divisionspermitted,
// roles, role members, user roles, the permission catalog and products, each
// with the permissions it requires.

#include "api/genesys/authorization/handlers.h"

namespace rp::api::genesys {

Routes authorization_api_routes() {
  using authz::Requirement;
  const auto any = [](std::vector<std::string> names) { return Requirement::any_of(std::move(names)); };
  const auto all = [](std::vector<std::string> names) { return Requirement::all_of(std::move(names)); };
  const auto none = Requirement::none;
  const std::string divisions = "/api/v2/authorization/divisions";
  const std::string subject = "/api/v2/authorization/subjects/{subjectId}";
  const std::string roles = "/api/v2/authorization/roles";
  const std::string user_roles = "/api/v2/users/{userId}/roles";
  return {
      {"GET", divisions, any({"authorization:division:view"}), get_divisions},
      {"POST", divisions, any({"authorization:division:add"}), post_divisions},
      {"GET", divisions + "/home", any({"authorization:division:view"}), get_division_home},
      {"GET", divisions + "/{divisionId}", any({"authorization:division:view"}), get_division},
      {"PUT", divisions + "/{divisionId}", any({"authorization:division:edit"}), put_division},
      {"DELETE", divisions + "/{divisionId}", any({"authorization:division:delete"}), delete_division},

      {"GET", subject, any({"authorization:grant:view"}), get_subject},
      {"POST", subject + "/bulkadd", all({"authorization:grant:add"}), post_subject_bulkadd},
      {"POST", subject + "/bulkremove", all({"authorization:grant:delete"}), post_subject_bulkremove},
      {"POST", subject + "/bulkreplace", all({"authorization:grant:add", "authorization:grant:delete"}),
       post_subject_bulkreplace},
      {"POST", subject + "/divisions/{divisionId}/roles/{roleId}", all({"authorization:grant:add"}),
       post_subject_division_role},
      {"DELETE", subject + "/divisions/{divisionId}/roles/{roleId}", all({"authorization:grant:delete"}),
       delete_subject_division_role},
      {"GET", "/api/v2/authorization/divisionspermitted/me", none(), get_divisionspermitted_me},
      {"GET", "/api/v2/authorization/divisionspermitted/paged/me", none(), get_divisionspermitted_paged_me},

      {"GET", roles, any({"authorization:role:view"}), get_roles},
      {"POST", roles, any({"authorization:role:add"}), post_role},
      {"POST", roles + "/default", any({"authorization:role:edit"}), post_roles_default},
      {"PUT", roles + "/default", any({"authorization:role:edit"}), put_roles_default},
      {"GET", roles + "/{roleId}", any({"authorization:role:view"}), get_role},
      {"PUT", roles + "/{roleId}", any({"authorization:role:edit"}), put_role},
      {"PATCH", roles + "/{roleId}", any({"authorization:role:edit"}), patch_role},
      {"DELETE", roles + "/{roleId}", any({"authorization:role:delete"}), delete_role},
      {"GET", roles + "/{leftRoleId}/comparedefault/{rightRoleId}", any({"authorization:role:view"}),
       get_comparedefault},
      {"POST", roles + "/{leftRoleId}/comparedefault/{rightRoleId}", any({"authorization:role:view"}),
       post_comparedefault},
      {"PUT", roles + "/{roleId}/users/add", any({"authorization:grant:add"}), put_role_users_add},
      {"PUT", roles + "/{roleId}/users/remove", any({"authorization:grant:delete"}), put_role_users_remove},
      {"GET", user_roles, any({"authorization:grant:view"}), get_user_roles},
      {"PUT", user_roles, any({"authorization:grant:add"}), put_user_roles},
      {"DELETE", user_roles, any({"authorization:grant:delete"}), delete_user_roles},

      {"GET", "/api/v2/authorization/permissions", none(), get_permissions},
      {"GET", "/api/v2/authorization/products", none(), get_products},
  };
}

}  // namespace rp::api::genesys
