#include "store/sql/codecs.h"

#include <cstdint>

#include "core/strings.h"
#include "store/sql/errors.h"

namespace rp::store::sql {
namespace {

void skip_space(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}

std::optional<std::uint32_t> hex4(std::string_view s, std::size_t i) {
  if (i + 4 > s.size()) return std::nullopt;
  std::uint32_t v = 0;
  for (std::size_t k = i; k < i + 4; ++k) {
    char c = s[k];
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
    else return std::nullopt;
  }
  return v;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// Parses the JSON string starting at s[i] == '"'; leaves i after the closing quote.
std::optional<std::string> parse_string(std::string_view s, std::size_t& i) {
  std::string out;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (i >= s.size()) return std::nullopt;
    char e = s[i++];
    switch (e) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        auto cp = hex4(s, i);
        if (!cp) return std::nullopt;
        i += 4;
        if (*cp >= 0xd800 && *cp < 0xdc00 && i + 6 <= s.size() && s[i] == '\\' && s[i + 1] == 'u') {
          auto low = hex4(s, i + 2);
          if (low && *low >= 0xdc00 && *low < 0xe000) {
            *cp = 0x10000 + ((*cp - 0xd800) << 10) + (*low - 0xdc00);
            i += 6;
          }
        }
        append_utf8(out, *cp);
        break;
      }
      default: return std::nullopt;
    }
  }
  return std::nullopt;
}

Result<std::vector<std::string>> string_array(const Row& row, int col, std::string_view what) {
  auto items = decode_string_array(row.text(col));
  if (!items) return std::unexpected(corrupt(what, "the stored list is not a JSON array of strings"));
  return std::move(*items);
}

// A state column through `parse`; an unknown spelling is corrupt.
template <class E>
Result<E> state(const Row& row, int col, std::optional<E> (*parse)(std::string_view), std::string_view what) {
  auto value = parse(row.text(col));
  if (!value) return std::unexpected(corrupt(what, "unknown stored state"));
  return *value;
}

}  // namespace

Result<Organization> read_organization(const Row& r, int f) {
  return Organization{r.text(f), r.text(f + 1), r.text(f + 2), r.int64(f + 3), r.text(f + 4)};
}

void bind_organization(Params& p, const Organization& o, int f) {
  p.set_text(f, o.id);
  p.set_text(f + 1, o.name);
  p.set_text(f + 2, o.home_division_id);
  p.set_int64(f + 3, o.created);
  p.set_text(f + 4, o.atlas_id);
}

Result<Division> read_division(const Row& r, int f) {
  return Division{r.text(f), r.text(f + 1), r.text(f + 2), r.boolean(f + 3), r.int64(f + 4)};
}

void bind_division(Params& p, const Division& d, int f) {
  p.set_text(f, d.id);
  p.set_text(f + 1, d.name);
  p.set_text(f + 2, d.description);
  p.set_bool(f + 3, d.home);
  p.set_int64(f + 4, d.created);
}

Result<Contact> read_contact(const Row& r, int f) {
  return Contact{r.text(f), r.text(f + 1), r.text(f + 2), r.text(f + 3), r.text(f + 4), r.text(f + 5)};
}

void bind_contact(Params& p, const Contact& c, int f) {
  p.set_text(f, c.address);
  p.set_text(f + 1, c.display);
  p.set_text(f + 2, c.media_type);
  p.set_text(f + 3, c.type);
  p.set_text(f + 4, c.extension);
  p.set_text(f + 5, c.country_code);
}

Result<User> read_user(const Row& r, int f) {
  User u;
  u.id = r.text(f);
  u.name = r.text(f + 1);
  u.email = r.text(f + 2);
  u.username = r.text(f + 3);
  u.division_id = r.text(f + 4);
  u.department = r.text(f + 5);
  u.title = r.text(f + 6);
  u.state = RP_TRY(state(r, f + 7, parse_user_state, "read user"));
  u.version = r.int64(f + 8);
  u.password_hash = r.text(f + 9);
  u.created = r.int64(f + 10);
  u.modified = r.int64(f + 11);
  u.date_last_login = r.opt_int64(f + 12);
  u.manager_id = r.text(f + 13);
  u.last_token_issued = r.opt_int64(f + 14);
  u.acd_auto_answer = r.boolean(f + 15);
  u.atlas_id = r.text(f + 16);
  return u;
}

