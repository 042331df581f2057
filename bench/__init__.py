"""Catalog-scale benchmarks of ipitui (run with ``uv run --group bench python -m bench``).

Every measurement runs in a fresh Python process (see ``bench.measure``) so that its peak
memory is its own; the figures land in ``docs/benchmarks.md`` (``bench.report``).
"""
