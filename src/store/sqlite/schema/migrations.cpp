#include "store/sqlite/schema/migrations.h"

#include <string>

#include "core/time.h"

namespace rp::store::sqlite {
namespace {

// Version 1: the whole initial schema.
//
// Tenancy: every table holding organization data has org_id, and the keys of
// organization-scoped entities start with it, so that every lookup the
// driver makes ("WHERE org_id = ? AND id = ?") is one index search and an id
// of another organization is simply absent. OAuth client ids and token hashes
// are globally unique because they are looked up before the organization is
// known (find_client_org, live_tokens); their queries still filter by org_id.
//
// Names: email and username are unique per organization case-insensitively
// among users that are not deleted (partial indexes), and only when set.
// The index names are matched by errors.cpp to name the field in a conflict.
constexpr char kV1[] = R"sql(
CREATE TABLE organizations (
  id               TEXT PRIMARY KEY NOT NULL,
  name             TEXT NOT NULL,
  home_division_id TEXT NOT NULL DEFAULT '',
  created          INTEGER NOT NULL
);

CREATE TABLE divisions (
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  id          TEXT NOT NULL,
  name        TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  home        INTEGER NOT NULL DEFAULT 0,
  created     INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX divisions_name_uq ON divisions(org_id, lower(name));
CREATE UNIQUE INDEX divisions_home_uq ON divisions(org_id) WHERE home != 0;

CREATE TABLE users (
  org_id          TEXT NOT NULL REFERENCES organizations(id),
  id              TEXT NOT NULL,
  name            TEXT NOT NULL,
  email           TEXT NOT NULL DEFAULT '',
  username        TEXT NOT NULL DEFAULT '',
  division_id     TEXT NOT NULL DEFAULT '',
  department      TEXT NOT NULL DEFAULT '',
  title           TEXT NOT NULL DEFAULT '',
  state           TEXT NOT NULL,
  version         INTEGER NOT NULL,
  password_hash   TEXT NOT NULL DEFAULT '',
  created         INTEGER NOT NULL,
  modified        INTEGER NOT NULL,
  date_last_login INTEGER,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX users_email_uq ON users(org_id, lower(email))
  WHERE state != 'deleted' AND email != '';
CREATE UNIQUE INDEX users_username_uq ON users(org_id, lower(username))
  WHERE state != 'deleted' AND username != '';
CREATE INDEX users_name_ix ON users(org_id, name COLLATE NOCASE, id);

CREATE TABLE user_contacts (
  org_id       TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  position     INTEGER NOT NULL,
  address      TEXT NOT NULL DEFAULT '',
  display      TEXT NOT NULL DEFAULT '',
  media_type   TEXT NOT NULL DEFAULT '',
  type         TEXT NOT NULL DEFAULT '',
  extension    TEXT NOT NULL DEFAULT '',
  country_code TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, user_id, position),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE roles (
  org_id          TEXT NOT NULL REFERENCES organizations(id),
  id              TEXT NOT NULL,
  name            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  default_role_id TEXT NOT NULL DEFAULT '',
  base            INTEGER NOT NULL DEFAULT 0,
  created         INTEGER NOT NULL,
  modified        INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX roles_name_uq ON roles(org_id, lower(name));

-- actions: a JSON array of strings; condition_json: stored as given.
CREATE TABLE role_policies (
  org_id         TEXT NOT NULL,
  role_id        TEXT NOT NULL,
  position       INTEGER NOT NULL,
  domain         TEXT NOT NULL,
  entity         TEXT NOT NULL,
  actions        TEXT NOT NULL DEFAULT '[]',
  condition_json TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, role_id, position),
  FOREIGN KEY (org_id, role_id) REFERENCES roles(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

-- A grant names a role of the same organization (deleting the role removes
-- its grants); the division is not a foreign key because '*' means all.
CREATE TABLE grants (
  org_id       TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('user', 'client', 'group')),
  role_id      TEXT NOT NULL,
  division_id  TEXT NOT NULL,
  created      INTEGER NOT NULL,
  PRIMARY KEY (org_id, subject_id, subject_type, role_id, division_id),
  FOREIGN KEY (org_id, role_id) REFERENCES roles(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX grants_role_ix ON grants(org_id, role_id);

CREATE TABLE oauth_clients (
  id                     TEXT PRIMARY KEY NOT NULL,
  org_id                 TEXT NOT NULL REFERENCES organizations(id),
  name                   TEXT NOT NULL,
  description            TEXT NOT NULL DEFAULT '',
  secret_hash            TEXT NOT NULL DEFAULT '',
  grant_type             TEXT NOT NULL,
  token_validity_seconds INTEGER NOT NULL,
  state                  TEXT NOT NULL,
  created_by             TEXT NOT NULL DEFAULT '',
  created                INTEGER NOT NULL,
  modified               INTEGER NOT NULL
);
CREATE INDEX oauth_clients_org_ix ON oauth_clients(org_id, name COLLATE NOCASE, id);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  org_id     TEXT NOT NULL REFERENCES organizations(id),
  client_id  TEXT NOT NULL DEFAULT '',
  user_id    TEXT NOT NULL DEFAULT '',
  created    INTEGER NOT NULL,
  expires    INTEGER NOT NULL
);
CREATE INDEX tokens_expires_ix ON tokens(expires);

-- seq orders records written in the same millisecond.
CREATE TABLE audit_log (
  seq            INTEGER PRIMARY KEY,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  id             TEXT NOT NULL,
  time           INTEGER NOT NULL,
  actor_id       TEXT NOT NULL DEFAULT '',
  actor_type     TEXT NOT NULL DEFAULT '',
  action         TEXT NOT NULL,
  entity_type    TEXT NOT NULL DEFAULT '',
  entity_id      TEXT NOT NULL DEFAULT '',
  before_json    TEXT NOT NULL DEFAULT '',
  after_json     TEXT NOT NULL DEFAULT '',
  correlation_id TEXT NOT NULL DEFAULT '',
  UNIQUE (org_id, id)
);
CREATE INDEX audit_log_time_ix ON audit_log(org_id, time, seq);
)sql";

// Version 2: the needs-update flag of roles, and the indexes behind the
// division object counts (users and grants by division) that decide whether
// a division may be deleted.
constexpr char kV2[] = R"sql(
ALTER TABLE roles ADD COLUMN needs_update INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_division_ix ON users(org_id, division_id) WHERE state != 'deleted';
CREATE INDEX grants_division_ix ON grants(org_id, division_id);
)sql";

// Version 3: the OAuth client fields of the OAuth API (registered redirect
// URIs as a JSON array of strings, the date the client is to be deleted, who
// changed it last), and tokens by client and by user for revocation.
constexpr char kV3[] = R"sql(
ALTER TABLE oauth_clients ADD COLUMN redirect_uris TEXT NOT NULL DEFAULT '[]';
ALTER TABLE oauth_clients ADD COLUMN date_to_delete INTEGER;
ALTER TABLE oauth_clients ADD COLUMN modified_by TEXT NOT NULL DEFAULT '';
CREATE INDEX tokens_client_ix ON tokens(org_id, client_id);
CREATE INDEX tokens_user_ix ON tokens(org_id, user_id) WHERE user_id != '';
)sql";

// Version 4: the digest of the default definition a role was made from.
constexpr char kV4[] = R"sql(
ALTER TABLE roles ADD COLUMN definition_hash TEXT NOT NULL DEFAULT '';
)sql";

// Version 5: a user's manager, and users by manager for direct reports.
constexpr char kV5[] = R"sql(
ALTER TABLE users ADD COLUMN manager_id TEXT NOT NULL DEFAULT '';
CREATE INDEX users_manager_ix ON users(org_id, manager_id);
)sql";

// Version 6: when a user was last issued an access token.
constexpr char kV6[] = R"sql(
ALTER TABLE users ADD COLUMN last_token_issued INTEGER;
)sql";

