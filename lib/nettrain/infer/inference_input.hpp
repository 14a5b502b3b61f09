#pragma once
// The inputs of `nettrain infer`: image files and CSV files turned into one feature row per
// sample, preprocessed exactly as the model's training data was (channels, size, scale,
// normalization stored in the model).
#include <string>
#include <vector>

#include "nettrain/data/normalizer.hpp"
#include "nettrain/model/saved_model.hpp"
#include "nettrain/tensor/tensor.hpp"

namespace nettrain {

struct InferenceSample {
  std::string source;  // the file as given on the command line
  int row = 0;         // CSV inputs: 1-based data row in the file; 0 for images
  // Images: most pixels of the outer ring are light, as for a dark object on a light
  // background, while MNIST-style data is light on dark (`infer` suggests --invert).
  bool light_border = false;
  // Images, with InferencePreprocessing::keep_pixels: what the network receives before
  // normalization, [C][H][W] values 0..255 (resized, converted, inverted).
  std::vector<float> pixels;
};

struct InferenceBatch {
  std::vector<InferenceSample> samples;
  Tensor<float> features;  // samples x features, normalized
};

struct InferencePreprocessing {
  Shape input_shape;  // the network's input shape
  Shape image_shape;  // [C, H, W] images are decoded to; empty when the model takes no images
  Normalizer normalizer;
  bool invert = false;  // 255 - pixel, for dark-on-light photos of digits
  bool keep_pixels = false;
  // The model's feature columns by name (ModelInfo::feature_columns), to pick them out of a CSV
  // input's header; empty to take every field in order.
  std::vector<std::string> feature_columns = {};
  // The model's feature columns by position in the training file (ModelInfo::feature_indices),
  // to pick them out of rows that have all the file's columns; empty without data.features/drop.
  std::vector<int> feature_indices = {};
};

// What a model says about its inputs: shape, images, normalization and feature columns.
InferencePreprocessing model_preprocessing(const Shape& input_shape, const ModelInfo& info);

// Reads every path: an image gives one sample, a CSV file one per data row. DataError naming
// the file (and line) when a file cannot be read or does not fit the model.
InferenceBatch read_inference_inputs(const std::vector<std::string>& paths, const InferencePreprocessing& prep);

}  // namespace nettrain
