// Exit status and message of a command that ended with an exception (docs/commands.md, "Exit codes"):
//   2  input or usage error: RegimeError, InputError, std::invalid_argument (the message names the
//      parameter or key and the accepted range);
//   3  the environment failed the run (std::runtime_error, std::bad_alloc): a file that could not be
//      written, gnuplot, memory;
//   70 a bug in scae (any other exception, e.g. std::logic_error): said so, with the message.
#pragma once

#include "numerics/core/matrix_io.hpp"
#include "input/regime.hpp"

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

namespace scae {

inline constexpr int exit_usage = 2;
inline constexpr int exit_environment = 3;
inline constexpr int exit_bug = 70;  // EX_SOFTWARE of sysexits.h

struct ExitStatus {
  int code;
  std::string message;  // printed as "scae: error: MESSAGE"
};

inline ExitStatus exit_status(const std::exception& e) {
  const std::string what = e.what();
  if (dynamic_cast<const RegimeError*>(&e) || dynamic_cast<const InputError*>(&e) ||
      dynamic_cast<const std::invalid_argument*>(&e))
    return {exit_usage, what};
  if (dynamic_cast<const std::runtime_error*>(&e) || dynamic_cast<const std::bad_alloc*>(&e)) return {exit_environment, what};
  return {exit_bug, "internal error (a bug in scae, not in the input; please report it with the command line): " + what};
}

}  // namespace scae
