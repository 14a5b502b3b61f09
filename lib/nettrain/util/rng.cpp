#include "nettrain/util/rng.hpp"

#include <cmath>
#include <numbers>

namespace nettrain {
namespace {

std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// FNV-1a: a stable hash of the purpose name, identical on every platform.
std::uint64_t hash_name(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

}  // namespace

Rng::Rng(std::uint64_t seed, std::string_view purpose) {
  std::uint64_t x = seed ^ hash_name(purpose);
  for (auto& word : state_) word = splitmix64(x);
}

Rng::Rng(std::uint64_t seed, std::string_view purpose, std::uint64_t round, std::uint64_t index) {
  std::uint64_t x = seed ^ hash_name(purpose);
  x = splitmix64(x) ^ round;
  x = splitmix64(x) ^ index;
  for (auto& word : state_) word = splitmix64(x);
}

std::uint64_t Rng::below(std::uint64_t n) {
  // Rejection sampling: draws in the incomplete top bucket are thrown away.
  const std::uint64_t limit = -n % n;
  for (;;) {
    const std::uint64_t r = next();
    if (r >= limit) return r % n;
  }
}

double Rng::normal() {
  const double u1 = 1.0 - uniform();  // in (0, 1], so the log is finite
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace nettrain
