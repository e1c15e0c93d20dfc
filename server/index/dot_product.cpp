// Dot-product kernels. The AVX2 one is compiled with a function-level target attribute, so the
// build stays portable; it is only called after __builtin_cpu_supports says the CPU (and OS) can.
#include "server/index/dot_product.hpp"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define RAGBENCH_HAVE_AVX2_KERNEL 1
#include <immintrin.h>
#endif

namespace ragbench::server {
namespace {

// Eight independent partial sums remove the loop-carried dependency, so the compiler
// vectorises it at -O2 without -ffast-math.
float dot_portable(const float* a, const float* b, std::size_t n) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (std::size_t j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  }
  float sum = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}

#ifdef RAGBENCH_HAVE_AVX2_KERNEL
// Four 8-wide FMA accumulators: enough independent chains to hide FMA latency (4 cycles, two
// ports), so D = 384 costs ~12 loop iterations instead of the 96 dependent adds of 4-wide SSE.
__attribute__((target("avx2,fma"))) float dot_avx2(const float* a, const float* b, std::size_t n) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  __m256 s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
    s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
  }
  for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
  const __m256 s = _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3));
  __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  h = _mm_add_ps(h, _mm_movehl_ps(h, h));
  h = _mm_add_ss(h, _mm_movehdup_ps(h));
  float sum = _mm_cvtss_f32(h);
  for (; i < n; ++i) sum += a[i] * b[i];
  return sum;
}
#endif

constexpr dot_product_kernel portable{dot_portable, "portable"};
#ifdef RAGBENCH_HAVE_AVX2_KERNEL
constexpr dot_product_kernel avx2{dot_avx2, "avx2+fma"};
#endif

const dot_product_kernel& choose_kernel() {
#ifdef RAGBENCH_HAVE_AVX2_KERNEL
  __builtin_cpu_init();
  // libgcc/compiler-rt report avx2 only when the OS also saves YMM state (XCR0).
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return avx2;
#endif
  return portable;
}

}  // namespace

const dot_product_kernel& dot_product_kernel_for_cpu() {
  static const dot_product_kernel& chosen = choose_kernel();
  return chosen;
}

const dot_product_kernel& portable_dot_product_kernel() { return portable; }

}  // namespace ragbench::server