// Version 7: sign-in. Authorization codes and refresh tokens, by the hash of
// the secret (see records.h for how they are used). A refresh token records
// its sign-in session (the code it descends from) and the access token
// issued with it, so that a session or a user's tokens can be revoked.
constexpr char kV7[] = R"sql(
CREATE TABLE authorization_codes (
  code_hash      TEXT PRIMARY KEY NOT NULL,
  org_id         TEXT NOT NULL REFERENCES organizations(id),
  client_id      TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  redirect_uri   TEXT NOT NULL,
  code_challenge TEXT NOT NULL DEFAULT '',
  created        INTEGER NOT NULL,
  expires        INTEGER NOT NULL,
  used           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX authorization_codes_expires_ix ON authorization_codes(org_id, expires);

CREATE TABLE refresh_tokens (
  token_hash        TEXT PRIMARY KEY NOT NULL,
  org_id            TEXT NOT NULL REFERENCES organizations(id),
  client_id         TEXT NOT NULL,
  user_id           TEXT NOT NULL,
  session_id        TEXT NOT NULL,
  access_token_hash TEXT NOT NULL,
  created           INTEGER NOT NULL,
  expires           INTEGER NOT NULL,
  rotated           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX refresh_tokens_session_ix ON refresh_tokens(org_id, session_id);
CREATE INDEX refresh_tokens_user_ix ON refresh_tokens(org_id, user_id);
CREATE INDEX refresh_tokens_access_ix ON refresh_tokens(org_id, access_token_hash);
CREATE INDEX refresh_tokens_expires_ix ON refresh_tokens(org_id, expires);
)sql";

// Version 8: the directory extras. A user's profile skills (free text, in
// the order set); invitations to set a password, keyed by the SHA-256 of
// their token (globally unique: an invitation link is opened before the
// organization is known); and the mail outbox, whose pending messages the
// mail sender delivers across organizations in the order they fall due.
constexpr char kV8[] = R"sql(
CREATE TABLE user_profile_skills (
  org_id   TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  position INTEGER NOT NULL,
  skill    TEXT NOT NULL,
  PRIMARY KEY (org_id, user_id, position),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE invitations (
  token_hash TEXT PRIMARY KEY NOT NULL,
  org_id     TEXT NOT NULL REFERENCES organizations(id),
  id         TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  email      TEXT NOT NULL DEFAULT '',
  invited_by TEXT NOT NULL DEFAULT '',
  created    INTEGER NOT NULL,
  expires    INTEGER NOT NULL,
  used       INTEGER,
  superseded INTEGER
);
CREATE INDEX invitations_user_ix ON invitations(org_id, user_id);

CREATE TABLE mail_outbox (
  seq          INTEGER PRIMARY KEY,
  org_id       TEXT NOT NULL REFERENCES organizations(id),
  id           TEXT NOT NULL UNIQUE,
  recipient    TEXT NOT NULL,
  subject      TEXT NOT NULL,
  body         TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_error   TEXT NOT NULL DEFAULT '',
  created      INTEGER NOT NULL,
  next_attempt INTEGER NOT NULL,
  sent         INTEGER
);
CREATE INDEX mail_outbox_org_ix ON mail_outbox(org_id, seq);
CREATE INDEX mail_outbox_due_ix ON mail_outbox(next_attempt, seq) WHERE state = 'pending';
)sql";

// Version 9: indexes of the user search (org_tx_search.cpp). The name index
// replaces users_name_ix (same leading columns, same order for listings) and
// carries the state, like the email index, so that counting the matches of a
// name or email prefix among users that are not deleted reads the index only.
constexpr char kV9[] = R"sql(
DROP INDEX users_name_ix;
CREATE INDEX users_search_name_ix ON users(org_id, name COLLATE NOCASE, id, state);
CREATE INDEX users_search_email_ix ON users(org_id, lower(email), state);
)sql";

