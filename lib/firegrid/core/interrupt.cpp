#include <firegrid/core/interrupt.hpp>

#include <atomic>
#include <csignal>

#include <unistd.h>

namespace firegrid {

namespace {
std::atomic<int> guards{0};
std::atomic<int> interrupted{0};  // the signal, once one arrived

extern "C" void on_signal(int sig) {
  if (guards.load() == 0) _exit(128 + sig);
  interrupted.store(sig);
}
}  // namespace

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

InterruptGuard::InterruptGuard() { ++guards; }
InterruptGuard::~InterruptGuard() { --guards; }
bool InterruptGuard::pending() { return interrupted.load() != 0; }
int InterruptGuard::signal() { return interrupted.load(); }

}  // namespace firegrid
