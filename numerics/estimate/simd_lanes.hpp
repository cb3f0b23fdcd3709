// The vector registers of the firing kernels (firing.hpp): AVX-512 (8 doubles, 16 floats) or AVX2
// with FMA (4 doubles, 8 floats), whichever the build targets; SCAE_SIMD_LANES is left undefined
// elsewhere and the kernels keep their portable loops. A lane's fma is std::fma, its comparison
// the scalar one: the same bits on every instruction set. Internal to numerics/estimate.
#pragma once

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#define SCAE_SIMD_LANES 1
#include <immintrin.h>
#endif

// greater(a, b) and greater_equal(a, b): bit i set where lane i of a > b (>=); clear for NaN.
namespace scae::engine::simd {

#if defined(__AVX512F__)
constexpr int doubles = 8, floats = 16;
using Doubles = __m512d;
using Floats = __m512;
inline Doubles zero_doubles() { return _mm512_setzero_pd(); }
inline Floats zero_floats() { return _mm512_setzero_ps(); }
inline Doubles load(const double* p) { return _mm512_loadu_pd(p); }
inline Floats load(const float* p) { return _mm512_loadu_ps(p); }
inline void store(double* p, Doubles v) { _mm512_storeu_pd(p, v); }
inline Doubles broadcast(double x) { return _mm512_set1_pd(x); }
inline Floats broadcast(float x) { return _mm512_set1_ps(x); }
inline Doubles fma(Doubles a, Doubles b, Doubles c) { return _mm512_fmadd_pd(a, b, c); }
inline Floats fma(Floats a, Floats b, Floats c) { return _mm512_fmadd_ps(a, b, c); }
inline Doubles subtract(Doubles a, Doubles b) { return _mm512_sub_pd(a, b); }
inline unsigned greater(Doubles a, Doubles b) { return _mm512_cmp_pd_mask(a, b, _CMP_GT_OQ); }
inline unsigned greater(Floats a, Floats b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
inline unsigned greater_equal(Floats a, Floats b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
#elif defined(SCAE_SIMD_LANES)  // AVX2 with FMA
constexpr int doubles = 4, floats = 8;
using Doubles = __m256d;
using Floats = __m256;
inline Doubles zero_doubles() { return _mm256_setzero_pd(); }
inline Floats zero_floats() { return _mm256_setzero_ps(); }
inline Doubles load(const double* p) { return _mm256_loadu_pd(p); }
inline Floats load(const float* p) { return _mm256_loadu_ps(p); }
inline void store(double* p, Doubles v) { _mm256_storeu_pd(p, v); }
inline Doubles broadcast(double x) { return _mm256_set1_pd(x); }
inline Floats broadcast(float x) { return _mm256_set1_ps(x); }
inline Doubles fma(Doubles a, Doubles b, Doubles c) { return _mm256_fmadd_pd(a, b, c); }
inline Floats fma(Floats a, Floats b, Floats c) { return _mm256_fmadd_ps(a, b, c); }
inline Doubles subtract(Doubles a, Doubles b) { return _mm256_sub_pd(a, b); }
inline unsigned bits(Doubles v) { return static_cast<unsigned>(_mm256_movemask_pd(v)); }
inline unsigned bits(Floats v) { return static_cast<unsigned>(_mm256_movemask_ps(v)); }
inline unsigned greater(Doubles a, Doubles b) { return bits(_mm256_cmp_pd(a, b, _CMP_GT_OQ)); }
inline unsigned greater(Floats a, Floats b) { return bits(_mm256_cmp_ps(a, b, _CMP_GT_OQ)); }
inline unsigned greater_equal(Floats a, Floats b) { return bits(_mm256_cmp_ps(a, b, _CMP_GE_OQ)); }
#endif

}  // namespace scae::engine::simd
