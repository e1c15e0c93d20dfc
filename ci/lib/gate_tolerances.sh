# The performance gate's compare settings, shared by ci/perf-gate.sh and bench/gate_calibration.sh (sourced):
# latency 10 % (with a 0.01 ms floor), throughput 10 %, errors 0.5 percentage points. They hold on this
# machine with 5 interleaved trials per side: bench/gate_calibration.sh measures the false-alarm and
# detection rates (README, "Measured on this machine").
gate_tolerances=(--tolerance latency=10% --min-abs-ms 0.01 --tolerance rps=10% --tolerance errors=0.5%)
