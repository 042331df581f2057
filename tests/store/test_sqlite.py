"""Several processes or threads opening a new SQLite file at the same moment all succeed."""

from __future__ import annotations

import threading
from pathlib import Path

from ipitui.store.sqlite import connect


def test_opening_a_new_file_together_never_fails(tmp_path: Path) -> None:
    failures: list[BaseException] = []
    for round_ in range(30):
        path = tmp_path / f"new-{round_}.sqlite"
        start = threading.Barrier(6)

        def open_it(path: Path = path, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                con = connect(path)
                con.execute("CREATE TABLE IF NOT EXISTS t (x)")
                con.close()
            except BaseException as exc:  # every failure is collected for the assertion
                failures.append(exc)

        threads = [threading.Thread(target=open_it) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert failures == []
