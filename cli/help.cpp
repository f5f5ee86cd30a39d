// Help that teaches: examples under every command's --help, `firegrid help COMMAND`,
// "did you mean" for a mistyped command or option, and the man pages and shell
// completions the build generates from the same CLI11 definitions (`firegrid
// __generate`), completing grid paths and unit ids from the repo (`firegrid __complete`).
#include "help.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>

#include <regex>

#include <algorithm>
#include <fstream>
#include <map>

namespace firegrid::cli {

namespace {

// Two or three real commands for each command. tests/cli/help_examples.py parses them;
// tests/cli/run_examples.py runs each command's examples in order on a fresh copy of the
// example county (examples/yuanshi), after the few setup steps it names (a closed unit
// for `unit reopen`, ...), so each must work on the example as committed.
const std::map<std::string, std::vector<std::string>>& example_table() {
  static const std::map<std::string, std::vector<std::string>> table = {
    {"", {"firegrid check", "firegrid report weekly --week last", "firegrid help unit add"}},
    {"init", {"firegrid init county --county-code 130132 --name 元氏县",
              "firegrid init . --county-code 130132 --name 元氏县 --since 2026-01-01 --no-git"}},
    {"grid add", {"firegrid grid add 100/001/g09 --name 九组 --leader '王建国,组长,13800000000'",
                  "firegrid grid add 100/038 --name 新村 --code 130132100038"}},
    {"grid edit", {"firegrid grid edit 100/001 --leader '李红,主任,13900000000'",
                   "firegrid grid edit 槐阳社区 --remove-member 林涛"}},
    {"grid remove", {"firegrid grid remove 100/003/g06", "firegrid grid remove 100/038 --recursive"}},
    {"grid show", {"firegrid grid show 槐阳镇", "firegrid grid show 100/001 --format json"}},
    {"grid list", {"firegrid grid list --level township", "firegrid grid list 槐阳镇 --level village --format csv"}},
    {"grid tree", {"firegrid grid tree --depth 1", "firegrid grid tree 槐阳镇"}},
    {"grid import", {"firegrid grid import --data path/to/china-division --county 130132 --dry-run",
                     "firegrid grid import --data path/to/china-division --county 130132 --update"}},
    {"unit add", {"firegrid unit add --group 100/001/g01 --name 惠民超市 --category small-shop "
                  "--responsible '张三,店主,13800000000' --address 槐阳路18号",
                  "firegrid unit add --group 100/001/g01 --name 夕阳红养老院 --category key-unit --beds 40"}},
    {"unit edit", {"firegrid unit edit u-45e7cqe6cp --area 120 --staff 4",
                   "firegrid unit edit u-45e7cqe6cp --responsible '赵洋,店主,13896108963'"}},
    {"unit show", {"firegrid unit show u-45e7cqe6cp", "firegrid unit show u-45e7cqe6cp --as-of 2026-06-30 --format json"}},
    {"unit list", {"firegrid unit list --grid 槐阳镇 --category small-shop",
                   "firegrid unit list --status closed --format csv"}},
    {"unit move", {"firegrid unit move u-45e7cqe6cp --to 100/001/g02", "firegrid unit move 槐阳镇敬老院 --to 100/204/g02"}},
    {"unit close", {"firegrid unit close u-45e7cqe6cp --date 2026-11-30 --reason 停业",
                    "firegrid unit close 槐阳镇敬老院 --reason 迁出本县"}},
    {"unit reopen", {"firegrid unit reopen u-45e7cqe6cp", "firegrid unit reopen 槐阳镇敬老院"}},
    {"unit import", {"firegrid unit import 单位台账.csv --dry-run", "firegrid unit import units.csv --encoding gb18030"}},
    {"inspect add", {"firegrid inspect add --unit u-45e7cqe6cp --kind village-check --inspector 赵洋 --item e-bikes=fail "
                     "--open-hazards",
                     "firegrid inspect add --grid 100/001/g01 --kind patrol --date 2026-11-27 --inspector 王建国"}},
    {"inspect show", {"firegrid inspect show i-20261006-ssrrh4", "firegrid inspect show i-20261006-ssrrh4 --format yaml"}},
    {"inspect edit", {"firegrid inspect edit i-20261006-ssrrh4 --item exits=pass --summary 复查通过",
                      "firegrid inspect edit i-20261006-ssrrh4 --waive extinguishers --by 杨静/村委会 --reason 灭火器由物业统一更换",
                      "firegrid inspect edit i-20261006-ssrrh4 --item e-bikes=fail:楼道充电 --open-hazards"}},
    {"inspect list", {"firegrid inspect list --grid 槐阳镇 --from 2026-11-01 --to 2026-11-30",
                      "firegrid inspect list --unit u-45e7cqe6cp --format csv"}},
    {"inspect due", {"firegrid inspect due --grid 槐阳镇", "firegrid inspect due --within 7 --format csv"}},
    {"inspect import", {"firegrid inspect import 检查记录.csv --dry-run", "firegrid inspect import checks.csv"}},
    {"inspect plan", {"firegrid inspect plan --week next --grid 槐阳镇", "firegrid inspect plan --week 2026-W49 --by 张建国/派出所",
                      "firegrid inspect plan --week this --format html -o 本周检查计划.html"}},
    {"inspect checklist", {"firegrid inspect checklist --category small-shop", "firegrid inspect checklist --format md",
                           "firegrid inspect checklist --unit u-45e7cqe6cp --format html -o 检查记录表.html"}},
    {"hazard open", {"firegrid hazard open --unit u-45e7cqe6cp --description 楼道内电动车充电 --by 赵洋",
                     "firegrid hazard open --grid 100/001 --place 槐阳路口 --description 消防通道堵塞 --source patrol",
                     "firegrid hazard open --unit u-34jm6t4hvf --inspection i-20261006-ssrrh4 --item e-bikes --by 杨静"}},
    {"hazard show", {"firegrid hazard show h-20261110-pfkebd", "firegrid hazard show h-20261110-pfkebd --as-of 2026-11-15"}},
    {"hazard list", {"firegrid hazard list --by township", "firegrid hazard list --light red --grid 槐阳镇",
                     "firegrid hazard list --state all --format csv"}},
    {"hazard notice", {"firegrid hazard notice h-20261126-r1gwe7 --by 槐阳镇消防办 --number 元消通〔2026〕118号 "
                       "--deadline 2026-12-10",
                       "firegrid hazard notice h-20261127-92jbg5 --by 槐阳镇消防办 --date 2026-11-28 --deadline 2026-12-10 "
                       "--attach 整改通知书.jpg --caption 签收的通知书",
                       "firegrid hazard notice h-20261110-pfkebd --print -o 限期整改通知书.html"}},
    {"hazard rectify", {"firegrid hazard rectify h-20261110-pfkebd --by 赵洋 --note 已更换灭火器",
                        "firegrid hazard rectify h-20261109-7n0wkm --by 赵洋 --date 2026-11-20"}},
    {"hazard verify", {"firegrid hazard verify h-20261110-pfkebd --pass --by 王建国 --attach 复查照片.jpg",
                       "firegrid hazard verify h-20261109-j5m7ae --fail --by 王建国 --deadline 2026-12-20",
                       "firegrid hazard verify h-20261107-q1df3h --pass --inspection i-20261128-0bh4jj --by 王建国"}},
    {"hazard close", {"firegrid hazard close h-20261116-c3z401 --on-spot --by 王建国 --note 当场清理",
                      "firegrid hazard close h-20261119-nxd308 --on-spot --by 王建国 --date 2026-11-19"}},
    {"hazard reopen", {"firegrid hazard reopen h-20260930-bc4jp0 --by 王建国 --note 复查发现仍未整改",
                       "firegrid hazard reopen h-20260920-r4kbfc --by 王建国 --date 2026-11-28 --note 隐患再次出现"}},
    {"hazard escalate", {"firegrid hazard escalate h-20261110-pfkebd --by 槐阳镇消防办 --to fire-brigade --note 拒不整改",
                         "firegrid hazard escalate h-20261109-7n0wkm --by 槐阳镇消防办 --to county-government"}},
    {"hazard list-supervise", {"firegrid hazard list-supervise h-20261028-bgfbsx --by 县安委办 --authority 县人民政府 "
                               "--deadline 2027-01-31",
                               "firegrid hazard list-supervise h-20261028-bgfbsx --by 县安委办 --lift"}},
    {"hazard note", {"firegrid hazard note h-20261110-pfkebd --by 王建国 --note 已电话督促负责人",
                     "firegrid hazard note h-20261110-pfkebd --by 王建国 --date 2026-11-28 --note 负责人承诺月底前整改"}},
    {"hazard assess", {"firegrid hazard assess h-20261110-pfkebd --decide major --decided-by 县消防救援大队 "
                       "--basis 'GB 35181-2017 5.1.1'",
                       "firegrid hazard assess h-20261109-7n0wkm --decide general --decided-by 县消防救援大队"}},
    {"hazard apply", {"firegrid hazard apply 整改进度.csv --dry-run", "firegrid hazard apply steps.csv --encoding gb18030"}},
    {"hazard tip add", {"firegrid hazard tip add --channel hotline-119 --grid 201 --what 仓库堆放易燃物 --anonymous",
                        "firegrid hazard tip add --channel phone --unit u-45e7cqe6cp --what 楼道堵塞 --reporter-stdin"}},
    {"hazard tip verify", {"firegrid hazard tip verify t-20261126-ghjngb --founded --hazard h-20261127-t6g3fv",
                           "firegrid hazard tip verify t-20261116-zeea33 --unfounded --note 现场未见"}},
    {"hazard tip reward", {"firegrid hazard tip reward t-20261126-ghjngb --amount 200 --by 县消防救援大队",
                           "firegrid hazard tip reward t-20261116-zeea33 --amount 500 --by 县消防救援大队 --date 2026-11-28"}},
    {"hazard tip pay", {"firegrid hazard tip pay t-20261110-46gbyv", "firegrid hazard tip pay t-20261126-ghjngb --date 2026-11-28"}},
    {"hazard tip list", {"firegrid hazard tip list --status received", "firegrid hazard tip list --grid 201 --format csv"}},
    {"hazard tip show", {"firegrid hazard tip show t-20261126-ghjngb",
                         "firegrid hazard tip show t-20261126-ghjngb --as-of 2026-11-30 --format json"}},
    {"hazard reveal", {"firegrid hazard reveal t-20261110-46gbyv --key ~/keys/201.key",
                       "firegrid hazard reveal t-20261110-46gbyv --key /media/usb/201.key"}},
    {"keys init", {"firegrid keys init --township 102 --out ~/keys/102.key",
                   "firegrid keys init --township 201 --out ~/keys/201-2027.key --replace"}},
    {"keys import", {"firegrid keys import --township 201 --key ~/keys/201.key",
                     "firegrid keys import --township 101 --key /media/usb/101.key"}},
    {"keys list", {"firegrid keys list", "firegrid keys list --format json"}},
    {"meeting add", {"firegrid meeting add --grid 102 --kind joint-meeting --date 2026-12-01 --title 第四季度消防安全联席会议 "
                     "--chair 李红 --attendee 王建国",
                     "firegrid meeting add --grid 102 --kind other --title 冬季防火专题会 --chair 李红 "
                     "--decision 开展冬季消防检查"}},
    {"meeting show", {"firegrid meeting show m-20260511-0sr9kv", "firegrid meeting show m-20260511-0sr9kv --format yaml"}},
    {"meeting list", {"firegrid meeting list --grid 102 --from 2026-01-01", "firegrid meeting list --open"}},
    {"meeting due", {"firegrid meeting due", "firegrid meeting due --within 30 --format csv"}},
    {"meeting close-action", {"firegrid meeting close-action m-20251215-4260h6 --action 1 --date 2026-01-20",
                              "firegrid meeting close-action m-20251218-vk71c5 --action 2"}},
    {"meeting import", {"firegrid meeting import meetings.yaml --dry-run", "firegrid meeting import 会议记录.yaml"}},
    {"training add", {"firegrid training add --grid 102/204 --kind drill --date 2026-11-17 --title 冬季消防演练 "
                      "--reached 120",
                      "firegrid training add --grid 102 --kind publicity --title 消防安全知识宣传 --audience 沿街商户 "
                      "--reached 45"}},
    {"training show", {"firegrid training show ev-20261117-8pgshe",
                       "firegrid training show ev-20261117-8pgshe --format json"}},
    {"training list", {"firegrid training list --by village", "firegrid training list --from 2026-11-01 --format csv"}},
    {"training import", {"firegrid training import trainings.yaml --dry-run", "firegrid training import 培训记录.yaml"}},
    {"report weekly", {"firegrid report weekly", "firegrid report weekly --week last --format html -o weekly.html",
                       "firegrid report weekly --grid 槐阳镇 --format json"}},
    {"report monthly", {"firegrid report monthly --month last", "firegrid report monthly --month 2026-11 --format md",
                        "firegrid report monthly --month 2026-10 --grid 槐阳镇 --attest --by 王强/槐阳镇安监办"}},
    {"report half-year", {"firegrid report half-year --half 2026-H2", "firegrid report half-year --half 2026-H1 --format md"}},
    {"report year-end", {"firegrid report year-end --year 2026 --format html -o 2026.html",
                         "firegrid report year-end --year 2026 --grid 槐阳镇"}},
    {"report assess", {"firegrid report assess --year 2026", "firegrid report assess --year 2026 --grid 槐阳镇 --format csv"}},
    {"report coverage", {"firegrid report coverage", "firegrid report coverage --as-of 2026-10-31 --format json"}},
    {"report hazards", {"firegrid report hazards", "firegrid report hazards --grid 槐阳镇 --format md"}},
    {"report due", {"firegrid report due --within 7", "firegrid report due --grid 槐阳镇 --format html -o due.html"}},
    {"report diff", {"firegrid report diff --since HEAD~1", "firegrid report diff --since 2026-11-01"}},
    {"report merge", {"firegrid report merge a.json b.json --name 石家庄市",
                      "firegrid report merge counties/*.json --name 石家庄市 --format html -o city.html"}},
    {"export", {"firegrid export --kind units --format csv -o units.csv", "firegrid export --out-dir dump"}},
    {"check", {"firegrid check", "firegrid check --summary", "firegrid check --only unit-* --grid 槐阳镇"}},
    {"hooks install", {"firegrid hooks install", "firegrid hooks install --force"}},
    {"history", {"firegrid history u-45e7cqe6cp", "firegrid history h-20261110-pfkebd --format json",
                 "firegrid history 100/001", "firegrid history --person 张建国"}},
    {"resolve", {"firegrid resolve", "firegrid resolve grid/100/hazards/h-20261110-pfkebd.yaml"}},
    {"recover", {"firegrid recover --dry-run", "firegrid recover"}},
    {"modeline", {"firegrid modeline --dry-run", "firegrid modeline"}},
    {"attest add", {"firegrid attest add --grid 槐阳镇 --date 2026-10-31 --period 2026-10 --by 王强/槐阳镇安监办",
                    "firegrid attest add --grid 100 --date 2026-10-31 --figure hazards.overdue=12 "
                    "--figure units.category.key-unit=7 --by 王强/槐阳镇安监办 --attach 签字表.pdf"}},
    {"help", {"firegrid help report weekly"}},
  };
  return table;
}

// The path of a command below the program: "report weekly".
std::string path_of(const CLI::App* app) {
  std::string path;
  for (const CLI::App* a = app; a && a->get_parent(); a = a->get_parent())
    path = path.empty() ? a->get_name() : a->get_name() + " " + path;
  return path;
}

bool hidden(const CLI::App* app) { return app->get_group().empty(); }

// Every visible command below `app` (itself first), depth first in the order defined.
void walk_commands(const CLI::App* app, std::vector<const CLI::App*>& out) {
  out.push_back(app);
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* a) { return !hidden(a); }))
    walk_commands(sub, out);
}

