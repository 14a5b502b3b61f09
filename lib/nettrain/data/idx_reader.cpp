#include "nettrain/data/idx_reader.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "nettrain/error.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

constexpr unsigned char gzip_magic[2] = {0x1f, 0x8b};
constexpr std::uint8_t unsigned_byte_type = 0x08;
// Big enough that zlib and the kernel work in large steps, small enough that a lying header
// costs nothing: the buffer only grows with data that actually arrived.
constexpr std::size_t chunk_bytes = std::size_t{1} << 20;

std::string type_name(std::uint8_t code) {
  switch (code) {
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "16-bit integer";
    case 0x0C:
      return "32-bit integer";
    case 0x0D:
      return "32-bit float";
    case 0x0E:
      return "64-bit float";
    default:
      return "unknown";
  }
}

std::string dims_for_message(const Shape& dims) {
  std::string out;
  for (std::size_t i = 0; i < dims.size(); ++i) out += (i ? " x " : "") + std::to_string(dims[i]);
  return out;
}

// The bytes of a raw or gzip-compressed file, read front to back. Stream errors (a corrupt or
// truncated gzip stream, a failing disk) are DataErrors naming the file.
class ByteStream {
 public:
  explicit ByteStream(const std::string& path) : path_(path) {
    FileDescriptor fd = open_input_file<DataError>(path);
    unsigned char magic[2] = {0, 0};
    const ssize_t got = ::pread(fd.get(), magic, 2, 0);
    if (got < 0) fail("cannot read: " + error_text(errno));
    gzip_ = got == 2 && magic[0] == gzip_magic[0] && magic[1] == gzip_magic[1];
    if (gzip_) {
      gz_ = gzdopen(fd.get(), "rb");
      if (!gz_) fail("cannot open: " + error_text(errno));
      fd.release();
      gzbuffer(gz_, static_cast<unsigned>(chunk_bytes));
    } else {
      raw_.reset(::fdopen(fd.get(), "rb"));
      if (!raw_) fail("cannot open: " + error_text(errno));
      fd.release();
    }
  }
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;
  ~ByteStream() {
    if (gz_) gzclose(gz_);
  }

  bool compressed() const { return gzip_; }

  // Up to `count` bytes into `out`; fewer only at the end of the data.
  std::size_t read(std::uint8_t* out, std::size_t count) {
    if (!gzip_) {
      const std::size_t got = std::fread(out, 1, count, raw_.get());
      if (std::ferror(raw_.get())) fail("cannot read: " + error_text(errno));
      return got;
    }
    std::size_t total = 0;
    while (total < count) {
      const unsigned ask = static_cast<unsigned>(std::min(count - total, chunk_bytes));
      const int got = gzread(gz_, out + total, ask);
      check_gzip();
      if (got <= 0) break;
      total += static_cast<std::size_t>(got);
    }
    return total;
  }

  [[noreturn]] void fail(const std::string& message) const { throw DataError(Location{path_}, message); }

 private:
  // zlib reports a stream that ends early as Z_BUF_ERROR without failing the read itself.
  void check_gzip() {
    int code = Z_OK;
    const char* message = gzerror(gz_, &code);
    if (code == Z_OK) return;
    if (code == Z_BUF_ERROR) fail("the gzip stream is truncated (the file ends before the compressed data does)");
    if (code == Z_ERRNO) fail("cannot read: " + error_text(errno));
    fail(fmt::format("the gzip stream is corrupt ({})", message));
  }

  std::string path_;
  bool gzip_ = false;
  gzFile gz_ = nullptr;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> raw_{nullptr, std::fclose};
};

