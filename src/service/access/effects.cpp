#include "service/access/effects.h"

#include <algorithm>

#include "service/access/access.h"
#include "service/auth/tokens.h"

namespace rp::service {

void Effects::add(std::vector<std::string>& to, std::string_view id) {
  if (std::find(to.begin(), to.end(), id) == to.end()) to.emplace_back(id);
}

Effects& Effects::in(const OrgId& org) {
  if (org == org_) return *this;
  for (auto& p : partners_)
    if (p->org() == org) return *p;
  return *partners_.emplace_back(std::make_shared<Effects>(org));
}

Result<void> write_with_effects(store::Store& store, Access& access, TokenService* tokens, const OrgId& org,
                                const EffectsFn& fn) {
  Effects effects;
  RP_CHECK(store.write(org, [&](store::ReadWriteTransaction& tx) -> Result<void> {
    effects = Effects(org);  // only what the run that commits declares
    return fn(tx, effects);
  }));
  return apply_effects(access, tokens, org, effects);
}

Result<void> apply_effects(Access& access, TokenService* tokens, const OrgId& org, const Effects& effects) {
  if (tokens && !effects.revoked_tokens().empty()) tokens->forget(effects.revoked_tokens());
  if (tokens)
    for (const auto& [hash, until] : effects.shortened_tokens()) tokens->shorten(hash, until);
  if (effects.divisions() || effects.rebuilds()) {
    RP_CHECK(access.refresh(org));  // compiles every role and subject from the store
  } else {
    for (const auto& role : effects.roles()) RP_CHECK(access.role_changed(org, role));
    for (const auto& subject : effects.subjects()) RP_CHECK(access.grants_changed(org, subject));
  }
  for (const auto& partner : effects.partners()) RP_CHECK(apply_effects(access, tokens, partner->org(), *partner));
  return {};
}

}  // namespace rp::service
