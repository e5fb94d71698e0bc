"""Printing query answers (``Rows``) as a table, CSV or JSON: shared by ``kg sparql`` and ``kg query run``."""
from __future__ import annotations

import csv
import json
import sys
from decimal import Decimal

import typer

FORMATS = ("table", "csv", "json")


def _cell(value) -> str:
    return "" if value is None else str(value)


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def print_rows(rows, fmt: str = "table", title: str | None = None) -> None:
    """Write ``rows`` to stdout in ``fmt``; the row count goes to stderr so piped output stays clean."""
    if fmt == "json":
        typer.echo(json.dumps([{k: _json_value(v) for k, v in d.items()} for d in rows.dicts()],
                              ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(rows.columns)
        w.writerows([[_cell(v) for v in r] for r in rows.rows])
    else:
        from rich.console import Console
        from rich.table import Table
        t = Table(show_header=True, title=title)
        for c in rows.columns:
            t.add_column(c, overflow="fold")
        for r in rows.rows:
            t.add_row(*[_cell(v) for v in r])
        Console(soft_wrap=True).print(t)
        typer.echo(f"{len(rows)} row(s)", err=True)
