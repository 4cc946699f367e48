// The OAuthApi and TokensApi route tables. (POST /oauth/token and the
// sign-in page are outside /api/v2 and carry their own credentials.)

#include "api/genesys/oauth/handlers.h"

namespace rp::api::genesys {

Routes oauth_api_routes() {
  using authz::Requirement;
  const auto any = [](std::vector<std::string> names) { return Requirement::any_of(std::move(names)); };
  const std::string clients = "/api/v2/oauth/clients";
  return {
      {"GET", clients, any({"oauth:client:view"}), get_clients},
      {"POST", clients, any({"oauth:client:add"}), post_clients},
      {"GET", clients + "/{clientId}", any({"oauth:client:view"}), get_client},
      {"PUT", clients + "/{clientId}", any({"oauth:client:edit"}), put_client},
      {"DELETE", clients + "/{clientId}", any({"oauth:client:delete"}), delete_client},
      {"POST", clients + "/{clientId}/secret", any({"oauth:client:edit"}), post_client_secret},
  };
}

Routes tokens_api_routes() {
  using authz::Requirement;
  return {
      {"GET", "/api/v2/tokens/me", Requirement::none(), get_tokens_me},
      {"DELETE", "/api/v2/tokens/me", Requirement::none(), delete_tokens_me},
      {"DELETE", "/api/v2/tokens/{userId}", Requirement::any_of({"oauth:token:delete"}), delete_token},
  };
}

}  // namespace rp::api::genesys
