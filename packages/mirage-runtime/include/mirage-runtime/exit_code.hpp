#pragma once
// The exit statuses of a unikernel, as MirageOS and cmdliner use them. Keys::parse only
// returns an outcome; the platform prints and exits with:
//   parse succeeded, Outcome::Run       -> run; success, or failure if the application fails
//   parse succeeded, Outcome::HelpRequested -> print Keys::help(); success
//   parse failed (KeyError)             -> print Keys::error_text(error); argument_error
namespace mirage_runtime::exit_code {

inline constexpr int success = 0;  // the application returned normally, or help was shown
inline constexpr int failure = 1;  // the application reported failure
// MirageOS 4 exits with 63 after showing help; we exit with success as cmdliner does.
// Kept for a platform that must match MirageOS's status byte for byte.
inline constexpr int help_version = 63;
inline constexpr int argument_error = 64;   // a boot parameter was wrong (EX_USAGE)
inline constexpr int internal_error = 125;  // a bug while processing the boot parameters

}  // namespace mirage_runtime::exit_code