std::vector<const CLI::Option*> visible_options(const CLI::App* app) {
  return app->get_options([](const CLI::Option* o) { return !o->get_group().empty(); });
}

// The characters of UTF-8 text, each as its bytes (invalid bytes one by one).
std::vector<std::string_view> help_chars(const std::string& s) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    n = std::min(n, s.size() - i);
    out.emplace_back(s.data() + i, n);
    i += n;
  }
  return out;
}

// Edit distance on characters, a swap of two neighbours counting one ("lsit" is one
// from "list"), for "did you mean".
std::size_t help_distance(const std::string& a, const std::string& b) {
  const auto x = help_chars(a), y = help_chars(b);
  std::vector<std::vector<std::size_t>> d(x.size() + 1, std::vector<std::size_t>(y.size() + 1));
  for (std::size_t i = 0; i <= x.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= y.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i)
    for (std::size_t j = 1; j <= y.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[x.size()][y.size()];
}

// The nearest of `names` to `typed`: within a third of its length (at least 1, at most 3)
// or the only name it begins.
std::optional<std::string> nearest(const std::string& typed, const std::vector<std::string>& names) {
  std::optional<std::string> best;
  std::size_t best_d = std::min<std::size_t>(3, std::max<std::size_t>(1, typed.size() / 3)) + 1;
  for (const auto& n : names) {
    const std::size_t d = help_distance(typed, n);
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  if (best) return best;
  std::vector<std::string> starting;
  for (const auto& n : names)
    if (typed.size() >= 2 && n.compare(0, typed.size(), typed) == 0) starting.push_back(n);
  if (starting.size() == 1) return starting.front();
  return std::nullopt;
}

std::string help_synopsis(const CLI::App* app) {
  std::string s = "firegrid";
  if (const std::string p = path_of(app); !p.empty()) s += " " + p;
  if (!app->get_subcommands([](const CLI::App* a) { return !hidden(a); }).empty()) return s + " COMMAND [OPTIONS]";
  for (const CLI::Option* o : visible_options(app))
    if (o->get_positional()) s += " " + o->get_name(true);
  return s + " [OPTIONS]";
}

// roff text: backslashes, leading dots and quotes, and hyphens of options.
std::string roff(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\e";
    else if (c == '-') out += "\\-";
    else out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string option_label(const CLI::Option* o) {
  std::string label;
  if (o->get_positional()) return o->get_name(true);
  for (const auto& s : o->get_snames()) label += (label.empty() ? "-" : ", -") + s;
  for (const auto& l : o->get_lnames()) label += (label.empty() ? "--" : ", --") + l;
  if (o->get_items_expected_min() > 0 || o->get_expected_max() > 1) {
    std::string type = o->get_type_name();
    if (const auto colon = type.find(':'); colon != std::string::npos) type = type.substr(colon + 1);
    if (!type.empty()) label += " " + type;
  }
  return label;
}

std::string man_page(const CLI::App* app, const std::string& version) {
  const std::string path = path_of(app);
  std::string name = "firegrid";
  if (!path.empty()) name += "-" + path;
  std::replace(name.begin(), name.end(), ' ', '-');
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string m = fmt::format(".TH {} 1 \"\" \"firegrid {}\" \"firegrid manual\"\n.SH NAME\n{} \\- {}\n", upper, version,
                              roff(name), roff(app->get_description()));
  m += fmt::format(".SH SYNOPSIS\n.B {}\n", roff(help_synopsis(app)));
  const auto subs = app->get_subcommands([](const CLI::App* a) { return !hidden(a); });
  if (!subs.empty()) {
    m += ".SH COMMANDS\n";
    for (const CLI::App* s : subs) {
      std::string sub_name = "firegrid-" + path_of(s);
      std::replace(sub_name.begin(), sub_name.end(), ' ', '-');
      m += fmt::format(".TP\n.BR {} (1)\n{}\n", roff(sub_name), roff(s->get_description()));
    }
  }
  const auto options = visible_options(app);
  if (!options.empty()) {
    m += ".SH OPTIONS\n";
    for (const CLI::Option* o : options)
      m += fmt::format(".TP\n.B {}\n{}\n", roff(option_label(o)), roff(o->get_description()));
  }
  if (const auto& ex = examples_of(path); !ex.empty()) {
    m += ".SH EXAMPLES\n.nf\n";
    for (const auto& line : ex) m += roff(line) + "\n";
    m += ".fi\n";
  }
  m += ".SH SEE ALSO\n";
  m += path.empty() ? ".BR git (1)\n" : ".BR firegrid (1)\n";
  return m;
}

// The words that complete each command, one line per command: "report weekly|--week --format ...".
std::string completion_words(const CLI::App& root) {
  std::vector<const CLI::App*> all;
  walk_commands(&root, all);
  std::string out;
  for (const CLI::App* a : all) {
    std::vector<std::string> words;
    for (const CLI::App* s : a->get_subcommands([](const CLI::App* x) { return !hidden(x); }))
      words.push_back(s->get_name());
    for (const CLI::Option* o : visible_options(a))
      for (const auto& l : o->get_lnames()) words.push_back("--" + l);
    out += path_of(a) + "|";
    for (std::size_t i = 0; i < words.size(); ++i) out += (i ? " " : "") + words[i];
    out += "\n";
  }
  return out;
}

std::string bash_completion(const CLI::App& root) {
  std::string table;
  for (const auto& line : split_lines(completion_words(root))) {
    const auto bar = line.find('|');
    table += fmt::format("    \"{}\") words=\"{}\" ;;\n", line.substr(0, bar), line.substr(bar + 1));
  }
  return fmt::format(R"SH(# bash completion for firegrid, generated by `firegrid __generate bash`.
# (No variable is called `path`: zsh ties it to PATH.)
_firegrid() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}} cmd="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=${{COMP_WORDS[i]}}
    case $w in -*) continue ;; esac
    case "$(_firegrid_words "${{cmd:+$cmd }}$w")" in "") ;; *) cmd="${{cmd:+$cmd }}$w" ;; esac
  done
  case $prev in
    --grid|--group|--to|-C) COMPREPLY=($(compgen -W "$(firegrid __complete grid "$cur" 2>/dev/null)" -- "$cur")); return ;;
    --unit) COMPREPLY=($(compgen -W "$(firegrid __complete unit "$cur" 2>/dev/null)" -- "$cur")); return ;;
  esac
  case $cmd in
    "unit show"|"unit edit"|"unit move"|"unit close"|"unit reopen")
      case $cur in -*) ;; *) COMPREPLY=($(compgen -W "$(firegrid __complete unit "$cur" 2>/dev/null)" -- "$cur")); return ;; esac ;;
    "grid show"|"grid edit"|"grid remove"|"grid list"|"grid tree")
      case $cur in -*) ;; *) COMPREPLY=($(compgen -W "$(firegrid __complete grid "$cur" 2>/dev/null)" -- "$cur")); return ;; esac ;;
  esac
  COMPREPLY=($(compgen -W "$(_firegrid_words "$cmd")" -- "$cur"))
}}
_firegrid_words() {{
  local words=""
  case $1 in
{}  esac
  printf '%s' "$words"
}}
complete -F _firegrid firegrid
)SH",
                     table);
}