void bind_user(Params& p, const User& u, int f) {
  p.set_text(f, u.id);
  p.set_text(f + 1, u.name);
  p.set_text(f + 2, u.email);
  p.set_text(f + 3, u.username);
  p.set_text(f + 4, u.division_id);
  p.set_text(f + 5, u.department);
  p.set_text(f + 6, u.title);
  p.set_text(f + 7, to_string(u.state));
  p.set_int64(f + 8, u.version);
  p.set_text(f + 9, u.password_hash);
  p.set_int64(f + 10, u.created);
  p.set_int64(f + 11, u.modified);
  p.set_opt_int64(f + 12, u.date_last_login);
  p.set_text(f + 13, u.manager_id);
  p.set_opt_int64(f + 14, u.last_token_issued);
  p.set_bool(f + 15, u.acd_auto_answer);
  p.set_text(f + 16, u.atlas_id);
}

Result<Role> read_role(const Row& r, int f) {
  Role role;
  role.id = r.text(f);
  role.name = r.text(f + 1);
  role.description = r.text(f + 2);
  role.default_role_id = r.text(f + 3);
  role.base = r.boolean(f + 4);
  role.created = r.int64(f + 5);
  role.modified = r.int64(f + 6);
  role.needs_update = r.boolean(f + 7);
  role.definition_hash = r.text(f + 8);
  return role;
}

void bind_role(Params& p, const Role& r, int f) {
  p.set_text(f, r.id);
  p.set_text(f + 1, r.name);
  p.set_text(f + 2, r.description);
  p.set_text(f + 3, r.default_role_id);
  p.set_bool(f + 4, r.base);
  p.set_int64(f + 5, r.created);
  p.set_int64(f + 6, r.modified);
  p.set_bool(f + 7, r.needs_update);
  p.set_text(f + 8, r.definition_hash);
}

Result<Policy> read_policy(const Row& r, int f) {
  Policy p;
  p.domain = r.text(f);
  p.entity = r.text(f + 1);
  p.actions = RP_TRY(string_array(r, f + 2, "read role policy"));
  p.condition_json = r.text(f + 3);
  return p;
}

void bind_policy(Params& p, const Policy& policy, int f) {
  p.set_text(f, policy.domain);
  p.set_text(f + 1, policy.entity);
  p.set_text(f + 2, encode_string_array(policy.actions));
  p.set_text(f + 3, policy.condition_json);
}

Result<Grant> read_grant(const Row& r, int f) {
  auto type = subject_type_from_column(r.text(f + 1));
  if (!type) return std::unexpected(corrupt("read grant", "unknown subject type"));
  return Grant{r.text(f), *type, r.text(f + 2), r.text(f + 3), r.int64(f + 4)};
}

void bind_grant(Params& p, const Grant& g, int f) {
  p.set_text(f, g.subject_id);
  p.set_text(f + 1, to_column(g.subject_type));
  p.set_text(f + 2, g.role_id);
  p.set_text(f + 3, g.division_id);
  p.set_int64(f + 4, g.created);
}

Result<OAuthClient> read_client(const Row& r, int f) {
  OAuthClient c;
  c.id = r.text(f);
  c.name = r.text(f + 1);
  c.description = r.text(f + 2);
  c.secret_hash = r.text(f + 3);
  c.grant_type = r.text(f + 4);
  c.token_validity_seconds = r.int64(f + 5);
  c.state = RP_TRY(state(r, f + 6, parse_client_state, "read oauth client"));
  c.created_by = r.text(f + 7);
  c.created = r.int64(f + 8);
  c.modified = r.int64(f + 9);
  c.redirect_uris = RP_TRY(string_array(r, f + 10, "read oauth client"));
  c.date_to_delete = r.opt_int64(f + 11);
  c.modified_by = r.text(f + 12);
  return c;
}

