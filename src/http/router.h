#pragma once
// Maps (method, path template) to a handler. Templates are literal segments
// and {name} captures, e.g. "/api/v2/users/{userId}"; a capture may end in a
// literal custom-method suffix, "{userId}:addRole". A literal segment wins
// over a capture at the same position, and a suffixed capture over a plain
// one, so "/api/v2/users/me", "/users/{userId}:addRole" and
// "/api/v2/users/{userId}" can coexist.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace rp::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // Registers a route. Throws std::invalid_argument on a duplicate (method, template).
  void add(std::string_view method, std::string_view path_template, Handler handler);

  enum class Outcome { found, not_found, method_not_allowed };
  struct Match {
    Outcome outcome = Outcome::not_found;
    const Handler* handler = nullptr;  // set when found
    std::string allowed;               // "GET, POST" when method_not_allowed
  };
  // Looks up `req.method` and `req.path`; on a match fills req.path_params
  // (fully decoded). HEAD falls back to the GET route of the path.
  Match match(Request& req) const;

 private:
  struct Node;
  std::unique_ptr<Node> root_;
};

}  // namespace rp::http
