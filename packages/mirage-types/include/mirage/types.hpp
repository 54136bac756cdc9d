#pragma once
// Every device concept, error type and address type (ARCHITECTURE.md §2: the devices layer).
#include <mirage/address.hpp>
#include <mirage/block.hpp>
#include <mirage/clock.hpp>
#include <mirage/console.hpp>
#include <mirage/error.hpp>
#include <mirage/flow.hpp>
#include <mirage/ip.hpp>
#include <mirage/kv.hpp>
#include <mirage/kv_key.hpp>
#include <mirage/net.hpp>
#include <mirage/random.hpp>
#include <mirage/stack.hpp>
#include <mirage/tcp.hpp>
#include <mirage/udp.hpp>
