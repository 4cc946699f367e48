// Benchmarks of the decision engine (authz::OrgIndex) on a generated
// organization: 100,000 users, 10,000 roles with wildcard policies, 1,000
// divisions. Measures checks per second on one thread, the index build time
// and the resident memory after it, and the latency of a role edit (adding a
// permission to a role 10,000 users hold) until a check sees it.
//
// With --export=DIR it also writes the same organization and questions for
// the peer (bench/casbin/casbin_bench.js): DIR/policy.csv (casbin "p" and "g"
// lines) and DIR/questions.csv (subject, division, domain, entity, action,
// the engine's answer), then exits.
//
// The organization is a pure function of the seed, so every run measures the
// same data.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "authz/engine.h"

namespace {

using namespace rp::authz;

constexpr std::size_t kUsers = 100'000;
constexpr std::size_t kRoles = 10'000;
constexpr std::size_t kDivisions = 1'000;
constexpr std::size_t kEditedRoleHolders = 10'000;
constexpr std::size_t kQuestions = 1 << 16;
constexpr std::uint64_t kSeed = 0x726f6c65706c616eULL;  // "roleplan"
// The division of the org-wide questions in the exported data: every grant is
// also written in it, so the peer answers "in any division" the same way.
constexpr std::string_view kOrgWide = "@org";

// splitmix64: small, fast and the same on every platform.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  bool one_in(std::size_t n) { return below(n) == 0; }
};

std::string uuid(Rng& rng) {
  static constexpr char hex[] = "0123456789abcdef";
  std::uint64_t a = rng.next(), b = rng.next();
  std::string s(36, '-');
  int bit = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) continue;
    std::uint64_t& w = bit < 64 ? a : b;
    s[i] = hex[(w >> (bit % 64)) & 15];
    bit += 4;
  }
  return s;
}

struct Question {
  std::string subject;
  PermissionId permission;
  std::string division;
};

struct Org {
  IndexInput input;
  std::vector<std::string> users;
  std::vector<std::string> divisions;
  std::vector<Question> questions;
  std::string edited_role;       // held by kEditedRoleHolders users in every division
  std::string edited_holder;     // one of them
  PermissionId edit_permission;  // what the edit adds; the role does not have it before
};

// Roles: 1 to 4 policies on random catalog entries; an entity wildcard in one
// policy of 8, an action wildcard in one of 6, and a domain wildcard (with
// entity and action wildcards: an administrator) in one role of 500. Users:
// 1 to 3 grants of random roles in random divisions, one grant of 20 in all
// divisions. Questions: a user, a permission and a division; half of them on
// a role and division the user holds, so that both answers are frequent.
Org generate() {
  const Catalog& cat = Catalog::builtin();
  Rng rng{kSeed};
  Org org;
  for (std::size_t d = 0; d < kDivisions; ++d) org.divisions.push_back(uuid(rng));
  org.input.roles.reserve(kRoles);
  for (std::size_t r = 0; r < kRoles; ++r) {
    RoleDef role{uuid(rng), {}};
    if (rng.one_in(500)) {
      role.policies.push_back({"*", "*", {"*"}});
    } else {
      for (std::size_t k = 1 + rng.below(4); k > 0; --k) {
        const auto& e = cat.at(static_cast<PermissionId>(rng.below(cat.size())));
        PolicyDef p{std::string(e.domain), std::string(e.entity), {std::string(e.action)}};
        if (rng.one_in(8)) p.entity = "*";
        if (rng.one_in(6)) p.actions = {"*"};
        else if (rng.one_in(4))
          p.actions.push_back(std::string(cat.at(static_cast<PermissionId>(rng.below(cat.size()))).action));
        role.policies.push_back(std::move(p));
      }
    }
    org.input.roles.push_back(std::move(role));
  }
  // The edited role: one permission to start with, so that the edit adds one.
  org.edited_role = org.input.roles[0].id;
  org.input.roles[0].policies = {{"directory", "user", {"view"}}};
  org.edit_permission = *cat.find("directory:user:edit");

  org.users.reserve(kUsers);
  org.input.grants.reserve(kUsers * 2 + kEditedRoleHolders);
  for (std::size_t u = 0; u < kUsers; ++u) {
    org.users.push_back(uuid(rng));
    for (std::size_t k = 1 + rng.below(3); k > 0; --k) {
      std::string division = rng.one_in(20) ? std::string(kAllDivisions) : org.divisions[rng.below(kDivisions)];
      org.input.grants.push_back({org.users.back(), org.input.roles[1 + rng.below(kRoles - 1)].id, division});
    }
    if (u < kEditedRoleHolders)
      org.input.grants.push_back({org.users.back(), org.edited_role, std::string(kAllDivisions)});
  }
  org.edited_holder = org.users[kEditedRoleHolders / 2];

  org.questions.reserve(kQuestions);
  for (std::size_t q = 0; q < kQuestions; ++q) {
    const GrantDef& g = org.input.grants[rng.below(org.input.grants.size())];
    Question question{g.subject_id, static_cast<PermissionId>(rng.below(cat.size())), g.division_id};
    if (question.division == kAllDivisions || rng.one_in(2)) question.division = org.divisions[rng.below(kDivisions)];
    if (rng.one_in(2)) {  // a permission the granted role's first policy names, when it names one exactly
      for (const auto& r : org.input.roles) {
        if (r.id != g.role_id) continue;
        const auto& p = r.policies.front();
        auto id = cat.find(Permission{p.domain, p.entity, p.actions.front()});
        if (id) question.permission = *id;
        break;
      }
    }
    org.questions.push_back(std::move(question));
  }
  return org;
}

