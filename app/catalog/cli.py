"""`python -m app import FILE` and `python -m app export`: the catalog on the command line."""
from __future__ import annotations

import time
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.catalog.exporter import export_catalog
from app.catalog.importer import import_catalog
from app.catalog.problems import CatalogRejected
from app.catalog.reader import CatalogSource
from app.db import create_engine, session_factory, write_transaction


async def import_file(url: str, path: str, *, progress: bool = True) -> int:
    """Import the document at `path`; prints the summary (or every problem) on stderr. Exit status."""
    console = Console(stderr=True)
    engine = create_engine(url)
    started = time.perf_counter()
    try:
        with open(path, "rb") as file, Progress(
            TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not progress, transient=False,
        ) as bar:
            source = CatalogSource(file)
            source.scan()
            task = bar.add_task("importing", total=source.total or None)

            def advance(section: str, done: int) -> None:
                bar.update(task, advance=done, description=section)

            try:
                async with session_factory(engine)() as session, write_transaction(session):
                    summary = await import_catalog(session, source, advance)
            except CatalogRejected as rejected:
                bar.stop()
                for p in rejected.problems:
                    console.print(f"[red]{p.code}[/red] {p.path or '(document)'}: {p.message}", highlight=False)
                console.print(f"Nothing was imported: {len(rejected.problems)} problem(s).")
                return 1
            bar.update(task, description="done")
    except OSError as err:
        console.print(f"error: {err}")
        return 2
    finally:
        await engine.dispose()
    table = Table("section", "created", "updated", "unchanged")
    for name, counts in summary.sections.items():
        table.add_row(name, str(counts.created), str(counts.updated), str(counts.unchanged))
    console.print(table)
    console.print(f"Imported in {time.perf_counter() - started:.1f} s" + ("" if summary.changed else " (no change)"))
    return 0


async def export_to(url: str, out: IO[bytes]) -> int:
    engine = create_engine(url)
    try:
        async with session_factory(engine)() as session:
            async for chunk in export_catalog(session):
                out.write(chunk)
        out.flush()
    finally:
        await engine.dispose()
    return 0


