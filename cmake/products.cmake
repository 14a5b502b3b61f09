# Which library multiplies the matrices (NETTRAIN_PRODUCTS). Measured on one 2-core AMD EPYC
# (docs/benchmarks.md, "Which library multiplies"): with AVX-512, Eigen's own kernel runs the
# MLP's products at about 133 GFLOP/s on one core against OpenBLAS's 98; compiled for AVX2 only,
# Eigen's kernel falls to about 68 where OpenBLAS keeps 95. So `auto` keeps Eigen when the build
# targets AVX-512 and hands Eigen's products to OpenBLAS (EIGEN_USE_BLAS) otherwise. Either way
# each product runs single-threaded inside nettrain's fixed pieces (util/parallel.hpp), so the
# bits do not depend on the thread count.
include(CheckCXXSourceCompiles)

set(products "${NETTRAIN_PRODUCTS}")
if(products STREQUAL "auto")
  set(CMAKE_REQUIRED_FLAGS "${CMAKE_CXX_FLAGS}")
  if(NETTRAIN_NATIVE)
    string(APPEND CMAKE_REQUIRED_FLAGS " -march=native")
  endif()
  check_cxx_source_compiles("
    #ifndef __AVX512F__
    #error no AVX-512
    #endif
    int main() { return 0; }" NETTRAIN_TARGET_HAS_AVX512)
  unset(CMAKE_REQUIRED_FLAGS)
  if(NETTRAIN_TARGET_HAS_AVX512)
    set(products eigen)
  else()
    set(products openblas)
  endif()
endif()

if(products STREQUAL "openblas")
  pkg_check_modules(OPENBLAS REQUIRED IMPORTED_TARGET openblas)
elseif(NOT products STREQUAL "eigen")
  message(FATAL_ERROR "NETTRAIN_PRODUCTS must be auto, eigen or openblas, not '${NETTRAIN_PRODUCTS}'")
endif()
set(NETTRAIN_PRODUCT_LIBRARY ${products})
message(STATUS "nettrain: matrix products by ${NETTRAIN_PRODUCT_LIBRARY}")
