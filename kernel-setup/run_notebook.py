"""Executes one notebook with nbclient through the project's tslab kernelspec and writes the
executed .ipynb and a self-contained HTML page. Exit 0 on success; on a failing cell, exit 1 and
print one JSON line {"cell": i, "error": ...} on stderr. Called by kernel-setup/workbook.ts."""
import json
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
    """tslab reports errors as a stderr stream (not an 'error' output): use its first lines."""
    for o in cell.get("outputs", []):
        if o.get("output_type") == "error":
            return (o.get("ename", "") + ": " + o.get("evalue", "")).strip()
    err = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr")
    lines = [l.strip() for l in err.splitlines() if l.strip() and not l.lstrip().startswith("at ")]
    named = [l for l in lines if re.match(r"^[\w.]*(Error|Exception)\b", l)]
    return (named or lines or ["cell failed"])[0][:2000]


try:
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            try:
                client.execute_cell(cell, index)
                # tslab sends no execute_input message, so nbclient leaves the counter empty.
                if cell.cell_type == "code" and cell.get("execution_count") is None:
                    cell.execution_count = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
            except CellExecutionError:
                failure = {"cell": index + 1, "error": cell_error(cell)}  # 1-based, as a reader counts
                break
except Exception as e:  # kernel died, timeout, ...
    failure = {"cell": None, "error": f"{type(e).__name__}: {e}"[:2000]}

nbformat.write(nb, out_ipynb)
exporter = HTMLExporter()
html, _ = exporter.from_notebook_node(nb)
# Offline: drop scripts and styles the template would fetch from the network (plots embed plotly).
html = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", html)
html = re.sub(r'<link[^>]*href="https?://[^"]*"[^>]*>', "", html)
with open(out_html, "w", encoding="utf-8") as f:
    f.write(html)
if failure:
    print(json.dumps(failure), file=sys.stderr)
    sys.exit(1)
