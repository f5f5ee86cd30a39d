#!/usr/bin/env bash
# Builds the example county repo (元氏县, 130132) from nothing, deterministically: the
# same firegrid gives the same bytes every time, so `examples/yuanshi/` can be checked
# against a fresh run (the CTest `examples/up-to-date`).
#
#   examples/generate.sh [OUT [CSV [CSV [CSV [YAML [YAML]]]]]]  default OUT: examples/yuanshi
#                 (replaced), the unit list examples/data/yuanshi-units.csv (GB18030), the
#                 inspections examples/data/yuanshi-inspections.csv, the hazards' steps
#                 examples/data/yuanshi-hazard-steps.csv, and the year of meetings and of
#                 trainings, publicity and drills examples/data/yuanshi-meetings.yaml and
#                 examples/data/yuanshi-trainings.yaml
#
# The tip offices of 槐阳镇, 殷村镇 and 东张乡 use the DEMO key pairs in examples/keys/
# (made by the first run; never use them for real tips). Sealed reporters are random
# bytes on every run, so the up-to-date check compares them by length only.
#
# FIREGRID sets the program to use (default: build/firegrid). Every person, phone and
# team below is invented: names are drawn from common surnames and given names by a
# fixed formula, phones are in the 13800000000 test range.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/yuanshi}
units_csv=${2:-$here/data/yuanshi-units.csv}
inspections_csv=${3:-$here/data/yuanshi-inspections.csv}
steps_csv=${4:-$here/data/yuanshi-hazard-steps.csv}
meetings_yaml=${5:-$here/data/yuanshi-meetings.yaml}
trainings_yaml=${6:-$here/data/yuanshi-trainings.yaml}
fg=${FIREGRID:-$here/../build/firegrid}
data=$here/data/division-130132
# No clone token (docs/format.md, "Ids"): the example's ids depend on its records alone,
# though it lies inside firegrid's own git repo.
export FIREGRID_TODAY=2026-11-28 FIREGRID_CLONE= PYTHONDONTWRITEBYTECODE=1

rm -rf "$out"
"$fg" -q init "$out" --county-code 130132 --name 元氏县 --first-year 2026 --since 2026-09-01 --no-git
"$fg" -q -C "$out" grid import --streets "$data/streets.csv" --villages "$data/villages.csv" --groups 3-6
# Two cadences beyond the defaults: the monthly check of every key unit (公安部令第61号) and
# the police station's weekly spot check of its district, in place of the township-wide one.
# The daily patrol is asked of each village (its patrol team and volunteer brigade walk the
# whole village every evening and log it once), not of each of its 967 groups: the same
# compliance with a fifth of the files, so the example stays small enough to test often.
python3 - "$out/firegrid.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
patrol = "    - kind: patrol\n      name: 巡查\n      who: 保安员、巡逻员、志愿消防队\n      every: day\n      scope: group\n"
assert patrol in text, "the default patrol cadence changed: update examples/generate.sh"
text = text.replace(patrol, patrol.replace("scope: group", "scope: village"), 1)
text = text.replace(
    "    - kind: police-spot-check\n      name: 监督抽查\n      who: 派出所\n      every: week\n      scope: township\n",
    "    - kind: police-spot-check\n      name: 监督抽查\n      who: 派出所\n      every: week\n      scope: police-district\n"
    "    - kind: township-inspection\n      name: 重点单位每月检查\n      who: 乡镇安监办\n      every: month\n"
    "      scope: unit\n      categories:\n        - key-unit\n", 1)
open(path, "w", encoding="utf-8").write(text)
PY

