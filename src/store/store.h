#pragma once
// The storage interface. Drivers (store/sqlite, later store/postgres) implement
// it and must pass the conformance suite in tests/store.
//
// Tenancy: all entity access goes through an OrgTx, which is bound to exactly
// one organization when it is opened. An OrgTx never reads or writes rows of
// another organization; an id that exists only in another organization is
// simply not found. The few cross-organization lookups needed before the
// organization is known (a client id at /oauth/token, the token cache warm-up)
// are explicit methods of Store.
//
// Transactions are closures: Store::write runs `fn` inside one transaction and
// commits only if `fn` returns success; an error (or exception) rolls back
// everything `fn` did. No caller writes BEGIN or COMMIT. When write() returns
// success the transaction is durable (it survives kill -9 and power loss).
//
// Errors: drivers translate their native errors into rp::Error:
//   not_found      - get_* of an id that is not in this organization
//   conflict       - unique key taken (reason "duplicate"), stale version
//                    (reason "version.mismatch"), or row in use
//   invalid_argument - a write attempted inside Store::read
//   unavailable    - the database is busy or closed
//   internal       - anything else (the message is safe: no SQL, no paths)
//
// Thread safety: a Store is shared by all threads. An OrgTx belongs to the
// thread that runs the closure and must not escape it. A write closure must
// not call Store::write (invalid_argument: it would wait for itself); a read
// it makes sees the last committed state, not its own uncommitted writes.
//
// update_* replace every stored field of the record with the given values
// (created included); the key fields (id, organization) never change.

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "core/paging.h"
#include "store/records.h"
#include "store/search.h"

namespace rp::store {

struct UserQuery {
  PageRequest page;
  std::vector<std::string> states = {"active"};  // empty = any state
  std::vector<std::string> ids;                  // empty = no id filter
  bool descending = false;                       // order by name ignoring case (then id)
};

// The operations on one organization's data inside one transaction.
class OrgTx {
 public:
  virtual ~OrgTx() = default;
  virtual const OrgId& org() const = 0;

  virtual Result<Organization> organization() = 0;

  // Divisions
  virtual Result<Division> get_division(std::string_view id) = 0;
  virtual Result<std::vector<Division>> list_divisions() = 0;
  virtual Result<void> insert_division(const Division& d) = 0;  // conflict if the name is taken
  // Replaces name and description (home and created are kept as stored).
  // not_found if absent; conflict if the new name is taken.
  virtual Result<void> update_division(const Division& d) = 0;
  // not_found if absent. Refuses nothing itself: the service decides what
  // may be deleted (see division_object_counts).
  virtual Result<void> delete_division(std::string_view id) = 0;
  // Objects that live in the division, by type: "users" (not deleted) and
  // "grants". Types with no objects are still listed, with 0.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> division_object_counts(std::string_view id) = 0;

  // Users. Email and username are unique per organization, case-insensitively,
  // among users that are not deleted.
  virtual Result<User> get_user(std::string_view id) = 0;
  // Case-insensitive; deleted users are never found.
  virtual Result<std::optional<User>> find_user_by_email(std::string_view email) = 0;
  virtual Result<Page<User>> list_users(const UserQuery& q) = 0;
  virtual Result<void> insert_user(const User& u) = 0;
  // Inserts many users at once (bulk loads): all of them or, on the first
  // failure (conflict on a taken email or username), none.
  virtual Result<void> insert_users(const std::vector<User>& users) = 0;
  // Replaces the stored user whose version is `expected_version` with `u`
  // (u.version is stored as given). conflict/"version.mismatch" if the
  // stored version differs; not_found if there is no such user.
  virtual Result<void> update_user(const User& u, std::int64_t expected_version) = 0;
  // The users that are not deleted whose manager_id is `manager_id`, ordered
  // by name ignoring case (then id). Empty for an unknown id.
  virtual Result<std::vector<User>> direct_reports(std::string_view manager_id) = 0;
  // The users matching `q` (store/search.h), in its order, with their total.
  // invalid_argument for a page that is not positive.
  virtual Result<Page<User>> search_users(const UserSearch& q) = 0;

