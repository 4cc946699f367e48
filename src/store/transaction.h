#pragma once
// What a closure of Store::read or Store::write sees: one organization's
// data inside one transaction, as small interfaces, one per aggregate, each
// split into its reads and its writes. They are composed into
//
//   Reader                - every read (Store::read hands out only this, so
//                           a write inside a read does not compile);
//   ReadWriteTransaction  - a Reader plus every write (Store::write).
//
// Tenancy: a transaction is bound to exactly one organization when it is
// opened; it never reads or writes rows of another organization, and an id
// that exists only in another organization is simply not found.
//
// Errors, as rp::Error (drivers translate their native errors):
//   not_found        - get_* of an id that is not in this organization
//   conflict         - unique key taken (reason::duplicate), stale version
//                      (reason::version_mismatch), or row in use
//   invalid_argument - a record of another organization (tokens, mail)
//   unavailable      - the database is busy or closed, or the deadline passed
//   internal         - anything else (the message is safe: no SQL, no paths)
//
// update_* replace every stored field of the record with the given values
// (created included) unless the method says otherwise; the key fields (id,
// organization) never change.
//
// Thread safety: a transaction belongs to the thread that runs the closure
// and must not escape it.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "core/paging.h"
#include "store/records.h"
#include "store/search.h"

namespace rp::store {

struct UserQuery {
  PageRequest page;
  std::vector<UserState> states = {UserState::active};  // empty = any state
  std::vector<std::string> ids;                         // empty = no id filter
  bool descending = false;                              // order by name ignoring case (then id)
};

class OrganizationReads {
 public:
  virtual ~OrganizationReads() = default;
  virtual Result<Organization> organization() = 0;
};

class DivisionReads {
 public:
  virtual ~DivisionReads() = default;
  virtual Result<Division> get_division(std::string_view id) = 0;
  virtual Result<std::vector<Division>> list_divisions() = 0;
  // Objects that live in the division, by type: "users" (not deleted) and
  // "grants". Types with no objects are still listed, with 0.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> division_object_counts(std::string_view id) = 0;
};

class DivisionWrites {
 public:
  virtual ~DivisionWrites() = default;
  virtual Result<void> insert_division(const Division& d) = 0;  // conflict if the name is taken
  // Replaces name and description (home and created are kept as stored).
  // not_found if absent; conflict if the new name is taken.
  virtual Result<void> update_division(const Division& d) = 0;
  // not_found if absent. Refuses nothing itself: the service decides what
  // may be deleted (see division_object_counts).
  virtual Result<void> delete_division(std::string_view id) = 0;
};

// Users. Email and username are unique per organization, case-insensitively,
// among users that are not deleted.
class UserReads {
 public:
  virtual ~UserReads() = default;
  virtual Result<User> get_user(std::string_view id) = 0;
  // Case-insensitive; deleted users are never found.
  virtual Result<std::optional<User>> find_user_by_email(std::string_view email) = 0;
  virtual Result<std::optional<User>> find_user_by_username(std::string_view username) = 0;
  // By the user's 24-hex Atlas id; deleted users are never found.
  virtual Result<std::optional<User>> find_user_by_atlas_id(std::string_view atlas_id) = 0;
  virtual Result<Page<User>> list_users(const UserQuery& q) = 0;
  // The users that are not deleted whose manager_id is `manager_id`, ordered
  // by name ignoring case (then id). Empty for an unknown id.
  virtual Result<std::vector<User>> direct_reports(std::string_view manager_id) = 0;
  // The users matching `q` (store/search.h), in its order, with their total.
  // invalid_argument for a page that is not positive.
  virtual Result<Page<User>> search_users(const UserSearch& q) = 0;
};

class UserWrites {
 public:
  virtual ~UserWrites() = default;
  virtual Result<void> insert_user(const User& u) = 0;
  // Inserts many users at once (bulk loads): all of them or, on the first
  // failure (conflict on a taken email or username), none.
  virtual Result<void> insert_users(const std::vector<User>& users) = 0;
  // Replaces the stored user whose version is `expected_version` with `u`
  // (u.version is stored as given). conflict/reason::version_mismatch if the
  // stored version differs; not_found if there is no such user.
  virtual Result<void> update_user(const User& u, std::int64_t expected_version) = 0;
  // Sets only the given columns (nullopt leaves one as it is): neither the
  // version nor `modified` changes, so a concurrent update of the user is
  // neither lost nor refused. not_found if there is no such user.
  virtual Result<void> record_user_activity(std::string_view user_id, std::optional<Millis> date_last_login,
                                            std::optional<Millis> last_token_issued) = 0;
  // Sets only the password hash, like record_user_activity. not_found.
  virtual Result<void> set_user_password(std::string_view user_id, std::string_view password_hash) = 0;
};

// Roles with their policies.
class RoleReads {
 public:
  virtual ~RoleReads() = default;
  virtual Result<Role> get_role(std::string_view id) = 0;
  virtual Result<std::vector<Role>> list_roles() = 0;
  // (default role id, role id) of every role made from a default definition,
  // by default role id: a cheap lookup that reads no policies.
  virtual Result<std::vector<std::pair<std::string, std::string>>> default_role_ids() = 0;
  // For every role with user grants: the number of distinct users (subject
  // type user, not deleted) granted the role in at least one division.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> role_user_counts() = 0;
};

class RoleWrites {
 public:
  virtual ~RoleWrites() = default;
  virtual Result<void> insert_role(const Role& r) = 0;  // conflict if the name is taken
  virtual Result<void> update_role(const Role& r) = 0;  // not_found if absent
  // not_found if absent. The role's grants go with it.
  virtual Result<void> delete_role(std::string_view id) = 0;
};

// Grants (subject, role, division). The division is not checked ('*' stands
// for all divisions).
class GrantReads {
 public:
  virtual ~GrantReads() = default;
  virtual Result<std::vector<Grant>> list_grants() = 0;
  virtual Result<std::vector<Grant>> grants_of(std::string_view subject_id) = 0;
  virtual Result<std::vector<Grant>> grants_of_role(std::string_view role_id) = 0;
  // The grants of several subjects at once, ordered by subject id.
  virtual Result<std::vector<Grant>> grants_of_subjects(const std::vector<std::string>& subject_ids) = 0;
};

class GrantWrites {
 public:
  virtual ~GrantWrites() = default;
  // A no-op for an existing grant; not_found if the role is not one of this
  // organization's.
  virtual Result<void> insert_grant(const Grant& g) = 0;
  virtual Result<void> delete_grant(const Grant& g) = 0;  // no-op if absent
  virtual Result<void> delete_grants_of(std::string_view subject_id) = 0;
};

class ClientReads {
 public:
  virtual ~ClientReads() = default;
  virtual Result<OAuthClient> get_client(std::string_view id) = 0;
  virtual Result<std::vector<OAuthClient>> list_clients() = 0;
};

class ClientWrites {
 public:
  virtual ~ClientWrites() = default;
  virtual Result<void> insert_client(const OAuthClient& c) = 0;
  virtual Result<void> update_client(const OAuthClient& c) = 0;  // not_found if absent
  // not_found if absent. Only the client row goes: its grants and tokens are
  // removed by the caller (delete_grants_of, delete_tokens_of_client).
  virtual Result<void> delete_client(std::string_view id) = 0;
};

// Access tokens (by hash) and the sessions of refresh tokens they belong to.
class TokenReads {
 public:
  virtual ~TokenReads() = default;
  // Tokens issued to a client, or to a user (any client), ordered by hash.
  virtual Result<std::vector<Token>> tokens_of_client(std::string_view client_id) = 0;
  virtual Result<std::vector<Token>> tokens_of_user(std::string_view user_id) = 0;
  // The session access token `access_token_hash` was issued in ("" if none).
  virtual Result<std::string> session_of_access_token(std::string_view access_token_hash) = 0;
};

// Every removal returns the access token hashes removed (sorted), so that an
// in-memory cache can drop them too.
class TokenWrites {
 public:
  virtual ~TokenWrites() = default;
  // token.org_id must equal the transaction's organization (else
  // invalid_argument); deleting an absent token is a no-op.
  virtual Result<void> insert_token(const Token& t) = 0;
  virtual Result<void> delete_token(std::string_view token_hash) = 0;
  virtual Result<std::vector<std::string>> delete_tokens_of_client(std::string_view client_id) = 0;
  virtual Result<std::vector<std::string>> delete_tokens_of_user(std::string_view user_id) = 0;
  // Removes the session's refresh tokens and the access tokens issued with them.
  virtual Result<std::vector<std::string>> delete_session_tokens(std::string_view session_id) = 0;
  // Removes every access and refresh token of the user except those of
  // session `keep_session` ("" keeps none).
  virtual Result<std::vector<std::string>> delete_user_tokens(std::string_view user_id,
                                                              std::string_view keep_session) = 0;
  // Removes the access and refresh tokens of this organization's users that
  // act in `acting_org` through a trust: those of `user_ids`, or of every
  // user when it is empty.
  virtual Result<std::vector<std::string>> delete_acting_tokens(std::string_view acting_org,
                                                                const std::vector<std::string>& user_ids) = 0;
  // Ends the access and refresh tokens acting in `acting_org` no later than
  // `until`; returns the access token hashes whose expiry moved.
  virtual Result<std::vector<std::string>> cap_acting_tokens(std::string_view acting_org, Millis until) = 0;
};

// Sign-in: authorization codes and refresh tokens (by hash).
class SignInReads {
 public:
  virtual ~SignInReads() = default;
  virtual Result<AuthorizationCode> get_code(std::string_view code_hash) = 0;       // not_found
  virtual Result<RefreshToken> get_refresh_token(std::string_view token_hash) = 0;  // not_found
};

class SignInWrites {
 public:
  virtual ~SignInWrites() = default;
  virtual Result<void> insert_code(const AuthorizationCode& c) = 0;
  // Marks the code used; false if it already was. not_found.
  virtual Result<bool> use_code(std::string_view code_hash) = 0;
  virtual Result<void> insert_refresh_token(const RefreshToken& t) = 0;
  // Marks the token rotated; false if it already was. not_found.
  virtual Result<bool> rotate_refresh_token(std::string_view token_hash) = 0;
  // Removes the codes and refresh tokens that expired before `now`.
  virtual Result<void> purge_expired_sign_ins(Millis now) = 0;
};

// Profile skills of users, in the order they were set.
class ProfileSkillReads {
 public:
  virtual ~ProfileSkillReads() = default;
  virtual Result<std::vector<std::string>> profile_skills(std::string_view user_id) = 0;
  // (user id, skill) for several users, by user id then position.
  virtual Result<std::vector<std::pair<std::string, std::string>>> profile_skills_of(
      const std::vector<std::string>& user_ids) = 0;
};

class ProfileSkillWrites {
 public:
  virtual ~ProfileSkillWrites() = default;
  // Replaces the user's profile skills.
  virtual Result<void> set_profile_skills(std::string_view user_id, const std::vector<std::string>& skills) = 0;
};

// Invitations (by token hash).
class InvitationReads {
 public:
  virtual ~InvitationReads() = default;
  virtual Result<std::optional<Invitation>> find_invitation(std::string_view token_hash) = 0;
  // The user's invitations, newest first.
  virtual Result<std::vector<Invitation>> invitations_of_user(std::string_view user_id) = 0;
  // For each of the users invited at least once: (user id, when the newest
  // invitation was made), by user id.
  virtual Result<std::vector<std::pair<std::string, Millis>>> last_invited(
      const std::vector<std::string>& user_ids) = 0;
};

class InvitationWrites {
 public:
  virtual ~InvitationWrites() = default;
  virtual Result<void> insert_invitation(const Invitation& i) = 0;
  // Replaces used and superseded (not_found if absent).
  virtual Result<void> update_invitation(const Invitation& i) = 0;
};

// The mail outbox.
class MailReads {
 public:
  virtual ~MailReads() = default;
  // The organization's outbox, oldest first.
  virtual Result<std::vector<MailMessage>> list_mail() = 0;
};

class MailWrites {
 public:
  virtual ~MailWrites() = default;
  // m.org_id must equal the transaction's organization (else invalid_argument).
  virtual Result<void> insert_mail(const MailMessage& m) = 0;
  // Replaces state, attempts, last_error, next_attempt, sent and body
  // (not_found if absent).
  virtual Result<void> update_mail(const MailMessage& m) = 0;
};

// Atlas programmatic API keys, oldest first.
class ApiKeyReads {
 public:
  virtual ~ApiKeyReads() = default;
  virtual Result<std::vector<ApiKey>> list_api_keys() = 0;
  virtual Result<ApiKey> get_api_key(std::string_view id) = 0;
};

class ApiKeyWrites {
 public:
  virtual ~ApiKeyWrites() = default;
  virtual Result<void> insert_api_key(const ApiKey& k) = 0;
  // Changes the description only (not_found if absent).
  virtual Result<void> update_api_key(const ApiKey& k) = 0;
  // not_found if absent; its grants are removed by the caller (delete_grants_of).
  virtual Result<void> delete_api_key(std::string_view id) = 0;
};

// Workiva asynchronous operations.
class OperationReads {
 public:
  virtual ~OperationReads() = default;
  virtual Result<Operation> get_operation(std::string_view id) = 0;  // not_found
};

class OperationWrites {
 public:
  virtual ~OperationWrites() = default;
  virtual Result<void> insert_operation(const Operation& o) = 0;
  // Replaces status, updated and details (not_found if absent).
  virtual Result<void> update_operation(const Operation& o) = 0;
};

// Groups of users and their members. Deleted groups keep their row (state
// deleted) and lose their members.
struct GroupQuery {
  PageRequest page;
  std::vector<std::string> ids;  // empty = every group
  bool descending = false;       // order by name ignoring case (then id)
};

class GroupReads {
 public:
  virtual ~GroupReads() = default;
  // not_found if absent; deleted groups are returned (state deleted).
  virtual Result<Group> get_group(std::string_view id) = 0;
  // Groups not deleted, by name.
  virtual Result<Page<Group>> list_groups(const GroupQuery& q) = 0;
  // The member user ids of the group, in user-id order.
  virtual Result<std::vector<std::string>> group_members(std::string_view group_id) = 0;
  // The ids of the groups (not deleted) the user is a member of, in group-id order.
  virtual Result<std::vector<std::string>> groups_of_user(std::string_view user_id) = 0;
  // For each of the users, the groups (not deleted) it is a member of: (user
  // id, group), by user id, then group name. One query whatever the number.
  virtual Result<std::vector<std::pair<std::string, Group>>> groups_of_users(
      const std::vector<std::string>& user_ids) = 0;
};

class GroupWrites {
 public:
  virtual ~GroupWrites() = default;
  // conflict (reason::duplicate, field name) if the name is taken.
  virtual Result<void> insert_group(const Group& g) = 0;
  // Replaces every field but id and created when the stored version is
  // `expected_version`; conflict (reason::version_mismatch) otherwise,
  // not_found if absent. Deleting (state deleted) removes the members.
  virtual Result<void> update_group(const Group& g, std::int64_t expected_version) = 0;
  // Adds or removes members (users of the organization; reference conflict
  // for an unknown user); repeats are no-ops. The caller bumps the version.
  virtual Result<void> add_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) = 0;
  virtual Result<void> remove_group_members(std::string_view group_id, const std::vector<std::string>& user_ids) = 0;
};

