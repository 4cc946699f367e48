#pragma once
// The sub-commands of the roleplane binary. Each returns the process exit code.

#include <memory>
#include <string>
#include <vector>

#include "app/config.h"
#include "store/store.h"

namespace rp::app {

// Opens and migrates the configured store; logs and returns null on failure.
std::unique_ptr<store::Store> open_migrated_store(const Config& config, const store::OpenOptions& options = {});

int run_serve(const Config& config);
int run_migrate(const Config& config);
int run_bootstrap(const Config& config, const std::string& org_name);
int run_client_create(const Config& config, const std::string& org_id, const std::string& name,
                      const std::vector<std::string>& roles);

}  // namespace rp::app
