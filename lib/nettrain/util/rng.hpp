#pragma once
// The one random generator of nettrain: xoshiro256**, seeded through splitmix64.
// Its whole state is four words, so checkpoints can store it and a resumed run draws the
// same numbers as an uninterrupted one. Each purpose (init, shuffle, dropout) gets its own
// stream derived from the experiment seed, so adding a dropout layer does not change the
// initial weights.
#include <array>
#include <cstdint>
#include <string_view>

namespace nettrain {

class Rng {
 public:
  using State = std::array<std::uint64_t, 4>;

  Rng(std::uint64_t seed, std::string_view purpose);
  // The stream of one item in one round (augmentation's draws for sample `index` in epoch
  // `round`), independent of every other item's: what keeps such draws the same at any thread
  // count, on resume, and whichever process handles the item.
  Rng(std::uint64_t seed, std::string_view purpose, std::uint64_t round, std::uint64_t index);

  // Defined here, not in rng.cpp, so that loops drawing one number per element (dropout's
  // masks) inline them.
  std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n), without modulo bias.
  std::uint64_t below(std::uint64_t n);
  // Standard normal (Box-Muller; one draw per call so the state stays four words).
  double normal();

  const State& state() const { return state_; }
  void set_state(const State& state) { state_ = state; }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  State state_;
};

}  // namespace nettrain
