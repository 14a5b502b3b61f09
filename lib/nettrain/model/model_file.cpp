#include "nettrain/model/model_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <system_error>
#include <unordered_set>

#include "nettrain/error.hpp"
#include "nettrain/util/control_character.hpp"
#include "nettrain/util/files.hpp"

namespace nettrain {
namespace {

constexpr std::string_view magic = "NETTRAIN";
constexpr std::size_t header_bytes = 24;  // magic, version, kind, body length
constexpr std::size_t checksum_bytes = 4;
constexpr std::size_t max_rank = 8;

// Smallest encoding of one entry of each section: a length-prefixed name of at least one byte,
// then the value (or the rank byte). Bounding a count by them keeps a hostile count from reserving
// memory the file cannot back.
constexpr std::size_t min_scalar_entry_bytes = 8 + 1 + 8;
constexpr std::size_t min_tensor_entry_bytes = 8 + 1 + 1;

// ---------------------------------------------------------------------------------------------
// Checks shared by the writer and the reader, so the writer never produces a file the reader refuses.

// The number of elements of a shape, or nothing when the product of its non-zero dimensions does not
// fit in Index. Bounding that product (not just the element count) keeps every partial product in
// element_count() in range, whatever position a zero dimension takes.
std::optional<std::uint64_t> checked_element_count(std::span<const std::uint64_t> dims) {
  constexpr auto limit = static_cast<std::uint64_t>(std::numeric_limits<Index>::max());
  std::uint64_t nonzero_product = 1;
  bool has_zero = false;
  for (std::uint64_t d : dims) {
    if (d == 0) {
      has_zero = true;
    } else if (nonzero_product > limit / d) {
      return std::nullopt;
    } else {
      nonzero_product *= d;
    }
  }
  return has_zero ? 0 : nonzero_product;
}

// Names end up in lookups and error messages, so they must be non-empty, unique within their section
// and free of control characters. Returns what is wrong, or an empty string.
std::string name_problem(std::string_view section, std::string_view name,
                         std::unordered_set<std::string_view>& seen) {
  if (name.empty()) return fmt::format("{}: empty name", section);
  if (std::ranges::any_of(name, is_control_character)) {
    return fmt::format("{}: a name contains a control character", section);
  }
  if (!seen.insert(name).second) return fmt::format("{}: duplicate name '{}'", section, name);
  return {};
}

std::string shape_string(std::span<const std::uint64_t> dims) {
  return dims.empty() ? "()" : fmt::format("{}", fmt::join(dims, "x"));
}

std::uint32_t checksum(std::string_view bytes) {
  return static_cast<std::uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

// ---------------------------------------------------------------------------------------------
// Serializing

// `name_of` picks an entry's name. (A projection, not std::views::keys: clang 14, which builds the
// fuzzers, cannot compile libstdc++ 12's views.)
template <typename Entries, typename NameOf>
void validate_names(std::string_view section, const Entries& entries, NameOf name_of) {
  std::unordered_set<std::string_view> seen;
  for (const auto& entry : entries) {
    if (auto problem = name_problem(section, name_of(entry), seen); !problem.empty()) {
      throw std::invalid_argument("model file " + problem);
    }
  }
}

void check_shape(const NamedTensor& t) {
  if (t.shape.size() > max_rank) {
    throw std::invalid_argument(
        fmt::format("model file tensor '{}' has rank {} (at most {})", t.name, t.shape.size(), max_rank));
  }
  std::vector<std::uint64_t> dims;
  for (Index d : t.shape) {
    if (d < 0) {
      throw std::invalid_argument(fmt::format("model file tensor '{}' has a negative dimension", t.name));
    }
    dims.push_back(static_cast<std::uint64_t>(d));
  }
  const auto count = checked_element_count(dims);
  if (!count || *count != t.values.size()) {
    throw std::invalid_argument(fmt::format("model file tensor '{}' has shape {} but {} values", t.name,
                                            shape_string(dims), t.values.size()));
  }
}

void validate(const ModelFileContents& c) {
  if (c.kind != ModelFileKind::model && c.kind != ModelFileKind::checkpoint) {
    throw std::invalid_argument("model file kind is neither model nor checkpoint");
  }
  const auto first = [](const auto& entry) -> std::string_view { return entry.first; };
  validate_names("integers", c.integers, first);
  validate_names("reals", c.reals, first);
  validate_names("tensors", c.tensors, [](const NamedTensor& t) -> std::string_view { return t.name; });
  for (const NamedTensor& t : c.tensors) check_shape(t);
}

std::size_t body_size(const ModelFileContents& c) {
  std::size_t n = 8 + c.metadata.size() + 8 + 8 + 8;
  for (const auto& [name, value] : c.integers) n += 8 + name.size() + 8;
  for (const auto& [name, value] : c.reals) n += 8 + name.size() + 8;
  for (const NamedTensor& t : c.tensors) {
    n += 8 + t.name.size() + 1 + 8 * t.shape.size() + 4 * t.values.size();
  }
  return n;
}

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void put_string(std::string& out, std::string_view s) {
  put_le(out, s.size(), 8);
  out.append(s);
}

// ---------------------------------------------------------------------------------------------
// Parsing

std::uint64_t load_le(std::string_view bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    value |= std::uint64_t{static_cast<unsigned char>(bytes[i])} << (8 * i);
  }
  return value;
}

[[noreturn]] void fail(const std::string& source, const std::string& message) {
  throw ModelFileError(Location{source}, message);
}

struct Header {
  ModelFileKind kind;
  std::uint64_t body_length;
};

// Checks the fixed header against the size of the whole file. `prefix` holds the file's first
// bytes (all of them when it is shorter than a header), so a reader can refuse a large foreign file
// before loading it. The version comes before the checksum: a newer format may checksum differently.
Header check_header(std::string_view prefix, std::uint64_t file_size, const std::string& source) {
  const std::size_t compared = std::min(prefix.size(), magic.size());
  if (prefix.substr(0, compared) != magic.substr(0, compared)) fail(source, "not a nettrain model file");
  constexpr std::size_t min_size = header_bytes + checksum_bytes;
  if (file_size < min_size) {
    fail(source,
         fmt::format("truncated ({} bytes; a nettrain model file has at least {})", file_size, min_size));
  }
  const auto version = static_cast<std::uint32_t>(load_le(prefix.substr(8, 4)));
  if (version > model_file_version) {
    fail(source, fmt::format("written by a newer nettrain (format version {}; this build reads version {})",
                             version, model_file_version));
  }
  if (version == 0) fail(source, "corrupted: format version 0");
  const auto kind = static_cast<std::uint32_t>(load_le(prefix.substr(12, 4)));
  if (kind != static_cast<std::uint32_t>(ModelFileKind::model) &&
      kind != static_cast<std::uint32_t>(ModelFileKind::checkpoint)) {
    fail(source, fmt::format("corrupted: unknown file kind {}", kind));
  }
  const std::uint64_t body_length = load_le(prefix.substr(16, 8));
  const std::uint64_t actual = file_size - min_size;
  if (body_length > actual) {
    fail(source,
         fmt::format("truncated ({} bytes; the header announces a body of {} bytes, the file holds {})",
                     file_size, body_length, actual));
  }
  if (body_length < actual) {
    fail(source,
         fmt::format("corrupted: {} bytes beyond the end the header announces", actual - body_length));
  }
  return {static_cast<ModelFileKind>(kind), body_length};
}

// Reads the body front to back. Every length is checked against the bytes that remain before anything
// is allocated for it, so a hostile length gives an error, never a huge allocation.
class BodyReader {
 public:
  BodyReader(std::string_view bytes, const std::string& source) : bytes_(bytes), source_(source) {}

