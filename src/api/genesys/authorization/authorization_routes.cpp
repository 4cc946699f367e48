// The AuthorizationApi route table: divisions, grants, divisionspermitted,
// roles, role members, user roles, the permission catalog and products, each
// with the permissions it requires.

#include "api/genesys/authorization/handlers.h"

namespace rp::api::genesys {

Routes authorization_api_routes() {
  const std::string divisions = "/api/v2/authorization/divisions";
  const std::string subject = "/api/v2/authorization/subjects/{subjectId}";
  const std::string roles = "/api/v2/authorization/roles";
  const std::string user_roles = "/api/v2/users/{userId}/roles";
  return {
      {"GET", divisions, needs_any({"authorization:division:view"}), get_divisions},
      {"POST", divisions, needs_any({"authorization:division:add"}), post_divisions},
      {"GET", divisions + "/home", needs_any({"authorization:division:view"}), get_division_home},
      {"GET", divisions + "/{divisionId}", needs_any({"authorization:division:view"}), get_division},
      {"PUT", divisions + "/{divisionId}", needs_any({"authorization:division:edit"}), put_division},
      {"DELETE", divisions + "/{divisionId}", needs_any({"authorization:division:delete"}), delete_division},

      {"GET", subject, needs_any({"authorization:grant:view"}), get_subject},
      {"POST", subject + "/bulkadd", needs_all({"authorization:grant:add"}), post_subject_bulkadd},
      {"POST", subject + "/bulkremove", needs_all({"authorization:grant:delete"}), post_subject_bulkremove},
      {"POST", subject + "/bulkreplace", needs_all({"authorization:grant:add", "authorization:grant:delete"}),
       post_subject_bulkreplace},
      {"POST", subject + "/divisions/{divisionId}/roles/{roleId}", needs_all({"authorization:grant:add"}),
       post_subject_division_role},
      {"DELETE", subject + "/divisions/{divisionId}/roles/{roleId}", needs_all({"authorization:grant:delete"}),
       delete_subject_division_role},
      {"GET", "/api/v2/authorization/divisionspermitted/me", needs_none(), get_divisionspermitted_me},
      {"GET", "/api/v2/authorization/divisionspermitted/paged/me", needs_none(), get_divisionspermitted_paged_me},

      {"GET", roles, needs_any({"authorization:role:view"}), get_roles},
      {"POST", roles, needs_any({"authorization:role:add"}), post_role},
      {"POST", roles + "/default", needs_any({"authorization:role:edit"}), post_roles_default},
      {"PUT", roles + "/default", needs_any({"authorization:role:edit"}), put_roles_default},
      {"GET", roles + "/{roleId}", needs_any({"authorization:role:view"}), get_role},
      {"PUT", roles + "/{roleId}", needs_any({"authorization:role:edit"}), put_role},
      {"PATCH", roles + "/{roleId}", needs_any({"authorization:role:edit"}), patch_role},
      {"DELETE", roles + "/{roleId}", needs_any({"authorization:role:delete"}), delete_role},
      {"GET", roles + "/{leftRoleId}/comparedefault/{rightRoleId}", needs_any({"authorization:role:view"}),
       get_comparedefault},
      {"POST", roles + "/{leftRoleId}/comparedefault/{rightRoleId}", needs_any({"authorization:role:view"}),
       post_comparedefault},
      {"PUT", roles + "/{roleId}/users/add", needs_any({"authorization:grant:add"}), put_role_users_add},
      {"PUT", roles + "/{roleId}/users/remove", needs_any({"authorization:grant:delete"}), put_role_users_remove},
      {"GET", user_roles, needs_any({"authorization:grant:view"}), get_user_roles},
      {"PUT", user_roles, needs_any({"authorization:grant:add"}), put_user_roles},
      {"DELETE", user_roles, needs_any({"authorization:grant:delete"}), delete_user_roles},

      {"GET", "/api/v2/authorization/permissions", needs_none(), get_permissions},
      {"GET", "/api/v2/authorization/products", needs_none(), get_products},
  };
}

}  // namespace rp::api::genesys