void bind_client(Params& p, const OAuthClient& c, int f) {
  p.set_text(f, c.id);
  p.set_text(f + 1, c.name);
  p.set_text(f + 2, c.description);
  p.set_text(f + 3, c.secret_hash);
  p.set_text(f + 4, c.grant_type);
  p.set_int64(f + 5, c.token_validity_seconds);
  p.set_text(f + 6, to_string(c.state));
  p.set_text(f + 7, c.created_by);
  p.set_int64(f + 8, c.created);
  p.set_int64(f + 9, c.modified);
  p.set_text(f + 10, encode_string_array(c.redirect_uris));
  p.set_opt_int64(f + 11, c.date_to_delete);
  p.set_text(f + 12, c.modified_by);
}

Result<Token> read_token(const Row& r, int f) {
  return Token{r.text(f),      r.text(f + 1),  r.text(f + 2), r.text(f + 3),
               r.int64(f + 4), r.int64(f + 5), r.text(f + 6), r.text(f + 7)};
}

void bind_token(Params& p, const Token& t, int f) {
  p.set_text(f, t.token_hash);
  p.set_text(f + 1, t.org_id);
  p.set_text(f + 2, t.client_id);
  p.set_text(f + 3, t.user_id);
  p.set_int64(f + 4, t.created);
  p.set_int64(f + 5, t.expires);
  p.set_text(f + 6, t.scope);
  p.set_text(f + 7, t.acting_org);
}

Result<AuthorizationCode> read_code(const Row& r, int f) {
  return AuthorizationCode{r.text(f),      r.text(f + 1),  r.text(f + 2),    r.text(f + 3), r.text(f + 4),
                           r.int64(f + 5), r.int64(f + 6), r.boolean(f + 7), r.text(f + 8)};
}

void bind_code(Params& p, const AuthorizationCode& c, int f) {
  p.set_text(f, c.code_hash);
  p.set_text(f + 1, c.client_id);
  p.set_text(f + 2, c.user_id);
  p.set_text(f + 3, c.redirect_uri);
  p.set_text(f + 4, c.code_challenge);
  p.set_int64(f + 5, c.created);
  p.set_int64(f + 6, c.expires);
  p.set_bool(f + 7, c.used);
  p.set_text(f + 8, c.acting_org);
}

Result<RefreshToken> read_refresh(const Row& r, int f) {
  return RefreshToken{r.text(f),      r.text(f + 1),  r.text(f + 2),    r.text(f + 3), r.text(f + 4),
                      r.int64(f + 5), r.int64(f + 6), r.boolean(f + 7), r.text(f + 8)};
}

void bind_refresh(Params& p, const RefreshToken& t, int f) {
  p.set_text(f, t.token_hash);
  p.set_text(f + 1, t.client_id);
  p.set_text(f + 2, t.user_id);
  p.set_text(f + 3, t.session_id);
  p.set_text(f + 4, t.access_token_hash);
  p.set_int64(f + 5, t.created);
  p.set_int64(f + 6, t.expires);
  p.set_bool(f + 7, t.rotated);
  p.set_text(f + 8, t.acting_org);
}

Result<ApiKey> read_api_key(const Row& r, int f) {
  return ApiKey{r.text(f), r.text(f + 1), r.text(f + 2), r.text(f + 3), r.text(f + 4), r.text(f + 5), r.int64(f + 6)};
}

void bind_api_key(Params& p, const ApiKey& k, int f) {
  p.set_text(f, k.id);
  p.set_text(f + 1, k.public_key);
  p.set_text(f + 2, k.ha1);
  p.set_text(f + 3, k.description);
  p.set_text(f + 4, k.private_key_hint);
  p.set_text(f + 5, k.created_by);
  p.set_int64(f + 6, k.created);
}