// Version 10: a user's ACD auto-answer flag (User.acdAutoAnswer).
constexpr char kV10[] = R"sql(
ALTER TABLE users ADD COLUMN acd_auto_answer INTEGER NOT NULL DEFAULT 0;
)sql";

// Version 11: the Atlas dialect. Every organization and user gets a stable
// 24-hex-digit id (existing rows are given random ones here; new rows get one
// when inserted, org_tx.cpp), unique across organizations. Programmatic API
// keys belong to one organization; the private key is never stored, only
// HA1 = MD5(publicKey ":" realm ":" privateKey) of HTTP Digest. Their roles are
// grants with subject type "apiKey" and subject id the key's id.
constexpr char kV11[] = R"sql(
ALTER TABLE organizations ADD COLUMN atlas_id TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN atlas_id TEXT NOT NULL DEFAULT '';
UPDATE organizations SET atlas_id = lower(hex(randomblob(12))) WHERE atlas_id = '';
UPDATE users SET atlas_id = lower(hex(randomblob(12))) WHERE atlas_id = '';
CREATE UNIQUE INDEX organizations_atlas_id_uq ON organizations(atlas_id);
CREATE UNIQUE INDEX users_atlas_id_uq ON users(atlas_id);

CREATE TABLE atlas_api_keys (
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  id          TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  ha1         TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  private_key_hint TEXT NOT NULL DEFAULT '',
  created_by  TEXT NOT NULL DEFAULT '',
  created     INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX atlas_api_keys_id_uq ON atlas_api_keys(id);
CREATE UNIQUE INDEX atlas_api_keys_public_key_uq ON atlas_api_keys(public_key);

-- grants: the subject type CHECK admits 'apiKey' (SQLite cannot alter a CHECK).
CREATE TABLE grants_v11 (
  org_id       TEXT NOT NULL,
  subject_id   TEXT NOT NULL,
  subject_type TEXT NOT NULL CHECK (subject_type IN ('user', 'client', 'group', 'apiKey')),
  role_id      TEXT NOT NULL,
  division_id  TEXT NOT NULL,
  created      INTEGER NOT NULL,
  PRIMARY KEY (org_id, subject_id, subject_type, role_id, division_id),
  FOREIGN KEY (org_id, role_id) REFERENCES roles(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
INSERT INTO grants_v11 SELECT org_id, subject_id, subject_type, role_id, division_id, created FROM grants;
DROP TABLE grants;
ALTER TABLE grants_v11 RENAME TO grants;
CREATE INDEX grants_role_ix ON grants(org_id, role_id);
CREATE INDEX grants_division_ix ON grants(org_id, division_id);
)sql";

// Workiva long-running operations (role assignments and revocations), run by
// the operations worker; queued ones are found across organizations by status.
constexpr char kV12[] = R"sql(
CREATE TABLE workiva_operations (
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  id          TEXT NOT NULL PRIMARY KEY,
  kind        TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  roles       TEXT NOT NULL,
  status      TEXT NOT NULL,
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  created_by  TEXT NOT NULL,
  request_id  TEXT NOT NULL,
  details     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX workiva_operations_pending_ix ON workiva_operations(created) WHERE status IN ('acknowledged', 'queued', 'started');
)sql";

// Workiva operations that failed with a storage error: how many runs failed
// and when the next one may start (the operations worker backs off).
constexpr char kV13[] = R"sql(
ALTER TABLE workiva_operations ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workiva_operations ADD COLUMN next_attempt INTEGER NOT NULL DEFAULT 0;
)sql";

// The roles made from default definitions, found without reading the others
// (RoleReads::default_role_ids, on every Atlas and Workiva request).
constexpr char kV14[] = R"sql(
CREATE INDEX roles_default_ix ON roles(org_id, default_role_id) WHERE default_role_id != '';
)sql";