std::string zsh_completion(const CLI::App& root) {
  // zsh runs the bash function through bashcompinit: one definition of the words.
  return "#compdef firegrid\n# zsh completion for firegrid, generated by `firegrid __generate zsh`.\n"
         "autoload -U +X bashcompinit && bashcompinit\n" +
         bash_completion(root);
}

// `firegrid __complete grid|unit PREFIX`: grid paths and names, or unit ids, from the repo.
int run_complete(Context& ctx, const std::string& what, const std::string& prefix) {
  model::LoadOptions o;
  o.units = what == "unit";
  o.note_errors = false;
  o.without_inspections();
  const model::Repo repo = ctx.load(o);
  std::vector<std::string> words;
  if (what == "unit") {
    for (const auto& u : repo.units.units)
      if (u.id.compare(0, prefix.size(), prefix) == 0) words.push_back(u.id);
  } else {
    repo.tree.walk([&](grid::Grid& g) {
      for (const std::string& w : {g.path, g.name()})
        if (!w.empty() && w.compare(0, prefix.size(), prefix) == 0) words.push_back(w);
    });
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (const auto& w : words) out(w + "\n");
  return 0;
}

}  // namespace

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < s.size()) {
    const auto nl = s.find('\n', at);
    lines.push_back(s.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return lines;
}

const std::vector<std::string>& examples_of(const std::string& path) {
  static const std::vector<std::string> none;
  const auto& table = example_table();
  const auto it = table.find(path);
  return it == table.end() ? none : it->second;
}

void register_help(CLI::App& app, Context& ctx) {
  // main answers `help` before parsing (help_words, print_help): CLI11 would take the
  // words after it for commands. The definition is for --help, the man pages and completion.
  CLI::App* help = app.add_subcommand("help", tr("Show the help of a command, with its examples"));
  auto words = std::make_shared<std::vector<std::string>>();
  help->add_option("command", *words, tr("The command, e.g. report weekly"))->type_name("COMMAND");
  help->callback([&app, &ctx, words] { ctx.action = [&app, words] { return print_help(app, *words); }; });

  // Hidden (no group): what the build and the completion scripts call.
  auto gen = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* generate = app.add_subcommand("__generate", tr("Write man pages or completion scripts"))->group("");
  generate->add_option("what", gen->first, tr("man, bash or zsh"))->required()->check(CLI::IsMember({"man", "bash", "zsh"}));
  generate->add_option("dir", gen->second, tr("Folder to write into"))->required();
  generate->callback([&app, &ctx, gen] {
    ctx.action = [&app, gen] {
      const auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream f(gen->second + "/" + name, std::ios::binary | std::ios::trunc);
        f << text;
        if (!f.flush()) throw Error(msg("cannot write {}/{}", gen->second, name));
      };
      if (gen->first == "bash") write("firegrid", bash_completion(app));
      if (gen->first == "zsh") write("_firegrid", zsh_completion(app));
      if (gen->first == "man") {
        std::vector<const CLI::App*> all;
        walk_commands(&app, all);
        for (const CLI::App* a : all) {
          std::string name = "firegrid";
          if (const std::string p = path_of(a); !p.empty()) name += "-" + p;
          std::replace(name.begin(), name.end(), ' ', '-');
          write(name + ".1", man_page(a, FIREGRID_VERSION));
        }
      }
      return 0;
    };
  });
  auto comp = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* complete = app.add_subcommand("__complete", tr("Grid paths or unit ids for shell completion"))->group("");
  complete->add_option("what", comp->first, tr("grid or unit"))->required()->check(CLI::IsMember({"grid", "unit"}));
  complete->add_option("prefix", comp->second, tr("What is typed so far"));
  complete->callback([&ctx, comp] { ctx.action = [&ctx, comp] { return run_complete(ctx, comp->first, comp->second); }; });
}

