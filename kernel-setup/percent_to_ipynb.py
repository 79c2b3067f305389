"""Authoring aid: turns a 'percent' script (cells start with `// %%` for code or `// %% [markdown]`
for markdown, markdown lines prefixed with `// `) into a clean notebook for the tslab kernel.
Usage: python3 kernel-setup/percent_to_ipynb.py notebooks/src.ts notebooks/NN-name.ipynb"""
import json
import os
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

src, dst = sys.argv[1:3]
# the kernel's name is written once, in package.json's "workbook.kernel"
KERNEL = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "package.json"), encoding="utf-8"))["workbook"]["kernel"]
cells, kind, buf = [], None, []


def flush():
    text = "\n".join(buf).strip("\n")
    if kind == "markdown":
        cells.append(new_markdown_cell("\n".join(l[3:] if l.startswith("// ") else l[2:] if l.startswith("//") else l for l in text.splitlines())))
    elif kind == "code" and text.strip():
        cells.append(new_code_cell(text))


for line in open(src, encoding="utf-8").read().splitlines():
    if line.startswith("// %%"):
        flush()
        kind, buf = ("markdown" if "[markdown]" in line else "code"), []
    else:
        buf.append(line)
flush()
for i, cell in enumerate(cells):
    cell.id = f"cell-{i:02d}"  # stable ids: regenerating an unchanged cell leaves it unchanged in git
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": KERNEL["name"], "display_name": KERNEL["displayName"], "language": "typescript"},
    "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
})
nbformat.write(nb, dst)
print(f"wrote {dst}: {len(cells)} cells")
