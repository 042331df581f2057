"""The benchmark's seller accounts: demo reports at a given size, imported once, reused.

``bench/out/accounts/skus-<N>-seed-<S>/`` holds the demo generator's report files
(``reports/``) and an ``IPITUI_HOME`` (``home/``) with them imported into the account
``bench``. ``ready.json`` records what made them (size, seed, date and a fingerprint of the
generator's and the importer's source); a later run with the same values reuses them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bench.measure import ROOT

OUT = ROOT / "bench" / "out"  # the default work directory (ignored by git)
TODAY = date(2026, 6, 15)  # a fixed snapshot date: the same rates and ages in every run
SLUG = "bench"


@dataclass
class BenchAccount:
    skus: int
    seed: int
    directory: Path
    reports: dict[str, list[str]]  # kind -> files, newest first
    slug: str = SLUG

    @property
    def home(self) -> Path:
        return self.directory / "home"

    @property
    def planning(self) -> str:
        """The newest planning report: the file a seller downloads today."""
        return self.reports["planning"][0]


def _fingerprint() -> str:
    """Changes when the demo generator or the importer changes (then accounts are rebuilt)."""
    digest = hashlib.sha256()
    for package in ("demo", "reports", "store"):
        for path in sorted((ROOT / "src" / "ipitui" / package).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _classify(files: list[Path]) -> dict[str, list[str]]:
    """Each report file's kind, as the importer recognises it; planning newest first."""
    from ipitui.reports import detect_kind

    kinds: dict[str, list[tuple[str, str]]] = {}
    for path in files:
        kind = detect_kind(path)
        with open(path, encoding="utf-8-sig") as fh:
            fh.readline()
            first = fh.readline()
        kinds.setdefault(kind, []).append((first, str(path)))
    # Planning rows start with their snapshot date (YYYY-MM-DD): newest first.
    return {kind: [p for _, p in sorted(v, reverse=True)] for kind, v in kinds.items()}


def prepare(skus: int, seed: int = 1, today: date = TODAY, work: Path = OUT) -> BenchAccount:
    """The account of ``skus`` SKUs under ``work``, generated and imported unless there."""
    directory = work / "accounts" / f"skus-{skus}-seed-{seed}"
    marker = directory / "ready.json"
    wanted = {"skus": skus, "seed": seed, "today": today.isoformat(), "source": _fingerprint()}
    if marker.exists():
        stored = json.loads(marker.read_text())
        if {k: stored.get(k) for k in wanted} == wanted:
            return BenchAccount(skus, seed, directory, stored["reports"])
    shutil.rmtree(directory, ignore_errors=True)
    reports_dir = directory / "reports"
    reports_dir.mkdir(parents=True)

    from ipitui.demo import write_demo
    from ipitui.store import snapshots
    from ipitui.store.accounts import add_account, set_default_account
    from ipitui.store.paths import resolve_home

    write_demo(reports_dir, skus=skus, seed=seed, today=today)
    files = sorted(p for p in reports_dir.rglob("*") if p.is_file())
    account = BenchAccount(skus, seed, directory, _classify(files))
    home = resolve_home(account.home)
    slug = add_account(home, SLUG).slug
    set_default_account(home, slug)
    snapshots.import_files(home, slug, files)
    marker.write_text(json.dumps({**wanted, "reports": account.reports}, indent=1))
    return account
