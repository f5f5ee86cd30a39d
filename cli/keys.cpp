// firegrid keys init|import|list: the tip offices' key pairs. The public key goes into the
// township's record; the secret key into a file outside the repo, readable by its owner
// only, which `check` refuses to find inside the repo.
#include "context.hpp"

#include <firegrid/core/clock.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/tip/seal.hpp>

#include <firegrid/text/names.hpp>

#include <fmt/format.h>

#include <filesystem>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace firegrid::cli {

namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string township, out, date;
  bool replace = false;
};

bool inside(const fs::path& path, const fs::path& root) {
  const auto rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

// Writes the secret key file, new, mode 0600; never over an existing file.
void write_secret(const std::string& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(msg("cannot create {}: {}", path, std::strerror(errno)),
                errno == EEXIST ? tr("a key file is never overwritten; choose another name") : std::string());
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  if (!ok) {
    ::unlink(path.c_str());
    throw Error(msg("cannot write {}", path));
  }
}

int run_init(Context& ctx, const InitOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load({false, false});
  const grid::Grid* g = repo.tree.resolve(o.township);
  if (g->level != grid::Level::township)
    throw Error(msg("{} is a {}; tip offices are a township's", g->display_path(), grid::level_words(g->level)));
  const fs::path out = fs::absolute(o.out);
  std::error_code ec;
  const auto refuse_inside = [&] {
    throw Error(msg("{} is inside the repo: the secret key must never be in it", o.out),
                tr("keep it where only the tip office can read it, e.g. ~/keys/ or an encrypted USB drive"));
  };
  if (!fs::exists(out.parent_path(), ec)) {
    // A new folder for the key (~/keys/): made, readable by its owner alone; never in the repo.
    if (inside(fs::weakly_canonical(out, ec), fs::canonical(ctx.repo_root()))) refuse_inside();
    if (fs::create_directories(out.parent_path(), ec); ec)
      throw Error(msg("cannot create folder {}: {}", out.parent_path().string(), ec.message()));
    fs::permissions(out.parent_path(), fs::perms::owner_all, ec);
  }
  const fs::path dir = fs::canonical(out.parent_path(), ec);
  if (ec) throw Error(msg("no folder {}", out.parent_path().string()));
  if (inside(dir / out.filename(), fs::canonical(ctx.repo_root()))) refuse_inside();
  doc::Node record = g->doc.root;
  const doc::Node* old = record.find("tip_office");
  if (old && !o.replace)
    throw Error(msg("{} has a tip office key already ({})", g->name(), old->get_string("key_id")),
                tr("pass --replace to make a new one; tips sealed to the old key stay readable with the old key file"));
  const Date date = o.date.empty() ? today() : [&] {
    Date d;
    if (!parse_date(text::as_typed(o.date), d)) throw Error(msg("--date {} is not a date", o.date), tr("write YYYY-MM-DD"));
    return d;
  }();
  tip::KeyPair keys = tip::generate_key_pair();
  const std::string id = tip::key_id(keys.public_key);
  doc::Node office = doc::Node::mapping();
  office.set("key_id", doc::Node::string(id));
  office.set("public_key", doc::Node::string(keys.public_key));
  office.set("since", doc::Node::string(date.iso()));
  if (old) {
    doc::Node previous = old->find("previous") ? *old->find("previous") : doc::Node::sequence();
    doc::Node was = doc::Node::mapping();
    was.set("key_id", doc::Node::string(old->get_string("key_id")));
    was.set("public_key", doc::Node::string(old->get_string("public_key")));
    was.set("since", doc::Node::string(old->get_string("since")));
    was.set("until", doc::Node::string(date.iso()));
    previous.push(std::move(was));
    office.set("previous", std::move(previous));
  }
  record.set("tip_office", std::move(office));
  ctx.catalog().require_valid("grid", g->doc.path, record);
  store::Changes changes;
  changes.writes[g->doc.path] = grid::render_record(ctx.catalog(), g->doc.path, record);
  std::string text = tip::format_secret_key_file(keys, g->code(), g->name(), date);
  sodium_memzero(keys.secret_key.data(), keys.secret_key.size());
  write_secret(out.string(), text);
  ctx.write(changes, fmt::format("举报中心密钥 {} 生成（{}）", id, g->name()));
  ctx.say(msg("made tip office key {} for {}", id, g->name()));
  ctx.say(msg("public key: in {}", g->doc.path));
  ctx.say(msg("secret key: {} (only you can read it; keep a copy offline; never put it in the repo)", o.out));
  return 0;
}

// Sets a township's public key from a secret key file the office already has: for a
// repo made anew, or a township record restored. Nothing secret is written.
int run_import(Context& ctx, const InitOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load({false, false});
  const grid::Grid* g = repo.tree.resolve(o.township);
  if (g->level != grid::Level::township)
    throw Error(msg("{} is a {}; tip offices are a township's", g->display_path(), grid::level_words(g->level)));
  std::string text = read_input_file(o.out);
  const tip::SecretKey key = tip::parse_secret_key_file(text);
  sodium_memzero(text.data(), text.size());
  if (!key.township_code.empty() && key.township_code != g->code())
    throw Error(msg("the key file is {}'s ({}), not {}'s", key.township_name, key.township_code, g->name()));
  doc::Node record = g->doc.root;
  const doc::Node* old = record.find("tip_office");
  if (old && old->get_string("key_id") == key.key_id) {
    ctx.say(msg("{} has key {} already", g->name(), key.key_id));
    return 0;
  }
  if (old) throw Error(msg("{} has another tip office key ({})", g->name(), old->get_string("key_id")),
                       tr("replace keys with `firegrid keys init --replace`"));
  doc::Node office = doc::Node::mapping();
  office.set("key_id", doc::Node::string(key.key_id));
  office.set("public_key", doc::Node::string(key.keys.public_key));
  office.set("since", doc::Node::string(key.created));
  record.set("tip_office", std::move(office));
  ctx.catalog().require_valid("grid", g->doc.path, record);
  store::Changes changes;
  changes.writes[g->doc.path] = grid::render_record(ctx.catalog(), g->doc.path, record);
  ctx.write(changes, fmt::format("举报中心密钥 {} 启用（{}）", key.key_id, g->name()));
  ctx.say(msg("{}'s tip office key is {} (from {})", g->name(), key.key_id, o.out));
  return 0;
}

int run_list(Context& ctx, const std::string& format) {
  const model::Repo repo = ctx.load({false, true});
  render::Table t;
  t.columns = {{"township", tr("TOWNSHIP")}, {"name", tr("NAME")}, {"key_id", tr("KEY")}, {"since", tr("SINCE")},
               {"previous", tr("PREVIOUS"), render::Align::right, true}};
  repo.tree.walk([&](grid::Grid& g) {
    if (g.level != grid::Level::township) return;
    const doc::Node* office = g.doc.root.find("tip_office");
    const doc::Node* prev = office ? office->find("previous") : nullptr;
    t.rows.push_back({g.path, g.name(), office ? office->get_string("key_id") : "", office ? office->get_string("since") : "",
                      std::to_string(prev ? prev->items().size() : 0)});
  });
  out(ctx.render(t, format));
  return 0;
}

}  // namespace