Result<Operation> read_operation(const Row& r, int f) {
  Operation o;
  o.id = r.text(f);
  o.kind = r.text(f + 1);
  o.user_id = r.text(f + 2);
  o.roles_json = r.text(f + 3);
  o.status = RP_TRY(state(r, f + 4, parse_operation_status, "read operation"));
  o.created = r.int64(f + 5);
  o.updated = r.int64(f + 6);
  o.created_by = r.text(f + 7);
  o.request_id = r.text(f + 8);
  o.details = r.text(f + 9);
  o.attempts = static_cast<int>(r.int64(f + 10));
  o.next_attempt = r.int64(f + 11);
  return o;
}

void bind_operation(Params& p, const Operation& o, int f) {
  p.set_text(f, o.id);
  p.set_text(f + 1, o.kind);
  p.set_text(f + 2, o.user_id);
  p.set_text(f + 3, o.roles_json);
  p.set_text(f + 4, to_string(o.status));
  p.set_int64(f + 5, o.created);
  p.set_int64(f + 6, o.updated);
  p.set_text(f + 7, o.created_by);
  p.set_text(f + 8, o.request_id);
  p.set_text(f + 9, o.details);
  p.set_int64(f + 10, o.attempts);
  p.set_int64(f + 11, o.next_attempt);
}

Result<AuditRecord> read_audit(const Row& r, int f) {
  AuditRecord a;
  a.id = r.text(f);
  a.actor_id = r.text(f + 1);
  a.actor_type = r.text(f + 2);
  a.action = r.text(f + 3);
  a.entity_type = r.text(f + 4);
  a.entity_id = r.text(f + 5);
  a.before_json = r.text(f + 6);
  a.after_json = r.text(f + 7);
  a.correlation_id = r.text(f + 8);
  a.time = r.int64(f + 9);
  a.actor_org = r.text(f + 10);
  a.client_id = r.text(f + 11);
  return a;
}

void bind_audit(Params& p, const AuditRecord& a, int f) {
  p.set_text(f, a.id);
  p.set_text(f + 1, a.actor_id);
  p.set_text(f + 2, a.actor_type);
  p.set_text(f + 3, a.action);
  p.set_text(f + 4, a.entity_type);
  p.set_text(f + 5, a.entity_id);
  p.set_text(f + 6, a.before_json);
  p.set_text(f + 7, a.after_json);
  p.set_text(f + 8, a.correlation_id);
  p.set_int64(f + 9, a.time);
  p.set_text(f + 10, a.actor_org);
  p.set_text(f + 11, a.client_id);
}

Result<Invitation> read_invitation(const Row& r, int f) {
  Invitation i;
  i.token_hash = r.text(f);
  i.id = r.text(f + 1);
  i.user_id = r.text(f + 2);
  i.email = r.text(f + 3);
  i.invited_by = r.text(f + 4);
  i.created = r.int64(f + 5);
  i.expires = r.int64(f + 6);
  i.used = r.opt_int64(f + 7);
  i.superseded = r.opt_int64(f + 8);
  return i;
}

void bind_invitation(Params& p, const Invitation& i, int f) {
  p.set_text(f, i.token_hash);
  p.set_text(f + 1, i.id);
  p.set_text(f + 2, i.user_id);
  p.set_text(f + 3, i.email);
  p.set_text(f + 4, i.invited_by);
  p.set_int64(f + 5, i.created);
  p.set_int64(f + 6, i.expires);
  p.set_opt_int64(f + 7, i.used);
  p.set_opt_int64(f + 8, i.superseded);
}

Result<Group> read_group(const Row& r, int f) {
  Group g;
  g.id = r.text(f);
  g.name = r.text(f + 1);
  g.description = r.text(f + 2);
  g.type = r.text(f + 3);
  g.visibility = r.text(f + 4);
  g.rules_visible = r.boolean(f + 5);
  g.state = RP_TRY(state(r, f + 6, parse_group_state, "read group"));
  g.version = r.int64(f + 7);
  g.owner_ids = RP_TRY(string_array(r, f + 8, "read group"));
  g.created = r.int64(f + 9);
  g.modified = r.int64(f + 10);
  return g;
}

