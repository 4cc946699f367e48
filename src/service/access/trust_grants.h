#pragma once
// What the trusts an organization grants put in its engine index. A user of
// a trustee acts in the trustor as subject <its user id> (ids are UUIDs, so
// they never meet a native subject's), holding only the grants its trusts
// give it: those of its own membership, those of every trusted group it is
// a member of at home, and, with usesDefaultRole, the trustor's admin role
// in every division for every active user of the trustee, and the grants of
// its clone in the trustor when it has one. A disabled trust
// gives nothing. Expiry is not the index's: a trust session's tokens end
// when the trust expires.

#include <optional>
#include <string_view>
#include <vector>

#include "authz/index.h"
#include "core/error.h"
#include "store/store.h"

namespace rp::service {

// Every trust grant of the organization of `tx` (the trustor).
Result<std::vector<authz::GrantDef>> trust_grant_defs(store::Reader& tx);
// Those of one subject.
Result<std::vector<authz::GrantDef>> trust_grant_defs_of(store::Reader& tx, std::string_view subject_id);
// The trustee user whose clone in `tx`'s organization is `user_id`, if it is one.
Result<std::optional<std::string>> trustee_of_clone(store::Reader& tx, std::string_view user_id);

// The trust through which user `user_id` of `home`'s organization may act in
// organization `target` at `now`: one that is enabled, not expired and gives
// the user at least one grant. nullopt when it is not admitted (an unknown
// or unrelated organization included).
Result<std::optional<store::Trust>> admission(store::Reader& home, std::string_view target, std::string_view user_id,
                                              Millis now);

}  // namespace rp::service
