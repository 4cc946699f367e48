#pragma once
// The server's log (standard error): one line per message. User data reaches
// log lines (names, addresses, mail bodies of the outbox), so every control
// character of a message is escaped ("\n", "\r", "\t", "\x1b", ...): a name
// cannot forge a log line or send terminal escapes to whoever reads it.

#include <memory>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
class formatter;
}  // namespace spdlog

namespace rp::app {

// Makes the logger of the process (stderr) the default spdlog logger, with
// escaped messages.
void install_default_logger();

// The formatter it uses: spdlog's default layout with the message escaped.
std::unique_ptr<spdlog::formatter> escaping_formatter();

// `text` with C0 control characters and DEL escaped as above.
std::string escape_control_characters(std::string_view text);

}  // namespace rp::app
