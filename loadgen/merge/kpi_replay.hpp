#pragma once
// The KPIs a run was checked against, recovered from its stored results, so `loadgen merge` can
// evaluate them again on the merged statistics. A run directory keeps each KPI as its display text
// ("search: p95 < 200ms", kpi::display()), which parses back into the same KPI; the error-rate bound
// ("all: error_rate <= 1% (max_error_rate)", see evaluate_kpis) becomes verdict_rules again.
#include <vector>

#include "loadgen/merge/merge_inputs.hpp"
#include "loadgen/report/kpi.hpp"
#include "loadgen/report/run_result.hpp"

namespace ragbench::loadgen {

struct kpi_plan {
  std::vector<kpi> kpis;  // in the stored order
  verdict_rules rules;    // max_error_rate_pct set when the run had the bound
};

// The KPIs and rules of one input. Throws merge_refusal naming the directory for a KPI that does not
// parse back.
kpi_plan kpi_plan_of(const merge_input& in);

// The KPIs every input shares (they must list the same KPI expressions, in the same order: the same
// scenario run with the same --kpi and --max-error-rate; an input without any KPI result, a closed-model
// segment left without users, is not compared). Throws merge_refusal naming the two directories that
// differ.
kpi_plan common_kpi_plan(const std::vector<merge_input>& inputs);

}  // namespace ragbench::loadgen