std::optional<std::vector<std::string>> help_words(const CLI::App& app, int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.size() > 1 && word[0] == '-') {
      const CLI::Option* o = nullptr;
      for (const CLI::Option* x : visible_options(&app))
        for (const auto& l : x->get_lnames())
          if (word == "--" + l) o = x;
      for (const CLI::Option* x : visible_options(&app))
        for (const auto& sn : x->get_snames())
          if (word == "-" + sn) o = x;
      if (o && o->get_items_expected_min() > 0) ++i;  // its value
      continue;
    }
    if (word != "help") return std::nullopt;
    return std::vector<std::string>(argv + i + 1, argv + argc);
  }
  return std::nullopt;
}

int print_help(const CLI::App& app, const std::vector<std::string>& words) {
  const CLI::App* at = &app;
  std::string done = "firegrid";
  for (const auto& w : words) {
    if (w == "--help" || w == "-h") break;
    const auto subs = at->get_subcommands([](const CLI::App* a) { return !hidden(a); });
    const auto it = std::find_if(subs.begin(), subs.end(), [&](const CLI::App* s) { return s->get_name() == w; });
    if (it == subs.end()) {
      std::vector<std::string> names;
      for (const CLI::App* s : subs) names.push_back(s->get_name());
      const auto near = nearest(w, names);
      const std::string where = path_of(at);
      throw Error(msg("`{}` has no command `{}`", done, w),
                  near ? msg("did you mean `{}`?", "firegrid help " + (where.empty() ? *near : where + " " + *near))
                       : msg("`{} --help` lists its commands", done));
    }
    at = *it;
    done += " " + w;
  }
  out(at == &app ? app.help() : at->help(done.substr(0, done.rfind(' '))));
  return 0;
}

