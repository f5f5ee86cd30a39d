// Ctrl-C: outside a commit the program stops at once (exit 130) since nothing is half
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
};

}  // namespace firegrid
