// The OAuthApi and TokensApi route tables. (POST /oauth/token and the
// sign-in page are outside /api/v2 and carry their own credentials.)

#include "api/genesys/oauth/handlers.h"

namespace rp::api::genesys {

Routes oauth_api_routes() {
  const std::string clients = "/api/v2/oauth/clients";
  return {
      {"GET", clients, needs_any({"oauth:client:view"}), get_clients},
      {"POST", clients, needs_any({"oauth:client:add"}), post_clients},
      {"GET", clients + "/{clientId}", needs_any({"oauth:client:view"}), get_client},
      {"PUT", clients + "/{clientId}", needs_any({"oauth:client:edit"}), put_client},
      {"DELETE", clients + "/{clientId}", needs_any({"oauth:client:delete"}), delete_client},
      {"POST", clients + "/{clientId}/secret", needs_any({"oauth:client:edit"}), post_client_secret},
  };
}

Routes tokens_api_routes() {
  return {
      {"GET", "/api/v2/tokens/me", needs_none(), get_tokens_me},
      {"DELETE", "/api/v2/tokens/me", needs_none(), delete_tokens_me},
      {"DELETE", "/api/v2/tokens/{userId}", needs_any({"oauth:token:delete"}), delete_token},
  };
}

}  // namespace rp::api::genesys