void bind_group(Params& p, const Group& g, int f) {
  p.set_text(f, g.id);
  p.set_text(f + 1, g.name);
  p.set_text(f + 2, g.description);
  p.set_text(f + 3, g.type);
  p.set_text(f + 4, g.visibility);
  p.set_bool(f + 5, g.rules_visible);
  p.set_text(f + 6, to_string(g.state));
  p.set_int64(f + 7, g.version);
  p.set_text(f + 8, encode_string_array(g.owner_ids));
  p.set_int64(f + 9, g.created);
  p.set_int64(f + 10, g.modified);
}

Result<RoutingSkill> read_routing_skill(const Row& r, int f) {
  RoutingSkill s;
  s.kind = RP_TRY(state(r, f, parse_skill_kind, "read routing skill"));
  s.id = r.text(f + 1);
  s.name = r.text(f + 2);
  s.division_id = r.text(f + 3);
  s.version = r.int64(f + 4);
  s.created = r.int64(f + 5);
  s.modified = r.int64(f + 6);
  return s;
}

void bind_routing_skill(Params& p, const RoutingSkill& s, int f) {
  p.set_text(f, to_string(s.kind));
  p.set_text(f + 1, s.id);
  p.set_text(f + 2, s.name);
  p.set_text(f + 3, s.division_id);
  p.set_int64(f + 4, s.version);
  p.set_int64(f + 5, s.created);
  p.set_int64(f + 6, s.modified);
}

Result<UserSkill> read_user_skill(const Row& r, int f) {
  UserSkill s;
  s.user_id = r.text(f);
  s.skill_id = r.text(f + 1);
  s.proficiency = r.real(f + 2);
  s.active = r.boolean(f + 3);
  s.name = r.text(f + 4);
  return s;
}

void bind_user_skill(Params& p, const UserSkill& s, int f) {
  p.set_text(f, s.user_id);
  p.set_text(f + 1, s.skill_id);
  p.set_real(f + 2, s.proficiency);
  p.set_bool(f + 3, s.active);
}

Result<Phone> read_phone(const Row& r, int f) {
  Phone p;
  p.id = r.text(f);
  p.name = r.text(f + 1);
  p.description = r.text(f + 2);
  p.web_rtc_user_id = r.text(f + 3);
  auto flat = RP_TRY(string_array(r, f + 4, "read phone"));
  if (flat.size() % 2 != 0) return fail(Errc::internal, "read phone: lines are not pairs");
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) p.lines.push_back({flat[i], flat[i + 1]});
  p.site = r.text(f + 5);
  p.base_settings = r.text(f + 6);
  p.station_id = r.text(f + 7);
  p.created = r.int64(f + 8);
  return p;
}

void bind_phone(Params& p, const Phone& ph, int f) {
  std::vector<std::string> flat;
  for (const auto& line : ph.lines) {
    flat.push_back(line.id);
    flat.push_back(line.name);
  }
  p.set_text(f, ph.id);
  p.set_text(f + 1, ph.name);
  p.set_text(f + 2, ph.description);
  p.set_text(f + 3, ph.web_rtc_user_id);
  p.set_text(f + 4, encode_string_array(flat));
  p.set_text(f + 5, ph.site);
  p.set_text(f + 6, ph.base_settings);
  p.set_text(f + 7, ph.station_id);
  p.set_int64(f + 8, ph.created);
}

Result<UserStation> read_user_station(const Row& r, int f) {
  UserStation s;
  s.user_id = r.text(f);
  s.associated = r.text(f + 1);
  s.associated_at = r.opt_int64(f + 2);
  s.default_station = r.text(f + 3);
  s.last = r.text(f + 4);
  return s;
}

void bind_user_station(Params& p, const UserStation& s, int f) {
  p.set_text(f, s.user_id);
  p.set_text(f + 1, s.associated);
  p.set_opt_int64(f + 2, s.associated_at);
  p.set_text(f + 3, s.default_station);
  p.set_text(f + 4, s.last);
}

Result<OutOfOffice> read_out_of_office(const Row& r, int f) {
  OutOfOffice o;
  o.user_id = r.text(f);
  o.active = r.boolean(f + 1);
  o.indefinite = r.boolean(f + 2);
  o.start = r.opt_int64(f + 3);
  o.end = r.opt_int64(f + 4);
  o.modified = r.int64(f + 5);
  return o;
}