// The OAuth scopes a token was limited to when it was issued.
constexpr char kV15[] = R"sql(
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';
)sql";

// Groups of users (the Genesys Groups API) and their members. Names are
// unique per organization among groups not deleted; a deleted group keeps
// its row and loses its members. Members are users of the same organization.
constexpr char kV16[] = R"sql(
CREATE TABLE groups (
  org_id        TEXT NOT NULL REFERENCES organizations(id),
  id            TEXT NOT NULL,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  type          TEXT NOT NULL CHECK (type IN ('official', 'social')),
  visibility    TEXT NOT NULL CHECK (visibility IN ('public', 'owners', 'members')),
  rules_visible INTEGER NOT NULL DEFAULT 0,
  state         TEXT NOT NULL CHECK (state IN ('active', 'deleted')),
  version       INTEGER NOT NULL,
  owner_ids     TEXT NOT NULL DEFAULT '[]',
  created       INTEGER NOT NULL,
  modified      INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX groups_name_uq ON groups(org_id, lower(name)) WHERE state != 'deleted';
CREATE INDEX groups_name_ix ON groups(org_id, name COLLATE NOCASE, id);

CREATE TABLE group_members (
  org_id   TEXT NOT NULL,
  group_id TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  PRIMARY KEY (org_id, group_id, user_id),
  FOREIGN KEY (org_id, group_id) REFERENCES groups(org_id, id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;
CREATE INDEX group_members_user_ix ON group_members(org_id, user_id, group_id);
)sql";

// Version 17: trusts between organizations. A trust belongs to both parties;
// its members are users and groups of the trustee (not foreign keys: they
// live in the other organization, and leave their trusts when deleted there)
// and their grants name roles of the trustor (a role in use cannot be
// deleted: no cascade). Pairings are the trustee's; cloned users are users of
// the trustor.
constexpr char kV17[] = R"sql(
CREATE TABLE trusts (
  trustor_org       TEXT NOT NULL REFERENCES organizations(id),
  trustee_org       TEXT NOT NULL REFERENCES organizations(id),
  enabled           INTEGER NOT NULL,
  uses_default_role INTEGER NOT NULL,
  origin            TEXT NOT NULL,
  created_by        TEXT NOT NULL DEFAULT '',
  created           INTEGER NOT NULL,
  expires           INTEGER,
  PRIMARY KEY (trustor_org, trustee_org),
  CHECK (trustor_org != trustee_org)
) WITHOUT ROWID;
CREATE INDEX trusts_trustee_ix ON trusts(trustee_org, trustor_org);

CREATE TABLE trust_members (
  trustor_org TEXT NOT NULL,
  trustee_org TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('user', 'group')),
  member_id   TEXT NOT NULL,
  created_by  TEXT NOT NULL DEFAULT '',
  created     INTEGER NOT NULL,
  PRIMARY KEY (trustor_org, trustee_org, kind, member_id),
  FOREIGN KEY (trustor_org, trustee_org) REFERENCES trusts(trustor_org, trustee_org) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX trust_members_member_ix ON trust_members(trustee_org, member_id);

CREATE TABLE trust_grants (
  trustor_org TEXT NOT NULL,
  trustee_org TEXT NOT NULL,
  kind        TEXT NOT NULL,
  member_id   TEXT NOT NULL,
  role_id     TEXT NOT NULL,
  division_id TEXT NOT NULL,
  PRIMARY KEY (trustor_org, trustee_org, kind, member_id, role_id, division_id),
  FOREIGN KEY (trustor_org, trustee_org, kind, member_id)
    REFERENCES trust_members(trustor_org, trustee_org, kind, member_id) ON DELETE CASCADE,
  FOREIGN KEY (trustor_org, role_id) REFERENCES roles(org_id, id)
) WITHOUT ROWID;
CREATE INDEX trust_grants_role_ix ON trust_grants(trustor_org, role_id);
CREATE INDEX trust_grants_division_ix ON trust_grants(trustor_org, division_id);

CREATE TABLE pairings (
  id          TEXT PRIMARY KEY NOT NULL,
  trustee_org TEXT NOT NULL REFERENCES organizations(id),
  created_by  TEXT NOT NULL DEFAULT '',
  user_ids    TEXT NOT NULL DEFAULT '[]',
  group_ids   TEXT NOT NULL DEFAULT '[]',
  created     INTEGER NOT NULL,
  expires     INTEGER NOT NULL,
  consumed    INTEGER
) WITHOUT ROWID;
CREATE INDEX pairings_expires_ix ON pairings(expires);

CREATE TABLE cloned_users (
  trustor_org     TEXT NOT NULL,
  trustee_org     TEXT NOT NULL,
  trustee_user_id TEXT NOT NULL,
  clone_user_id   TEXT NOT NULL,
  created         INTEGER NOT NULL,
  PRIMARY KEY (trustor_org, trustee_org, trustee_user_id),
  FOREIGN KEY (trustor_org, trustee_org) REFERENCES trusts(trustor_org, trustee_org) ON DELETE CASCADE,
  FOREIGN KEY (trustor_org, clone_user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX cloned_users_clone_uq ON cloned_users(trustor_org, clone_user_id);
)sql";

// Version 18: tokens, refresh tokens and codes acting inside a trustor.
constexpr char kV18[] = R"sql(
ALTER TABLE tokens ADD COLUMN acting_org TEXT NOT NULL DEFAULT '';
ALTER TABLE refresh_tokens ADD COLUMN acting_org TEXT NOT NULL DEFAULT '';
ALTER TABLE authorization_codes ADD COLUMN acting_org TEXT NOT NULL DEFAULT '';
CREATE INDEX tokens_acting_ix ON tokens(org_id, acting_org) WHERE acting_org != '';
)sql";

// Version 19: audit records name the organization an actor acted from
// through a trust, and the actor's client.
constexpr char kV19[] = R"sql(
ALTER TABLE audit_log ADD COLUMN actor_org TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_actor_org_ix ON audit_log(org_id, actor_org, actor_id, time);
)sql";

// Version 20: routing skills and languages (one table, by kind; skills are
// in a division, languages in none) and their assignments to users, which
// go with the skill.
constexpr char kV20[] = R"sql(
CREATE TABLE routing_skills (
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  id          TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('skill', 'language')),
  name        TEXT NOT NULL,
  division_id TEXT NOT NULL DEFAULT '',
  version     INTEGER NOT NULL,
  created     INTEGER NOT NULL,
  modified    INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX routing_skills_name_uq ON routing_skills(org_id, kind, lower(name));
CREATE INDEX routing_skills_name_ix ON routing_skills(org_id, kind, name COLLATE NOCASE, id);
CREATE INDEX routing_skills_division_ix ON routing_skills(org_id, division_id) WHERE division_id != '';

CREATE TABLE user_skills (
  org_id      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  skill_id    TEXT NOT NULL,
  proficiency REAL NOT NULL,
  active      INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id, skill_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id),
  FOREIGN KEY (org_id, skill_id) REFERENCES routing_skills(org_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX user_skills_skill_ix ON user_skills(org_id, skill_id);
)sql";

// Version 21: presence definitions an organization made (the ten primary
// ones are constants, not rows), the message of each user's presence, and
// the history of every user's presence and routing status: one open
// interval (ended NULL) per user and kind, the current state. Every user
// that exists now is Offline and OFF_QUEUE from this migration on.
constexpr char kV21[] = R"sql(
CREATE TABLE presence_definitions (
  org_id          TEXT NOT NULL REFERENCES organizations(id),
  id              TEXT NOT NULL,
  system_presence TEXT NOT NULL,
  labels          TEXT NOT NULL DEFAULT '[]',
  deactivated     INTEGER NOT NULL DEFAULT 0,
  deleted         INTEGER NOT NULL DEFAULT 0,
  created_by      TEXT NOT NULL DEFAULT '',
  modified_by     TEXT NOT NULL DEFAULT '',
  created         INTEGER NOT NULL,
  modified        INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
) WITHOUT ROWID;

CREATE TABLE presence_notes (
  org_id   TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  message  TEXT NOT NULL,
  modified INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;

CREATE TABLE user_status_history (
  org_id          TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('presence', 'routing')),
  started         INTEGER NOT NULL,
  ended           INTEGER CHECK (ended IS NULL OR ended >= started),
  system_presence TEXT NOT NULL DEFAULT '',
  presence_id     TEXT NOT NULL DEFAULT '',
  routing_status  TEXT NOT NULL DEFAULT '',
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
);
CREATE INDEX user_status_history_user_ix ON user_status_history(org_id, user_id, kind, started);
CREATE INDEX user_status_history_ended_ix ON user_status_history(org_id, kind, ended);
CREATE UNIQUE INDEX user_status_history_open_uq ON user_status_history(org_id, user_id, kind) WHERE ended IS NULL;

INSERT INTO user_status_history(org_id, user_id, kind, started, system_presence, presence_id)
  SELECT org_id, id, 'presence', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER), 'OFFLINE',
         'ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5' FROM users;
