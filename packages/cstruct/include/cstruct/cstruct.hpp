#pragma once
// Everything in cstruct: Buffer, the endian loads and stores, Reader, Writer, hexdump.
#include <cstruct/buffer.hpp>
#include <cstruct/endian.hpp>
#include <cstruct/error.hpp>
#include <cstruct/hexdump.hpp>
#include <cstruct/reader.hpp>
#include <cstruct/writer.hpp>
