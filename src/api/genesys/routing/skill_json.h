#pragma once
// The Genesys UserRoutingSkill and UserRoutingLanguage shapes, shared by the
// users' routing skill routes (routing_skills.cpp) and the users' `skills`
// and `languages` expands (users/user_expand.cpp), and RoutingSkill and
// Language, which users/me's `routingskills` shares.

#include <boost/json.hpp>

#include "service/routing/routing_skills.h"
#include "store/records.h"

namespace rp::api::genesys {

// {id, name, proficiency, state, skillUri | languageUri, selfUri}.
boost::json::object user_skill_json(store::SkillKind kind, const store::UserSkill& s);

// RoutingSkill {id, name, division, dateModified, state, version, selfUri}
// or Language (the same without division).
boost::json::object routing_skill_json(const service::SkillView& v);

}  // namespace rp::api::genesys
