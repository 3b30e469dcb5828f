"""The programme view: what many teams did across many sessions, read with DuckDB.

`offsite cohort PATH... -o DIR` (game/cli/cohort.py) finds the session files (`files.py`),
reads their headers through the session package, loads every file's lines with DuckDB into
documented tables (`tables.py`), scores the files that have no summary entry by replaying
them, bounded and cached (`replayed.py`), works out the figures (`figures.py`, `compare.py`)
and writes them as HTML, JSON and CSV (`render.py`). See docs/cohort.md.

A front end: it may import the session, report and scoring layers; nothing below imports it.
"""
