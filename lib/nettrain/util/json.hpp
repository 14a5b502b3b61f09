#pragma once
// Writing JSON by hand for the few flat objects nettrain prints: only strings need care.
#include <string>
#include <string_view>

namespace nettrain {

// `text` as a JSON string literal, quotes included, with control bytes and quotes escaped.
std::string json_string(std::string_view text);

}  // namespace nettrain