// Routing skills and languages of the organization (records.h
// RoutingSkill), and their assignments to users. Every method names the
// kind; a skill of the other kind is not found. Deleting a skill deletes its
// assignments.
struct SkillQuery {
  PageRequest page;
  std::string name_prefix;                            // names that start with it, ignoring case
  std::vector<std::string> ids;                       // empty = no id filter
  std::optional<std::vector<std::string>> divisions;  // skills in these divisions only; nullopt = any
  bool descending = false;                            // order by name ignoring case (then id)
};

class RoutingSkillReads {
 public:
  virtual ~RoutingSkillReads() = default;
  virtual Result<RoutingSkill> get_routing_skill(SkillKind kind, std::string_view id) = 0;
  virtual Result<Page<RoutingSkill>> list_routing_skills(SkillKind kind, const SkillQuery& q) = 0;
  // The user's skills of the kind, by skill name (then id), with their names.
  virtual Result<Page<UserSkill>> user_skills(SkillKind kind, std::string_view user_id, const PageRequest& page,
                                              bool descending) = 0;
  // The skills of the kind of each of the users, by user id then skill
  // name. One query whatever the number.
  virtual Result<std::vector<UserSkill>> user_skills_of(SkillKind kind, const std::vector<std::string>& user_ids) = 0;
};