  // Roles with their policies.
  virtual Result<Role> get_role(std::string_view id) = 0;
  virtual Result<std::vector<Role>> list_roles() = 0;
  // (default role id, role id) of every role made from a default definition,
  // by default role id: a cheap lookup that reads no policies.
  virtual Result<std::vector<std::pair<std::string, std::string>>> default_role_ids() = 0;
  virtual Result<void> insert_role(const Role& r) = 0;  // conflict if the name is taken
  virtual Result<void> update_role(const Role& r) = 0;  // not_found if absent
  // not_found if absent. The role's grants go with it.
  virtual Result<void> delete_role(std::string_view id) = 0;
  // For every role with user grants: the number of distinct users (subject
  // type user, not deleted) granted the role in at least one division.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> role_user_counts() = 0;

  // Grants (subject, role, division). insert_grant of an existing grant is a
  // no-op; not_found if the role is not one of this organization's. The
  // division is not checked ('*' stands for all divisions).
  virtual Result<std::vector<Grant>> list_grants() = 0;
  virtual Result<std::vector<Grant>> grants_of(std::string_view subject_id) = 0;
  virtual Result<std::vector<Grant>> grants_of_role(std::string_view role_id) = 0;
  virtual Result<void> insert_grant(const Grant& g) = 0;
  virtual Result<void> delete_grant(const Grant& g) = 0;  // no-op if absent
  virtual Result<void> delete_grants_of(std::string_view subject_id) = 0;

  // OAuth clients.
  virtual Result<OAuthClient> get_client(std::string_view id) = 0;
  virtual Result<std::vector<OAuthClient>> list_clients() = 0;
  virtual Result<void> insert_client(const OAuthClient& c) = 0;
  virtual Result<void> update_client(const OAuthClient& c) = 0;  // not_found if absent
  // not_found if absent. Only the client row goes: its grants and tokens are
  // removed by the caller (delete_grants_of, delete_tokens_of_client).
  virtual Result<void> delete_client(std::string_view id) = 0;

  // Tokens (by hash). token.org_id must equal org() (else invalid_argument);
  // deleting an absent token is a no-op.
  virtual Result<void> insert_token(const Token& t) = 0;
  virtual Result<void> delete_token(std::string_view token_hash) = 0;
  // Tokens issued to a client, or to a user (any client), ordered by hash.
  virtual Result<std::vector<Token>> tokens_of_client(std::string_view client_id) = 0;
  virtual Result<std::vector<Token>> tokens_of_user(std::string_view user_id) = 0;
  // Remove those tokens; return the hashes removed (sorted), so that an
  // in-memory cache can drop them too.
  virtual Result<std::vector<std::string>> delete_tokens_of_client(std::string_view client_id) = 0;
  virtual Result<std::vector<std::string>> delete_tokens_of_user(std::string_view user_id) = 0;

