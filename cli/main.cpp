// firegrid: the program. Builds the command line, lets each subcommand register itself,
// and runs the chosen one inside the one try that turns failures into exit codes.
#include "context.hpp"
#include "help.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/core/interrupt.hpp>
#include <firegrid/text/names.hpp>

#include <fmt/format.h>

#include <clocale>
#include <cstdlib>

int main(int argc, char** argv) {
  using namespace firegrid;
  std::setlocale(LC_ALL, "C");  // the program's behaviour never depends on the locale
  install_interrupt_handler();

  CLI::App app{"firegrid: fire safety grid management for a county, kept in a git repo"};
  app.name("firegrid");  // not argv[0]: help reads the same however the program is called
  app.set_version_flag("--version", std::string("firegrid ") + FIREGRID_VERSION);
  app.fallthrough();
  cli::Context ctx;
  app.add_option("-C", ctx.repo_dir, "Run as if started in DIR (the repo is found from there)")
    ->type_name("DIR");
  app.add_option("--color", ctx.color, "Colour output: auto (on a terminal), always, never")
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->capture_default_str();
  app.add_flag("-q,--quiet", ctx.quiet, "Print only errors and requested output");
  app.add_flag("--csv-raw", ctx.csv_raw, "CSV cells as stored, formulas too (no ' before = + - @)");
  app.add_option("--lock-timeout", ctx.lock_timeout,
                 "A writer waits for the repo lock at most SECONDS (default: as long as its holder runs)")
    ->type_name("SECONDS")
    ->check(CLI::NonNegativeNumber);
  app.add_flag("--commit", ctx.git_commit,
               "A writing command commits the files it wrote with git, with a message in Chinese");

  cli::register_init(app, ctx);
  cli::register_grid(app, ctx);
  cli::register_unit(app, ctx);
  cli::register_inspect(app, ctx);
  cli::register_hazard(app, ctx);
  cli::register_keys(app, ctx);
  cli::register_meeting(app, ctx);
  cli::register_training(app, ctx);
  cli::register_report(app, ctx);
  cli::register_export(app, ctx);
  cli::register_check(app, ctx);
  cli::register_recover(app, ctx);
  cli::register_hooks(app, ctx);
  cli::register_history(app, ctx);
  cli::register_attest(app, ctx);
  cli::register_resolve(app, ctx);
  cli::register_help(app, ctx);
  cli::add_examples(app);

  try {
    if (const auto words = cli::help_words(app, argc, argv)) {
      const auto help = *words;
      ctx.action = [&app, help] { return cli::print_help(app, help); };
    } else {
      app.parse(argc, argv);
    }
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() != 0) {
      if (const std::string hint = cli::suggest(app, argc, argv); !hint.empty()) {
        cli::err(hint);
        return static_cast<int>(ExitCode::failure);
      }
    }
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(ExitCode::failure);
  }

  if (!ctx.action) {  // a command group without its command, e.g. `firegrid grid`
    const CLI::App* deepest = &app;
    std::string prefix = "firegrid";
    while (!deepest->get_subcommands().empty()) {
      if (deepest != &app) prefix += " " + deepest->get_name();
      deepest = deepest->get_subcommands().front();
    }
    cli::err(deepest == &app ? app.help() : deepest->help(prefix));
    cli::err("firegrid: error: name a command\n");
    return static_cast<int>(ExitCode::failure);
  }

  // FIREGRID_PARSE_ONLY (tests/cli/help_examples.py): the line parses; nothing is run.
  if (const char* only = std::getenv("FIREGRID_PARSE_ONLY"); only && *only && std::string(only) != "0") return 0;

  for (const CLI::App* c = &app; !c->get_subcommands().empty();) {
    c = c->get_subcommands().front();
    ctx.command += " " + c->get_name();
  }

  try {
    const int code = ctx.action();
    if (InterruptGuard::pending()) return 128 + InterruptGuard::signal();
    return code;
  } catch (const InvalidRecord& e) {
    ctx.print_findings(e.findings(), true);
    cli::err(fmt::format("firegrid: error: {}\n  hint: {}\n", e.what(), e.hint()));
    return static_cast<int>(ExitCode::findings);
  } catch (const Interrupted&) {
    cli::err("firegrid: interrupted; nothing was written\n");
    return 128 + InterruptGuard::signal();
  } catch (const Error& e) {
    // An error may quote what was typed or stored: shown escaped, never as a terminal sequence.
    std::string msg = fmt::format("firegrid: error: {}\n", text::terminal_safe(e.what()));
    if (!e.hint().empty()) msg += fmt::format("  hint: {}\n", text::terminal_safe(e.hint()));
    cli::err(msg);
    return static_cast<int>(ExitCode::failure);
  } catch (const std::exception& e) {
    cli::err(fmt::format("firegrid: internal error: {}\n  hint: please report this as a bug\n", e.what()));
    return static_cast<int>(ExitCode::failure);
  }
}
