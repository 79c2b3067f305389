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
try:
    client.execute()
except CellExecutionError as e:
    failed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    failure = {"cell": failed[0] if failed else None, "error": str(e).strip().splitlines()[-1][:2000] if str(e).strip() else "cell failed"}
    err = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    if err:
        failure["error"] = (err[0].get("ename", "") + ": " + err[0].get("evalue", "")).strip()
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
