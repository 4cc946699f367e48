#pragma once
// The driver-neutral face of a prepared statement, as the row codecs
// (codecs.h) see it: a Row reads the current result row's columns by 0-based
// index, Params binds parameters by 1-based index (?1, ?2, ... in SQLite,
// $1, $2, ... in PostgreSQL). A SQL driver's statement type implements both;
// a failed bind is reported by the statement's next step, not here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rp::store::sql {

class Row {
 public:
  virtual std::string text(int col) const = 0;
  virtual std::int64_t int64(int col) const = 0;
  virtual double real(int col) const = 0;
  virtual bool is_null(int col) const = 0;

  bool boolean(int col) const { return int64(col) != 0; }
  std::optional<std::int64_t> opt_int64(int col) const {
    if (is_null(col)) return std::nullopt;
    return int64(col);
  }

 protected:
  ~Row() = default;
};

class Params {
 public:
  virtual void set_text(int index, std::string_view text) = 0;
  virtual void set_int64(int index, std::int64_t value) = 0;
  virtual void set_null(int index) = 0;
  virtual void set_real(int index, double value) = 0;

  void set_bool(int index, bool value) { set_int64(index, value ? 1 : 0); }
  void set_opt_int64(int index, std::optional<std::int64_t> value) {
    if (value) set_int64(index, *value);
    else set_null(index);
  }

 protected:
  ~Params() = default;
};

}  // namespace rp::store::sql
