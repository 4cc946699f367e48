#pragma once
// The handlers of the RoutingApi routes (routing_skills.cpp, queues.cpp) and
// of the UsersApi routes of users' routing skills, languages and queues. The route tables
// (routing/routing_routes.cpp, users/users_routes.cpp) pair each with its
// method, path and permissions; a handler parses, calls one service and
// shapes the answer.

#include "api/genesys/endpoint.h"

namespace rp::api::genesys {

// /api/v2/routing/skills and /api/v2/routing/languages.
Result<http::Response> get_routing_skills(Call& call);
Result<http::Response> post_routing_skills(Call& call);
Result<http::Response> get_routing_skill(Call& call);
Result<http::Response> delete_routing_skill(Call& call);
Result<http::Response> get_routing_languages(Call& call);
Result<http::Response> post_routing_languages(Call& call);
Result<http::Response> get_routing_language(Call& call);
Result<http::Response> delete_routing_language(Call& call);

// /api/v2/routing/queues and their members (queues.cpp).
Result<http::Response> get_routing_queues(Call& call);
Result<http::Response> post_routing_queues(Call& call);
Result<http::Response> get_routing_queue(Call& call);
Result<http::Response> put_routing_queue(Call& call);
Result<http::Response> delete_routing_queue(Call& call);
Result<http::Response> get_routing_queue_members(Call& call);
Result<http::Response> post_routing_queue_members(Call& call);
Result<http::Response> patch_routing_queue_members(Call& call);
Result<http::Response> patch_routing_queue_member(Call& call);
Result<http::Response> delete_routing_queue_member(Call& call);

// /api/v2/users/{userId}/queues (queues.cpp).
Result<http::Response> get_user_queues(Call& call);
Result<http::Response> patch_user_queue(Call& call);
Result<http::Response> patch_user_queues(Call& call);

// /api/v2/users/{userId}/routingskills and /routinglanguages.
Result<http::Response> get_user_routing_skills(Call& call);
Result<http::Response> post_user_routing_skills(Call& call);
Result<http::Response> put_user_routing_skill(Call& call);
Result<http::Response> delete_user_routing_skill(Call& call);
Result<http::Response> patch_user_routing_skills_bulk(Call& call);
Result<http::Response> put_user_routing_skills_bulk(Call& call);
Result<http::Response> get_user_routing_languages(Call& call);
Result<http::Response> post_user_routing_languages(Call& call);
Result<http::Response> patch_user_routing_language(Call& call);
Result<http::Response> delete_user_routing_language(Call& call);
Result<http::Response> patch_user_routing_languages_bulk(Call& call);

}  // namespace rp::api::genesys