std::uint32_t big_endian(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

void read_header_bytes(ByteStream& in, std::uint8_t* out, std::size_t count, std::size_t offset) {
  const std::size_t got = in.read(out, count);
  if (got != count) {
    in.fail(fmt::format("is too short for an IDX header: it ends after {} byte(s), the header needs {}", offset + got,
                        offset + count));
  }
}

Shape read_header(ByteStream& in) {
  std::uint8_t magic[4];
  read_header_bytes(in, magic, 4, 0);
  if (magic[0] != 0 || magic[1] != 0) {
    in.fail(
        fmt::format("is not an IDX file: it starts with 0x{:02x}{:02x}{:02x}{:02x}, expected 0x0000 followed by "
                    "a type code and a dimension count{}",
                    magic[0], magic[1], magic[2], magic[3], in.compressed() ? " (after decompression)" : ""));
  }
  if (magic[2] != unsigned_byte_type) {
    in.fail(fmt::format("has IDX type code 0x{:02x} ({}); only 0x08 (unsigned byte) is supported", magic[2],
                        type_name(magic[2])));
  }
  const std::size_t rank = magic[3];
  if (rank == 0) in.fail("has 0 dimensions; an IDX file needs at least a sample count");
  std::vector<std::uint8_t> raw(rank * 4);
  read_header_bytes(in, raw.data(), raw.size(), 4);
  Shape dims(rank);
  for (std::size_t i = 0; i < rank; ++i) dims[i] = big_endian(raw.data() + 4 * i);
  return dims;
}

// The number of bytes `dims` claim; a product beyond any real file fails before it can overflow.
std::uint64_t claimed_bytes(ByteStream& in, const Shape& dims) {
  constexpr std::uint64_t limit = std::uint64_t{1} << 50;
  std::uint64_t total = 1;
  for (Index d : dims) {
    if (d == 0) return 0;
    if (total > limit / static_cast<std::uint64_t>(d)) {
      in.fail(fmt::format("dims {} claim more data than any IDX file holds", dims_for_message(dims)));
    }
    total *= static_cast<std::uint64_t>(d);
  }
  return total;
}

}  // namespace

IdxArray read_idx(const std::string& path) {
  ByteStream in(path);
  IdxArray array;
  array.dims = read_header(in);
  const std::uint64_t claimed = claimed_bytes(in, array.dims);
  const char* data_kind = in.compressed() ? "decompressed data" : "data";
  // Asking for one byte past the claim shows extra data, and makes zlib reach the end of the
  // stream, where it checks the gzip trailer (CRC and length). The buffer grows only by what
  // actually arrived, so a lying header costs nothing.
  std::uint64_t total = 0;
  while (total <= claimed) {
    const std::size_t ask = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_bytes, claimed + 1 - total));
    array.bytes.resize(static_cast<std::size_t>(total) + ask);
    const std::size_t got = in.read(array.bytes.data() + total, ask);
    total += got;
    if (got < ask) break;
  }
  array.bytes.resize(static_cast<std::size_t>(std::min(total, claimed)));
  if (total > claimed) {
    in.fail(
        fmt::format("has more {} than its dims {} claim ({} bytes)", data_kind, dims_for_message(array.dims), claimed));
  }
  if (total < claimed) {
    in.fail(fmt::format("dims {} claim {} bytes of {}, but the file holds only {}", dims_for_message(array.dims),
                        claimed, data_kind, total));
  }
  return array;
}

Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path) {
  IdxArray images = read_idx(images_path);
  if (images.dims.size() < 2) {
    throw DataError(Location{images_path},
                    fmt::format("has dims {}; an images file needs a count and at least one sample dimension",
                                dims_for_message(images.dims)));
  }
  if (std::find(images.dims.begin() + 1, images.dims.end(), 0) != images.dims.end()) {
    throw DataError(Location{images_path}, fmt::format("has dims {}; a sample of zero values cannot be trained on",
                                                       dims_for_message(images.dims)));
  }
  const IdxArray labels = read_idx(labels_path);
  if (labels.dims.size() != 1) {
    throw DataError(Location{labels_path}, fmt::format("has dims {}; a labels file has one dimension, the count",
                                                       dims_for_message(labels.dims)));
  }
  if (labels.dims[0] != images.dims[0]) {
    throw DataError(Location{labels_path}, fmt::format("has {} labels, but the images file {} has {} images",
                                                       labels.dims[0], images_path, images.dims[0]));
  }
  Dataset d;
  d.source = labels_path;
  d.task = Task::classification;
  d.sample_shape.assign(images.dims.begin() + 1, images.dims.end());
  d.features.resize({images.dims[0], element_count(d.sample_shape)});
  std::copy(images.bytes.begin(), images.bytes.end(), d.features.data());
  d.labels.assign(labels.bytes.begin(), labels.bytes.end());
  return d;
}

}  // namespace nettrain
