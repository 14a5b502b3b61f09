#pragma once
// Writing JSON by hand for the few flat objects nettrain prints: only strings need care.
// Numbers are written in their shortest exact form, in JSON and in CSV alike, so that figures
// printed by different commands can be compared digit for digit.
#include <string>
#include <string_view>

namespace nettrain {

// `text` as a JSON string literal, quotes included, with control bytes and quotes escaped.
std::string json_string(std::string_view text);

// A number in its shortest exact form ("0.1", "1e-07", "3").
std::string format_number(double value);
// A float32 in the shortest form that reads back as the same float32 ("0.35891648"), where
// format_number would print the double it widens to ("0.3589164912700653").
std::string format_float(float value);

}  // namespace nettrain
