"""The documents for officials ("papers"): the reinvestment list, the handover records of
the PCs that moved between units, and the units' readiness (docs/papers.md).

Each document is data first, built from one `PaperInputs` (`inputs.py`; read by
`sources.py` from a running collector or from its store):

- the data: `reinvestment.py`, `handover.py`, `readiness.py`; their tables for CSV and
  the spreadsheet: `reinvestment_tables.py`, `handover_tables.py`, `readiness_tables.py`;
  their pages: `reinvestment_html.py`, `handover_html.py`, `readiness_html.py`;
- what they share: `model.py` (tables, columns, cells), `letterhead.py` (the head of an
  administrative document, Decree 30/2020/NĐ-CP), `dates.py`, `words.py`, `charts.py`
  (inline SVG);
- one module per format: `to_csv.py`, `to_xlsx.py`, `to_json.py`, `to_html.py` (the page
  frame), `to_pdf.py` (WeasyPrint, imported only when a PDF is written) and
  `pdf_process.py` (PDFs in a child process, for the collector);
- `catalogue.py` names the documents and formats and writes one; `names.py` holds the names
  alone; `index_html.py` is the index of /reports; `command.py` and `remote.py` are
  `wardwatch-collector report`.
"""
