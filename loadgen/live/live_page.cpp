// The live page: loadgen/report/html's charted page (render_live_page, the look of report.html), served
// as GET /.
#include "loadgen/live/live_page.hpp"

#include "loadgen/report/html/live_page.hpp"

namespace ragbench::loadgen {

std::string live_page_html() { return render_live_page(); }

}  // namespace ragbench::loadgen
