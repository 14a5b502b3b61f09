// The dlib reference for nettrain's benchmarks: the networks and recipe of
// bench/pytorch_reference.py (configs/fashion_mlp.yaml and configs/fashion_cnn.yaml) written with
// dlib's dnn API as a dlib user would: the layers' default initialization, dlib's Adam
// (lr 1e-3, betas 0.9 and 0.999), a plain loop of forward, backward and update on mini-batches
// drawn from a shuffled order each epoch, inputs scaled to [0, 1].
//
// Prints the same JSON lines as pytorch_reference.py (bench/run_benchmarks.py reads both):
//   {"epoch": 1, "seconds": 4.7, "samples_per_second": 12700.0, "train_loss": 0.52}
//   {"final": true, "test_accuracy": 0.855, "blas": "/usr/lib/.../libblas.so.3", "blas_threads": 2, ...}
//
//   dlib_reference [--model mlp|cnn] [--epochs N] [--batch-size N] [--hidden N] [--threads N]
//                  [--data DIR] [--seed N]
//
// dlib runs its products (fc, and con through im2col) through the BLAS it links (libblas.so.3:
// OpenBLAS when libopenblas0-pthread is installed, else Debian's reference BLAS, about ten times
// slower). --threads sets OpenBLAS's thread count, so dlib gets both cores as the other two
// programs do; the BLAS found (the alternatives link resolved) and its thread count are printed
// in the final line.
#include <dlfcn.h>
#include <link.h>
#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <dlib/dnn.h>
#include <dlib/revision.h>

namespace {

using namespace dlib;
using Image = matrix<float>;

// The MLP of fashion_mlp.yaml; the hidden width is set at run time (--hidden, for the curves).
using Mlp = loss_multiclass_log<fc<10, sig<fc<500, sig<fc<500, input<Image>>>>>>>;
// The CNN of fashion_cnn.yaml: con's default padding for stride 1 is "same"; pooling of 2
// with stride 2 has none, so 28 -> 14 -> 7.
template <template <typename> class Drop>
using CnnOf = loss_multiclass_log<fc<10, Drop<relu<fc<1024, sig<max_pool<2, 2, 2, 2, con<64, 3, 3, 1, 1,
              relu<max_pool<2, 2, 2, 2, con<64, 3, 3, 1, 1, input<Image>>>>>>>>>>>>;
using Cnn = CnnOf<dropout>;
// dlib's dropout drops in every forward pass and does not rescale; for testing it is replaced
// by multiply (by 1 - rate), as dlib's own examples do.
using CnnTest = CnnOf<multiply>;

struct Options {
  std::string model = "mlp";
  long epochs = 20, batch_size = 100, hidden = 500, threads = 2, seed = 42;
  std::string data = "/usr/share/datasets/fashion-mnist";
};

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  std::exit(2);
}

long positive(const std::string& flag, const char* text) {
  long value = 0;
  const char* end = text + std::strlen(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end || value < 1 || value > 1000000000)
    usage_error(flag + " must be an integer from 1 to 1000000000, got '" + text + "'");
  return value;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) usage_error(flag + " needs a value (see the comment at the top of dlib_reference.cpp)");
    const char* value = argv[++i];
    if (flag == "--model") o.model = value;
    else if (flag == "--data") o.data = value;
    else if (flag == "--epochs") o.epochs = positive(flag, value);
    else if (flag == "--batch-size") o.batch_size = positive(flag, value);
    else if (flag == "--hidden") o.hidden = positive(flag, value);
    else if (flag == "--threads") o.threads = positive(flag, value);
    else if (flag == "--seed") o.seed = positive(flag, value);
    else usage_error("unknown option " + flag);
  }
  if (o.model != "mlp" && o.model != "cnn") usage_error("--model must be mlp or cnn, got " + o.model);
  return o;
}