  // Sign-in (store/sqlite/org_tx_sign_in.cpp): users by username, the
  // sign-in columns of users, authorization codes and refresh tokens.
  // Case-insensitive; deleted users are never found.
  virtual Result<std::optional<User>> find_user_by_username(std::string_view username) = 0;
  // Sets only the given columns (nullopt leaves one as it is): neither the
  // version nor `modified` changes, so a concurrent update of the user is
  // neither lost nor refused. not_found if there is no such user.
  virtual Result<void> record_user_activity(std::string_view user_id, std::optional<Millis> date_last_login,
                                            std::optional<Millis> last_token_issued) = 0;
  // Sets only the password hash, like record_user_activity. not_found.
  virtual Result<void> set_user_password(std::string_view user_id, std::string_view password_hash) = 0;
  virtual Result<void> insert_code(const AuthorizationCode& c) = 0;
  virtual Result<AuthorizationCode> get_code(std::string_view code_hash) = 0;  // not_found
  // Marks the code used; false if it already was. not_found.
  virtual Result<bool> use_code(std::string_view code_hash) = 0;
  virtual Result<void> insert_refresh_token(const RefreshToken& t) = 0;
  virtual Result<RefreshToken> get_refresh_token(std::string_view token_hash) = 0;  // not_found
  // Marks the token rotated; false if it already was. not_found.
  virtual Result<bool> rotate_refresh_token(std::string_view token_hash) = 0;
  // The session access token `access_token_hash` was issued in ("" if none).
  virtual Result<std::string> session_of_access_token(std::string_view access_token_hash) = 0;
  // Removes the session's refresh tokens and the access tokens issued with
  // them; returns the access token hashes removed (sorted).
  virtual Result<std::vector<std::string>> delete_session_tokens(std::string_view session_id) = 0;
  // Removes every access and refresh token of the user except those of
  // session `keep_session` ("" keeps none); returns the access token hashes
  // removed (sorted).
  virtual Result<std::vector<std::string>> delete_user_tokens(std::string_view user_id,
                                                              std::string_view keep_session) = 0;
  // Removes the codes and refresh tokens that expired before `now`.
  virtual Result<void> purge_expired_sign_ins(Millis now) = 0;

  // Audit log, newest first.
  virtual Result<void> insert_audit(const AuditRecord& a) = 0;
  virtual Result<Page<AuditRecord>> list_audit(const PageRequest& page) = 0;

  // Directory extras (sqlite/org_tx_directory.cpp).
  // The grants of several subjects at once, ordered by subject id.
  virtual Result<std::vector<Grant>> grants_of_subjects(const std::vector<std::string>& subject_ids) = 0;
  // A user's profile skills, in the order they were set.
  virtual Result<std::vector<std::string>> profile_skills(std::string_view user_id) = 0;
  // (user id, skill) for several users, by user id then position.
  virtual Result<std::vector<std::pair<std::string, std::string>>> profile_skills_of(
      const std::vector<std::string>& user_ids) = 0;
  // Replaces the user's profile skills.
  virtual Result<void> set_profile_skills(std::string_view user_id, const std::vector<std::string>& skills) = 0;
  // Invitations (by token hash). update_invitation replaces used and
  // superseded (not_found if absent).
  virtual Result<void> insert_invitation(const Invitation& i) = 0;
  virtual Result<std::optional<Invitation>> find_invitation(std::string_view token_hash) = 0;
  // The user's invitations, newest first.
  virtual Result<std::vector<Invitation>> invitations_of_user(std::string_view user_id) = 0;
  // For each of the users invited at least once: (user id, when the newest
  // invitation was made), by user id.
  virtual Result<std::vector<std::pair<std::string, Millis>>> last_invited(const std::vector<std::string>& user_ids) = 0;
  virtual Result<void> update_invitation(const Invitation& i) = 0;
  // The mail outbox. m.org_id must equal org() (else invalid_argument).
  // update_mail replaces state, attempts, last_error, next_attempt, sent and
  // body (not_found if absent).
  virtual Result<void> insert_mail(const MailMessage& m) = 0;
  virtual Result<void> update_mail(const MailMessage& m) = 0;
  // The organization's outbox, oldest first.
  virtual Result<std::vector<MailMessage>> list_mail() = 0;

  // The Atlas dialect (sqlite/org_tx_atlas.cpp). A user by its 24-hex id;
  // deleted users are never found.
  virtual Result<std::optional<User>> find_user_by_atlas_id(std::string_view atlas_id) = 0;
  // API keys, oldest first; delete_api_key is not_found if absent (its grants
  // are removed by the caller with delete_grants_of). update_api_key changes
  // the description only (not_found if absent).
  virtual Result<void> insert_api_key(const ApiKey& k) = 0;
  virtual Result<std::vector<ApiKey>> list_api_keys() = 0;
  virtual Result<ApiKey> get_api_key(std::string_view id) = 0;
  virtual Result<void> update_api_key(const ApiKey& k) = 0;
  virtual Result<void> delete_api_key(std::string_view id) = 0;