INSERT INTO user_status_history(org_id, user_id, kind, started, routing_status)
  SELECT org_id, user_id, 'routing', started, 'OFF_QUEUE' FROM user_status_history WHERE kind = 'presence';
)sql";

// Version 22: routing queues, with the Genesys members roleplane does not
// act on kept as one JSON object, and their members. Memberships of deleted
// users stay (the user may be restored); they are not read.
constexpr char kV22[] = R"sql(
CREATE TABLE queues (
  org_id      TEXT NOT NULL REFERENCES organizations(id),
  id          TEXT NOT NULL,
  name        TEXT NOT NULL,
  division_id TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  config      TEXT NOT NULL DEFAULT '{}',
  created_by  TEXT NOT NULL DEFAULT '',
  modified_by TEXT NOT NULL DEFAULT '',
  created     INTEGER NOT NULL,
  modified    INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX queues_name_uq ON queues(org_id, lower(name));
CREATE INDEX queues_name_ix ON queues(org_id, name COLLATE NOCASE, id);
CREATE INDEX queues_division_ix ON queues(org_id, division_id);

CREATE TABLE queue_members (
  org_id      TEXT NOT NULL,
  queue_id    TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  joined      INTEGER NOT NULL,
  ring_number INTEGER NOT NULL,
  PRIMARY KEY (org_id, queue_id, user_id),
  FOREIGN KEY (org_id, queue_id) REFERENCES queues(org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;
CREATE INDEX queue_members_user_ix ON queue_members(org_id, user_id);
)sql";

// Version 23: what a user reports of itself beyond presence: its out of
// office (a row once set) and the geolocation of each of its clients, at
// most one of them primary.
constexpr char kV23[] = R"sql(
CREATE TABLE out_of_office (
  org_id     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  active     INTEGER NOT NULL,
  indefinite INTEGER NOT NULL,
  start_date INTEGER,
  end_date   INTEGER,
  modified   INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;

CREATE TABLE user_geolocations (
  org_id     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  client_id  TEXT NOT NULL,
  type       TEXT NOT NULL DEFAULT '',
  is_primary INTEGER NOT NULL,
  latitude   REAL,
  longitude  REAL,
  country    TEXT NOT NULL DEFAULT '',
  region     TEXT NOT NULL DEFAULT '',
  city       TEXT NOT NULL DEFAULT '',
  modified   INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id, client_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX user_geolocations_primary_uq ON user_geolocations(org_id, user_id) WHERE is_primary;
)sql";

// Version 24: phones, each with the one station it makes (the station's
// id is the phone's station_id), and the users' associated, default and
// last stations; a station is associated with, and the default of, at most
// one user.
constexpr char kV24[] = R"sql(
CREATE TABLE phones (
  org_id          TEXT NOT NULL REFERENCES organizations(id),
  id              TEXT NOT NULL,
  name            TEXT NOT NULL,
  description     TEXT NOT NULL DEFAULT '',
  web_rtc_user_id TEXT NOT NULL DEFAULT '',
  lines           TEXT NOT NULL DEFAULT '[]',
  site            TEXT NOT NULL DEFAULT '',
  base_settings   TEXT NOT NULL DEFAULT '',
  station_id      TEXT NOT NULL,
  created         INTEGER NOT NULL,
  PRIMARY KEY (org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX phones_name_uq ON phones(org_id, lower(name));
CREATE UNIQUE INDEX phones_station_uq ON phones(org_id, station_id);
CREATE UNIQUE INDEX phones_web_rtc_user_uq ON phones(org_id, web_rtc_user_id) WHERE web_rtc_user_id != '';

CREATE TABLE user_stations (
  org_id             TEXT NOT NULL,
  user_id            TEXT NOT NULL,
  associated_station TEXT NOT NULL DEFAULT '',
  associated_at      INTEGER,
  default_station    TEXT NOT NULL DEFAULT '',
  last_station       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX user_stations_associated_uq ON user_stations(org_id, associated_station)
  WHERE associated_station != '';
CREATE UNIQUE INDEX user_stations_default_uq ON user_stations(org_id, default_station) WHERE default_station != '';
)sql";

// Version 25: users' call forwarding and its targets, each in its route
// and place; a deleted phone's station leaves the targets.
constexpr char kV25[] = R"sql(
CREATE TABLE call_forwarding (
  org_id    TEXT NOT NULL,
  user_id   TEXT NOT NULL,
  enabled   INTEGER NOT NULL,
  voicemail TEXT NOT NULL CHECK (voicemail IN ('PURECLOUD', 'LASTCALL', 'NONE')),
  modified  INTEGER NOT NULL,
  PRIMARY KEY (org_id, user_id),
  FOREIGN KEY (org_id, user_id) REFERENCES users(org_id, id)
) WITHOUT ROWID;

CREATE TABLE call_forwarding_targets (
  org_id   TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  route    INTEGER NOT NULL,
  position INTEGER NOT NULL,
  type     TEXT NOT NULL CHECK (type IN ('STATION', 'PHONENUMBER')),
  value    TEXT NOT NULL,
  PRIMARY KEY (org_id, user_id, route, position),
  FOREIGN KEY (org_id, user_id) REFERENCES call_forwarding(org_id, user_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX call_forwarding_targets_value_ix ON call_forwarding_targets(org_id, type, value);
)sql";

constexpr sql::Migration kMigrations[] = {
    {1, "initial schema", kV1},
    {2, "role needs-update flag; users and grants by division", kV2},
    {3, "oauth client redirect URIs, deletion date and modifier; tokens by client and user", kV3},
    {4, "digest of a role's default definition", kV4},
    {5, "user manager; users by manager", kV5},
    {6, "user last token issued", kV6},
    {7, "authorization codes and refresh tokens", kV7},
    {8, "user profile skills; invitations; mail outbox", kV8},
    {9, "user search indexes by name and email", kV9},
    {10, "user acd auto-answer", kV10},
    {11, "atlas ids of organizations and users; atlas api keys", kV11},
    {12, "workiva operations", kV12},
    {13, "workiva operation attempts", kV13},
    {14, "roles by default role id", kV14},
    {15, "token scopes", kV15},
    {16, "groups and group members", kV16},
    {17, "trusts, trust members and grants, pairings, cloned users", kV17},
    {18, "tokens acting through a trust", kV18},
    {19, "audit actors' organizations and clients", kV19},
    {20, "routing skills and languages; user skills", kV20},
    {21, "presence definitions, presence notes, user status history", kV21},
    {22, "routing queues and their members", kV22},
    {23, "out of office and user geolocations", kV23},
    {24, "phones, their stations and users' stations", kV24},
    {25, "call forwarding and its targets", kV25},
};

constexpr char kCreateVersionTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
constexpr char kHasVersionTable[] = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
constexpr char kMaxVersion[] = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr char kRecordVersion[] = "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)";

// The runner's view of one SQLite connection; BEGIN IMMEDIATE takes the write lock.
class Target final : public sql::MigrationTarget {
 public:
  explicit Target(Connection& conn) : conn_(conn) {}

  Result<void> create_version_table() override { return conn_.exec(kCreateVersionTable); }
  Result<int> recorded_version() override {
    {
      auto has = RP_TRY(conn_.prepare(kHasVersionTable));
      if (!RP_TRY(has.step())) return 0;
    }
    auto max = RP_TRY(conn_.prepare(kMaxVersion));
    RP_TRY(max.step());
    return static_cast<int>(max.int64(0));
  }
  Result<void> begin_exclusive() override { return conn_.exec("BEGIN IMMEDIATE"); }
  Result<void> exec(const char* sql) override { return conn_.exec(sql); }
  Result<void> record(int version, const char* name, Millis applied_at) override {
    auto s = RP_TRY(conn_.prepare(kRecordVersion));
    s.bind(1, std::int64_t{version}).bind(2, name).bind(3, applied_at);
    return s.run();
  }
  Result<void> commit() override { return conn_.exec("COMMIT"); }
  void rollback() override {
    if (conn_.in_transaction()) (void)conn_.exec("ROLLBACK");
  }

 private:
  Connection& conn_;
};

}  // namespace

std::span<const sql::Migration> migrations() { return kMigrations; }

int latest_schema_version() { return sql::latest_version(kMigrations); }

Result<int> schema_version(Connection& conn) { return Target(conn).recorded_version(); }

Result<void> check_schema_version(Connection& conn) {
  Target target(conn);
  return sql::check_version(target, kMigrations);
}

Result<int> apply_migrations(Connection& conn) {
  Target target(conn);
  return sql::apply_migrations(target, kMigrations);
}

}  // namespace rp::store::sqlite
