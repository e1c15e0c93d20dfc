#pragma once
// The page GET / of loadgen run --web serves. One function, so the page is swapped in one line.
#include <string>

namespace ragbench::loadgen {

// The live page's HTML (self-contained: no network). It reads /events (Server-Sent Events) and
// offers a stop button (POST /stop).
std::string live_page_html();

}  // namespace ragbench::loadgen
