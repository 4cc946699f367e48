#pragma once
// Conversions between record fields and their column representations.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/records.h"

namespace rp::store::sqlite {

// A list of strings as a JSON array of strings (policy actions, and the
// filter lists handed to json_each() in queries).
std::string encode_string_array(const std::vector<std::string>& items);
// The inverse of encode_string_array; nullopt if `json` is not an array of strings.
std::optional<std::vector<std::string>> decode_string_array(std::string_view json);

std::string_view to_column(SubjectType t);
std::optional<SubjectType> subject_type_from_column(std::string_view s);

}  // namespace rp::store::sqlite
