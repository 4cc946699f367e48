#pragma once
// Post-commit effects: what a committed write changed that memory follows,
// namely the engine's index of the organization and the token map.
//
// A write closure declares them on the Effects it is handed
// (write_with_effects); once the write has committed, and before it is
// acknowledged, they are applied in one place: revoked tokens leave the token
// map, then the index is patched for each changed role and subject, or
// rebuilt when divisions changed. A write that fails applies nothing. This is
// the seam through which changes committed by another instance will reach
// memory too.
//
// (Issuing a token is not an effect: TokenService::remember puts it in the
// map before its write, so that it works the moment it is answered, and
// forgets it if that write fails.)

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/ids.h"
#include "core/time.h"
#include "store/store.h"

namespace rp::service {

class Access;
class TokenService;

class Effects {
 public:
  Effects() = default;
  explicit Effects(OrgId org) : org_(std::move(org)) {}

  // The effects of the same write in organization `org`: this one for its
  // own organization, else those of a trust partner the write changed too.
  Effects& in(const OrgId& org);
  // A role's policies changed, or the role was created or deleted.
  void role_changed(std::string_view role_id) { add(roles_, role_id); }
  // A subject's grants changed.
  void grants_changed(std::string_view subject_id) { add(subjects_, subject_id); }
  // A division was created or deleted.
  void divisions_changed() { divisions_ = true; }
  // Too much changed to patch (a trust, a trusted group): the index is
  // compiled again.
  void rebuild() { rebuild_ = true; }
  // Access tokens removed from the store, by hash.
  void tokens_revoked(const std::vector<std::string>& hashes) {
    revoked_.insert(revoked_.end(), hashes.begin(), hashes.end());
  }

  const std::vector<std::string>& roles() const { return roles_; }
  const std::vector<std::string>& subjects() const { return subjects_; }
  bool divisions() const { return divisions_; }
  bool rebuilds() const { return rebuild_; }
  // Access tokens whose store expiry moved to `until` (no later than it).
  void tokens_shortened(const std::vector<std::string>& hashes, Millis until) {
    for (const auto& h : hashes) shortened_.emplace_back(h, until);
  }

  const std::vector<std::string>& revoked_tokens() const { return revoked_; }
  const std::vector<std::pair<std::string, Millis>>& shortened_tokens() const { return shortened_; }
  const OrgId& org() const { return org_; }
  const std::vector<std::shared_ptr<Effects>>& partners() const { return partners_; }

 private:
  static void add(std::vector<std::string>& to, std::string_view id);

  OrgId org_;
  std::vector<std::shared_ptr<Effects>> partners_;
  std::vector<std::string> roles_;
  std::vector<std::string> subjects_;
  bool divisions_ = false;
  bool rebuild_ = false;
  std::vector<std::string> revoked_;
  std::vector<std::pair<std::string, Millis>> shortened_;
};

using EffectsFn = std::function<Result<void>(store::ReadWriteTransaction&, Effects&)>;

// Store::write(org, fn); when it commits, the effects `fn` declared are
// applied (tokens: the token map, when there is one). Errors of the write or
// of applying them are returned.
Result<void> write_with_effects(store::Store& store, Access& access, TokenService* tokens, const OrgId& org,
                                const EffectsFn& fn);

// Applies `effects` of a committed write of `org`, and those it declared in
// other organizations in theirs.
Result<void> apply_effects(Access& access, TokenService* tokens, const OrgId& org, const Effects& effects);

}  // namespace rp::service
