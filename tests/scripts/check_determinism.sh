#!/usr/bin/env bash
# Determinism lint (CTest: lint.determinism).
#  1. The core, kernel, stats and model libraries must not reference libm's transcendental
#     functions: glibc picks their implementation by CPU at load time, so their last bit can
#     differ between machines. Those layers use whsim::dmath instead. Checked on the compiled
#     objects (nm), so no spelling, macro or inlined header escapes it.
#  2. No std::*_distribution or std random engines anywhere in the source tree: distributions
#     are our own (their results differ between standard libraries).
# Usage: check_determinism.sh SOURCE_DIR LIB.a...
set -euo pipefail
src=$1
shift
status=0
forbidden='^(exp|exp2|exp10|expm1|log|log2|log10|log1p|logb|pow|pow10|sin|cos|tan|sincos|asin|acos|atan|atan2|sinh|cosh|tanh|asinh|acosh|atanh|erf|erfc|lgamma|lgamma_r|tgamma|cbrt|hypot|j0|j1|y0|y1)(f|l|f32|f64|f128)?$|^__.*_finite$'
for lib in "$@"; do
  hits=$(nm -u --format=posix "$lib" 2>/dev/null | awk '{print $1}' | sed 's/@.*//' | grep -E "$forbidden" | sort -u || true)
  if [[ -n "$hits" ]]; then
    echo "error: $(basename "$lib") calls libm functions whose results differ between CPUs (use whsim::dmath):"
    echo "$hits" | sed 's/^/  /'
    status=1
  fi
done
pattern='std::[a-z_0-9]+_distribution|std::(mt19937|mt19937_64|minstd_rand0?|ranlux[0-9_a-z]*|knuth_b|default_random_engine|random_device)\b|#include <random>'
hits=$(grep -rnE "$pattern" "$src/sim" "$src/include" "$src/tools" "$src/tests" --include='*.cpp' --include='*.hpp' --include='*.h' || true)
if [[ -n "$hits" ]]; then
  echo "error: standard-library random engines or distributions are not allowed (results differ between"
  echo "implementations); use whsim::RandomStream and whsim/kernel/distributions.hpp:"
  echo "$hits" | sed 's/^/  /'
  status=1
fi
if [[ $status -eq 0 ]]; then
  echo "determinism lint: $# libraries free of libm transcendental calls; no std random engines or distributions"
fi
exit $status
