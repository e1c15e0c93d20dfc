// ragserver: parse the configuration, build the server, serve until SIGINT/SIGTERM, drain, exit.
// Exit codes: 0 clean shutdown, 1 start-up failure (store, bind), 2 bad configuration.
#include <csignal>
#include <cstdio>
#include <exception>

#include <pthread.h>

#include "server/app/ragserver_app.hpp"
#include "server/config/config_error.hpp"
#include "server/config/config_parser.hpp"

int main(int argc, char** argv) {
  using namespace ragbench::server;
  // Block the shutdown signals before any thread starts (threads inherit the mask), then wait
  // for them synchronously on this thread.
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  config_result parsed;
  try {
    parsed = parse_server_config(argc, argv, process_environment());
  } catch (const config_error& e) {
    std::fprintf(stderr, "ragserver: %s\nrun 'ragserver --help' for the list of settings\n", e.what());
    return 2;
  }
  if (parsed.action != config_action::run) {
    std::fputs(parsed.text.c_str(), stdout);
    return 0;
  }
  try {
    ragserver_app app(parsed.config);
    unsigned short port = app.start();
    const bool tls = !parsed.config.tls_cert.empty();
    std::printf("ragserver listening on %s://%s:%u\n", tls ? "https" : "http", app.host().c_str(), port);
    std::fflush(stdout);
    int sig = 0;
    sigwait(&shutdown_signals, &sig);
    std::fprintf(stderr, "ragserver: %s received, draining in-flight requests\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    app.stop();
    std::fprintf(stderr, "ragserver: stopped\n");
    return 0;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "ragserver: invalid setting: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ragserver: cannot start: %s\n", e.what());
    return 1;
  }
}
