// The OrganizationAuthorizationApi route table. /trustees/... is the
// trustor's side (the organizations it lets in), /trustors/... the
// trustee's (the organizations that let it in); pairings are the trustee's.
// Permissions are those of endpoint-permissions.tsv.

#include "api/genesys/trust/handlers.h"

namespace rp::api::genesys {

Routes trust_api_routes() {
  const std::string base = "/api/v2/orgauthorization";
  const std::string trustees = base + "/trustees";
  const std::string trustee = trustees + "/{trusteeOrgId}";
  const std::string t_user = trustee + "/users/{trusteeUserId}";
  const std::string t_group = trustee + "/groups/{trusteeGroupId}";
  const std::string trustors = base + "/trustors";
  const std::string trustor = trustors + "/{trustorOrgId}";
  const std::string o_user = trustor + "/users/{trusteeUserId}";
  const std::string o_group = trustor + "/groups/{trustorGroupId}";
  const std::string o_clone = trustor + "/clonedusers/{trusteeUserId}";
  return {
      {"POST", base + "/pairings", needs_any({"authorization:orgTrustee:add"}), post_pairings},
      {"GET", base + "/pairings/{pairingId}",
       needs_any({"authorization:orgTrustee:view", "authorization:orgTrustor:view"}), get_pairing},

      {"GET", trustees, needs_any({"authorization:orgTrustee:view"}), get_trustees},
      {"POST", trustees, needs_all({"authorization:orgTrustee:add", "authorization:orgTrusteeUser:add"}),
       post_trustees},
      {"DELETE", trustees, needs_any({"authorization:orgTrustee:delete"}), delete_trustees},
      {"POST", trustees + "/audits", needs_any({"authorization:audit:view"}), post_trustees_audits},
      {"POST", base + "/trustor/audits", needs_any({"authorization:audit:view"}), post_trustor_audits},
      {"GET", trustees + "/default", needs_any({"authorization:orgTrustee:view", "authorization:orgTrusteeUser:view"}),
       get_trustees_default},
      {"POST", trustees + "/default", needs_all({"authorization:orgTrustee:add", "authorization:orgTrusteeUser:add"}),
       post_trustees_default},
      {"GET", trustee, needs_any({"authorization:orgTrustee:view"}), get_trustee},
      {"PUT", trustee, needs_any({"authorization:orgTrustee:edit"}), put_trustee},
      {"DELETE", trustee, needs_any({"authorization:orgTrustee:delete"}), delete_trustee},

      {"GET", trustee + "/users", needs_any({"authorization:orgTrusteeUser:view"}), get_trustee_users},
      {"POST", trustee + "/users", needs_any({"authorization:orgTrusteeUser:add"}), post_trustee_users},
      {"GET", t_user, needs_any({"authorization:orgTrusteeUser:view"}), get_trustee_user},
      {"DELETE", t_user, needs_any({"authorization:orgTrusteeUser:delete"}), delete_trustee_user},
      {"GET", t_user + "/roles", needs_any({"authorization:orgTrusteeUser:view"}), get_trustee_user_roles},
      {"PUT", t_user + "/roles", needs_any({"authorization:orgTrusteeUser:edit"}), put_trustee_user_roles},
      {"PUT", t_user + "/roledivisions", needs_any({"authorization:orgTrusteeUser:edit"}),
       put_trustee_user_roledivisions},
      {"DELETE", t_user + "/roles", needs_any({"authorization:orgTrusteeUser:delete"}), delete_trustee_user_roles},

      {"GET", trustee + "/groups", needs_any({"authorization:orgTrusteeGroup:view"}), get_trustee_groups},
      {"POST", trustee + "/groups", needs_any({"authorization:orgTrusteeGroup:add"}), post_trustee_groups},
      {"GET", t_group, needs_any({"authorization:orgTrusteeGroup:view"}), get_trustee_group},
      {"DELETE", t_group, needs_any({"authorization:orgTrusteeGroup:delete"}), delete_trustee_group},
      {"GET", t_group + "/roles", needs_any({"authorization:orgTrusteeGroup:view"}), get_trustee_group_roles},
      {"PUT", t_group + "/roles", needs_any({"authorization:orgTrusteeGroup:edit"}), put_trustee_group_roles},
      {"PUT", t_group + "/roledivisions", needs_any({"authorization:orgTrusteeGroup:edit"}),
       put_trustee_group_roledivisions},
      {"DELETE", t_group + "/roles", needs_any({"authorization:orgTrusteeGroup:delete"}), delete_trustee_group_roles},

      {"GET", trustee + "/clonedusers", needs_any({"directory:user:view"}), get_trustee_clonedusers},
      {"DELETE", trustee + "/clonedusers/{trusteeUserId}", needs_any({"directory:user:delete"}),
       delete_trustee_cloneduser},

      {"GET", trustors, needs_any({"authorization:orgTrustor:view"}), get_trustors},
      {"DELETE", trustors, needs_any({"authorization:orgTrustor:delete"}), delete_trustors},
      {"GET", trustor, needs_any({"authorization:orgTrustor:view"}), get_trustor},
      {"DELETE", trustor, needs_any({"authorization:orgTrustor:delete"}), delete_trustor},

      {"GET", trustor + "/users", needs_any({"authorization:orgTrusteeUser:view"}), get_trustor_users},
      {"GET", o_user, needs_any({"authorization:orgTrusteeUser:view"}), get_trustor_user},
      {"PUT", o_user, needs_all({"authorization:orgTrusteeUser:add"}), put_trustor_user},
      {"DELETE", o_user, needs_any({"authorization:orgTrusteeUser:delete"}), delete_trustor_user},
      {"GET", trustor + "/groups", needs_any({"authorization:orgTrusteeGroup:view"}), get_trustor_groups},
      {"GET", o_group, needs_any({"authorization:orgTrusteeGroup:view"}), get_trustor_group},
      {"PUT", o_group, needs_all({"authorization:orgTrusteeGroup:add"}), put_trustor_group},
      {"DELETE", o_group, needs_any({"authorization:orgTrusteeGroup:delete"}), delete_trustor_group},
      {"GET", trustor + "/clonedusers", needs_any({"authorization:orgTrusteeUser:view"}), get_trustor_clonedusers},
      {"GET", o_clone, needs_any({"authorization:orgTrusteeUser:view"}), get_trustor_cloneduser},
      {"PUT", o_clone, needs_all({"authorization:orgTrusteeUser:add"}), put_trustor_cloneduser},
      {"DELETE", o_clone, needs_any({"authorization:orgTrusteeUser:delete"}), delete_trustor_cloneduser},
  };
}

}  // namespace rp::api::genesys
