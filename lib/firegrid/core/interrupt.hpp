// Ctrl-C: outside a commit the program stops at once (exit 130; 143 for SIGTERM) since nothing is half
// written; inside Disk::commit the signal is held until the commit is staged or whole.
#pragma once

namespace firegrid {

// Installs the SIGINT/SIGTERM handler. Called once by the program's main.
void install_interrupt_handler();

// While one exists, an interrupt is recorded instead of ending the program.
class InterruptGuard {
public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  // True if an interrupt arrived while guarded.
  static bool pending();
  // The signal that arrived (SIGINT, SIGTERM), 0 if none.
  static int signal();
};

}  // namespace firegrid
