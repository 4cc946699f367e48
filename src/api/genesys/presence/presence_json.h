#pragma once
// The Genesys UserPresence and RoutingStatus shapes, shared by the presence
// and routing-status routes (presence.cpp) and the users' `presence` and
// `routingStatus` expands (users/user_expand.cpp), and OrganizationPresence,
// which users/me's `presencedefinitions` shares.

#include <string_view>

#include <boost/json.hpp>

#include "core/time.h"
#include "service/presence/presence.h"

namespace rp::api::genesys {

// UserPresence of the PURECLOUD source: {source, sourceId, primary,
// presenceDefinition {id, systemPresence (label), selfUri}, message,
// modifiedDate, selfUri}; `system_presence` in enum form.
boost::json::object user_presence_json(std::string_view user_id, std::string_view presence_id,
                                       std::string_view system_presence, std::string_view message, Millis modified);
// RoutingStatus {userId, status, startTime}.
boost::json::object routing_status_json(std::string_view user_id, std::string_view status, Millis started);

// OrganizationPresence {id, name, languageLabels, systemPresence,
// deactivated, primary, createdBy, createdDate, modifiedBy, modifiedDate,
// selfUri}; `locale` picks one label ("" or ALL: every label).
boost::json::object presence_definition_json(const service::PresenceDefinitionView& v, std::string_view locale = {});

}  // namespace rp::api::genesys
