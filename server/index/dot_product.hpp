#pragma once
// The inner product used by every index (vectors are L2-normalised, so it is the cosine), as a
// kernel chosen once per process for the CPU it runs on: no per-call dispatch, no -march flag.
#include <cstddef>
#include <string_view>

namespace ragbench::server {

// a·b over n floats. Pure and thread-safe; O(n).
using dot_product_fn = float (*)(const float* a, const float* b, std::size_t n);

struct dot_product_kernel {
  dot_product_fn dot;
  std::string_view isa;  // "avx2+fma" or "portable"
};

// The fastest kernel this CPU supports: AVX2+FMA on x86-64 when the CPU and OS have it, else a
// portable loop that GCC/Clang vectorise with the baseline ISA (SSE2 on x86-64). Chosen on the
// first call (thread-safe static); hot loops should hoist `.dot` out of the loop. Kernels may differ from each other
// in the last bits of a score (FMA rounds once), never within one process.
const dot_product_kernel& dot_product_kernel_for_cpu();
// The portable kernel, whatever the CPU (for tests comparing kernels).
const dot_product_kernel& portable_dot_product_kernel();

}  // namespace ragbench::server