void add_examples(CLI::App& app) {
  std::vector<const CLI::App*> all;
  walk_commands(&app, all);
  for (const CLI::App* a : all) {
    const auto& ex = examples_of(path_of(a));
    if (ex.empty()) continue;
    std::string footer = tr("Examples:") + "\n";
    for (const auto& line : ex) footer += "  " + line + "\n";
    const_cast<CLI::App*>(a)->footer(footer);
  }
}

std::string suggest(const CLI::App& app, int argc, char** argv) {
  const CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--") break;
    if (word.size() > 1 && word[0] == '-') {
      const std::string name = word.substr(0, word.find('='));
      // Known at this command or a parent (options fall through)?
      const CLI::Option* known = nullptr;
      std::vector<std::string> names;
      for (const CLI::App* a = at; a; a = a->get_parent())
        for (const CLI::Option* o : visible_options(a)) {
          for (const auto& l : o->get_lnames()) {
            names.push_back("--" + l);
            if (name == "--" + l) known = o;
          }
          for (const auto& s : o->get_snames())
            if (name == "-" + s) known = o;
        }
      if (name == "-h" || name == "--help" || name == "--version") return {};
      if (!known) {
        const auto near = nearest(name, names);
        return "firegrid: " +
               msg("error: {}", msg("`firegrid{}` has no option {}", path_of(at).empty() ? "" : " " + path_of(at), name)) +
               "\n  " +
               msg("hint: {}", near ? msg("did you mean {}?", *near)
                                    : msg("`firegrid {}--help` lists its options",
                                          path_of(at).empty() ? "" : path_of(at) + " ")) +
               "\n";
      }
      if (word.find('=') == std::string::npos && known->get_items_expected_min() > 0) ++i;  // its value
      continue;
    }
    const auto subs = at->get_subcommands([](const CLI::App* a) { return !hidden(a); });
    if (subs.empty()) continue;  // a positional value
    const auto it = std::find_if(subs.begin(), subs.end(), [&](const CLI::App* s) { return s->get_name() == word; });
    if (it != subs.end()) {
      at = *it;
      continue;
    }
    std::vector<std::string> names;
    for (const CLI::App* s : subs) names.push_back(s->get_name());
    const auto near = nearest(word, names);
    const std::string where = path_of(at).empty() ? "firegrid" : "firegrid " + path_of(at);
    return "firegrid: " + msg("error: {}", msg("`{}` has no command `{}`", where, word)) + "\n  " +
           msg("hint: {}", near ? msg("did you mean `{} {}`?", where, *near) : msg("`{} --help` lists its commands", where)) +
           "\n";
  }
  return {};
}