  std::size_t remaining() const { return bytes_.size(); }

  std::string_view take(std::uint64_t n, std::string_view what) {
    if (n > bytes_.size()) {
      fail(source_, fmt::format("truncated or corrupted: {} needs {} bytes but only {} remain", what, n,
                                bytes_.size()));
    }
    const std::string_view taken = bytes_.substr(0, n);
    bytes_.remove_prefix(n);
    return taken;
  }
  std::uint8_t u8(std::string_view what) { return static_cast<std::uint8_t>(take(1, what)[0]); }
  std::uint64_t u64(std::string_view what) { return load_le(take(8, what)); }
  std::string_view string(std::string_view what) { return take(u64(what), what); }

  std::uint64_t count(std::string_view section, std::size_t min_entry_bytes) {
    const std::uint64_t n = u64(section);
    if (n > bytes_.size() / min_entry_bytes) {
      fail(source_, fmt::format("truncated or corrupted: {} entries of {} but only {} bytes remain", n,
                                section, bytes_.size()));
    }
    return n;
  }

  std::string_view name(std::string_view section, std::unordered_set<std::string_view>& seen) {
    const std::string_view n = string(fmt::format("a name among the {}", section));
    if (auto problem = name_problem(section, n, seen); !problem.empty()) fail(source_, "invalid: " + problem);
    return n;
  }

