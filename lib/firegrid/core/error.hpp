// Failures: what stops a command (cannot read, cannot write, bad usage). Problems
// inside records are findings (core/finding.hpp) and never thrown.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/core/i18n.hpp>

#include <stdexcept>
#include <string>

namespace firegrid {

// The program's exit codes; the library only names them.
enum class ExitCode : int {
  ok = 0,
  findings = 1,     // the data has errors (check, import validation)
  failure = 2,      // bad usage, I/O failure, no repo
  interrupted = 130,
};

// A failure with a message for the user and, optionally, a hint on what to do.
class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message, std::string hint = {})
    : std::runtime_error(message), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

private:
  std::string hint_;
};

// Thrown instead of writing a record that would not pass `check`; the findings say why.
class InvalidRecord : public Error {
public:
  InvalidRecord(const std::string& message, Findings findings)
    : Error(message, tr("nothing was written; correct the values and run the command again")),
      findings_(std::move(findings)) {}
  const Findings& findings() const { return findings_; }

private:
  Findings findings_;
};

// Thrown when the user interrupted a long operation (SIGINT) at a safe point.
class Interrupted : public Error {
public:
  Interrupted() : Error(tr("interrupted")) {}
};

}  // namespace firegrid
