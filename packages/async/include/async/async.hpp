#pragma once
// The whole package: tasks, the loop, timers, primitives, combinators, the test platform.
#include <async/loop.hpp>
#include <async/manual_platform.hpp>
#include <async/sync.hpp>
#include <async/task.hpp>
#include <async/this_loop.hpp>
#include <async/time.hpp>
#include <async/waiter.hpp>