surnames=(王 李 张 刘 陈 杨 赵 黄 周 吴 徐 孙 胡 朱 高 林 何 郭 马 罗 梁 宋 郑 谢 韩 唐 冯 于 董 萧)
given=(建国 志强 秀英 丽娟 伟 芳 军 敏 静 磊 洋 勇 艳 杰 娜 涛 明 超 霞 平 刚 桂英 建华 文 辉 玉兰 海燕 红梅 立新 春生)
n=0
# person VAR ORG ROLE: sets VAR to "name=..,org=..,role=..,phone=.." for the next person.
person() {
  n=$((n + 1))
  local sur=${surnames[$(((n * 7) % ${#surnames[@]}))]} giv=${given[$(((n / 30 + n * 13) % ${#given[@]}))]}
  printf -v "$1" 'name=%s%s,org=%s,role=%s,phone=138%08d' "$sur" "$giv" "$2" "$3" $((n * 7919 % 100000000))
}
# name_only VAR: sets VAR to the next person's name.
name_only() {
  n=$((n + 1))
  printf -v "$1" '%s%s' "${surnames[$(((n * 7) % ${#surnames[@]}))]}" "${given[$(((n * 13) % ${#given[@]}))]}"
}

person a 县人民政府 县长; person b 县消防救援大队 大队长; person c 县公安局 副局长
person d 县应急管理局 局长; person e 县市场监督管理局 副局长
"$fg" -q -C "$out" grid edit / --leader "$a" --member "$b" --member "$c" --member "$d" --member "$e"

# path,level,name,... of every township and village, read once.
"$fg" -C "$out" grid list --format csv | tail -n +2 | cut -d, -f1-3 >"$out.list"
while IFS=, read -r path level name; do
  case $level in
    township)
      person a 乡镇人民政府 镇长; person b 综治办 主任; person c 派出所 所长; person d 安监办 主任
      person e 市场监管所 所长; person f 文教办 主任; person g 治安巡防队 队长; name_only h
      "$fg" -q -C "$out" grid edit "$path" --leader "$a" --member "$b" --member "$c" \
        --member "$d" --member "$e" --member "$f" --member "$g" \
        --rescue-team "name=${name}24小时应急救援队,size=$((12 + n % 9)),leader=$h,phone=0311-8$(printf '%06d' $((n * 4111 % 1000000)))"
      ;;
    village)
      person a 村（居）委会 党支部书记; person b 村（居）委会 主任; person c 派出所 社区民警
      person d 治保会 主任; person e 村（居）委会 治安消防协管员; name_only h
      "$fg" -q -C "$out" grid edit "$path" --leader "$a" --member "$b" --member "$c" \
        --member "$d" --coordinator "$e" --brigade "name=${name}志愿消防队,size=$((6 + n % 7)),leader=$h"
      ;;
  esac
done <"$out.list"
rm -f "$out.list"
# Every group's grid leader (网格员).
python3 "$here/set_group_leaders.py" "$out"

# The units: a unit list as a township office keeps it in Excel (GB18030), imported.
python3 "$here/make_units_csv.py" "$out" "$units_csv" --per-village 12 --gb18030 --firegrid "$fg"
"$fg" -q -C "$out" unit import "$units_csv"

# Three months of inspections and patrols (some missed, some finding hazards).
python3 "$here/make_inspections_csv.py" "$out" "$inspections_csv" --firegrid "$fg"
"$fg" -q -C "$out" inspect import "$inspections_csv"

# The hazards' rectification: notices, reports, re-checks, a few fixed on the spot or
# reopened, applied as one batch of steps.
python3 "$here/make_hazard_steps.py" "$out" "$steps_csv" --firegrid "$fg" >"$out.majors"
"$fg" -q -C "$out" hazard apply "$steps_csv"

# Four hazards of key units go before the county: elements found under GB 35181, a
# collective determination, escalation, listed supervision (one past its deadline).
i=0
supervised=()
while read -r id date; do
  i=$((i + 1))
  [[ $i -le 2 ]] && supervised+=("$id $date")
  later=$(date -d "$date + $((i * 45 - 15)) days" +%F)  # the first past, the second not
  case $i in
    1 | 2)
      "$fg" -q -C "$out" hazard assess "$id" --element 6.3.1 --element 6.3.2 --element 6.3.6 --premises crowded \
        --date "$date" --by 县消防救援大队/防火监督员 --decide major --decided-by 县消防救援大队集体讨论 --basis 现场检查记录和照片
      "$fg" -q -C "$out" hazard escalate "$id" --date "$date" --by 县消防救援大队/防火监督员
      "$fg" -q -C "$out" hazard list-supervise "$id" --authority 元氏县人民政府 --deadline "$later" --date "$date" \
        --by 县安委会办公室/综合科
      ;;
    3)
      "$fg" -q -C "$out" hazard assess "$id" --element 5.6 --premises crowded --date "$date" --by 县消防救援大队/防火监督员 \
        --decide major --decided-by 县消防救援大队集体讨论
      "$fg" -q -C "$out" hazard escalate "$id" --to police-bureau --date "$date" --by 乡镇安监办/主任
      ;;
    4)
      "$fg" -q -C "$out" hazard assess "$id" --element 6.3.1 --premises crowded --date "$date" --by 县消防救援大队/防火监督员 \
        --decide general --decided-by 县消防救援大队集体讨论 --basis 仅一项综合判定要素
      ;;
  esac
done <"$out.majors"
rm -f "$out.majors"
# Listed supervision with later steps: the first listing is lifted after 40 days and the
# city lists the hazard anew; the second gets a note a month on. A report of any day
# between shows the listing then in force, and the supervision's deadline never stands in
# for the rectification deadline.
read -r id date <<<"${supervised[0]}"
"$fg" -q -C "$out" hazard list-supervise "$id" --lift --date "$(date -d "$date + 40 days" +%F)" --by 县安委会办公室/综合科
"$fg" -q -C "$out" hazard list-supervise "$id" --authority 石家庄市安全生产委员会 --deadline 2027-01-31 \
  --date "$(date -d "$date + 45 days" +%F)" --by 市安委会办公室/督查科
read -r id date <<<"${supervised[1]}"
"$fg" -q -C "$out" hazard note "$id" --note 单位已制定整改方案，仓库正在搬迁 --date "$(date -d "$date + 30 days" +%F)" \
  --by 县消防救援大队/防火监督员
# The county's half-year supervision (督导检查) of a township.
person a 县人民政府 副县长
"$fg" -q -C "$out" inspect add --grid / --kind county-supervision --date 2026-11-20 --inspector "$a" \
  --summary 督导槐阳镇、殷村镇消防安全网格化管理工作

# Tip offices and tips: the reporters are sealed to the township's key as they are entered.
mkdir -p "$here/keys"
for township in 100 101 201; do
  key=$here/keys/$township.key
  [[ -f $key ]] || "$fg" -q -C "$out" keys init --township "$township" --out "$key" --date 2026-09-01
  "$fg" -q -C "$out" keys import --township "$township" --key "$key"
done
python3 "$here/make_tips.py" "$out" --firegrid "$fg"

# A year (December 2025 - November 2026) of joint meetings, leading group meetings,
# trainings, publicity and drills, each kind recorded as one batch; then two action items
# of this month's meetings are closed as a township office would, one by one.
python3 "$here/make_meetings.py" "$out" "$meetings_yaml" "$trainings_yaml" --firegrid "$fg"
"$fg" -q -C "$out" meeting import "$meetings_yaml"
"$fg" -q -C "$out" training import "$trainings_yaml"
"$fg" -C "$out" meeting list --from 2026-11-01 --kind joint-meeting --open --format csv | tail -n +2 | head -n 2 |
  while IFS=, read -r id _; do
    "$fg" -q -C "$out" meeting close-action "$id" --action 1 --date 2026-11-27
  done