class RoutingSkillWrites {
 public:
  virtual ~RoutingSkillWrites() = default;
  // conflict (reason::duplicate, field name) if the kind has the name.
  virtual Result<void> insert_routing_skill(const RoutingSkill& s) = 0;
  // Deletes the skill and every assignment of it; not_found if absent.
  virtual Result<void> delete_routing_skill(SkillKind kind, std::string_view id) = 0;
  // Assigns the skill (a skill of the kind, not_found otherwise) to the
  // user, or replaces proficiency and state of its assignment.
  virtual Result<void> set_user_skill(SkillKind kind, const UserSkill& s) = 0;
  // not_found if the user does not have the skill.
  virtual Result<void> remove_user_skill(SkillKind kind, std::string_view user_id, std::string_view skill_id) = 0;
};

// Routing queues (records.h Queue) and their members. Members that are
// deleted users are kept (restoring the user brings them back) but neither
// read nor counted. Deleting a queue deletes its memberships.
struct QueueQuery {
  PageRequest page;
  // The name ignoring case; a leading and/or trailing '*' matches anything
  // ("*desk" ends with, "desk*" starts with, "*desk*" contains). Empty = any.
  std::string name;
  std::vector<std::string> ids;                       // empty = no id filter
  std::optional<std::vector<std::string>> divisions;  // queues in these divisions only; nullopt = any
  bool descending = false;                            // order by name ignoring case (then id)
};

