#pragma once
// The Genesys User shape, shared by the users handlers (users.cpp) and the
// hierarchy handlers (user_hierarchy.cpp).

#include <optional>
#include <string>
#include <string_view>

#include <boost/json.hpp>

#include "core/error.h"
#include "http/message.h"

#include "core/ids.h"
#include "service/users/users.h"

namespace rp::api::genesys {

// A User: identity, division, contacts, state, version, and `manager`
// {id, selfUri} when the user has one.
boost::json::object user_json(const service::UserView& v, const OrgId& org);

// A user's chat address (User.chat.jabberId): <userId>@<orgId>.roleplane.chat.
std::string jabber_id(std::string_view user_id, const OrgId& org);
// The user id of a chat address of organization `org`; nullopt for any other.
std::optional<std::string> user_id_of_jabber_id(std::string_view jid, const OrgId& org);

// integrationPresenceSource: MicrosoftTeams | ZoomPhone | EightByEight |
// RingCentral, or nullopt when absent; 400 naming it otherwise. roleplane has
// no presence integrations, so it changes no answer beyond that check and the
// limit of 100 users it puts on expand=presence listings.
Result<std::optional<std::string>> integration_presence_source(const http::Request& req);

}  // namespace rp::api::genesys
