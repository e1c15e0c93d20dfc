#pragma once
// Errors on the OpenAI-compatible routes, in OpenAI's shape so its clients report them properly:
//   {"error": {"message": "...", "type": "invalid_request_error", "param": "messages", "code": "..."}}
// `code` is always a string here, so the body also satisfies the project-wide shape
// {"error": {"code", "message"}} that every other route uses.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "server/api/api_error.hpp"
#include "server/http/json_response.hpp"
#include "server/http/message.hpp"
#include "server/store/store_error.hpp"

namespace ragbench::server {

class openai_error : public std::runtime_error {
 public:
  // `param` names the request field at fault ("messages[1].content"), or is empty.
  openai_error(unsigned status, std::string code, std::string param, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)), param_(std::move(param)) {}
  unsigned status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& param() const { return param_; }

 private:
  unsigned status_;
  std::string code_;
  std::string param_;
};

// OpenAI's error type for a status: 400/404/413/415 invalid_request_error, 401
// authentication_error, 429 rate_limit_error, 503 service_unavailable_error, other 5xx server_error.
std::string_view openai_error_type(unsigned status);

// The response for an error; `param` empty -> null.
response openai_error_response(unsigned status, std::string_view code, std::string_view param,
                               std::string_view message);

// The 503 for a full decode queue: code "server_is_overloaded", Retry-After: 1.
response openai_overloaded(std::size_t queue_max);

// Runs `fn` (returning a response) and maps failures to the OpenAI shape: openai_error as given,
// api_error (body parsing: 400 invalid_json, 415) with its status and code, store_error -> 503,
// anything else -> 500 (logged). Never throws.
template <class F>
response openai_guarded(const logger& log, F&& fn) noexcept {
  try {
    return fn();
  } catch (const openai_error& e) {
    return openai_error_response(e.status(), e.code(), e.param(), e.what());
  } catch (const api_error& e) {
    return openai_error_response(e.status(), e.code(), {}, e.what());
  } catch (const store_error& e) {
    log.warn(std::string("store unavailable: ") + e.what());
    return openai_error_response(503, "store_unavailable", {}, std::string("the document store is unavailable: ") + e.what());
  } catch (const std::exception& e) {
    log.error(std::string("internal error: ") + e.what());
    return openai_error_response(500, "internal", {}, "internal error; see the server log");
  }
}

}  // namespace ragbench::server