class QueueReads {
 public:
  virtual ~QueueReads() = default;
  virtual Result<Queue> get_queue(std::string_view id) = 0;
  virtual Result<Page<Queue>> list_queues(const QueueQuery& q) = 0;
  // The queue's members, by user name ignoring case, then user id.
  virtual Result<std::vector<QueueMember>> queue_members(std::string_view queue_id) = 0;
  // The user's memberships, by queue name ignoring case, then queue id
  // (none while the user is deleted).
  virtual Result<std::vector<QueueMember>> user_memberships(std::string_view user_id) = 0;
};

class QueueWrites {
 public:
  virtual ~QueueWrites() = default;
  // conflict (reason::duplicate) if a queue has the name, ignoring case.
  virtual Result<void> insert_queue(const Queue& q) = 0;
  // Replaces name, division, description, config, modified and
  // modified_by; not_found if absent; conflict as insert_queue.
  virtual Result<void> update_queue(const Queue& q) = 0;
  // Deletes the queue with its memberships; not_found if absent.
  virtual Result<void> delete_queue(std::string_view id) = 0;
  // Makes the users (of the organization: conflict, reason::reference,
  // otherwise) members, unjoined with ring number 1; members stay as they are.
  virtual Result<void> add_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) = 0;
  // Ends the users' memberships; non-members are skipped.
  virtual Result<void> remove_queue_members(std::string_view queue_id, const std::vector<std::string>& user_ids) = 0;
  // Replaces joined and ring number; not_found if not a member.
  virtual Result<void> update_queue_member(const QueueMember& m) = 0;
};

