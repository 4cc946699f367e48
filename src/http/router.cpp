#include "http/router.h"

#include <array>
#include <map>
#include <optional>
#include <stdexcept>

namespace rp::http {

namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; a trailing slash yields a final empty
// segment, so "/users/" and "/users" are different paths.
template <class Fn>
bool for_each_segment(std::string_view path, Fn&& fn) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    if (!fn(path.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

// Paths deeper than this never match and templates deeper than this are
// rejected; the fixed arrays keep a lookup free of allocations.
constexpr std::size_t kMaxSegments = 32;

// A capture segment: "{name}", or "{name}:verb" (a custom method in the
// style of Google's AIP-136, as Atlas's ".../users/{userId}:addRole").
struct CaptureSegment {
  std::string_view name, suffix;
};
std::optional<CaptureSegment> capture_segment(std::string_view segment) {
  if (segment.empty() || segment.front() != '{') return std::nullopt;
  auto close = segment.find('}');
  if (close == std::string_view::npos) return std::nullopt;
  CaptureSegment c{segment.substr(1, close - 1), segment.substr(close + 1)};
  if (c.name.empty() || c.name.find('{') != std::string_view::npos) return std::nullopt;
  if (!c.suffix.empty() &&
      (c.suffix.size() < 2 || c.suffix.front() != ':' || c.suffix.find_first_of("{}") != std::string_view::npos))
    return std::nullopt;
  return c;
}

}  // namespace

struct Router::Node {
  struct Route {
    std::string method;
    // Names of the {captures} along this route's template, in order. They
    // live on the route (not on the trie node) because two templates may
    // name the capture at the same position differently.
    std::vector<std::string> capture_names;
    Handler handler;
  };

  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  // Captures followed by a literal suffix, by suffix (":addRole").
  std::map<std::string, std::unique_ptr<Node>, std::less<>> suffixed;
  std::unique_ptr<Node> capture;
  std::vector<Route> routes;

  const Route* route_for(std::string_view method) const {
    for (const auto& r : routes)
      if (r.method == method) return &r;
    return nullptr;
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(std::string_view method, std::string_view path_template, Handler handler) {
  if (method.empty()) throw std::invalid_argument("route method is empty");
  if (!handler) throw std::invalid_argument("route handler is empty: " + std::string(path_template));
  Node* node = root_.get();
  std::vector<std::string> names;
  std::size_t depth = 0;
  bool ok = for_each_segment(path_template, [&](std::string_view segment) {
    if (++depth > kMaxSegments) return false;
    if (segment.starts_with('{')) {
      auto c = capture_segment(segment);
      if (!c) return false;
      names.emplace_back(c->name);
      std::unique_ptr<Node>* child = &node->capture;
      if (!c->suffix.empty()) {
        auto it = node->suffixed.find(c->suffix);
        if (it == node->suffixed.end()) it = node->suffixed.emplace(std::string(c->suffix), nullptr).first;
        child = &it->second;
      }
      if (!*child) *child = std::make_unique<Node>();
      node = child->get();
      return true;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) return false;
    auto it = node->literals.find(segment);
    if (it == node->literals.end()) it = node->literals.emplace(std::string(segment), std::make_unique<Node>()).first;
    node = it->second.get();
    return true;
  });
  if (!ok) throw std::invalid_argument("invalid route template: " + std::string(path_template));
  if (node->route_for(method))
    throw std::invalid_argument("duplicate route: " + std::string(method) + " " + std::string(path_template));
  node->routes.push_back(Node::Route{std::string(method), std::move(names), std::move(handler)});
}

namespace {

// Depth-first search over the trie, literal children before suffixed
// captures before the plain capture child, so a literal segment wins over a
// capture at the same position ("{id}:verb" over "{id}") while a capture
// still matches when the more specific branch leads nowhere.
struct Search {
  std::array<std::string_view, kMaxSegments> segments;
  std::size_t depth = 0;
  std::string_view method;
  std::array<std::string_view, kMaxSegments> captured;
  std::size_t captures = 0;
  std::vector<std::string_view> allowed;  // methods seen on nodes matching the path
};

template <class Node>
const typename Node::Route* search(const Node& node, std::size_t depth, Search& s) {
  if (depth == s.depth) {
    if (const auto* r = node.route_for(s.method)) return r;
    for (const auto& r : node.routes) {
      bool seen = false;
      for (auto m : s.allowed) seen = seen || m == r.method;
      if (!seen) s.allowed.emplace_back(r.method);
    }
    return nullptr;
  }
  std::string_view segment = s.segments[depth];
  if (auto it = node.literals.find(segment); it != node.literals.end())
    if (const auto* r = search(*it->second, depth + 1, s)) return r;
  for (const auto& [suffix, child] : node.suffixed) {
    if (segment.size() <= suffix.size() || !segment.ends_with(suffix)) continue;
    s.captured[s.captures++] = segment.substr(0, segment.size() - suffix.size());
    if (const auto* r = search(*child, depth + 1, s)) return r;
    --s.captures;
  }
  if (node.capture && !segment.empty()) {
    s.captured[s.captures++] = segment;
    if (const auto* r = search(*node.capture, depth + 1, s)) return r;
    --s.captures;
  }
  return nullptr;
}

// A captured segment with the "%2F" and "%25" that decode_target leaves
// encoded (so that they do not split the path) decoded.
std::string decode_segment(std::string_view seg) {
  std::string out;
  out.reserve(seg.size());
  for (std::size_t i = 0; i < seg.size(); ++i) {
    if (seg[i] == '%' && i + 2 < seg.size() && seg[i + 1] == '2') {
      char c = seg[i + 2];
      if (c == 'F' || c == 'f') {
        out.push_back('/');
        i += 2;
        continue;
      }
      if (c == '5') {
        out.push_back('%');
        i += 2;
        continue;
      }
    }
    out.push_back(seg[i]);
  }
  return out;
}

}  // namespace

Router::Match Router::match(Request& req) const {
  Match out;
  Search s;
  s.method = req.method;
  if (!for_each_segment(req.path, [&](std::string_view seg) {
        if (s.depth == kMaxSegments) return false;
        s.segments[s.depth++] = seg;
        return true;
      }))
    return out;
  const Node::Route* route = search(*root_, 0, s);
  if (!route && s.method == "HEAD") {
    // HEAD is GET without the body (RFC 9110 9.3.2); the server drops it.
    s.method = "GET";
    s.captures = 0;
    route = search(*root_, 0, s);
  }
  if (route) {
    req.path_params.clear();
    for (std::size_t i = 0; i < route->capture_names.size() && i < s.captures; ++i)
      req.path_params.emplace_back(route->capture_names[i], decode_segment(s.captured[i]));
    out.outcome = Outcome::found;
    out.handler = &route->handler;
    return out;
  }
  if (!s.allowed.empty()) {
    out.outcome = Outcome::method_not_allowed;
    for (auto m : s.allowed) {
      if (!out.allowed.empty()) out.allowed += ", ";
      out.allowed += m;
    }
  }
  return out;
}

}  // namespace rp::http
