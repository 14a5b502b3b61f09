#pragma once
// A file mapped read-only, for reading through a large file once without holding a copy: the
// pages already read can be handed back (release_before), so the process's resident memory
// stays a window of the file, not all of it.
#include <cstddef>
#include <string>
#include <string_view>

#include "nettrain/util/files.hpp"

namespace nettrain {

class MappedFile {
 public:
  // DataError naming `path` when it cannot be opened or mapped.
  explicit MappedFile(const std::string& path);
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  std::string_view text() const { return {data_, size_}; }
  // Drops the pages wholly before `offset` from this process's memory (they stay in the page
  // cache and are read again if touched).
  void release_before(std::size_t offset);

 private:
  FileDescriptor fd_;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t released_ = 0;
};

}  // namespace nettrain
