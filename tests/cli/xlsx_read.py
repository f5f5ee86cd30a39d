#!/usr/bin/python3
"""Prints an .xlsx workbook that firegrid wrote, for the golden cases of --format xlsx.

Per sheet: its name, the frozen cell, the column widths, then each row with each cell's
type (n: number, s: text, f: formula) and value, and the number format of any cell that
has one. Read with openpyxl (python3-openpyxl, Debian), a reader independent of the
writer, so a case proves what Excel would see. Usage: xlsx_read.py FILE
"""
import sys

import openpyxl


def main(path):
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        print(f"== {sheet.title} (frozen at {sheet.freeze_panes})")
        widths = []
        for col in range(1, sheet.max_column + 1):
            letter = openpyxl.utils.get_column_letter(col)
            dim = sheet.column_dimensions.get(letter)
            widths.append(f"{letter}={dim.width:g}" if dim is not None and dim.width else f"{letter}=?")
        print("widths: " + " ".join(widths))
        for row in sheet.iter_rows():
            cells = []
            for c in row:
                if c.value is None:
                    continue
                shown = f"{c.coordinate}:{c.data_type}:{c.value}"
                if c.number_format != "General":
                    shown += f" [{c.number_format}]"
                cells.append(shown)
            if cells:
                print("  " + " | ".join(cells))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
