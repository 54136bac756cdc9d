#pragma once
// X.509 for this project: PEM, certificates, keys, requests, CRLs, signatures, hostnames,
// issuing, path building and validation.
#include <x509/certificate.hpp>
#include <x509/chain.hpp>
#include <x509/crl.hpp>
#include <x509/csr.hpp>
#include <x509/error.hpp>
#include <x509/extensions.hpp>
#include <x509/hostname.hpp>
#include <x509/issue.hpp>
#include <x509/name.hpp>
#include <x509/pem.hpp>
#include <x509/pkcs12.hpp>
#include <x509/private_key.hpp>
#include <x509/public_key.hpp>
#include <x509/verify.hpp>