void bind_out_of_office(Params& p, const OutOfOffice& o, int f) {
  p.set_text(f, o.user_id);
  p.set_bool(f + 1, o.active);
  p.set_bool(f + 2, o.indefinite);
  p.set_opt_int64(f + 3, o.start);
  p.set_opt_int64(f + 4, o.end);
  p.set_int64(f + 5, o.modified);
}

Result<Geolocation> read_geolocation(const Row& r, int f) {
  Geolocation g;
  g.user_id = r.text(f);
  g.client_id = r.text(f + 1);
  g.type = r.text(f + 2);
  g.primary = r.boolean(f + 3);
  if (!r.is_null(f + 4)) g.latitude = r.real(f + 4);
  if (!r.is_null(f + 5)) g.longitude = r.real(f + 5);
  g.country = r.text(f + 6);
  g.region = r.text(f + 7);
  g.city = r.text(f + 8);
  g.modified = r.int64(f + 9);
  return g;
}

void bind_geolocation(Params& p, const Geolocation& g, int f) {
  p.set_text(f, g.user_id);
  p.set_text(f + 1, g.client_id);
  p.set_text(f + 2, g.type);
  p.set_bool(f + 3, g.primary);
  if (g.latitude) p.set_real(f + 4, *g.latitude);
  else p.set_null(f + 4);
  if (g.longitude) p.set_real(f + 5, *g.longitude);
  else p.set_null(f + 5);
  p.set_text(f + 6, g.country);
  p.set_text(f + 7, g.region);
  p.set_text(f + 8, g.city);
  p.set_int64(f + 9, g.modified);
}

Result<Queue> read_queue(const Row& r, int f) {
  Queue q;
  q.id = r.text(f);
  q.name = r.text(f + 1);
  q.division_id = r.text(f + 2);
  q.description = r.text(f + 3);
  q.config = r.text(f + 4);
  q.created_by = r.text(f + 5);
  q.modified_by = r.text(f + 6);
  q.created = r.int64(f + 7);
  q.modified = r.int64(f + 8);
  return q;
}

void bind_queue(Params& p, const Queue& q, int f) {
  p.set_text(f, q.id);
  p.set_text(f + 1, q.name);
  p.set_text(f + 2, q.division_id);
  p.set_text(f + 3, q.description);
  p.set_text(f + 4, q.config);
  p.set_text(f + 5, q.created_by);
  p.set_text(f + 6, q.modified_by);
  p.set_int64(f + 7, q.created);
  p.set_int64(f + 8, q.modified);
}

Result<QueueMember> read_queue_member(const Row& r, int f) {
  QueueMember m;
  m.queue_id = r.text(f);
  m.user_id = r.text(f + 1);
  m.joined = r.boolean(f + 2);
  m.ring_number = r.int64(f + 3);
  return m;
}

void bind_queue_member(Params& p, const QueueMember& m, int f) {
  p.set_text(f, m.queue_id);
  p.set_text(f + 1, m.user_id);
  p.set_bool(f + 2, m.joined);
  p.set_int64(f + 3, m.ring_number);
}

Result<PresenceDefinition> read_presence_definition(const Row& r, int f) {
  PresenceDefinition d;
  d.id = r.text(f);
  d.system_presence = r.text(f + 1);
  auto flat = RP_TRY(string_array(r, f + 2, "read presence definition"));
  if (flat.size() % 2 != 0) return fail(Errc::internal, "read presence definition: labels are not pairs");
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) d.labels.emplace_back(flat[i], flat[i + 1]);
  d.deactivated = r.boolean(f + 3);
  d.deleted = r.boolean(f + 4);
  d.created_by = r.text(f + 5);
  d.modified_by = r.text(f + 6);
  d.created = r.int64(f + 7);
  d.modified = r.int64(f + 8);
  return d;
}

