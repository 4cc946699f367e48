// UsersApi: PATCH /api/v2/users/bulk (patchUsersBulk). The body is an array
// of PatchUser {id, acdAutoAnswer}; the answer a UserEntityListing of the
// users updated, in request order, with an extra member `errors` that lists
// each entry that failed: {id, index, status, code, message}, the status and
// code a single PATCH of that user would have answered.

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "api/genesys/body.h"
#include "api/genesys/errors.h"
#include "api/genesys/listing.h"
#include "api/genesys/respond.h"
#include "api/genesys/users/handlers.h"
#include "api/genesys/users/user_json.h"

namespace rp::api::genesys {
namespace json = boost::json;
namespace {

Error bad_body(std::string field, std::string message) {
  return make_error(Errc::invalid_argument, std::move(message)).with_field(std::move(field));
}

Result<std::vector<service::BulkUserPatch>> parse_entries(const json::value& body) {
  if (!body.is_array()) return fail(bad_body("body", "The request body must be a JSON array of users"));
  const auto& arr = body.as_array();
  if (arr.empty()) return fail(bad_body("body", "At least one user must be given"));
  if (arr.size() > service::kMaxBulkUserPatch)
    return fail(
        bad_body("body", "At most " + std::to_string(service::kMaxBulkUserPatch) + " users can be updated at a time"));
  std::vector<service::BulkUserPatch> out;
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string path = "body[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) return fail(bad_body(path, path + " must be an object"));
    const auto& o = arr[i].as_object();
    for (const auto& member : o)
      if (member.key() != "id" && member.key() != "acdAutoAnswer") {
        std::string field = path + "." + std::string(member.key());
        return fail(bad_body(field, field + " is not a member of PatchUser"));
      }
    service::BulkUserPatch entry;
    entry.id = RP_TRY(optional_string(o, "id", path)).value_or("");
    if (entry.id.empty()) return fail(bad_body(path + ".id", path + ".id is required"));
    entry.acd_auto_answer = RP_TRY(optional_bool(o, "acdAutoAnswer", path));
    out.push_back(std::move(entry));
  }
  return out;
}

json::object failure_json(const service::BulkPatchFailure& f, const http::Request& req) {
  auto [status, code] = error_status(f.error);
  std::string message = f.error.message;
  if (f.error.code == Errc::internal) {
    spdlog::error("{} {} [{}] user {}: {}", req.method, req.path, req.correlation_id, f.id, f.error.message);
    message = "The server encountered an internal error.";
  }
  return {{"id", f.id},
          {"index", static_cast<std::int64_t>(f.index)},
          {"status", status},
          {"code", code},
          {"message", message}};
}

}  // namespace

Result<http::Response> patch_users_bulk(Call& call) {
  auto body = RP_TRY(json_body(call.req));
  auto entries = RP_TRY(parse_entries(body));
  auto result = RP_TRY(call.services.users.bulk_patch(call.caller, entries, call.need));
  json::array users;
  for (const auto& v : result.updated) users.push_back(user_json(v, call.caller.org));
  const auto total = static_cast<std::int64_t>(result.updated.size());
  auto out = listing(std::move(users), static_cast<std::int64_t>(entries.size()), 1, total, "/api/v2/users/bulk", "");
  json::array errors;
  for (const auto& f : result.failures) errors.push_back(failure_json(f, call.req));
  out["errors"] = std::move(errors);
  return json_response(200, out);
}

}  // namespace rp::api::genesys
