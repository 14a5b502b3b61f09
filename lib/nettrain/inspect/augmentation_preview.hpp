#pragma once
// `nettrain preview`: training samples beside their augmented versions, so a user sees what
// data.augment's settings do before training with them.
#include <vector>

#include "nettrain/inspect/image_grid.hpp"

namespace nettrain {

// `count` pairs of [C][H][W] images (`originals` and `augmented`, raw values, one after the
// other), each pair the original then its augmented version, pairs laid out in a grid. One
// scale maps the originals' smallest value to black and largest to white for every image, so a
// brightness change stays visible; 1 or 3 channels are gray or RGB, others are averaged to gray.
Picture augmentation_preview(const std::vector<float>& originals, const std::vector<float>& augmented,
                             const Shape& image_shape, Index count);

}  // namespace nettrain