std::string WideFormatter::make_option(const CLI::Option* opt, bool is_positional) const {
  // CLI::detail::format_help, with the name padded by its display width instead of its bytes.
  const std::string name = "  " + make_option_name(opt, is_positional) + make_option_opts(opt);
  const std::string desc = make_option_desc(opt);
  const std::size_t wid = get_column_width();
  const std::size_t shown = text::display_width(name);
  std::string out = name;
  if (shown < wid) out += std::string(wid - shown, ' ');
  if (!desc.empty()) {
    if (shown >= wid) out += "\n" + std::string(wid, ' ');
    for (const char c : desc) {
      out += c;
      if (c == '\n') out += std::string(wid, ' ');
    }
  }
  return out + "\n";
}

// CLI11's own messages, in the interface language: each English form CLI11 1.9/2.x makes
// is matched and said again through the catalogue; anything else is shown as CLI11 says it.
std::string cli11_message(const std::string& what) {
  if (language() == Language::en) return what;  // CLI11's own English, as it always was
  std::smatch m;
  static const std::regex required("^(.+) is required$");
  static const std::regex extras("^The following arguments? (?:was|were) not expected: (.*)$");
  static const std::regex not_in("^(.*): (.*) not in \\{(.*)\\}$");
  static const std::regex not_in_bare("^(.*) not in \\{(.*)\\}$");
  static const std::regex range("^(.*): Value (.*) not in range (.*) to (.*)$");
  static const std::regex convert("^Could not convert: (.*) = (.*)$");
  static const std::regex exactly("^Expected exactly ([0-9]+) arguments? to (.*), got ([0-9]+)$");
  static const std::regex at_least("^(.*): At least ([0-9]+) required but received ([0-9]+)$");
  static const std::regex excludes("^(.*) excludes (.*)$");
  static const std::regex requires_("^(.*) requires (.*)$");
  static const std::regex too_many("^(.*): too many inputs for a flag$");
  if (std::regex_match(what, m, required)) return msg("{} is required", m.str(1));
  if (std::regex_match(what, m, extras)) return msg("not expected here: {}", m.str(1));
  if (std::regex_match(what, m, range)) return msg("{}: {} is not in the range {} to {}", m.str(1), m.str(2), m.str(3), m.str(4));
  if (std::regex_match(what, m, not_in)) return msg("{}: {} is not one of {}", m.str(1), m.str(2), m.str(3));
  if (std::regex_match(what, m, not_in_bare)) return msg("{} is not one of {}", m.str(1), m.str(2));
  if (std::regex_match(what, m, convert)) return msg("{}: cannot read {}", m.str(1), m.str(2));
  if (std::regex_match(what, m, exactly)) return msg("{} takes {} value(s), got {}", m.str(2), m.str(1), m.str(3));
  if (std::regex_match(what, m, at_least)) return msg("{} takes at least {} value(s), got {}", m.str(1), m.str(2), m.str(3));
  if (std::regex_match(what, m, too_many)) return msg("{} takes no value", m.str(1));
  if (std::regex_match(what, m, excludes)) return msg("{} cannot be used with {}", m.str(1), m.str(2));
  if (std::regex_match(what, m, requires_)) return msg("{} needs {}", m.str(1), m.str(2));
  return what;
}

std::string failure_message(const CLI::App* app, const CLI::Error& e) {
  std::string out = cli11_message(e.what()) + "\n";
  if (app->get_help_ptr()) out += msg("Run with {} for more information.", app->get_help_ptr()->get_name()) + "\n";
  return out;
}

}  // namespace firegrid::cli
