#pragma once
// Everything in the dns package.
#include <dns/edns.hpp>
#include <dns/encodings.hpp>
#include <dns/error.hpp>
#include <dns/message.hpp>
#include <dns/name.hpp>
#include <dns/rdata.hpp>
#include <dns/types.hpp>
#include <dns/wire.hpp>
#include <dns/zone.hpp>
#include <dns/zone_file.hpp>
