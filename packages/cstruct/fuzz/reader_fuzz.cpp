#include <cstruct/hexdump.hpp>
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) { (void)cstruct::hexdump({d, n}); return 0; }