// Phones and their stations (records.h Phone), and users' stations
// (UserStation). Names are unique ignoring case; a user has at most one
// WebRTC phone. Deleting a phone clears its station from every user.
class TelephonyReads {
 public:
  virtual ~TelephonyReads() = default;
  virtual Result<Phone> get_phone(std::string_view id) = 0;
  // The phone whose station it is; not_found if none.
  virtual Result<Phone> phone_of_station(std::string_view station_id) = 0;
  // Every phone of the organization, by name ignoring case, then id.
  virtual Result<std::vector<Phone>> all_phones() = 0;
  // The users' stations, of those of `user_ids` that have any, by user id.
  virtual Result<std::vector<UserStation>> user_stations_of(const std::vector<std::string>& user_ids) = 0;
  // The users associated with, or defaulting to, any of the stations.
  virtual Result<std::vector<UserStation>> station_users(const std::vector<std::string>& station_ids) = 0;
};

class TelephonyWrites {
 public:
  virtual ~TelephonyWrites() = default;
  // conflict (reason::duplicate) for a taken name, or a second WebRTC phone
  // of the user.
  virtual Result<void> insert_phone(const Phone& p) = 0;
  // Deletes the phone and clears its station from every user and every
  // call forwarding; not_found.
  virtual Result<void> delete_phone(std::string_view id) = 0;
  // Replaces the user's stations (all empty: removes the row). The caller
  // clears a station from its previous user first.
  virtual Result<void> set_user_station(const UserStation& s) = 0;
};

