#pragma once
// The Genesys UserRoutingSkill and UserRoutingLanguage shapes, shared by the
// users' routing skill routes (routing_skills.cpp) and the users' `skills`
// and `languages` expands (users/user_expand.cpp).

#include <boost/json.hpp>

#include "store/records.h"

namespace rp::api::genesys {

// {id, name, proficiency, state, skillUri | languageUri, selfUri}.
boost::json::object user_skill_json(store::SkillKind kind, const store::UserSkill& s);

}  // namespace rp::api::genesys
