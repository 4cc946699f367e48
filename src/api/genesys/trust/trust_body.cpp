#include "api/genesys/trust/trust_body.h"

#include <boost/json.hpp>

#include "api/genesys/body.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

std::string at(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// The array member `key` of objects (absent or null: empty).
Result<std::vector<const json::object*>> object_list(const json::object& o, std::string_view key,
                                                     const std::string& path, std::size_t max_items) {
  std::vector<const json::object*> out;
  const std::string field = at(path, key);
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) return invalid(field, field + " must be an array");
  if (v->as_array().size() > max_items)
    return invalid(field, field + " may have at most " + std::to_string(max_items) + " items");
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const auto& item = v->as_array()[i];
    if (!item.is_object()) return invalid(field + "[" + std::to_string(i) + "]", field + " must hold objects");
    out.push_back(&item.as_object());
  }
  return out;
}

}  // namespace

Result<std::vector<service::RoleDivision>> role_division_grants(const json::object& o, const std::string& path) {
  std::vector<service::RoleDivision> out;
  const std::string grants = at(path, "grants");
  auto items = RP_TRY(object_list(o, "grants", path, 100));
  if (!o.if_contains("grants")) return invalid(grants, grants + " is required");
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string item = grants + "[" + std::to_string(i) + "]";
    auto role = RP_TRY(optional_string(*items[i], "roleId", item));
    auto division = RP_TRY(optional_string(*items[i], "divisionId", item));
    if (!role || role->empty()) return invalid(item + ".roleId", item + ".roleId is required");
    if (!division || division->empty()) return invalid(item + ".divisionId", item + ".divisionId is required");
    out.push_back({*role, *division});
  }
  return out;
}

Result<service::MemberInput> member_input(const json::object& o, const std::string& path) {
  service::MemberInput in;
  in.id = RP_TRY(optional_string(o, "id", path)).value_or("");
  if (in.id.empty()) return invalid(at(path, "id"), at(path, "id") + " is required");
  in.role_ids = RP_TRY(string_list(o, "roleIds", path));
  if (const auto* rd = o.if_contains("roleDivisions"); rd && !rd->is_null()) {
    const std::string field = at(path, "roleDivisions");
    if (!rd->is_object()) return invalid(field, field + " must be an object");
    in.role_divisions = RP_TRY(role_division_grants(rd->as_object(), field));
  }
  return in;
}

Result<service::NewTrust> new_trust(const json::object& body) {
  service::NewTrust in;
  auto enabled = RP_TRY(optional_bool(body, "enabled"));
  if (!enabled) return invalid("enabled", "enabled is required");
  in.enabled = *enabled;
  for (auto [key, list] : {std::pair{"users", &in.users}, std::pair{"groups", &in.groups}}) {
    auto items = RP_TRY(object_list(body, key, "", 100));
    for (std::size_t i = 0; i < items.size(); ++i)
      list->push_back(RP_TRY(member_input(*items[i], std::string(key) + "[" + std::to_string(i) + "]")));
  }
  in.expires = RP_TRY(optional_date(body, "dateExpired"));
  in.pairing_id = RP_TRY(optional_string(body, "pairingId")).value_or("");
  return in;
}

}  // namespace rp::api::genesys
