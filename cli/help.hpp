// Help that teaches (cli/help.cpp): examples, `help`, "did you mean", man pages and
// completions generated from the command definitions.
#pragma once

#include "context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace firegrid::cli {

// CLI11's help formatter, aligning the columns by display width (a Chinese character is
// two columns wide), so a translated help lines up; ASCII help is as CLI11 writes it.
class WideFormatter : public CLI::Formatter {
public:
  std::string make_option(const CLI::Option* opt, bool is_positional) const override;
};

// CLI11's usage errors in the interface language (set as the app's failure_message).
std::string cli11_message(const std::string& what);
std::string failure_message(const CLI::App* app, const CLI::Error& e);

// `firegrid help COMMAND...`, and the hidden `__generate man|bash|zsh DIR` and
// `__complete grid|unit PREFIX` the build and the completion scripts call.
void register_help(CLI::App& app, Context& ctx);

// The words after `help` when the command line asks for help (`firegrid [-C DIR] help
// report weekly`), else nullopt; print_help prints the help of the command they name,
// or throws Error with the nearest name.
std::optional<std::vector<std::string>> help_words(const CLI::App& app, int argc, char** argv);
int print_help(const CLI::App& app, const std::vector<std::string>& words);

// Adds each command's examples to the end of its --help. Call after every command is
// registered.
void add_examples(CLI::App& app);

// The examples of a command ("report weekly"); empty when it has none.
const std::vector<std::string>& examples_of(const std::string& path);

// After a parse error: the message naming the mistyped command or option of argv, with
// the nearest one ("did you mean"), or empty when the mistake is another.
std::string suggest(const CLI::App& app, int argc, char** argv);

std::vector<std::string> split_lines(const std::string& s);

}  // namespace firegrid::cli
