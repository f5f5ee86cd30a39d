#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <firegrid/core/i18n.hpp>

// The unit tests read messages in English (the ids themselves); test_i18n.cpp checks Chinese.
int main(int argc, char** argv) {
  firegrid::set_language(firegrid::Language::en);
  return Catch::Session().run(argc, argv);
}
