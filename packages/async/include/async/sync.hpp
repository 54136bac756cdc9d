#pragma once
// The synchronisation primitives and combinators, in one include.
#include <async/condition.hpp>
#include <async/mailbox.hpp>
#include <async/promise.hpp>
#include <async/stream.hpp>
#include <async/when.hpp>
