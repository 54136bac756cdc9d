#pragma once
// All of nocrypto-pk: RSA, finite-field Diffie-Hellman, DSA.
#include <nocrypto-pk/common.hpp>
#include <nocrypto-pk/dh.hpp>
#include <nocrypto-pk/dsa.hpp>
#include <nocrypto-pk/rsa.hpp>
