"""The documents for officials ("papers"): the reinvestment list, the handover records of
the PCs that moved between units, and the units' readiness.

Each document is data first, built from one `PaperInputs` (`inputs.py`) by its own module
(`reinvestment.py`, `handover.py`, `readiness.py`), then written in a format by one module
each (`to_csv.py`, `to_xlsx.py`, `to_json.py`, `to_html.py`, `to_pdf.py`); `catalogue.py`
names the documents and formats for the command line and for /reports. WeasyPrint is
imported only when a PDF is written.
"""
