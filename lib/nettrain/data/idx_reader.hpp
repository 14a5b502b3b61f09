#pragma once
// IDX, the MNIST file format: two zero bytes, a type code, the number of dimensions, each
// dimension as a big-endian uint32, then the values in row-major order. Files may be raw or
// gzip-compressed (told apart by the gzip magic bytes, not by the name). Only unsigned bytes
// (type 0x08) are read: that is what MNIST and Fashion-MNIST use.
#include <cstdint>
#include <string>
#include <vector>

#include "nettrain/data/dataset.hpp"
#include "nettrain/tensor/aligned_allocator.hpp"

namespace nettrain {

struct IdxArray {
  Shape dims;                       // dims[0] is the sample count
  AlignedVector<std::uint8_t> bytes;  // element_count(dims) values, row-major
};

// Reads a whole IDX file. The header's claim is never trusted for an allocation: the data is
// read in chunks, and reading stops with a DataError naming the file as soon as there is more
// than the dims claim, or when the data ends short of it.
IdxArray read_idx(const std::string& path);

// An images file (N x dims...) and a labels file (N) -> a classification Dataset: features are
// the pixel values 0..255 as floats, sample_shape is the images file's dims after the count,
// labels are the class indices of the labels file. `source` is the labels file, which is what
// messages about labels name.
Dataset load_idx_dataset(const std::string& images_path, const std::string& labels_path);

}  // namespace nettrain
