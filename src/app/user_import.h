#pragma once
// `roleplane users import` and `roleplane users generate`.

#include <cstdint>
#include <string>

#include "app/config.h"

namespace rp::app {

struct ImportOptions {
  std::string org_id;
  std::string file;
  std::string format;  // ndjson | csv | "" (from the file name: .csv is CSV, anything else NDJSON)
  std::int64_t batch_size = 100000;
  int cache_mib = 1024;  // the writer's page cache while loading
};

// Loads the users of `file` into the organization: reads and validates every
// record first (nothing is written when any is invalid), then inserts them in
// batches, one transaction and one audit record per batch, reading the next
// batch while the previous one is written. Prints a JSON
// summary on standard output; errors name the line and the field.
int run_users_import(const Config& config, const ImportOptions& options);

// Writes `count` made-up users as NDJSON on standard output (for trying
// imports and for benchmarks); the same seed gives the same users.
int run_users_generate(std::int64_t count, std::uint64_t seed, const std::string& domain);

}  // namespace rp::app
