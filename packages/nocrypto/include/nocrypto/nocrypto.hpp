#pragma once
// All of nocrypto's hashes, MACs and KDFs.
#include <nocrypto/blake2.hpp>
#include <nocrypto/bytes.hpp>
#include <nocrypto/cpu.hpp>
#include <nocrypto/error.hpp>
#include <nocrypto/hash.hpp>
#include <nocrypto/hkdf.hpp>
#include <nocrypto/hmac.hpp>
#include <nocrypto/md5.hpp>
#include <nocrypto/pbkdf2.hpp>
#include <nocrypto/sha1.hpp>
#include <nocrypto/sha2.hpp>
#include <nocrypto/sha3.hpp>