// What a user reports of itself beyond presence: its out of office, the
// geolocations of its clients and where its calls are forwarded (records.h
// OutOfOffice, Geolocation, CallForwarding).
class UserContactReads {
 public:
  virtual ~UserContactReads() = default;
  virtual Result<std::optional<OutOfOffice>> out_of_office(std::string_view user_id) = 0;
  // Those of the users that have one, by user id. One query whatever the number.
  virtual Result<std::vector<OutOfOffice>> out_of_office_of(const std::vector<std::string>& user_ids) = 0;
  // not_found if the user's client never reported one.
  virtual Result<Geolocation> geolocation(std::string_view user_id, std::string_view client_id) = 0;
  // The primary geolocations of those of the users that have one, by user id.
  virtual Result<std::vector<Geolocation>> primary_geolocations(const std::vector<std::string>& user_ids) = 0;
  // The user's call forwarding, once set; routes and targets in order.
  virtual Result<std::optional<CallForwarding>> call_forwarding(std::string_view user_id) = 0;
};

class UserContactWrites {
 public:
  virtual ~UserContactWrites() = default;
  virtual Result<void> set_out_of_office(const OutOfOffice& o) = 0;
  // Inserts or replaces the client's geolocation. When it is primary, the
  // user's other geolocations stop being primary.
  virtual Result<void> set_geolocation(const Geolocation& g) = 0;
  // Replaces the user's call forwarding, routes and targets included.
  virtual Result<void> set_call_forwarding(const CallForwarding& c) = 0;
};

// Presence: the definitions an organization made, and each user's presence
// and routing status as a history of intervals (records.h StatusInterval).
// insert_user / insert_users open a new user's presence (Offline) and
// routing status (OFF_QUEUE) intervals at its `created` instant.
class PresenceReads {
 public:
  virtual ~PresenceReads() = default;
  // not_found if absent; deleted ones are returned (deleted set).
  virtual Result<PresenceDefinition> get_presence_definition(std::string_view id) = 0;
  // Every definition the organization made, deleted ones too, by creation.
  virtual Result<std::vector<PresenceDefinition>> list_presence_definitions() = 0;
  // The user's open interval of the kind; not_found if it has none.
  virtual Result<StatusInterval> open_status(std::string_view user_id, StatusKind kind) = 0;
  // The open intervals of the kind of each of the users, by user id. One
  // query whatever the number.
  virtual Result<std::vector<StatusInterval>> open_statuses(StatusKind kind,
                                                            const std::vector<std::string>& user_ids) = 0;
  // The message of the user's presence, if one was ever set.
  virtual Result<std::optional<PresenceNote>> presence_note(std::string_view user_id) = 0;
  // The notes of those of the users that have one, by user id.
  virtual Result<std::vector<std::pair<std::string, PresenceNote>>> presence_notes_of(
      const std::vector<std::string>& user_ids) = 0;
};

class PresenceWrites {
 public:
  virtual ~PresenceWrites() = default;
  virtual Result<void> insert_presence_definition(const PresenceDefinition& d) = 0;
  // Replaces every field but id, created and created_by; not_found if absent.
  virtual Result<void> update_presence_definition(const PresenceDefinition& d) = 0;
  // Ends the user's open interval of `next.kind` at `next.started` and opens
  // `next` (its `ended` is ignored). not_found if the user has no open
  // interval of the kind; invalid_argument if `next` would start before it.
  virtual Result<void> change_status(const StatusInterval& next) = 0;
  virtual Result<void> set_presence_note(std::string_view user_id, const PresenceNote& note) = 0;
};

