#include "app/logging.h"

#include <gtest/gtest.h>

#include <sstream>

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

namespace rp::app {
namespace {

TEST(Logging, ControlCharactersAreEscaped) {
  EXPECT_EQ(escape_control_characters("plain text é"), "plain text é");
  EXPECT_EQ(escape_control_characters("a\r\nb\tc"), "a\\r\\nb\\tc");
  EXPECT_EQ(escape_control_characters(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(escape_control_characters("\x1b[31mred\x7f"), "\\x1b[31mred\\x7f");
  // A backslash is escaped too, so an escape in the log is never ambiguous.
  EXPECT_EQ(escape_control_characters("a\\nb"), "a\\\\nb");
}

// A user name carrying CR/LF cannot start a line of its own in the log.
TEST(Logging, OneMessageIsOneLine) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("test", sink);
  logger.set_formatter(escaping_formatter());
  logger.info("mail for {}: deliver by hand", "Eve\r\n[2026-01-01 00:00:00.000] [roleplane] [info] forged\x1b[2J");
  logger.flush();
  std::string line = out.str();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.find('\n'), line.size() - 1) << line;
  EXPECT_EQ(line.find('\r'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
  EXPECT_NE(line.find("[test] [info] mail for Eve\\r\\n[2026-01-01"), std::string::npos) << line;
}

}  // namespace
}  // namespace rp::app
