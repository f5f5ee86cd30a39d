#!/usr/bin/python3
"""Makes the .xlsx test files of tests/cli/data/ (see README.md there).

Two kinds: workbooks saved by openpyxl (python3-openpyxl from Debian, as Excel lays them
out: shared strings, styles, numbers as numbers), and workbooks written by hand with
zipfile, for what openpyxl never writes (inline strings, cells and rows without `r`, rich
text with phonetic runs, the 1904 date system, _xHHHH_ escapes). The zip entries get a
fixed time stamp, so running this again gives the same bytes.
"""
import datetime
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)


def stable(path, make):
    """Writes the workbook `make` builds to path, with fixed zip time stamps."""
    buf = io.BytesIO()
    make(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            z = zipfile.ZipInfo(info.filename, date_time=(2026, 3, 5, 0, 0, 0))
            z.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(z, data)


def openpyxl_book(sheets):
    import openpyxl
    from openpyxl.styles import numbers

    def make(buf):
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for title, rows in sheets:
            ws = wb.create_sheet(title)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is None:
                        continue
                    cell = ws.cell(row=r, column=c, value=value)
                    if isinstance(value, datetime.time):
                        cell.number_format = "h:mm"
                    elif isinstance(value, datetime.date):
                        cell.number_format = "yyyy/m/d"
                    elif isinstance(value, str):
                        cell.number_format = numbers.FORMAT_TEXT
        wb.properties.created = datetime.datetime(2026, 3, 5)
        wb.properties.modified = datetime.datetime(2026, 3, 5)
        wb.save(buf)
    return make


UNITS_HEADER = ["序号", "单位名称", "场所类别", "乡镇", "村", "组", "详细地址", "统一社会信用代码", "消防安全责任人",
                "责任人电话", "建筑面积（㎡）", "座位", "幼儿人数", "是否寄宿", "标签", "备注"]
# tests/cli/data/units/units-utf8.csv as Excel keeps it: numbers as numbers, the blank row.
UNITS_ROWS = [
    [1, "北苏村便民超市", "超市", "槐阳镇", "北苏村", "1组", "北苏村东街20号,临街", "92130132MA0BBBBB2Y", "李娜",
     13900003333, 85, None, None, None, "重点;临街", None],
    [2, "于记面馆", "小餐饮", "槐阳镇", "北苏村", "第二村民小组", "北苏村北街10号", None, "于海", 13900004444, 60, 30,
     None, None, None, '招牌写着"于记"，门口有煤气罐'],
    [None] * 16,
    [3, "东张村幼儿园", "幼儿园", "东张乡", "东张村", "东张村一组", "东张村南街5号", "52130132MA0CCCCC3Z", "孙园长",
     "0311-84012345", 600, None, 80, "否", None, "二层有午休室\n需检查疏散通道"],
]


def hand_book(sheet_xml, shared=None, styles=None, date1904=False, sheet_name="Sheet1"):
    """A minimal workbook written by hand."""
    def make(buf):
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
            z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            pr = '<workbookPr date1904="1"/>' if date1904 else ''
            z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">%s<x:sheets><x:sheet name="%s" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>' % (pr.replace('<', '<x:'), sheet_name))
            rels = '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            if shared is not None:
                rels += '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                z.writestr("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % shared)
            if styles is not None:
                rels += '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="./styles.xml"/>'
                z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</styleSheet>' % styles)
            z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>' % rels)
            z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % sheet_xml)
    return make