// The status history as analytics reads it: one pass over the intervals
// that overlap [from, to) (started < to, and open or ended > from), by user
// id, then kind (presence before routing), then start. Deleted users' history
// is read too. A row's views live until `visit` returns; the first error
// `visit` answers ends the scan and is the scan's answer.
struct HistoryScan {
  Millis from = 0;
  Millis to = 0;
  std::optional<StatusKind> kind;                     // both when absent
  std::optional<std::vector<std::string>> users;      // only these users
  std::optional<std::vector<std::string>> divisions;  // only users of these divisions
};
struct HistoryRow {
  std::string_view user_id;
  StatusKind kind = StatusKind::presence;
  Millis started = 0;
  std::optional<Millis> ended;
  std::string_view system_presence;  // as in StatusInterval
  std::string_view presence_id;
  std::string_view routing_status;
};

class HistoryReads {
 public:
  virtual ~HistoryReads() = default;
  virtual Result<void> scan_history(const HistoryScan& scan,
                                    const std::function<Result<void>(const HistoryRow&)>& visit) = 0;
};

// Trusts between organizations (store/records.h Trust). A transaction sees
// and changes only the trusts its organization is a party to, as trustor or
// as trustee; any other trust, and its members, grants and clones, is
// not_found. Pairings are the exception: any organization may read one by id
// and make a trust with it (the id is the capability).
enum class TrustSide {
  trustor,  // the trusts this organization grants
  trustee,  // the trusts this organization receives
};

class TrustReads {
 public:
  virtual ~TrustReads() = default;
  virtual Result<Trust> get_trust(std::string_view trustor_org, std::string_view trustee_org) = 0;
  // This organization's trusts on `side`, by the other organization's name
  // (ignoring case), then id; page size 1..500.
  virtual Result<Page<Trust>> list_trusts(TrustSide side, const PageRequest& page) = 0;
  // Every trust of this organization on `side`, by the other organization's id.
  virtual Result<std::vector<Trust>> all_trusts(TrustSide side) = 0;
  virtual Result<TrustMember> get_trust_member(std::string_view trustor_org, std::string_view trustee_org,
                                               MemberKind kind, std::string_view member_id) = 0;
  // The trust's members, users then groups, each by member id.
  virtual Result<std::vector<TrustMember>> trust_members(std::string_view trustor_org,
                                                         std::string_view trustee_org) = 0;
  // The memberships of `member_id` (a user or group of this organization) in
  // the trusts this organization receives, by trustor id.
  virtual Result<std::vector<TrustMember>> memberships_of(std::string_view member_id) = 0;
  // The grants of the trust's members, by kind, member, role, division.
  virtual Result<std::vector<TrustGrant>> trust_grants(std::string_view trustor_org, std::string_view trustee_org) = 0;
  // How many trust grants of this organization (as trustor) name the role,
  // or the division.
  virtual Result<std::int64_t> trust_grants_of_role(std::string_view role_id) = 0;
  virtual Result<std::int64_t> trust_grants_in_division(std::string_view division_id) = 0;
  // Any organization's pairing by id; not_found if unknown.
  virtual Result<Pairing> get_pairing(std::string_view id) = 0;
  // The trust's cloned users, by trustee user id.
  virtual Result<std::vector<ClonedUser>> cloned_users(std::string_view trustor_org, std::string_view trustee_org) = 0;
  // The cloned users of every trust this organization grants.
  virtual Result<std::int64_t> clone_count() = 0;
};

