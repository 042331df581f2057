"""Where the time of one measured task goes: ``python -m bench.profile TASK PARAMS_JSON``.

Runs the task once under pyinstrument (bench group) and prints the call tree, e.g.::

    uv run --group bench python -m bench.profile bench.scoring:task \\
        '{"home": "bench/out/accounts/skus-1000000-seed-1/home", "slug": "bench"}'

The tree's "CPU time" against its "Duration" tells computing from waiting (another process
on a busy machine, or disk).
"""

from __future__ import annotations

import importlib
import json
import sys


def main(argv: list[str]) -> int:
    from pyinstrument import Profiler

    task, params = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    module, _, func = task.partition(":")
    fn = getattr(importlib.import_module(module), func)
    profiler = Profiler(interval=0.001, async_mode="enabled")
    with profiler:
        result = fn(**params)
    print(json.dumps(result))
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
