from __future__ import annotations

import gc

from django.apps import AppConfig

# The cyclic garbage collector's first threshold, in objects (Python's default is 2,000). A page
# keeps tens of thousands of objects alive while it renders (records, rows, template contexts),
# and with the default every few thousand of them start a collection that looks at all of them
# again; a page's own garbage is freed by reference counting anyway. The other two thresholds
# keep Python's defaults.
GC_FIRST_THRESHOLD = 50_000


class CoreConfig(AppConfig):
    name = "dashboard.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        _, second, third = gc.get_threshold()
        gc.set_threshold(max(GC_FIRST_THRESHOLD, gc.get_threshold()[0]), second, third)
