#pragma once
// Row codecs: for each record, one column list and how to read a row of it
// and bind a record to it. Every SQL driver's statements select and insert
// exactly these lists, so the mapping between fields and columns is written
// once (schema: the driver's migrations).
//
// RP_SQL_<RECORD>_COLUMNS is the column list in read order, a macro so that
// drivers can splice it into statement literals. read_<record>(row, first)
// reads the columns starting at 0-based result column `first`;
// bind_<record>(params, record, first) binds them, in the same order, to
// parameters first, first + 1, ... A stored value the codec cannot decode (a
// malformed JSON list, an unknown subject type) is a logged internal error.
//
// The organization id of organization-scoped rows is not a column here: the
// driver binds and filters it itself. Token and MailMessage carry theirs.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/records.h"
#include "store/sql/row.h"

namespace rp::store::sql {

#define RP_SQL_ORGANIZATION_COLUMNS "id, name, home_division_id, created, atlas_id"
#define RP_SQL_DIVISION_COLUMNS "id, name, description, home, created"
#define RP_SQL_CONTACT_COLUMNS "address, display, media_type, type, extension, country_code"
#define RP_SQL_USER_COLUMNS                                                                    \
  "id, name, email, username, division_id, department, title, state, version, password_hash, " \
  "created, modified, date_last_login, manager_id, last_token_issued, acd_auto_answer, atlas_id"
#define RP_SQL_ROLE_COLUMNS \
  "id, name, description, default_role_id, base, created, modified, needs_update, definition_hash"
#define RP_SQL_POLICY_COLUMNS "domain, entity, actions, condition_json"
#define RP_SQL_GRANT_COLUMNS "subject_id, subject_type, role_id, division_id, created"
#define RP_SQL_CLIENT_COLUMNS                                                                                     \
  "id, name, description, secret_hash, grant_type, token_validity_seconds, state, created_by, created, modified," \
  " redirect_uris, date_to_delete, modified_by"
#define RP_SQL_TOKEN_COLUMNS "token_hash, org_id, client_id, user_id, created, expires, scope, acting_org"
#define RP_SQL_CODE_COLUMNS \
  "code_hash, client_id, user_id, redirect_uri, code_challenge, created, expires, used, acting_org"
#define RP_SQL_REFRESH_COLUMNS \
  "token_hash, client_id, user_id, session_id, access_token_hash, created, expires, rotated, acting_org"
#define RP_SQL_API_KEY_COLUMNS "id, public_key, ha1, description, private_key_hint, created_by, created"
#define RP_SQL_OPERATION_COLUMNS \
  "id, kind, user_id, roles, status, created, updated, created_by, request_id, details, attempts, next_attempt"
#define RP_SQL_AUDIT_COLUMNS                                                                            \
  "id, actor_id, actor_type, action, entity_type, entity_id, before_json, after_json, correlation_id, " \
  "time, actor_org, client_id"
#define RP_SQL_INVITATION_COLUMNS "token_hash, id, user_id, email, invited_by, created, expires, used, superseded"
// A group's own columns; member_count is not one (the driver counts members).
#define RP_SQL_GROUP_COLUMNS \
  "id, name, description, type, visibility, rules_visible, state, version, owner_ids, created, modified"
#define RP_SQL_ROUTING_SKILL_COLUMNS "kind, id, name, division_id, version, created, modified"
// An assignment's own columns; the skill's name is read by a join.
#define RP_SQL_USER_SKILL_COLUMNS "user_id, skill_id, proficiency, active"
// A queue's own columns; the member counts are not (the driver counts them).
#define RP_SQL_QUEUE_COLUMNS "id, name, division_id, description, config, created_by, modified_by, created, modified"
#define RP_SQL_QUEUE_MEMBER_COLUMNS "queue_id, user_id, joined, ring_number"
// Lines are stored as one JSON array of [id, name] pairs.
#define RP_SQL_PHONE_COLUMNS "id, name, description, web_rtc_user_id, lines, site, base_settings, station_id, created"
#define RP_SQL_USER_STATION_COLUMNS "user_id, associated_station, associated_at, default_station, last_station"
#define RP_SQL_OUT_OF_OFFICE_COLUMNS "user_id, active, indefinite, start_date, end_date, modified"
#define RP_SQL_GEOLOCATION_COLUMNS \
  "user_id, client_id, type, is_primary, latitude, longitude, country, region, city, modified"
// Labels are stored as one JSON array of strings, locale and label in turn.
#define RP_SQL_PRESENCE_DEFINITION_COLUMNS \
  "id, system_presence, labels, deactivated, deleted, created_by, modified_by, created, modified"
#define RP_SQL_STATUS_COLUMNS "user_id, kind, started, ended, system_presence, presence_id, routing_status"
// The trust records carry their organizations: they are columns here.
#define RP_SQL_TRUST_COLUMNS \
  "trustor_org, trustee_org, enabled, uses_default_role, origin, created_by, created, expires"
#define RP_SQL_TRUST_MEMBER_COLUMNS "trustor_org, trustee_org, kind, member_id, created_by, created"
#define RP_SQL_TRUST_GRANT_COLUMNS "kind, member_id, role_id, division_id"
#define RP_SQL_PAIRING_COLUMNS "id, trustee_org, created_by, user_ids, group_ids, created, expires, consumed"
#define RP_SQL_CLONED_USER_COLUMNS "trustor_org, trustee_org, trustee_user_id, clone_user_id, created"
#define RP_SQL_MAIL_COLUMNS \
  "id, org_id, recipient, subject, body, state, attempts, last_error, created, next_attempt, sent"

Result<Organization> read_organization(const Row& row, int first = 0);
void bind_organization(Params& params, const Organization& o, int first);
Result<Division> read_division(const Row& row, int first = 0);
void bind_division(Params& params, const Division& d, int first);
Result<Contact> read_contact(const Row& row, int first = 0);
void bind_contact(Params& params, const Contact& c, int first);
// The user's own columns; its contacts are rows of their own.
Result<User> read_user(const Row& row, int first = 0);
void bind_user(Params& params, const User& u, int first);
// The role's own columns; its policies are rows of their own.
Result<Role> read_role(const Row& row, int first = 0);
void bind_role(Params& params, const Role& r, int first);
Result<Policy> read_policy(const Row& row, int first = 0);
void bind_policy(Params& params, const Policy& p, int first);
Result<Grant> read_grant(const Row& row, int first = 0);
void bind_grant(Params& params, const Grant& g, int first);
Result<OAuthClient> read_client(const Row& row, int first = 0);
void bind_client(Params& params, const OAuthClient& c, int first);
Result<Token> read_token(const Row& row, int first = 0);
void bind_token(Params& params, const Token& t, int first);
Result<AuthorizationCode> read_code(const Row& row, int first = 0);
void bind_code(Params& params, const AuthorizationCode& c, int first);
Result<RefreshToken> read_refresh(const Row& row, int first = 0);
void bind_refresh(Params& params, const RefreshToken& t, int first);
Result<ApiKey> read_api_key(const Row& row, int first = 0);
void bind_api_key(Params& params, const ApiKey& k, int first);
Result<Operation> read_operation(const Row& row, int first = 0);
void bind_operation(Params& params, const Operation& o, int first);
Result<AuditRecord> read_audit(const Row& row, int first = 0);
void bind_audit(Params& params, const AuditRecord& a, int first);
Result<Invitation> read_invitation(const Row& row, int first = 0);
void bind_invitation(Params& params, const Invitation& i, int first);
Result<Group> read_group(const Row& row, int first = 0);
void bind_group(Params& params, const Group& g, int first);
Result<RoutingSkill> read_routing_skill(const Row& row, int first = 0);
void bind_routing_skill(Params& params, const RoutingSkill& s, int first);
// The assignment's columns and, after them, the skill's name.
Result<UserSkill> read_user_skill(const Row& row, int first = 0);
void bind_user_skill(Params& params, const UserSkill& s, int first);

Result<Queue> read_queue(const Row& row, int first = 0);
void bind_queue(Params& params, const Queue& q, int first);

Result<Phone> read_phone(const Row& row, int first = 0);
void bind_phone(Params& params, const Phone& p, int first);

Result<UserStation> read_user_station(const Row& row, int first = 0);
void bind_user_station(Params& params, const UserStation& s, int first);

Result<OutOfOffice> read_out_of_office(const Row& row, int first = 0);
void bind_out_of_office(Params& params, const OutOfOffice& o, int first);

Result<Geolocation> read_geolocation(const Row& row, int first = 0);
void bind_geolocation(Params& params, const Geolocation& g, int first);

Result<QueueMember> read_queue_member(const Row& row, int first = 0);
void bind_queue_member(Params& params, const QueueMember& m, int first);
Result<PresenceDefinition> read_presence_definition(const Row& row, int first = 0);
void bind_presence_definition(Params& params, const PresenceDefinition& d, int first);
Result<StatusInterval> read_status(const Row& row, int first = 0);
void bind_status(Params& params, const StatusInterval& s, int first);
Result<Trust> read_trust(const Row& row, int first = 0);
void bind_trust(Params& params, const Trust& t, int first);
Result<TrustMember> read_trust_member(const Row& row, int first = 0);
void bind_trust_member(Params& params, const TrustMember& m, int first);
Result<TrustGrant> read_trust_grant(const Row& row, int first = 0);
void bind_trust_grant(Params& params, const TrustGrant& g, int first);
Result<Pairing> read_pairing(const Row& row, int first = 0);
void bind_pairing(Params& params, const Pairing& p, int first);
Result<ClonedUser> read_cloned_user(const Row& row, int first = 0);
void bind_cloned_user(Params& params, const ClonedUser& c, int first);
Result<MailMessage> read_mail(const Row& row, int first = 0);
void bind_mail(Params& params, const MailMessage& m, int first);

// A list of strings as a JSON array of strings (policy actions, redirect
// URIs, and the id lists handed to json_each() in queries).
std::string encode_string_array(const std::vector<std::string>& items);
// The inverse of encode_string_array; nullopt if `json` is not an array of strings.
std::optional<std::vector<std::string>> decode_string_array(std::string_view json);

std::string_view to_column(SubjectType t);
std::optional<SubjectType> subject_type_from_column(std::string_view s);

}  // namespace rp::store::sql
