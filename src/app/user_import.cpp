// `roleplane users import` (NDJSON or CSV into one organization) and
// `roleplane users generate` (made-up users as NDJSON).

#include "app/user_import.h"

#include <chrono>
#include <fstream>
#include <functional>
#include <future>
#include <iostream>

#include <boost/json.hpp>

#include "app/commands.h"
#include "core/strings.h"
#include "service/common/crypto.h"
#include "service/users/user_import.h"

namespace rp::app {
namespace json = boost::json;
namespace {

using service::ImportRecord;

Result<std::optional<std::string>> member(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) return invalid(std::string(key), std::string(key) + " must be a string");
  return std::optional<std::string>(std::string(v->as_string()));
}

// One NDJSON line: a CreateUser object (name, email, divisionId or division
// (a name), department, title, state, addresses).
Result<ImportRecord> from_json(std::string_view line) {
  boost::system::error_code ec;
  auto v = json::parse(line, ec);
  if (ec || !v.is_object()) return invalid("", "the line is not a JSON object");
  const auto& o = v.as_object();
  ImportRecord r;
  r.user.name = RP_TRY(member(o, "name")).value_or("");
  r.user.email = RP_TRY(member(o, "email")).value_or("");
  r.user.division_id = RP_TRY(member(o, "divisionId"));
  r.division_name = RP_TRY(member(o, "division")).value_or("");
  r.user.department = RP_TRY(member(o, "department")).value_or("");
  r.user.title = RP_TRY(member(o, "title")).value_or("");
  r.user.state = RP_TRY(member(o, "state"));
  r.user.password = RP_TRY(member(o, "password"));
  r.user.manager = RP_TRY(member(o, "manager")).value_or("");
  if (const auto* a = o.if_contains("addresses"); a && !a->is_null()) {
    if (!a->is_array()) return invalid("addresses", "addresses must be an array");
    for (const auto& item : a->as_array()) {
      if (!item.is_object()) return invalid("addresses", "addresses must hold objects");
      const auto& c = item.as_object();
      store::Contact contact;
      contact.address = RP_TRY(member(c, "address")).value_or("");
      contact.display = RP_TRY(member(c, "display")).value_or("");
      contact.media_type = RP_TRY(member(c, "mediaType")).value_or("");
      contact.type = RP_TRY(member(c, "type")).value_or("");
      contact.extension = RP_TRY(member(c, "extension")).value_or("");
      contact.country_code = RP_TRY(member(c, "countryCode")).value_or("");
      r.user.addresses.push_back(std::move(contact));
    }
  }
  return r;
}

// RFC 4180 fields of one record (quotes doubled inside quoted fields).
std::vector<std::string> csv_fields(std::string_view rec) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < rec.size(); ++i) {
    char c = rec[i];
    if (quoted) {
      if (c == '"' && i + 1 < rec.size() && rec[i + 1] == '"') out.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else out.back() += c;
    } else if (c == '"') quoted = true;
    else if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

constexpr std::string_view kCsvColumns[] = {"name",       "email", "divisionId", "division",
                                            "department", "title", "state",      "phone"};

Result<ImportRecord> from_csv(const std::vector<std::string>& header, std::string_view rec) {
  auto fields = csv_fields(rec);
  if (fields.size() != header.size())
    return invalid(
        "", "the record has " + std::to_string(fields.size()) + " fields, the header " + std::to_string(header.size()));
  ImportRecord r;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string& k = header[i];
    std::string& v = fields[i];
    if (k == "name") r.user.name = v;
    else if (k == "email") r.user.email = v;
    else if (k == "divisionId" && !v.empty()) r.user.division_id = v;
    else if (k == "division") r.division_name = v;
    else if (k == "department") r.user.department = v;
    else if (k == "title") r.user.title = v;
    else if (k == "state" && !v.empty()) r.user.state = v;
    else if (k == "phone" && !v.empty()) r.user.addresses.push_back({v, "", "PHONE", "WORK", "", ""});
  }
  return r;
}

