"""The process in which ``registry.reports.pdf.render`` lays out a PDF.

Run as a script (``python -P pdf_process.py``), not as a module of the
package: it loads WeasyPrint and nothing of the app (importing ``registry``
costs 80 MB). Reads {"html", "stylesheets" (file paths), "footer" (CSS)}
as JSON from stdin, writes the PDF to stdout.
"""
from __future__ import annotations

import json
import sys


def main() -> None:
    job = json.load(sys.stdin.buffer)
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher
    fetcher = URLFetcher(allowed_protocols=())    # no network, no files
    sheets = [CSS(filename=name) for name in job["stylesheets"]]
    sheets.append(CSS(string=job["footer"]))
    document = HTML(string=job["html"], url_fetcher=fetcher)
    sys.stdout.buffer.write(document.write_pdf(stylesheets=sheets, pdf_variant="pdf/ua-1",
                                               pdf_tags=True))


if __name__ == "__main__":
    main()
