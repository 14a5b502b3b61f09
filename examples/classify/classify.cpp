// classify MODEL INPUT: the most probable class of an image, or of each row of a CSV file, and
// its probability ("Sandal 0.9731"), with nettrain's C++ API.
#include <nettrain/nettrain.hpp>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: classify MODEL INPUT\n");
    return 2;
  }
  try {
    const nettrain::api::Model model(argv[1]);
    const nettrain::api::Batch inputs = model.read_inputs(argv[2]);
    for (const nettrain::api::ClassProbability& best : model.classify(inputs)) {
      std::printf("%s %.4f\n", best.name.c_str(), best.probability);
    }
  } catch (const nettrain::api::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
  return 0;
}
