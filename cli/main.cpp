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
  cli::resolve_language(argc, argv);  // before the tree: its help texts are translated

  CLI::App app{tr("firegrid: fire safety grid management for a county, kept in a git repo")};
  app.name("firegrid");  // not argv[0]: help reads the same however the program is called
  app.fallthrough();
  app.failure_message(cli::failure_message);
  app.formatter(std::make_shared<cli::WideFormatter>());
  // CLI11's own words, in the interface language (subcommands share the formatter, and take
  // the help flag and the option group from their parent when they are made).
  app.option_defaults()->group(tr("Options"));
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  app.set_version_flag("--version", std::string("firegrid ") + FIREGRID_VERSION,
                       tr("Display program version information and exit"));
  const auto& words = app.get_formatter();
  words->label("Usage", tr("Usage"));
  words->label("OPTIONS", tr("OPTIONS"));
  words->label("SUBCOMMAND", tr("SUBCOMMAND"));
  words->label("SUBCOMMANDS", tr("SUBCOMMANDS"));
  words->label("Positionals", tr("Positionals"));
  words->label("REQUIRED", tr("REQUIRED"));
  words->label("Needs", tr("Needs"));
  words->label("Excludes", tr("Excludes"));
  cli::Context ctx;
  app.add_option("-C", ctx.repo_dir, tr("Run as if started in DIR (the repo is found from there)"))
    ->type_name("DIR");
  app.add_option("--color", ctx.color, tr("Colour output: auto (on a terminal), always, never"))
    ->check(CLI::IsMember({"auto", "always", "never"}))
    ->capture_default_str();
  app.add_flag("-q,--quiet", ctx.quiet, tr("Print only errors and requested output"));
  app.add_flag("--csv-raw", ctx.csv_raw, tr("CSV cells as stored, formulas too (no ' before = + - @)"));
  app.add_option("--lock-timeout", ctx.lock_timeout,
                 tr("A writer waits for the repo lock at most SECONDS (default: as long as its holder runs)"))
    ->type_name("SECONDS")
    ->check(CLI::NonNegativeNumber);
  app.add_option("--lang", ctx.lang,
                 tr("Language of messages, help and reports: zh or en (default: FIREGRID_LANG, LANG, the repo's lang, zh)"))
    ->check(CLI::IsMember({"zh", "zh-CN", "en"}))
    ->type_name("LANG");
  app.add_flag("--commit", ctx.git_commit,
               tr("A writing command commits the files it wrote with git, with a message in Chinese"));

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
  cli::register_modeline(app, ctx);
  cli::register_hooks(app, ctx);
  cli::register_history(app, ctx);
  cli::register_attest(app, ctx);
  cli::register_resolve(app, ctx);
  cli::register_help(app, ctx);
  cli::add_examples(app);
  // Write commands speak JSON too (docs/json.md, "What a write command did"): every command
  // without a --format of its own takes `--format text|json`.
  const std::function<void(CLI::App*)> json_too = [&json_too, &ctx](CLI::App* a) {
    const auto subs = a->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty() && !a->get_group().empty() && a->get_name() != "help") {
      bool has = false;
      for (const CLI::Option* o : a->get_options()) has = has || o->check_lname("format");
      if (!has)
        a->add_option("--format", ctx.write_format,
                      tr("text (default), or json: what was written (paths, record ids) and said, as one object"))
          ->check(cli::formats({"text", "json"}));
    }
    for (CLI::App* s : subs) json_too(s);
  };
  json_too(&app);
  // Each command's heading of subcommands and the group of its -h, in the interface language
  // (hidden commands keep their empty group).
  const std::function<void(CLI::App*)> group_words = [&group_words](CLI::App* a) {
    for (CLI::App* sub : a->get_subcommands([](const CLI::App*) { return true; })) {
      if (sub->get_group() == "Subcommands") sub->group(tr("Subcommands"));
      if (CLI::Option* help = sub->get_help_ptr()) help->group(tr("Options"));
      group_words(sub);
    }
  };
  group_words(&app);

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
    cli::err("firegrid: " + msg("error: {}", tr("name a command")) + "\n");
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
    ctx.done();
    return code;
  } catch (const InvalidRecord& e) {
    ctx.print_findings(e.findings(), true);
    cli::err("firegrid: " + msg("error: {}", e.what()) + "\n  " + msg("hint: {}", e.hint()) + "\n");
    return static_cast<int>(ExitCode::findings);
  } catch (const Interrupted&) {
    cli::err(fmt::format("firegrid: {}\n", tr("interrupted; nothing was written")));
    return 128 + InterruptGuard::signal();
  } catch (const Error& e) {
    // An error may quote what was typed or stored: shown escaped, never as a terminal sequence.
    std::string shown = "firegrid: " + msg("error: {}", text::terminal_safe(e.what())) + "\n";
    if (!e.hint().empty()) shown += "  " + msg("hint: {}", text::terminal_safe(e.hint())) + "\n";
    cli::err(shown);
    return static_cast<int>(ExitCode::failure);
  } catch (const std::exception& e) {
    cli::err("firegrid: " + msg("internal error: {}", e.what()) + "\n  " +
             msg("hint: {}", tr("please report this as a bug")) + "\n");
    return static_cast<int>(ExitCode::failure);
  }
}
