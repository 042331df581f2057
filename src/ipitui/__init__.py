"""ipitui: keyboard-driven triage of the FBA inventory that drags down the IPI."""

import os

# polars allocates through jemalloc, which by default keeps freed pages until later
# allocations purge them; a background thread hands them back to the system as they are
# freed, which keeps a million-SKU account's peak memory about 100 MB lower. Set before
# polars is first imported; a value the user set is kept.
os.environ.setdefault("_RJEM_MALLOC_CONF", "background_thread:true")

__version__ = "0.1.0"
