// Programmatic API keys: GET/POST /orgs/{orgId}/apiKeys and GET/PATCH/DELETE
// .../apiKeys/{apiUserId}.
#include "api/atlas/body.h"
#include "api/atlas/endpoint.h"
#include "core/reasons.h"

namespace rp::api::atlas {
namespace json = boost::json;
namespace {

std::string keys_path(const Call& call) {
  return "/api/atlas/v2/orgs/" + std::string(call.req.path_param("orgId")) + "/apiKeys";
}

// ApiKeyUserDetails; the private key in clear only when just created.
json::object key_json(const Call& call, const service::ApiKeyView& v, const std::string& private_key = {}) {
  json::array roles;
  std::string org_id(call.req.path_param("orgId"));
  for (const auto& r : v.roles) roles.push_back(json::object{{"orgId", org_id}, {"roleName", r}});
  return json::object{{"id", v.key.id},
                      {"publicKey", v.key.public_key},
                      {"privateKey", private_key.empty() ? v.key.private_key_hint : private_key},
                      {"desc", v.key.description},
                      {"roles", std::move(roles)},
                      {"links", json::array{link(call, keys_path(call) + "/" + v.key.id)}}};
}

Result<Answer> list_keys(Call& call) {
  auto p = RP_TRY(paging(call.req));
  auto keys = RP_TRY(call.services.keys.list(call.caller));
  json::array results;
  auto from = static_cast<std::size_t>(p.page.offset());
  for (std::size_t i = from; i < keys.size() && i < from + static_cast<std::size_t>(p.page.page_size); ++i)
    results.push_back(key_json(call, keys[i]));
  return Answer{200, paged(call, p, std::move(results), static_cast<std::int64_t>(keys.size())), true};
}

Result<Answer> post_key(Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  const json::value* desc = body.if_contains("desc");
  if (!desc || !desc->is_string())
    return std::unexpected(make_error(Errc::invalid_argument, "The required attribute desc was not specified.")
                               .with_reason(reason::attribute_missing)
                               .with_field("desc"));
  auto roles = RP_TRY(string_array(body, "roles"));
  auto made = RP_TRY(call.services.keys.create(call.caller, std::string(desc->get_string()), roles));
  return Answer{200, key_json(call, made.view, made.private_key), false};
}

Result<Answer> get_key(Call& call) {
  auto v = RP_TRY(call.services.keys.get(call.caller, std::string(call.req.path_param("apiUserId"))));
  return Answer{200, key_json(call, v), false};
}

// UpdateAtlasOrganizationApiKey {desc?, roles?}: what is left out stays.
Result<Answer> patch_key(Call& call) {
  auto body = RP_TRY(json_body(call.req.body));
  std::optional<std::string> desc;
  if (const json::value* d = body.if_contains("desc"); d && !d->is_null()) {
    if (!d->is_string())
      return std::unexpected(make_error(Errc::invalid_argument, "The attribute desc must be a string.")
                                 .with_reason(reason::attribute_invalid)
                                 .with_field("desc"));
    desc = std::string(d->get_string());
  }
  std::optional<std::vector<std::string>> roles;
  if (const json::value* r = body.if_contains("roles"); r && !r->is_null()) roles = RP_TRY(string_array(body, "roles"));
  auto v = RP_TRY(call.services.keys.update(call.caller, std::string(call.req.path_param("apiUserId")), desc, roles));
  return Answer{200, key_json(call, v), false};
}

Result<Answer> delete_key(Call& call) {
  RP_CHECK(call.services.keys.remove(call.caller, std::string(call.req.path_param("apiUserId"))));
  return Answer{204, json::object{}, false};
}

}  // namespace

Routes api_keys_routes() {
  const std::string key = "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}";
  return {
      {{"GET", "/api/atlas/v2/orgs/{orgId}/apiKeys", {"2023-01-01"}, service::atlas_org_roles()}, list_keys},
      {{"POST", "/api/atlas/v2/orgs/{orgId}/apiKeys", {"2023-01-01"}, {"ORG_OWNER"}}, post_key},
      {{"GET", key, {"2023-01-01"}, service::atlas_org_roles()}, get_key},
      {{"PATCH", key, {"2023-01-01"}, {"ORG_OWNER"}}, patch_key},
      {{"DELETE", key, {"2023-01-01"}, {"ORG_OWNER"}}, delete_key},
  };
}

}  // namespace rp::api::atlas
