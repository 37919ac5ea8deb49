"""The workbench's own pages, as a Datasette plugin (`plugins/workbench.py`, loaded by `serve` with
`--plugins-dir`) and its templates: a document, a task and a body page. The data of each page
comes from `pages` (plain functions over the store, shared with the Python API)."""
