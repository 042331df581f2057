"""Fuzzed reports of every kind and layout: a clean import or ipitui's own error, and after an
accepted import every later command works (the rule of ``fuzz_reports.check``).

A small budget here; ``python -m bench.fuzz`` runs the same mutations over 10,000 files.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from fuzz_reports import MUTATIONS, Seed, all_seeds, check, fuzz, make_base
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipitui.commands import score as score_command
from ipitui.errors import UserError

_numbers = itertools.count()


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def seeds(fuzz_dir: Path) -> list[Seed]:
    return all_seeds(fuzz_dir / "seeds")


@pytest.fixture(scope="module")
def base(fuzz_dir: Path) -> Path:
    return make_base(fuzz_dir / "base-files", fuzz_dir / "base")


def test_the_seeds_cover_every_kind_and_import_clean(
    seeds: list[Seed], base: Path, fuzz_dir: Path
) -> None:
    kinds = {seed.name.split(":")[0] for seed in seeds}
    assert {"planning", "stranded", "restock", "inventory", "removals", "demo"} <= kinds
    for seed in seeds[::4]:  # unmutated, a seed is accepted and every later command works
        n = next(_numbers)
        path = fuzz_dir / f"clean-{n}.txt"
        path.write_bytes(fuzz(seed, [], random.Random(0)).data)
        outcome = check(path, fuzz_dir / f"clean-home-{n}", base)
        assert outcome.accepted, (seed.name, outcome.refusals)
        assert outcome.failure is None, outcome.failure


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pick=st.integers(min_value=0),
    mutations=st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
    rng_seed=st.integers(0, 2**32),
    on_base=st.booleans(),
    skip_bad_rows=st.booleans(),
)
def test_a_fuzzed_report_is_imported_or_refused_and_never_breaks_the_account(
    seeds: list[Seed],
    base: Path,
    fuzz_dir: Path,
    pick: int,
    mutations: list[str],
    rng_seed: int,
    on_base: bool,
    skip_bad_rows: bool,
) -> None:
    fuzzed = fuzz(seeds[pick % len(seeds)], mutations, random.Random(rng_seed))
    n = next(_numbers)
    path = fuzz_dir / f"report-{n}.txt"
    path.write_bytes(fuzzed.data)
    outcome = check(path, fuzz_dir / f"home-{n}", base if on_base else None, skip_bad_rows)
    assert outcome.failure is None, f"{fuzzed.label}\n{outcome.failure}"


@pytest.mark.parametrize(
    ("raised", "said"),
    [
        (OverflowError("date value out of range"), "OverflowError"),
        (UserError("the stored snapshot is damaged"), "refused after an accepted import"),
    ],
)
def test_the_rule_fails_an_accepted_file_that_breaks_a_later_command(
    seeds: list[Seed],
    base: Path,
    fuzz_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    raised: Exception,
    said: str,
) -> None:
    def broken(args: object, home: object) -> int:
        if getattr(args, "list", None) == "stranded":
            raise raised
        return real(args, home)

    real = score_command.run
    monkeypatch.setattr(score_command, "run", broken)
    n = next(_numbers)
    path = fuzz_dir / f"broken-{n}.txt"
    path.write_bytes(fuzz(seeds[0], [], random.Random(0)).data)
    outcome = check(path, fuzz_dir / f"broken-home-{n}", base)
    assert outcome.accepted
    assert outcome.failure is not None and said in outcome.failure
    assert "score --list stranded --json" in outcome.failure