  const std::string& source() const { return source_; }

 private:
  std::string_view bytes_;
  const std::string& source_;
};

template <typename T, typename Decode>
std::vector<std::pair<std::string, T>> read_scalars(BodyReader& in, std::string_view section, Decode decode) {
  const std::uint64_t n = in.count(section, min_scalar_entry_bytes);
  std::vector<std::pair<std::string, T>> entries;
  entries.reserve(n);
  std::unordered_set<std::string_view> seen;
  for (std::uint64_t i = 0; i < n; ++i) {
    const std::string_view name = in.name(section, seen);
    entries.emplace_back(std::string(name), decode(in.u64(section)));
  }
  return entries;
}

NamedTensor read_tensor(BodyReader& in, std::unordered_set<std::string_view>& seen) {
  NamedTensor t;
  t.name = in.name("tensors", seen);
  const std::uint8_t rank = in.u8("a tensor rank");
  if (rank > max_rank) {
    fail(in.source(), fmt::format("invalid: tensor '{}' has rank {} (at most {})", t.name, rank, max_rank));
  }
  std::vector<std::uint64_t> dims(rank);
  for (auto& d : dims) d = in.u64("a tensor dimension");
  const auto count = checked_element_count(dims);
  if (!count || *count > in.remaining() / 4) {
    fail(in.source(),
         fmt::format("truncated or corrupted: tensor '{}' of shape {} needs more floats than the {} "
                     "bytes that remain",
                     t.name, shape_string(dims), in.remaining()));
  }
  t.shape.assign(dims.begin(), dims.end());
  const std::string_view data = in.take(*count * 4, "tensor data");
  t.values.resize(*count);
  if constexpr (std::endian::native == std::endian::little) {
    // The file's byte order: one copy (none for an empty tensor, whose data() may be null).
    if (!data.empty()) std::memcpy(t.values.data(), data.data(), data.size());
  } else {
    for (std::size_t i = 0; i < t.values.size(); ++i) {
      t.values[i] = std::bit_cast<float>(static_cast<std::uint32_t>(load_le(data.substr(4 * i, 4))));
    }
  }
  return t;
}

// ---------------------------------------------------------------------------------------------
// Files

void read_exactly(int fd, char* data, std::size_t n, const std::string& source) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::read(fd, data + done, n - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) fail(source, "cannot read: " + error_text(errno));
    if (got == 0) fail(source, "cannot read: the file shrank while being read");
    done += static_cast<std::size_t>(got);
  }
}

}  // namespace

