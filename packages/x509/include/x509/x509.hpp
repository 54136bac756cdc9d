#pragma once
// X.509 for this project: PEM, certificates, signatures, hostnames, chains.
#include <x509/certificate.hpp>
#include <x509/chain.hpp>
#include <x509/error.hpp>
#include <x509/extensions.hpp>
#include <x509/hostname.hpp>
#include <x509/name.hpp>
#include <x509/pem.hpp>
#include <x509/public_key.hpp>
#include <x509/verify.hpp>