const Org& org() {
  static const Org o = generate();
  return o;
}

std::shared_ptr<const OrgIndex>& built() {
  static std::shared_ptr<const OrgIndex> index = OrgIndex::build(org().input, Catalog::builtin());
  return index;
}

// Resident memory of this process, in MiB (VmRSS of /proc/self/status).
double rss_mib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::strtod(line.c_str() + 6, nullptr) / 1024.0;
  return 0;
}

void BM_Check(benchmark::State& state) {
  const OrgIndex& idx = *built();
  const auto& qs = org().questions;
  std::size_t i = 0, allowed = 0;
  for (auto _ : state) {
    const Question& q = qs[i++ & (kQuestions - 1)];
    bool ok = idx.check(q.subject, q.permission, q.division);
    allowed += ok;
    benchmark::DoNotOptimize(ok);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
  state.counters["allowed_share"] = static_cast<double>(allowed) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Check);

void BM_Build(benchmark::State& state) {
  const Org& o = org();
  for (auto _ : state) {
    auto index = OrgIndex::build(o.input, Catalog::builtin());
    benchmark::DoNotOptimize(index.get());
    state.PauseTiming();
    built() = std::move(index);  // the previous one is freed outside the measured time
    state.ResumeTiming();
  }
  auto stats = built()->stats();
  state.counters["rss_mib"] = rss_mib();
  state.counters["index_mib"] = static_cast<double>(stats.bytes) / (1024.0 * 1024.0);
  state.counters["subjects"] = static_cast<double>(stats.subjects);
  state.counters["grants"] = static_cast<double>(o.input.grants.size());
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond)->Iterations(3);

// A role edit as the server makes it: patch the published index with the
// changed role and publish the copy; then a check by a holder sees the new
// permission. Alternates adding and removing it.
void BM_RoleEditVisible(benchmark::State& state) {
  Engine engine;
  engine.publish("org", built());
  RoleDef with{org().edited_role, {{"directory", "user", {"view", "edit"}}}};
  RoleDef without{org().edited_role, {{"directory", "user", {"view"}}}};
  const std::string division = org().divisions[7];
  bool add = true;
  for (auto _ : state) {
    auto current = engine.index("org");
    engine.publish("org", current->with_role(add ? with : without));
    bool seen = engine.index("org")->check(org().edited_holder, org().edit_permission, division);
    if (seen != add) state.SkipWithError("the edit is not visible");
    add = !add;
  }
}
BENCHMARK(BM_RoleEditVisible)->Unit(benchmark::kMicrosecond);

// Replacing one subject's grants (a grant added), patched and published.
void BM_GrantEditVisible(benchmark::State& state) {
  Engine engine;
  engine.publish("org", built());
  const std::string& user = org().users[kUsers - 1];
  std::vector<GrantDef> before, after;
  for (const auto& g : org().input.grants)
    if (g.subject_id == user) before.push_back(g);
  after = before;
  after.push_back({user, org().edited_role, org().divisions[3]});
  bool add = true;
  for (auto _ : state) {
    engine.publish("org", engine.index("org")->with_subject_grants(user, add ? after : before));
    benchmark::DoNotOptimize(engine.index("org")->check(user, org().edit_permission, org().divisions[3]));
    add = !add;
  }
}
BENCHMARK(BM_GrantEditVisible)->Unit(benchmark::kMicrosecond);

// Writes the organization and the questions in casbin's terms.
int export_for_peer(const std::string& dir) {
  const Catalog& cat = Catalog::builtin();
  const Org& o = org();
  std::ofstream policy(dir + "/policy.csv");
  for (const auto& r : o.input.roles)
    for (const auto& p : r.policies)
      for (const auto& a : p.actions)
        policy << "p, " << r.id << ", " << p.domain << ", " << p.entity << ", " << a << '\n';
  for (const auto& g : o.input.grants) {
    policy << "g, " << g.subject_id << ", " << g.role_id << ", " << g.division_id << '\n';
    policy << "g, " << g.subject_id << ", " << g.role_id << ", " << kOrgWide << '\n';
  }
  std::ofstream questions(dir + "/questions.csv");
  const OrgIndex& idx = *built();
  for (const auto& q : o.questions) {
    const auto& e = cat.at(q.permission);
    questions << q.subject << ',' << (e.division_aware ? std::string_view(q.division) : kOrgWide) << ',' << e.domain
              << ',' << e.entity << ',' << e.action << ',' << idx.check(q.subject, q.permission, q.division) << '\n';
  }
  policy.close();
  questions.close();
  if (!policy || !questions) {
    std::fprintf(stderr, "engine_bench: cannot write to %s\n", dir.c_str());
    return 1;
  }
  std::printf("exported %zu roles, %zu grants, %zu questions to %s\n", o.input.roles.size(), o.input.grants.size(),
              o.questions.size(), dir.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.rfind("--export=", 0) == 0) return export_for_peer(std::string(arg.substr(9)));
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