void register_keys(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("keys", tr("Tip office key pairs: reporters are sealed to them"));
  cmd->require_subcommand(1);
  {
    auto o = std::make_shared<InitOptions>();
    CLI::App* c = cmd->add_subcommand("init", tr("Make a township tip office's key pair"));
    c->add_option("--township", o->township, tr("The township: path, code or name"))->required();
    c->add_option("--out", o->out, tr("Where to write the secret key file (outside the repo)"))->required();
    c->add_option("--date", o->date, tr("Valid from (default: today)"));
    c->add_flag("--replace", o->replace, tr("Replace the township's key (the old one is kept as previous)"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_init(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<InitOptions>();
    CLI::App* c = cmd->add_subcommand("import", tr("Set a township's public key from the office's existing secret key file"));
    c->add_option("--township", o->township, tr("The township: path, code or name"))->required();
    c->add_option("--key", o->out, tr("The tip office's secret key file"))->required();
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_import(ctx, *o); }; });
  }
  {
    auto format = std::make_shared<std::string>("text");
    CLI::App* c = cmd->add_subcommand("list", tr("The townships' tip office keys"));
    add_table_format(c, *format, ctx);
    c->callback([&ctx, format] { ctx.action = [&ctx, format] { return run_list(ctx, *format); }; });
  }
}

}  // namespace firegrid::cli
