// Pattern router: literal and "{name}" segments, 404 / 405 answers, HEAD -> GET fallback.
#include "server/http/router.hpp"

#include "server/http/json_response.hpp"
#include "server/http/percent_decode.hpp"

#include <stdexcept>

namespace ragbench::server {
namespace {

// Next '/'-separated segment of `path` (which starts after a '/'); advances `path`.
std::string_view next_segment(std::string_view& path) {
  std::size_t slash = path.find('/');
  std::string_view seg = path.substr(0, slash);
  path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  return seg;
}

void append_allow(std::string& allow, std::string_view method) {
  if (!allow.empty()) allow += ", ";
  allow += method;
}

}  // namespace

void router::add(std::string_view method, std::string_view pattern, handler_fn handler) {
  if (method.empty()) throw std::invalid_argument("router: empty method for pattern '" + std::string(pattern) + "'");
  if (pattern.empty() || pattern.front() != '/') {
    throw std::invalid_argument("router: pattern must start with '/': '" + std::string(pattern) + "'");
  }
  if (!handler) throw std::invalid_argument("router: empty handler for '" + std::string(pattern) + "'");
  route_entry* entry = nullptr;
  for (auto& r : routes_) {
    if (r.pattern == pattern) entry = &r;
  }
  if (entry == nullptr) {
    route_entry fresh;
    fresh.pattern = std::string(pattern);
    std::string_view rest = pattern.substr(1);
    for (bool more = true; more;) {
      more = rest.find('/') != std::string_view::npos;
      std::string_view seg = next_segment(rest);
      segment s;
      if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}') {
        s.text = std::string(seg.substr(1, seg.size() - 2));
        s.capture = true;
        ++fresh.captures;
        if (s.text.find_first_of("{}/") != std::string::npos) {
          throw std::invalid_argument("router: bad capture in pattern '" + std::string(pattern) + "'");
        }
      } else {
        if (seg.find_first_of("{}") != std::string_view::npos) {
          throw std::invalid_argument("router: bad segment in pattern '" + std::string(pattern) + "'");
        }
        s.text = std::string(seg);
      }
      fresh.segments.push_back(std::move(s));
    }
    routes_.push_back(std::move(fresh));
    entry = &routes_.back();
  }
  for (const auto& m : entry->methods) {
    if (m.method == method) {
      throw std::invalid_argument("router: duplicate route " + std::string(method) + " " + std::string(pattern));
    }
  }
  entry->methods.push_back({std::string(method), std::move(handler)});
  entry->allow.clear();
  bool has_get = false, has_head = false;
  for (const auto& m : entry->methods) {
    append_allow(entry->allow, m.method);
    has_get = has_get || m.method == "GET";
    has_head = has_head || m.method == "HEAD";
  }
  if (has_get && !has_head) append_allow(entry->allow, "HEAD");
}

bool router::match(const route_entry& entry, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>* params) {
  if (path.empty() || path.front() != '/') return false;
  std::string_view rest = path.substr(1);
  bool more = true;
  for (const auto& seg : entry.segments) {
    if (!more) return false;
    more = rest.find('/') != std::string_view::npos;
    std::string_view raw = next_segment(rest);
    if (seg.capture) {
      if (raw.empty()) return false;
      if (params != nullptr) {
        auto decoded = percent_decode(raw);
        if (!decoded) return false;
        params->emplace_back(seg.text, std::move(*decoded));
      }
    } else if (raw != seg.text) {
      if (raw.find('%') == std::string_view::npos) return false;
      auto decoded = percent_decode(raw);
      if (!decoded || *decoded != seg.text) return false;
    }
  }
  return !more;
}

void router::wrap(const handler_wrapper& wrapper) {
  for (auto& r : routes_) {
    for (auto& m : r.methods) m.handler = wrapper(m.method, r.pattern, std::move(m.handler));
  }
}

void router::dispatch(request req, handler_context ctx, respond_fn respond) const {
  std::string_view path = std::string_view(req.target).substr(0, req.target.find('?'));
  if (path.empty() || path.front() != '/') path = req.path;

  const route_entry* best = nullptr;
  for (const auto& r : routes_) {
    if ((best == nullptr || r.captures < best->captures) && match(r, path, nullptr)) best = &r;
  }
  if (best == nullptr) {
    req.route = "unmatched";
    if (ctx.route_out != nullptr) *ctx.route_out = req.route;
    respond(json_error(404, "not_found", "no route for " + req.method + " " + std::string(path)));
    return;
  }
  req.route = best->pattern;
  if (ctx.route_out != nullptr) *ctx.route_out = req.route;

  const method_handler* chosen = nullptr;
  for (const auto& m : best->methods) {
    if (m.method == req.method) chosen = &m;
  }
  if (chosen == nullptr && req.method == "HEAD") {
    for (const auto& m : best->methods) {
      if (m.method == "GET") chosen = &m;
    }
  }
  if (chosen == nullptr) {
    response r = json_error(405, "method_not_allowed",
                            "method " + req.method + " is not allowed on " + best->pattern);
    r.headers.emplace_back("allow", best->allow);
    respond(std::move(r));
    return;
  }
  if (best->captures > 0) {
    req.path_params.clear();
    req.path_params.reserve(best->captures);
    if (!match(*best, path, &req.path_params)) {
      respond(json_error(400, "bad_path", "malformed percent-encoding in path parameter"));
      return;
    }
  }
  if (guard_) {
    guard_(std::move(req), std::move(ctx), std::move(respond), chosen->handler);
    return;
  }
  chosen->handler(std::move(req), std::move(ctx), std::move(respond));
}

handler_fn router::as_handler() const {
  return [this](request req, handler_context ctx, respond_fn respond) {
    dispatch(std::move(req), std::move(ctx), std::move(respond));
  };
}

}  // namespace ragbench::server