std::string serialize_model_file(const ModelFileContents& c) {
  validate(c);
  const std::size_t body = body_size(c);
  std::string out;
  out.reserve(header_bytes + body + checksum_bytes);
  out.append(magic);
  put_le(out, model_file_version, 4);
  put_le(out, static_cast<std::uint32_t>(c.kind), 4);
  put_le(out, body, 8);
  put_string(out, c.metadata);
  put_le(out, c.integers.size(), 8);
  for (const auto& [name, value] : c.integers) {
    put_string(out, name);
    put_le(out, value, 8);
  }
  put_le(out, c.reals.size(), 8);
  for (const auto& [name, value] : c.reals) {
    put_string(out, name);
    put_le(out, std::bit_cast<std::uint64_t>(value), 8);
  }
  put_le(out, c.tensors.size(), 8);
  for (const NamedTensor& t : c.tensors) {
    put_string(out, t.name);
    put_le(out, t.shape.size(), 1);
    for (Index d : t.shape) put_le(out, static_cast<std::uint64_t>(d), 8);
    for (float v : t.values) put_le(out, std::bit_cast<std::uint32_t>(v), 4);
  }
  put_le(out, checksum(out), 4);
  return out;
}

ModelFileContents parse_model_file(std::string_view bytes, const std::string& source) {
  const Header header = check_header(bytes, bytes.size(), source);
  const std::string_view covered = bytes.substr(0, bytes.size() - checksum_bytes);
  if (checksum(covered) != load_le(bytes.substr(covered.size()))) {
    fail(source, "checksum mismatch: the file is corrupted");
  }
  BodyReader in(bytes.substr(header_bytes, header.body_length), source);
  ModelFileContents c;
  c.kind = header.kind;
  c.metadata = in.string("the metadata");
  c.integers = read_scalars<std::uint64_t>(in, "integers", [](std::uint64_t v) { return v; });
  c.reals = read_scalars<double>(in, "reals", [](std::uint64_t v) { return std::bit_cast<double>(v); });
  const std::uint64_t n = in.count("tensors", min_tensor_entry_bytes);
  c.tensors.reserve(n);
  std::unordered_set<std::string_view> seen;
  for (std::uint64_t i = 0; i < n; ++i) c.tensors.push_back(read_tensor(in, seen));
  if (in.remaining() != 0) {
    fail(source, fmt::format("corrupted: {} bytes after the last tensor", in.remaining()));
  }
  return c;
}

ModelFileContents read_model_file(const std::string& path) {
  const FileDescriptor fd = open_input_file<ModelFileError>(path);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail(path, "cannot read: " + error_text(errno));
  const auto size = static_cast<std::uint64_t>(st.st_size);

  // Check the header before reading the rest, so a large file of another kind is refused cheaply.
  const std::size_t prefix = std::min<std::uint64_t>(size, header_bytes);
  std::string header(prefix, '\0');
  read_exactly(fd.get(), header.data(), prefix, path);
  check_header(header, size, path);

  AlignedVector<char> bytes(size);
  std::memcpy(bytes.data(), header.data(), prefix);
  read_exactly(fd.get(), bytes.data() + prefix, size - prefix, path);
  return parse_model_file(std::string_view(bytes.data(), size), path);
}

void write_model_file(const std::string& path, const ModelFileContents& contents) {
  write_file_atomically(path, serialize_model_file(contents));
}

const NamedTensor& find_tensor(const ModelFileContents& contents, std::string_view name,
                               const std::string& source) {
  const auto it = std::ranges::find(contents.tensors, name, &NamedTensor::name);
  if (it == contents.tensors.end()) {
    const char* what = contents.kind == ModelFileKind::checkpoint ? "checkpoint" : "model file";
    fail(source, fmt::format("this {} has no tensor '{}'", what, name));
  }
  return *it;
}

bool is_model_file(const std::string& path) {
  std::string problem;
  const FileDescriptor fd(open_regular_file(path, problem));
  if (fd.get() < 0) return false;
  std::string prefix(magic.size(), '\0');
  const ssize_t got = ::pread(fd.get(), prefix.data(), prefix.size(), 0);
  return got > 0 && magic.starts_with(std::string_view(prefix).substr(0, static_cast<std::size_t>(got)));
}

}  // namespace nettrain
