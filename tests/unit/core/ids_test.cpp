#include "core/ids.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>

#include <gtest/gtest.h>

#include "core/random.h"

namespace rp {
namespace {

TEST(Ids, NewUuidIsCanonicalVersion4AndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    auto id = new_uuid();
    ASSERT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos) << id;
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(Ids, IsUuidRejectsMalformed) {
  EXPECT_TRUE(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(is_uuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_FALSE(is_uuid(""));
  EXPECT_FALSE(is_uuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(is_uuid("123e4567-e89b-12d3-a456-4266141740000"));
}

TEST(Random, TokensHaveExpectedLengthAndAlphabet) {
  auto t = random_token(32);
  EXPECT_EQ(t.size(), 43u);
  for (char c : t) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << t;
  EXPECT_NE(random_token(32), random_token(32));
}

TEST(Random, Hex) {
  std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa5ff");
}

}  // namespace
}  // namespace rp

namespace rp {
namespace {

TEST(Random, ForkedChildDoesNotRepeatTheParent) {
  std::array<std::uint8_t, 16> warm{};
  random_fill(warm);  // fill this thread's buffer before forking
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::array<std::uint8_t, 16> child{};
    random_fill(child);
    ssize_t n = ::write(fds[1], child.data(), child.size());
    ::_exit(n == 16 ? 0 : 1);
  }
  std::array<std::uint8_t, 16> parent{}, child{};
  random_fill(parent);
  ASSERT_EQ(::read(fds[0], child.data(), child.size()), 16);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_NE(parent, child);
}

}  // namespace
}  // namespace rp
