// Covers cli/exit_status.hpp: exit 2 only for input and usage errors, 3 for the environment, 70 for
// a bug in scae, which says so.
#include "cli/exit_status.hpp"

#include <doctest/doctest.h>

using namespace scae;

TEST_CASE("exit status: input and usage errors exit 2 with their own message") {
  CHECK(exit_status(RegimeError("r.toml:3: key 'code.q': 2; accepted: (0, 1]")).code == exit_usage);
  CHECK(exit_status(InputError("w.csv: row 2 has 3 entries")).code == exit_usage);
  const ExitStatus s = exit_status(std::invalid_argument("--rows '9': row 9; accepted: [0, 7]"));
  CHECK(s.code == 2);
  CHECK(s.message == "--rows '9': row 9; accepted: [0, 7]");
}

TEST_CASE("exit status: a failing environment exits 3") {
  CHECK(exit_status(std::system_error(std::make_error_code(std::errc::no_space_on_device), "report.json")).code == exit_environment);
  CHECK(exit_status(std::runtime_error("figure: cannot start gnuplot")).code == 3);
  CHECK(exit_status(std::bad_alloc()).code == 3);
}

TEST_CASE("exit status: a program bug is not an input error: exit 70, said to be a bug") {
  for (const ExitStatus& s : {exit_status(std::logic_error("unknown hypothesis h9")), exit_status(std::out_of_range("row 9 outside [0, 8)"))}) {
    CHECK(s.code == exit_bug);
    CHECK(s.code != exit_usage);
    CHECK(s.message.find("internal error (a bug in scae") == 0);
  }
}
