// The Genesys route table against the published permissions of each
// operation (endpoint-permissions.tsv, a copy of the reference table: api,
// operationId, method, path, requirement ANY/ALL/NONE, permissions).
//
// Every TSV operation is in the table with exactly its requirement, except
// the ones still to be built, listed below by the issue that builds them; a
// listed operation that appears in the table fails too, so the list shrinks
// as they land.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {
namespace {

struct TsvRow {
  std::string api, operation, method, path, requirement;
  std::vector<std::string> permissions;
};

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

std::vector<TsvRow> read_tsv() {
  std::ifstream in(ROLEPLANE_ENDPOINT_PERMISSIONS_TSV);
  EXPECT_TRUE(in) << "cannot open " << ROLEPLANE_ENDPOINT_PERMISSIONS_TSV;
  std::vector<TsvRow> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto cols = split_on(line, '\t');
    EXPECT_EQ(cols.size(), 6u) << line;
    if (cols.size() != 6) continue;
    TsvRow r{cols[0], cols[1], cols[2], cols[3], cols[4], {}};
    if (!cols[5].empty()) r.permissions = split_on(cols[5], ',');
    rows.push_back(std::move(r));
  }
  return rows;
}

// The operations not built yet, by the issue that builds them.
bool pending(const TsvRow& r) {
  // Issue 15: the contact-centre half of the Users API.
  static const std::set<std::string> contact_centre = {"postAnalyticsUsersAggregatesQuery",
                                                       "postAnalyticsUsersDetailsQuery"};
  return contact_centre.contains(r.operation);
}

std::string mode_name(authz::Requirement::Mode m) {
  switch (m) {
    case authz::Requirement::Mode::none: return "NONE";
    case authz::Requirement::Mode::any: return "ANY";
    case authz::Requirement::Mode::all: return "ALL";
  }
  return "?";
}

TEST(GenesysRouteTable, EachRouteIsDeclaredOnce) {
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& route : route_table()) {
    EXPECT_TRUE(route.path.starts_with("/api/v2/")) << route.path;
    EXPECT_TRUE(seen.emplace(std::string(route.method), route.path).second)
        << route.method << " " << route.path << " is declared twice";
    EXPECT_TRUE(route.handler) << route.method << " " << route.path << " has no handler";
  }
  EXPECT_GT(seen.size(), 60u);
}

TEST(GenesysRouteTable, EveryPublishedOperationHasExactlyItsPermissions) {
  std::map<std::pair<std::string, std::string>, const Route*> table;
  const Routes routes = route_table();
  for (const auto& route : routes) table[{std::string(route.method), route.path}] = &route;

  auto rows = read_tsv();
  ASSERT_GT(rows.size(), 100u);
  std::size_t checked = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.api + "." + row.operation + ": " + row.method + " " + row.path);
    auto it = table.find({row.method, row.path});
    if (pending(row)) {
      EXPECT_EQ(it, table.end()) << "built now: take it off the pending list";
      continue;
    }
    ASSERT_NE(it, table.end()) << "missing from the route table";
    const auto& need = it->second->need;
    EXPECT_EQ(mode_name(need.mode), row.requirement);
    auto declared = need.names;
    auto published = row.permissions;
    std::ranges::sort(declared);
    std::ranges::sort(published);
    EXPECT_EQ(declared, published);
    ++checked;
  }
  // The built operations of the Users, Authorization and Organization
  // Authorization APIs.
  EXPECT_EQ(checked, 110u);
}

}  // namespace
}  // namespace rp::api::genesys