  // Workiva operations (sqlite/org_tx_operations.cpp). update_operation
  // replaces status, updated and details (not_found if absent).
  virtual Result<void> insert_operation(const Operation& o) = 0;
  virtual Result<Operation> get_operation(std::string_view id) = 0;  // not_found
  virtual Result<void> update_operation(const Operation& o) = 0;
};

using TxFn = std::function<Result<void>(OrgTx&)>;

class Store {
 public:
  virtual ~Store() = default;

  // Applies pending schema migrations; returns the schema version now in place.
  virtual Result<int> migrate() = 0;

  // Runs `fn` in a read-write transaction scoped to `org`. not_found if the
  // organization does not exist. Durable when it returns success.
  virtual Result<void> write(const OrgId& org, const TxFn& fn) = 0;
  // Runs `fn` on a consistent read-only snapshot scoped to `org`; writes
  // inside it fail with invalid_argument. not_found if the organization does not exist.
  virtual Result<void> read(const OrgId& org, const TxFn& fn) = 0;
  // Creates the organization and runs `fn` scoped to it, all in one transaction.
  virtual Result<void> create_organization(const Organization& o, const TxFn& fn) = 0;

  // Cross-organization lookups used before the organization is known.
  virtual Result<std::vector<Organization>> list_organizations() = 0;
  // The organization that owns OAuth client `client_id`, if any.
  virtual Result<std::optional<OrgId>> find_client_org(std::string_view client_id) = 0;
  // Every token that has not expired at `now`, across organizations.
  virtual Result<std::vector<Token>> live_tokens(Millis now) = 0;
  // Removes tokens that expired before `now`; returns how many.
  virtual Result<std::int64_t> purge_expired_tokens(Millis now) = 0;
  // The organization of the invitation whose token hashes to `token_hash`.
  virtual Result<std::optional<OrgId>> find_invitation_org(std::string_view token_hash) = 0;
  // Pending outbox messages due at `now`, across organizations, oldest due first.
  virtual Result<std::vector<MailMessage>> due_mail(Millis now, std::size_t limit) = 0;
  // The organization whose 24-hex Atlas id is `atlas_id`, if any.
  virtual Result<std::optional<Organization>> find_org_by_atlas_id(std::string_view atlas_id) = 0;
  // The organization and API key whose public key is `public_key`, if any.
  virtual Result<std::optional<std::pair<OrgId, ApiKey>>> find_api_key(std::string_view public_key) = 0;
  // Workiva operations not yet finished and due (next_attempt <= now),
  // across organizations, oldest first.
  virtual Result<std::vector<std::pair<OrgId, Operation>>> pending_operations(std::size_t limit, Millis now) = 0;
};

// Opens the driver named by `url` ("sqlite:PATH" or "sqlite::memory:").
// "sqlite:PATH" creates the missing parent directories of PATH. "sqlite::memory:"
// is a private throw-away database (a temporary file removed on close, not
// fsynced) that behaves like a file one otherwise. Opening does not migrate:
// call migrate(). An unknown scheme is invalid_argument.
// Only the composition root (src/app) and tests call this.
Result<std::unique_ptr<Store>> open_store(std::string_view url);

// Options for open_store beyond the URL.
struct OpenOptions {
  // Memory for the writer's page cache in MiB (0 = the driver's default).
  // Bulk loads set it high so that the indexes they grow stay in memory.
  int writer_cache_mib = 0;
  // When set (it must outlive the store), every wait for a database lock
  // gives up with unavailable, the writer's included: a server ending its
  // shutdown grace sets it so that no request waits on another process's
  // lock. Work already holding its locks is not interrupted.
  const std::atomic<bool>* stop_waiting = nullptr;
};
Result<std::unique_ptr<Store>> open_store(std::string_view url, const OpenOptions& options);

}  // namespace rp::store