// An IDX file, gzipped or not (zlib reads both), as its dimensions and bytes.
std::vector<unsigned char> read_idx(const std::string& path, std::vector<long>& dims) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path);
  std::vector<unsigned char> bytes;
  unsigned char chunk[1 << 16];
  int n;
  while ((n = gzread(f, chunk, sizeof chunk)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  gzclose(f);
  if (bytes.size() < 4) throw std::runtime_error(path + " is not an IDX file");
  const int count = bytes[3];
  long items = 1;
  dims.clear();
  for (int i = 0; i < count; ++i) {
    const unsigned char* d = &bytes[4 + 4 * i];
    dims.push_back((long(d[0]) << 24) | (long(d[1]) << 16) | (long(d[2]) << 8) | long(d[3]));
    items *= dims.back();
  }
  const size_t offset = 4 + 4 * size_t(count);
  if (bytes.size() < offset + size_t(items)) throw std::runtime_error(path + " is shorter than its header says");
  return {bytes.begin() + offset, bytes.begin() + offset + items};
}

void load(const std::string& dir, const std::string& prefix, std::vector<Image>& images,
          std::vector<unsigned long>& labels) {
  std::vector<long> dims;
  const auto pixels = read_idx(dir + "/" + prefix + "-images-idx3-ubyte.gz", dims);
  const long n = dims[0], rows = dims[1], cols = dims[2];
  images.assign(n, Image(rows, cols));
  for (long i = 0; i < n; ++i)
    for (long r = 0; r < rows; ++r)
      for (long c = 0; c < cols; ++c) images[i](r, c) = pixels[(i * rows + r) * cols + c] / 255.0f;
  const auto bytes = read_idx(dir + "/" + prefix + "-labels-idx1-ubyte.gz", dims);
  labels.assign(bytes.begin(), bytes.end());
}

// The BLAS library this process loaded (dlib links libblas.so.3, an alternatives link).
std::string blas_library() {
  std::string found;
  dl_iterate_phdr([](dl_phdr_info* info, size_t, void* out) {
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    if (name.find("blas") != std::string::npos) {
      auto& s = *static_cast<std::string*>(out);
      char* resolved = realpath(name.c_str(), nullptr);
      s += (s.empty() ? "" : " ") + (resolved ? std::string(resolved) : name);
      std::free(resolved);
    }
    return 0;
  }, &found);
  return found;
}

// OpenBLAS's thread count set to `threads`; 1 for a BLAS without threads (Debian's reference BLAS).
int set_blas_threads(long threads, std::string& config) {
  auto set = reinterpret_cast<void (*)(int)>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
  auto get = reinterpret_cast<int (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
  auto describe = reinterpret_cast<char* (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
  auto core = reinterpret_cast<char* (*)()>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (!set || !get) {
    config = "not OpenBLAS";
    return 1;
  }
  set(int(threads));
  config = std::string(describe ? describe() : "OpenBLAS") + (core ? std::string(", core ") + core() : "");
  return get();
}

template <typename Net>
void train(Net& net, const Options& o, const std::vector<Image>& x, const std::vector<unsigned long>& y) {
  std::vector<adam> solvers(Net::num_computational_layers, adam(0, 0.9, 0.999));
  std::vector<size_t> order(x.size());
  std::mt19937 rng(o.seed);
  std::vector<Image> batch_x;
  std::vector<unsigned long> batch_y;
  resizable_tensor input;
  for (long epoch = 1; epoch <= o.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    const auto start = std::chrono::steady_clock::now();
    double total = 0;
    for (size_t i = 0; i < order.size(); i += o.batch_size) {
      const size_t end = std::min(order.size(), i + size_t(o.batch_size));
      batch_x.clear();
      batch_y.clear();
      for (size_t j = i; j < end; ++j) {
        batch_x.push_back(x[order[j]]);
        batch_y.push_back(y[order[j]]);
      }
      net.to_tensor(batch_x.begin(), batch_x.end(), input);
      total += net.compute_parameter_gradients(input, batch_y.begin()) * double(end - i);
      net.update_parameters(make_sstack(solvers), 0.001);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("{\"epoch\": %ld, \"seconds\": %.6f, \"samples_per_second\": %.1f, \"train_loss\": %.6f}\n", epoch,
                seconds, double(x.size()) / seconds, total / double(x.size()));
    std::fflush(stdout);
  }
}

template <typename Net>
double accuracy(Net& net, const std::vector<Image>& x, const std::vector<unsigned long>& y) {
  const std::vector<unsigned long> predicted = net(x, 1000);
  long correct = 0;
  for (size_t i = 0; i < y.size(); ++i) correct += predicted[i] == y[i];
  return double(correct) / double(y.size());
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  std::string blas_config;
  const int blas_threads = set_blas_threads(o.threads, blas_config);
  std::srand(unsigned(o.seed));  // dlib's layers draw their initial weights from std::rand()
  std::vector<Image> x_train, x_test;
  std::vector<unsigned long> y_train, y_test;
  load(o.data, "train", x_train, y_train);
  load(o.data, "t10k", x_test, y_test);
  double test_accuracy;
  if (o.model == "mlp") {
    Mlp net;
    layer<3>(net).layer_details().set_num_outputs(o.hidden);  // the hidden widths (layer<1> is fc<10>)
    layer<5>(net).layer_details().set_num_outputs(o.hidden);
    train(net, o, x_train, y_train);
    test_accuracy = accuracy(net, x_test, y_test);
  } else {
    Cnn net;
    train(net, o, x_train, y_train);
    CnnTest test = net;
    test_accuracy = accuracy(test, x_test, y_test);
  }
  std::printf("{\"final\": true, \"model\": \"%s\", \"epochs\": %ld, \"test_accuracy\": %.6f, \"dlib\": \"%d.%d\", "
              "\"blas\": \"%s\", \"blas_config\": \"%s\", \"blas_threads\": %d}\n",
              o.model.c_str(), o.epochs, test_accuracy, DLIB_MAJOR_VERSION, DLIB_MINOR_VERSION,
              blas_library().c_str(), blas_config.c_str(), blas_threads);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "error: %s\n", e.what());
  return 1;
}