void bind_presence_definition(Params& p, const PresenceDefinition& d, int f) {
  std::vector<std::string> flat;
  for (const auto& [locale, label] : d.labels) {
    flat.push_back(locale);
    flat.push_back(label);
  }
  p.set_text(f, d.id);
  p.set_text(f + 1, d.system_presence);
  p.set_text(f + 2, encode_string_array(flat));
  p.set_bool(f + 3, d.deactivated);
  p.set_bool(f + 4, d.deleted);
  p.set_text(f + 5, d.created_by);
  p.set_text(f + 6, d.modified_by);
  p.set_int64(f + 7, d.created);
  p.set_int64(f + 8, d.modified);
}

Result<StatusInterval> read_status(const Row& r, int f) {
  StatusInterval s;
  s.user_id = r.text(f);
  s.kind = RP_TRY(state(r, f + 1, parse_status_kind, "read status interval"));
  s.started = r.int64(f + 2);
  s.ended = r.opt_int64(f + 3);
  s.system_presence = r.text(f + 4);
  s.presence_id = r.text(f + 5);
  s.routing_status = r.text(f + 6);
  return s;
}

void bind_status(Params& p, const StatusInterval& s, int f) {
  p.set_text(f, s.user_id);
  p.set_text(f + 1, to_string(s.kind));
  p.set_int64(f + 2, s.started);
  p.set_opt_int64(f + 3, s.ended);
  p.set_text(f + 4, s.system_presence);
  p.set_text(f + 5, s.presence_id);
  p.set_text(f + 6, s.routing_status);
}

Result<Trust> read_trust(const Row& r, int f) {
  Trust t;
  t.trustor_org = r.text(f);
  t.trustee_org = r.text(f + 1);
  t.enabled = r.boolean(f + 2);
  t.uses_default_role = r.boolean(f + 3);
  t.origin = r.text(f + 4);
  t.created_by = r.text(f + 5);
  t.created = r.int64(f + 6);
  t.expires = r.opt_int64(f + 7);
  return t;
}

void bind_trust(Params& p, const Trust& t, int f) {
  p.set_text(f, t.trustor_org);
  p.set_text(f + 1, t.trustee_org);
  p.set_bool(f + 2, t.enabled);
  p.set_bool(f + 3, t.uses_default_role);
  p.set_text(f + 4, t.origin);
  p.set_text(f + 5, t.created_by);
  p.set_int64(f + 6, t.created);
  p.set_opt_int64(f + 7, t.expires);
}

Result<TrustMember> read_trust_member(const Row& r, int f) {
  TrustMember m;
  m.trustor_org = r.text(f);
  m.trustee_org = r.text(f + 1);
  m.kind = RP_TRY(state(r, f + 2, parse_member_kind, "read trust member"));
  m.member_id = r.text(f + 3);
  m.created_by = r.text(f + 4);
  m.created = r.int64(f + 5);
  return m;
}

void bind_trust_member(Params& p, const TrustMember& m, int f) {
  p.set_text(f, m.trustor_org);
  p.set_text(f + 1, m.trustee_org);
  p.set_text(f + 2, to_string(m.kind));
  p.set_text(f + 3, m.member_id);
  p.set_text(f + 4, m.created_by);
  p.set_int64(f + 5, m.created);
}

Result<TrustGrant> read_trust_grant(const Row& r, int f) {
  TrustGrant g;
  g.kind = RP_TRY(state(r, f, parse_member_kind, "read trust grant"));
  g.member_id = r.text(f + 1);
  g.role_id = r.text(f + 2);
  g.division_id = r.text(f + 3);
  return g;
}

void bind_trust_grant(Params& p, const TrustGrant& g, int f) {
  p.set_text(f, to_string(g.kind));
  p.set_text(f + 1, g.member_id);
  p.set_text(f + 2, g.role_id);
  p.set_text(f + 3, g.division_id);
}

Result<Pairing> read_pairing(const Row& r, int f) {
  Pairing p;
  p.id = r.text(f);
  p.trustee_org = r.text(f + 1);
  p.created_by = r.text(f + 2);
  p.user_ids = RP_TRY(string_array(r, f + 3, "read pairing"));
  p.group_ids = RP_TRY(string_array(r, f + 4, "read pairing"));
  p.created = r.int64(f + 5);
  p.expires = r.int64(f + 6);
  p.consumed = r.opt_int64(f + 7);
  return p;
}