def main():
    units = os.path.join(DATA, "units")
    stable(os.path.join(units, "units.xlsx"),
           openpyxl_book([("Sheet1", [UNITS_HEADER] + UNITS_ROWS),
                          ("说明", [["本表由槐阳镇安监办填写"], ["填表日期", datetime.date(2026, 3, 5)]])]))

    # A township's unit list with the words clerks use and Excel's own forms
    # (cases/unit/import-xlsx-clerks.test).
    header = ["序号", "单位名称", "场所类别", "所属乡镇", "所属村（社区）", "所属小组", "负责人", "联系电话", "从业人员数",
              "建筑面积（㎡）", "统一社会信用代码", "登记日期"]
    stable(os.path.join(HERE, "单位台账.xlsx"), openpyxl_book([("Sheet1", [
        header,
        [1, "北苏村丽人美发", "美容美发", "槐阳镇", "北苏村", "一组", "张丽", 13900001111, 3, "100㎡",
         "92130132MA0DDDDD4X", datetime.date(2026, 3, 5)],
        [2, "金嗓子KTV", "ktv", "槐阳镇", "北苏村", "二组", None, 13900002222, "12人", 200, None, "2026年3月5日"],
        [3, "东张村幸福院", "养老院", "东张乡", "东张村", "第1组", "王院长", "0311-84019999", 8, 650.5, None, "2026/3/5"],
    ])]))
    # The same with mistakes on Excel rows 17 and 18 (cases/unit/import-xlsx-row-errors.test).
    rows = [header, [1, "北苏村丽人美发", "美容美发", "槐阳镇", "北苏村", "一组", "张丽", 13900001111, 3, "100㎡",
                     "92130132MA0DDDDD4X", datetime.date(2026, 3, 5)]]
    rows += [[None] * 12] * 14
    rows.append([2, "北苏村便民店", "便民小超市", "槐阳镇", "北苏村", "二组", "李四", 13900003333, 2, 40,
                 911301000000000000, None])
    rows.append([3, "北苏村烧饼铺", "小吃店", "槐阳镇", "北苏村", "三组", "赵五", None, 1, 20, None, None])
    stable(os.path.join(HERE, "单位台账-有误.xlsx"), openpyxl_book([("Sheet1", rows)]))
    # tests/cli/cases/inspect/import-csv.test's week as a workbook: dates as date cells or
    # as typed, times as time cells (cases/inspect/import-xlsx.test).
    stable(os.path.join(HERE, "巡查.xlsx"), openpyxl_book([
        ("说明", [["每周巡查记录"]]),
        ("本周", [
            ["网格", "单位", "类型", "日期", "时间", "检查人", "检查单位", "走访单位", "检查项", "开具隐患", "备注"],
            ["100/201/g01", None, "巡查", datetime.date(2026, 11, 26), datetime.time(20, 0), "王保安、李队员",
             "治安巡防队", "u-4y5s8taz0r;u-bx68jyr3b5", "exits=pass;e-bikes=fail:楼道充电", "是", None],
            [None, "于记饭店", "监督抽查", "2026/11/27", datetime.time(9, 30), "张警官", "槐阳派出所", None,
             "gas=pass;kitchen-hood=pass", None, None],
            ["100/201", None, "日常检查", "2026年11月25日", None, "周敏", "北苏村村委会", None, None, None, "无异常"],
        ])]))

    # The division files as workbooks, the codes as numbers (cases/grid/import-xlsx.test).
    for name in ("streets", "villages"):
        import csv
        with open(os.path.join(DATA, "division", name + ".csv"), encoding="utf-8") as f:
            rows = [[int(v) if v.isdigit() else v for v in row] for row in csv.reader(f)]
        stable(os.path.join(HERE, name + ".xlsx"), openpyxl_book([(name, rows)]))

    # Every kind of cell the reader knows, in one sheet (tests/unit/test_xlsx.cpp).
    styles = ('<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
              '<numFmt numFmtId="165" formatCode="[$-804]0.00&quot;天&quot;"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
              '<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="20"/>'
              '<xf numFmtId="22"/><xf numFmtId="165"/></cellXfs>')
    shared = ('<si><t>名称</t></si>'
              '<si><r><rPr><b/></rPr><t>北苏村</t></r><r><t xml:space="preserve">便民超市 </t></r>'
              '<rPh sb="0" eb="1"><t>ホク</t></rPh></si>'
              '<si><t>第一行_x000D__x000A_第二行</t></si>')
    sheet = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c t="inlineStr"><is><t>类别</t></is></c>'
             '<c r="D1" t="inlineStr"><is><r><t>日</t></r><r><t>期</t></r></is></c></row>'
             '<row><c t="s"><v>1</v></c><c t="inlineStr"><is><t>超市</t></is></c><c/>'
             '<c s="1"><v>46086</v></c><c s="2"><v>46086</v></c><c s="3"><v>0.375</v></c>'
             '<c s="4"><v>46086.5</v></c><c s="5"><v>3.5</v></c></row>'
             '<row r="5"><c r="B5" t="b"><v>1</v></c><c r="C5" t="b"><v>0</v></c><c r="D5" t="e"><v>#N/A</v></c>'
             '<c r="E5" t="str"><f>A1&amp;"x"</f><v>名称x</v></c><c r="F5"><v>911301000000000000</v></c>'
             '<c r="G5"><v>13903100000</v></c><c r="H5"><v>120.50000000000001</v></c><c r="I5" t="s"><v>2</v></c></row>'
             '<row r="7"><c r="A7" s="0"/><c r="B7" t="inlineStr"><is><t></t></is></c></row>')
    stable(os.path.join(HERE, "cells.xlsx"), hand_book(sheet, shared, styles))
    stable(os.path.join(HERE, "date1904.xlsx"),
           hand_book('<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>44621</v></c></row>',
                     None, '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>', date1904=True))


if __name__ == "__main__":
    sys.exit(main())
