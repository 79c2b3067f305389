"""Executes one notebook with nbclient through the project's kernelspec and writes the executed
.ipynb and an offline HTML page. The plotly bundle the kernel embeds in the notebook (so that it
renders offline in Jupyter) is swapped for a <script src="plotly.min.js"> that every page in out/
shares, and so are the template's styles (out/notebook.css). Exit 0 on success; on a failing cell, exit 1 and print one JSON line {"cell": i, "error": ...}
on stderr, the error read from the cell's `error` output. Called by kernel-setup/runner.ts."""
import json
import os
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

src, out_ipynb, out_html, kernel, timeout = sys.argv[1:6]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name=kernel, timeout=int(timeout), resources={"metadata": {"path": sys.argv[6]}})
failure = None


def cell_error(cell):
    """The cell's error output as "ename: evalue" and the cell line it names, if any."""
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            where = next((m.group(0) for t in o.get("traceback", [])[1:] for m in [re.search(r"In \[\d+\], line \d+", t)] if m), None)
            text = (o.get("ename", "") + ": " + o.get("evalue", "")).strip()
            return (text + (f" ({where})" if where else ""))[:2000]
    return "cell failed without an error output"


# As the embedded copy does, hide an AMD `define` (the page template loads require.js) so that the
# UMD bundle sets window.Plotly.
SHARED_BUNDLE = ('<script type="text/javascript">window.__wbDefine = window.define; window.define = undefined;</script>'
                 '<script type="text/javascript" src="plotly.min.js"></script>'
                 '<script type="text/javascript">window.define = window.__wbDefine;</script>')
BUNDLE = re.compile(r'<script[^>]*data-workbook="plotly-bundle"[^>]*>.*?</script>', re.S)


def share_plotly(notebook):
    """Swaps each embedded plotly bundle for a script tag loading the shared file (out/plotly.min.js)."""
    for cell in notebook.cells:
        for o in cell.get("outputs", []):
            html = o.get("data", {}).get("text/html")
            if html is not None:
                text = "".join(html) if isinstance(html, list) else html
                if BUNDLE.search(text):
                    o["data"]["text/html"] = BUNDLE.sub(SHARED_BUNDLE, text)


STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)


def share_styles(page, out_dir):
    """Moves the template's inline styles (the same ~550 kB in every page) to one out/notebook.css."""
    head_end = page.find("</head>")
    head = page[:head_end]
    css = "\n".join(m.group(1) for m in STYLE.finditer(head))
    if not css:
        return page
    target = os.path.join(out_dir, "notebook.css")
    if not os.path.exists(target) or open(target, encoding="utf-8").read() != css:
        temporary = f"{target}.{os.getpid()}"  # pages are exported side by side: replace atomically
        with open(temporary, "w", encoding="utf-8") as f:
            f.write(css)
        os.replace(temporary, target)
    link = ['<link rel="stylesheet" href="notebook.css">']
    head = STYLE.sub(lambda m: link.pop() if link else "", head)
    return head + page[head_end:]


try:
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
            except CellExecutionError:
                failure = {"cell": index + 1, "error": cell_error(cell)}  # 1-based, as a reader counts
                break
except Exception as e:  # kernel died, timeout, ...
    failure = {"cell": None, "error": f"{type(e).__name__}: {e}"[:2000]}

share_plotly(nb)
nbformat.write(nb, out_ipynb)
exporter = HTMLExporter()
html, _ = exporter.from_notebook_node(nb)
# Offline: drop scripts and styles the template would fetch from the network (plots load out/plotly.min.js).
html = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", html)
html = re.sub(r'<link[^>]*href="https?://[^"]*"[^>]*>', "", html)
html = share_styles(html, os.path.dirname(os.path.abspath(out_html)))
with open(out_html, "w", encoding="utf-8") as f:
    f.write(html)
if failure:
    print(json.dumps(failure), file=sys.stderr)
    sys.exit(1)