void bind_pairing(Params& p, const Pairing& v, int f) {
  p.set_text(f, v.id);
  p.set_text(f + 1, v.trustee_org);
  p.set_text(f + 2, v.created_by);
  p.set_text(f + 3, encode_string_array(v.user_ids));
  p.set_text(f + 4, encode_string_array(v.group_ids));
  p.set_int64(f + 5, v.created);
  p.set_int64(f + 6, v.expires);
  p.set_opt_int64(f + 7, v.consumed);
}

Result<ClonedUser> read_cloned_user(const Row& r, int f) {
  return ClonedUser{r.text(f), r.text(f + 1), r.text(f + 2), r.text(f + 3), r.int64(f + 4)};
}

void bind_cloned_user(Params& p, const ClonedUser& c, int f) {
  p.set_text(f, c.trustor_org);
  p.set_text(f + 1, c.trustee_org);
  p.set_text(f + 2, c.trustee_user_id);
  p.set_text(f + 3, c.clone_user_id);
  p.set_int64(f + 4, c.created);
}

Result<MailMessage> read_mail(const Row& r, int f) {
  MailMessage m;
  m.id = r.text(f);
  m.org_id = r.text(f + 1);
  m.recipient = r.text(f + 2);
  m.subject = r.text(f + 3);
  m.body = r.text(f + 4);
  m.state = RP_TRY(state(r, f + 5, parse_mail_state, "read mail"));
  m.attempts = r.int64(f + 6);
  m.last_error = r.text(f + 7);
  m.created = r.int64(f + 8);
  m.next_attempt = r.int64(f + 9);
  m.sent = r.opt_int64(f + 10);
  return m;
}

void bind_mail(Params& p, const MailMessage& m, int f) {
  p.set_text(f, m.id);
  p.set_text(f + 1, m.org_id);
  p.set_text(f + 2, m.recipient);
  p.set_text(f + 3, m.subject);
  p.set_text(f + 4, m.body);
  p.set_text(f + 5, to_string(m.state));
  p.set_int64(f + 6, m.attempts);
  p.set_text(f + 7, m.last_error);
  p.set_int64(f + 8, m.created);
  p.set_int64(f + 9, m.next_attempt);
  p.set_opt_int64(f + 10, m.sent);
}

std::string encode_string_array(const std::vector<std::string>& items) { return json_string_array(items); }

std::optional<std::vector<std::string>> decode_string_array(std::string_view json) {
  std::vector<std::string> out;
  std::size_t i = 0;
  skip_space(json, i);
  if (i >= json.size() || json[i] != '[') return std::nullopt;
  ++i;
  skip_space(json, i);
  if (i < json.size() && json[i] == ']') {
    ++i;
  } else {
    for (;;) {
      skip_space(json, i);
      if (i >= json.size() || json[i] != '"') return std::nullopt;
      auto item = parse_string(json, i);
      if (!item) return std::nullopt;
      out.push_back(std::move(*item));
      skip_space(json, i);
      if (i >= json.size()) return std::nullopt;
      if (json[i] == ']') {
        ++i;
        break;
      }
      if (json[i] != ',') return std::nullopt;
      ++i;
    }
  }
  skip_space(json, i);
  if (i != json.size()) return std::nullopt;
  return out;
}

std::string_view to_column(SubjectType t) {
  switch (t) {
    case SubjectType::user: return "user";
    case SubjectType::client: return "client";
    case SubjectType::group: return "group";
    case SubjectType::api_key: return "apiKey";
  }
  return "user";
}

std::optional<SubjectType> subject_type_from_column(std::string_view s) {
  if (s == "user") return SubjectType::user;
  if (s == "client") return SubjectType::client;
  if (s == "group") return SubjectType::group;
  if (s == "apiKey") return SubjectType::api_key;
  return std::nullopt;
}

}  // namespace rp::store::sql
