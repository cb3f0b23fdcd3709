// libFuzzer entry point: one input through scae::fuzz::regime_input (see fuzz_inputs.hpp).
#include "checks/fuzz/fuzz_inputs.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  scae::fuzz::regime_input({reinterpret_cast<const char*>(data), size});
  return 0;
}
