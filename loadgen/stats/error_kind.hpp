#pragma once
// The kinds of failed request the load generator counts separately.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace ragbench::loadgen {

// connect: TCP connect refused / unreachable; timeout: no (complete) answer in time; reset: the peer
// closed or reset mid-request; protocol: a malformed HTTP/1.1 or HTTP/2 answer; status: an unexpected
// status code; check: a scenario check on the body failed; tls: handshake or certificate error;
// stream: an HTTP/2 stream was reset by the server (RST_STREAM); goaway: an HTTP/2 stream above the
// server's GOAWAY last-stream-id (not processed); flow_control: an HTTP/2 request timed out while its
// stream was blocked on the flow-control window; unfinished: still in flight when the run's drain
// ended (or the run was interrupted), so cancelled; body_too_large: a body that a check or capture
// reads was longer than max_body (or one event of a text/event-stream was); stream_cut: a
// text/event-stream response whose head had arrived ended early (connection closed, RST_STREAM,
// timeout) — its partial stream timings still count.
enum class error_kind {
  connect, timeout, reset, protocol, status, check, tls, stream, goaway, flow_control, unfinished, body_too_large,
  stream_cut
};

inline constexpr std::size_t error_kind_count = 13;

// All kinds in declaration order, for iteration.
inline constexpr std::array<error_kind, error_kind_count> all_error_kinds = {
    error_kind::connect, error_kind::timeout, error_kind::reset,        error_kind::protocol,
    error_kind::status,  error_kind::check,   error_kind::tls,          error_kind::stream,
    error_kind::goaway,  error_kind::flow_control, error_kind::unfinished, error_kind::body_too_large,
    error_kind::stream_cut};

// Stable lower-case identifiers ("connect", "timeout", ...), used as report field names.
std::string_view to_string(error_kind kind);
// Inverse of to_string; nullopt for an unknown name.
std::optional<error_kind> parse_error_kind(std::string_view name);

}  // namespace ragbench::loadgen
