#include "store/records.h"

#include <array>
#include <utility>

namespace rp::store {
namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<UserState, 3> kUserStates{{
    {UserState::active, "active"},
    {UserState::inactive, "inactive"},
    {UserState::deleted, "deleted"},
}};
constexpr Names<ClientState, 3> kClientStates{{
    {ClientState::active, "active"},
    {ClientState::disabled, "disabled"},
    {ClientState::inactive, "inactive"},
}};
constexpr Names<OperationStatus, 5> kOperationStatuses{{
    {OperationStatus::acknowledged, "acknowledged"},
    {OperationStatus::queued, "queued"},
    {OperationStatus::started, "started"},
    {OperationStatus::completed, "completed"},
    {OperationStatus::failed, "failed"},
}};
constexpr Names<GroupState, 2> kGroupStates{{
    {GroupState::active, "active"},
    {GroupState::deleted, "deleted"},
}};
constexpr Names<MemberKind, 2> kMemberKinds{{
    {MemberKind::user, "user"},
    {MemberKind::group, "group"},
}};
constexpr Names<StatusKind, 2> kStatusKinds{{
    {StatusKind::presence, "presence"},
    {StatusKind::routing, "routing"},
}};
// The ids are Genesys': the same in every organization and region.
constexpr PrimaryPresence kPrimaryPresences[] = {
    {"6a3af858-942f-489d-9700-5f9bcdcdae9b", "Available", "AVAILABLE"},
    {"5e5c5c66-ea97-4e7f-ac41-6424784829f2", "Away", "AWAY"},
    {"31fe3bac-dea6-44b7-bed7-47f91660a1a0", "Busy", "BUSY"},
    {"ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5", "Offline", "OFFLINE"},
    {"7ffa01cd-7866-4ad7-8faa-31e11b42f51f", "Idle", "IDLE"},
    {"e08eaf1b-ee47-4fa9-a231-1200e284798f", "On Queue", "ON_QUEUE"},
    {"3fd96123-badb-4f69-bc03-1b1ccc6d8014", "Meal", "MEAL"},
    {"d2390a99-8546-bad9-8f0a-219548e8aeb0", "Training", "TRAINING"},
    {"bbdff279-7ae1-48ea-bade-7831d7234c64", "Meeting", "MEETING"},
    {"227b37e2-f1d0-4dd0-8f50-badd7cf6d158", "Break", "BREAK"},
};
constexpr Names<SkillKind, 2> kSkillKinds{{
    {SkillKind::skill, "skill"},
    {SkillKind::language, "language"},
}};
constexpr Names<MailState, 3> kMailStates{{
    {MailState::pending, "pending"},
    {MailState::sent, "sent"},
    {MailState::failed, "failed"},
}};

template <class E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E e) {
  for (const auto& [value, name] : names)
    if (value == e) return name;
  return names[0].second;
}

template <class E, std::size_t N>
std::optional<E> parse(const Names<E, N>& names, std::string_view s) {
  for (const auto& [value, name] : names)
    if (name == s) return value;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(UserState s) { return name_of(kUserStates, s); }
std::string_view to_string(ClientState s) { return name_of(kClientStates, s); }
std::string_view to_string(OperationStatus s) { return name_of(kOperationStatuses, s); }
std::string_view to_string(MailState s) { return name_of(kMailStates, s); }
std::string_view to_string(GroupState s) { return name_of(kGroupStates, s); }
std::string_view to_string(MemberKind k) { return name_of(kMemberKinds, k); }
std::string_view to_string(SkillKind k) { return name_of(kSkillKinds, k); }
std::string_view to_string(StatusKind k) { return name_of(kStatusKinds, k); }
std::optional<UserState> parse_user_state(std::string_view s) { return parse(kUserStates, s); }
std::optional<ClientState> parse_client_state(std::string_view s) { return parse(kClientStates, s); }
std::optional<OperationStatus> parse_operation_status(std::string_view s) { return parse(kOperationStatuses, s); }
std::optional<MailState> parse_mail_state(std::string_view s) { return parse(kMailStates, s); }
std::optional<GroupState> parse_group_state(std::string_view s) { return parse(kGroupStates, s); }
std::optional<MemberKind> parse_member_kind(std::string_view s) { return parse(kMemberKinds, s); }
std::optional<SkillKind> parse_skill_kind(std::string_view s) { return parse(kSkillKinds, s); }
std::optional<StatusKind> parse_status_kind(std::string_view s) { return parse(kStatusKinds, s); }

std::span<const PrimaryPresence> primary_presences() { return kPrimaryPresences; }
const PrimaryPresence& offline_presence() { return kPrimaryPresences[3]; }

}  // namespace rp::store