// Reads `path` record by record, calling `fn(line, record)`; stops at the
// first error, which names its line.
Result<std::int64_t> each_record(const std::string& path, bool csv,
                                 const std::function<Result<void>(std::int64_t, const ImportRecord&)>& fn) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return invalid("file", "cannot open " + path);
  std::vector<std::string> header;
  std::string line;
  std::int64_t lineno = 0, records = 0;
  auto at = [&](std::int64_t n, const Error& e) {
    Error out = e;
    out.message = "line " + std::to_string(n) + (e.field.empty() ? "" : " (" + e.field + ")") + ": " + e.message;
    return std::unexpected(out);
  };
  while (std::getline(in, line)) {
    ++lineno;
    std::int64_t start = lineno;
    if (csv) {
      // A quoted field may span lines: read on while the quotes are unbalanced.
      while (std::count(line.begin(), line.end(), '"') % 2 == 1) {
        std::string more;
        if (!std::getline(in, more)) return at(start, make_error(Errc::invalid_argument, "unclosed quote"));
        ++lineno;
        line += '\n' + more;
      }
    }
    if (trim(line).empty()) continue;
    if (csv && header.empty()) {
      for (auto& h : csv_fields(line)) {
        std::string name(trim(h));
        if (std::find(std::begin(kCsvColumns), std::end(kCsvColumns), name) == std::end(kCsvColumns))
          return at(start,
                    make_error(Errc::invalid_argument, "unknown column [" + name +
                                                           "]; columns: name, email, "
                                                           "divisionId, division, department, title, state, phone"));
        header.push_back(name);
      }
      continue;
    }
    auto rec = csv ? from_csv(header, line) : from_json(line);
    if (!rec) return at(start, rec.error());
    rec->line = start;
    if (auto r = fn(start, *rec); !r) return at(start, r.error());
    ++records;
  }
  return records;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int run_users_import(const Config& config, const ImportOptions& options) {
  service::init_crypto();
  const bool csv = options.format.empty() ? options.file.ends_with(".csv") : options.format == "csv";
  if (!options.format.empty() && options.format != "csv" && options.format != "ndjson") {
    std::cerr << "roleplane: users import: --format must be ndjson or csv\n";
    return 2;
  }
  auto store = open_migrated_store(config, store::OpenOptions{.writer_cache_mib = options.cache_mib});
  if (!store) return 1;
  const OrgId org(options.org_id);
  auto fail_with = [](const Error& e) {
    std::cerr << "roleplane: users import: " << e.message << '\n';
    return 1;
  };
  const auto started = std::chrono::steady_clock::now();

  // Pass 1: every record valid, no email twice; nothing written.
  auto checker = service::UserImporter::open(*store, org);
  if (!checker) return fail_with(checker.error());
  auto checked = each_record(options.file, csv, [&](std::int64_t, const ImportRecord& r) -> Result<void> {
    RP_TRY(checker->prepare(r));
    return {};
  });
  if (!checked) return fail_with(checked.error());
  const double validated = seconds_since(started);

  // Pass 2: insert in batches; one batch is written while the next is read.
  auto writer = service::UserImporter::open(*store, org);
  if (!writer) return fail_with(writer.error());
  std::vector<store::User> batch;
  std::future<Result<void>> pending;
  std::int64_t first_line = 0, last = 0, imported = 0, in_flight = 0;
  auto settle = [&]() -> Result<void> {
    if (!pending.valid()) return {};
    RP_CHECK(pending.get());
    imported += std::exchange(in_flight, 0);
    return {};
  };
  auto flush = [&]() -> Result<void> {
    RP_CHECK(settle());
    in_flight = static_cast<std::int64_t>(batch.size());
    pending = std::async(std::launch::async, [&w = *writer, b = std::move(batch), &file = options.file, first_line,
                                              last]() { return w.write(b, file, first_line, last); });
    batch.clear();
    return {};
  };
  auto written = each_record(options.file, csv, [&](std::int64_t line, const ImportRecord& r) -> Result<void> {
    if (batch.empty()) first_line = line;
    batch.push_back(RP_TRY(writer->prepare(r)));
    last = line;
    if (static_cast<std::int64_t>(batch.size()) >= options.batch_size) RP_CHECK(flush());
    return {};
  });
  if (written && !batch.empty()) {
    if (auto r = flush(); !r) written = std::unexpected(r.error());
  }
  if (auto r = settle(); !r && written) written = std::unexpected(r.error());
  if (!written) {
    std::cerr << "roleplane: users import: " << imported << " users were imported before the failing batch\n";
    return fail_with(written.error());
  }
  json::object out{{"organizationId", options.org_id},
                   {"imported", imported},
                   {"validateSeconds", validated},
                   {"seconds", seconds_since(started)}};
  std::cout << json::serialize(out) << std::endl;
  return 0;
}

int run_users_generate(std::int64_t count, std::uint64_t seed, const std::string& domain) {
  static constexpr std::string_view kFirst[] = {
      "Ada",   "Alan",      "Amelia", "Ann",    "Barbara",  "Ben",   "Carl",    "Chen", "Dana",
      "David", "Edsger",    "Emma",   "Farah",  "Grace",    "Hedy",  "Ivan",    "Jean", "John",
      "Karen", "Katherine", "Linus",  "Lucia",  "Margaret", "Maria", "Niklaus", "Olga", "Priya",
      "Radia", "Sofia",     "Tim",    "Ursula", "Wei",      "Yuki",  "Zoe"};
  static constexpr std::string_view kLast[] = {"Adams",   "Brown", "Chen",    "Diaz",  "Evans",    "Fox",    "Garcia",
                                               "Hopper",  "Ito",   "Johnson", "Kim",   "Lovelace", "Martin", "Nguyen",
                                               "Okafor",  "Patel", "Quinn",   "Rossi", "Smith",    "Turing", "Ueda",
                                               "Vasquez", "Wong",  "Xu",      "Young", "Zhang"};
  static constexpr std::string_view kDepartments[] = {"Engineering", "Sales",      "Support", "Finance",
                                                      "Marketing",   "Operations", "Legal",   "Research"};
  static constexpr std::string_view kTitles[] = {"Agent",    "Analyst",    "Engineer",   "Manager",
                                                 "Director", "Specialist", "Supervisor", "Consultant"};
  std::uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  auto next = [&](std::size_t n) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<std::size_t>(x % n);
  };
  std::string out;
  out.reserve(1 << 20);
  for (std::int64_t i = 1; i <= count; ++i) {
    std::string_view first = kFirst[next(std::size(kFirst))], last = kLast[next(std::size(kLast))];
    std::string n = std::to_string(i);
    out += "{\"name\":\"";
    out += last;
    out += ", ";
    out += first;
    out += "\",\"email\":\"";
    out += to_lower(first) + "." + to_lower(last) + "." + n + "@" + domain;
    out += "\",\"department\":\"";
    out += kDepartments[next(std::size(kDepartments))];
    out += "\",\"title\":\"";
    out += kTitles[next(std::size(kTitles))];
    out += "\",\"state\":\"";
    out += i % 10 == 0 ? "inactive" : "active";
    out += "\",\"addresses\":[{\"address\":\"+1317";
    std::string phone = std::to_string(1000000 + i % 9000000);
    out += phone;
    out += "\",\"mediaType\":\"PHONE\",\"type\":\"WORK\"}]}\n";
    if (out.size() > (1 << 20) - 512) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  return std::cout ? 0 : 1;
}

}  // namespace rp::app
