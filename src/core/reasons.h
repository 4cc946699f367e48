#pragma once
// The reasons of rp::Error (Error::reason): one named constant per cause, and
// the only place reasons are spelled. Names are <area>.<condition> in lower
// snake case: the area is the entity or protocol concerned (entity, request,
// auth, user, role, oauth, digest, ...), the condition what went wrong.
// Reasons are dialect-neutral: each dialect maps the ones it shows to its own
// vocabulary in one table (api/genesys/errors.cpp, api/atlas/errors.cpp,
// http/oauth.cpp for the oauth.* ones); a reason it does not map falls back
// to the error's Errc.

#include <string_view>

namespace rp::reason {

// Storage, whatever the driver (conflict unless noted).
inline constexpr std::string_view duplicate = "entity.duplicate";    // a unique key is taken
inline constexpr std::string_view reference = "entity.reference";    // refers to a missing entity, or one in use
inline constexpr std::string_view constraint = "entity.constraint";  // another constraint
inline constexpr std::string_view version_mismatch = "entity.version_mismatch";  // a stale version
inline constexpr std::string_view schema_too_new = "schema.too_new";  // internal: a newer build migrated the database
inline constexpr std::string_view deadline = "request.deadline";      // unavailable: ran past the request's deadline

// The request as a dialect parsed it (invalid_argument unless noted).
inline constexpr std::string_view bad_request = "request.invalid";    // the request as a whole, not one field
inline constexpr std::string_view media_type = "request.media_type";  // an unsupported Content-Type
inline constexpr std::string_view too_many_ids = "request.too_many_ids";
inline constexpr std::string_view json_malformed = "request.json_malformed";
inline constexpr std::string_view attribute_invalid = "request.attribute_invalid";  // `field` names it
inline constexpr std::string_view attribute_missing = "request.attribute_missing";  // `field` names it
inline constexpr std::string_view entity_type_invalid = "request.entity_type_invalid";
inline constexpr std::string_view rate_limited = "request.rate_limited";  // too_many_requests
inline constexpr std::string_view invalid_date = "request.invalid_date";  // an unparsable date; `field` names it

// Authentication and authorization.
inline constexpr std::string_view auth_required = "auth.required";                         // unauthenticated
inline constexpr std::string_view bad_credentials = "auth.bad_credentials";                // unauthenticated
inline constexpr std::string_view missing_permissions = "auth.missing_permissions";        // lacks one of ALL
inline constexpr std::string_view missing_any_permission = "auth.missing_any_permission";  // holds none of ANY
inline constexpr std::string_view not_a_user = "auth.not_a_user";           // a user's operation with a client's token
inline constexpr std::string_view org_no_access = "org.no_access";          // permission_denied: not a member
inline constexpr std::string_view org_role_required = "org_role.required";  // param "role"
inline constexpr std::string_view org_role_last_owner = "org_role.last_owner";  // the last ORG_OWNER
inline constexpr std::string_view org_role_none_left = "org_role.none_left";    // a member's last role
inline constexpr std::string_view digest_invalid = "digest.invalid";
inline constexpr std::string_view digest_replayed = "digest.replayed";
inline constexpr std::string_view digest_stale = "digest.stale";  // retry with a new nonce

// Entities.
inline constexpr std::string_view user_not_found = "user.not_found";
inline constexpr std::string_view user_not_found_on_delete = "user.not_found_on_delete";
inline constexpr std::string_view manager_cycle = "user.manager_cycle";
inline constexpr std::string_view division_not_empty = "division.not_empty";
inline constexpr std::string_view role_in_use = "role.in_use";
inline constexpr std::string_view role_is_default = "role.is_default";  // made from a default definition
inline constexpr std::string_view role_invalid = "role.invalid";        // not a role id of the dialect
inline constexpr std::string_view role_missing = "role.missing";        // a known role the organization lacks
inline constexpr std::string_view role_unknown = "role.unknown";        // not a role name at all; param "role"
inline constexpr std::string_view roles_none_given = "role.none_given";
inline constexpr std::string_view operation_not_found = "operation.not_found";
inline constexpr std::string_view invitation_unknown = "invitation.unknown";
inline constexpr std::string_view invitation_used = "invitation.used";
inline constexpr std::string_view invitation_superseded = "invitation.superseded";
inline constexpr std::string_view invitation_expired = "invitation.expired";
inline constexpr std::string_view invitation_outstanding = "invitation.outstanding";
// conflict: a limit would be passed; params "limit.key" (what is counted) and
// "limit.value" (the most allowed).
inline constexpr std::string_view limit_reached = "entity.limit_reached";
inline constexpr std::string_view pairing_invalid = "trust.pairing_invalid";  // unknown, expired or used
inline constexpr std::string_view self_trust = "trust.self";                  // an organization trusting itself
// permission_denied: changing another user's out of office or geolocation.
inline constexpr std::string_view out_of_office_update = "user.out_of_office_update";
inline constexpr std::string_view geolocation_update = "user.geolocation_update";

// OAuth 2.0 (RFC 6749 error codes after the "oauth." area).
inline constexpr std::string_view oauth_invalid_request = "oauth.invalid_request";
inline constexpr std::string_view oauth_invalid_client = "oauth.invalid_client";
inline constexpr std::string_view oauth_invalid_grant = "oauth.invalid_grant";
inline constexpr std::string_view oauth_invalid_credentials = "oauth.invalid_credentials";
inline constexpr std::string_view oauth_invalid_redirect_uri = "oauth.invalid_redirect_uri";
inline constexpr std::string_view oauth_unsupported_response_type = "oauth.unsupported_response_type";
inline constexpr std::string_view oauth_access_denied = "oauth.access_denied";
inline constexpr std::string_view oauth_unauthorized_client = "oauth.unauthorized_client";

// The OAuth error code of an oauth.* reason ("invalid_client"); "" for any other.
constexpr std::string_view oauth_code(std::string_view r) {
  constexpr std::string_view area = "oauth.";
  return r.starts_with(area) ? r.substr(area.size()) : std::string_view{};
}

}  // namespace rp::reason
