#pragma once
// What `mirage configure` writes into _build/: the unikernel's main.cpp and the
// CMakeLists.txt that finds exactly the locked package versions.
#include <string>
#include <vector>

#include "resolve.hpp"
#include "unikernel.hpp"

namespace mirage_tool {

struct Plan {
  Unikernel unikernel;
  TargetChoice choice;
  std::vector<DeviceImpl> impls;  // one per device, in order
};

// The devices' implementations for the target, and the packages they need.
Result<Plan> make_plan(const Unikernel& u, const TargetChoice& choice);
// Packages to resolve: the devices', the runtime's, and what unikernel.json asks for.
std::vector<solver::Dependency> plan_requirements(const Plan& plan);

std::string generate_main(const Plan& plan);
std::string generate_cmake(const Plan& plan, const LockFile& lock);
// `mirage describe`: the device graph as text, or as Graphviz with dot = true.
std::string describe(const Plan& plan, const LockFile& lock, bool dot);
// The C++ type a key of this type becomes.
std::string key_cpp_type(const std::string& type);
// Turns the compiler's output for a constraint failure into one line per device that does
// not fit ("device 'time' (mirage_unix::Time) does not satisfy mirage::Console"); empty
// when the output shows no such failure.
std::vector<std::string> explain_concept_failures(const Plan& plan, const std::string& compiler_output);

}  // namespace mirage_tool
