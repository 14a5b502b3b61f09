#include "nettrain/util/mapped_file.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nettrain/error.hpp"

namespace nettrain {

MappedFile::MappedFile(const std::string& path) : fd_(open_input_file<DataError>(path)) {
  struct stat st {};
  if (::fstat(fd_.get(), &st) != 0) throw DataError(Location{path}, "cannot read: " + error_text(errno));
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) return;  // mmap refuses a length of 0; the text is empty
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd_.get(), 0);
  if (p == MAP_FAILED) throw DataError(Location{path}, "cannot read: " + error_text(errno));
  data_ = static_cast<const char*>(p);
  ::madvise(p, size_, MADV_SEQUENTIAL);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

void MappedFile::release_before(std::size_t offset) {
  const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = offset / page * page;
  if (!data_ || end <= released_) return;
  ::madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace nettrain