class TrustWrites {
 public:
  virtual ~TrustWrites() = default;
  // This organization must be the trustor (else invalid_argument); conflict
  // (reason::duplicate) if the pair has a trust; not_found if the trustee
  // organization does not exist.
  virtual Result<void> insert_trust(const Trust& t) = 0;
  // Replaces enabled, uses_default_role and expires; not_found.
  virtual Result<void> update_trust(const Trust& t) = 0;
  // Removes the trust with its members, grants and clone records (the
  // clones' users stay: the caller deletes them); not_found.
  virtual Result<void> delete_trust(std::string_view trustor_org, std::string_view trustee_org) = 0;
  // conflict (reason::duplicate) if already a member; not_found without the trust.
  virtual Result<void> insert_trust_member(const TrustMember& m) = 0;
  // Removes the member with its grants; not_found.
  virtual Result<void> delete_trust_member(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                           std::string_view member_id) = 0;
  // Replaces the member's grants with `grants` (their kind and member id are
  // not read); not_found without the member, conflict (reason::reference)
  // for a role the trustor lacks.
  virtual Result<void> set_member_grants(std::string_view trustor_org, std::string_view trustee_org, MemberKind kind,
                                         std::string_view member_id, const std::vector<TrustGrant>& grants) = 0;
  // The pairing's trustee must be this organization (else invalid_argument).
  virtual Result<void> insert_pairing(const Pairing& p) = 0;
  // Marks any organization's pairing consumed at `now`; false if it already
  // was; not_found.
  virtual Result<bool> consume_pairing(std::string_view id, Millis now) = 0;
  // conflict (reason::duplicate) if the trustee user has a clone in the trust.
  virtual Result<void> insert_cloned_user(const ClonedUser& c) = 0;
  // No-op if absent.
  virtual Result<void> delete_cloned_user(std::string_view trustor_org, std::string_view trustee_org,
                                          std::string_view trustee_user_id) = 0;
};

// The audit log, newest first.
// The records of actors of other organizations (actor_org other than this
// one): of one of `actor_orgs` (non-empty), one of `actor_ids` (non-empty),
// at `from`..`to` inclusive.
struct TrustAuditQuery {
  std::vector<std::string> actor_orgs;
  std::vector<std::string> actor_ids;
  std::optional<Millis> from;
  std::optional<Millis> to;
};

class AuditReads {
 public:
  virtual ~AuditReads() = default;
  virtual Result<Page<AuditRecord>> list_audit(const PageRequest& page) = 0;
  // Every record matching `q`, newest first (at most 10000).
  virtual Result<std::vector<AuditRecord>> trust_audit(const TrustAuditQuery& q) = 0;
};

class AuditWrites {
 public:
  virtual ~AuditWrites() = default;
  virtual Result<void> insert_audit(const AuditRecord& a) = 0;
};

// Every read of one organization's data.
class Reader : public OrganizationReads,
               public DivisionReads,
               public UserReads,
               public RoleReads,
               public GrantReads,
               public ClientReads,
               public TokenReads,
               public SignInReads,
               public ProfileSkillReads,
               public InvitationReads,
               public MailReads,
               public ApiKeyReads,
               public OperationReads,
               public GroupReads,
               public RoutingSkillReads,
               public QueueReads,
               public PresenceReads,
               public HistoryReads,
               public UserContactReads,
               public TelephonyReads,
               public TrustReads,
               public AuditReads {
 public:
  // The organization the transaction is bound to.
  virtual const OrgId& org() const = 0;
  // The same transaction bound to `other`, an organization this one shares a
  // trust with (either direction, as this transaction sees the trusts now);
  // not_found for any other. Owned by this transaction, valid as long as it.
  virtual Result<Reader*> partner(const OrgId& other) = 0;
};

// Every read and every write of one organization's data.
class ReadWriteTransaction : public Reader,
                             public DivisionWrites,
                             public UserWrites,
                             public RoleWrites,
                             public GrantWrites,
                             public ClientWrites,
                             public TokenWrites,
                             public SignInWrites,
                             public ProfileSkillWrites,
                             public InvitationWrites,
                             public MailWrites,
                             public ApiKeyWrites,
                             public OperationWrites,
                             public GroupWrites,
                             public RoutingSkillWrites,
                             public QueueWrites,
                             public PresenceWrites,
                             public UserContactWrites,
                             public TelephonyWrites,
                             public TrustWrites,
                             public AuditWrites {
 public:
  // As Reader::partner, writable: one write across the parties of a trust
  // (the audit record in each, a clone in the trustor) commits or rolls back
  // as one.
  virtual Result<ReadWriteTransaction*> partner_writer(const OrgId& other) = 0;
};

}  // namespace rp::store
