"""Everything waiting for a decision, in one list: oldest waiting first, with flags."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, overload

from django.utils import timezone
from django.utils.safestring import SafeString

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.resources.query import Paging

from .flags import FlagData
from .kinds import KINDS, Item, Kind, Lookups
from .kinds.rows import Links, Row, capfirst, esc, iso

PER_KIND = 100
FIRST = 50  # rows the inbox shows at first; "more" shows the rest of what was read
FLAG_WINDOW_DAYS = 70  # approved leave and manual time this far back feed the flags


class Items(Sequence[Item]):
    """The items read, oldest waiting first, each made when first asked for (the inbox shows
    ``FIRST`` of them)."""

    def __init__(self, entries: list[tuple[Kind[Any], Any]], refs: Lookups) -> None:
        self._entries, self._refs = entries, refs
        self._made: dict[int, Item] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        return self._item(range(len(self))[index])

    def _item(self, index: int) -> Item:
        made = self._made.get(index)
        if made is None:
            kind, record = self._entries[index]
            made = self._made[index] = kind.item(record, self._refs)
        return made


@dataclass(frozen=True)
class Inbox:
    items: Sequence[Item]  # oldest waiting first, without their flags (``flagged`` adds them)
    counts: list[tuple[Kind[Any], int]]  # every kind with the number of its items waiting
    fetched_at: datetime | None
    flag_data: FlagData | None = None

    def flagged(self, items: Sequence[Item]) -> list[Item]:
        """``items`` with their flags, worked out only for the rows shown."""
        if self.flag_data is None:
            return list(items)
        data = self.flag_data
        return [replace(item, flags=item.kind.flags(item.record, data)) for item in items]

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def shown_less(self) -> bool:
        return len(self.items) < self.total


def load(client: WebworkClient, *, refresh: bool = False) -> Inbox:
    """One round of reads: each kind's waiting list, reference data and the flags' data (the
    reference data and the short-lived lists mostly come cached)."""
    kinds = list(KINDS.values())
    today = timezone.localdate()
    since = today - timedelta(days=FLAG_WINDOW_DAYS)
    waiting: list[Callable[[], Any]] = [_waiting(kind, client, refresh=refresh) for kind in kinds]
    # The flags' data is not refreshed on demand: it changes rarely and each read costs budget.
    *pages, members, projects, contracts, on_leave, manual = client.gather(
        *waiting,
        lambda: client.members.all(),
        lambda: client.projects.all(),
        lambda: client.contracts.all(),
        lambda: client.leaves.list(
            status="approved", date_from=since, date_to=today, paging=Paging(per_page=PER_KIND)
        ),
        lambda: client.time_requests.list(
            status="approved", date_from=since, date_to=today, paging=Paging(per_page=PER_KIND)
        ),
    )
    refs = Lookups.of(members, projects)
    flag_data = FlagData.build(contracts, on_leave, manual)
    entries = [(kind, record) for kind, page in zip(kinds, pages, strict=True) for record in page]
    now = timezone.now()
    entries.sort(key=lambda entry: entry[0].waiting_since(entry[1], refs) or now)
    counts = [(kind, page.total) for kind, page in zip(kinds, pages, strict=True)]
    fetched = min((page.fetched_at for page in pages), default=None)
    return Inbox(Items(entries, refs), counts, fetched, flag_data)


def _waiting(kind: Kind[Any], client: WebworkClient, *, refresh: bool) -> Callable[[], Any]:
    return lambda: kind.waiting_list(client, per_page=PER_KIND, refresh=refresh)


def inbox_row(item: Item, links: Links, now: datetime | None = None) -> Row:
    """What an inbox row shows, of any kind: its "what" and "waited" cells are written out here,
    flags and all, as the rest of its strings are made here (the inbox shows 50 rows)."""
    row = links.row(item)
    kind, record = item.kind, item.record
    noun = capfirst(kind.noun)
    what = [
        f"<strong>{row['link']}</strong>",
        f'<span class="muted"><bdi>{esc(item.summary)}</bdi> \u00b7 <bdi>{esc(item.detail)}</bdi>'
        "</span>",
    ]
    if item.flags:
        flags = "".join(
            f'<li class="flag flag-{esc(flag.code)}"><bdi>{esc(flag.text)}</bdi></li>'
            for flag in item.flags
        )
        what.append(f'<ul class="flags" aria-label="Flags">{flags}</ul>')
    if record.status == "rejected" and item.reason:
        what.append(
            f'<span class="muted reason">{esc(kind.reason_label)}: <bdi>{esc(item.reason)}</bdi>'
            "</span>"
        )
    waited = "\u2014"
    if item.waiting_since is not None:
        days = max(0, ((now or timezone.now()) - item.waiting_since).days)
        since = iso(item.waiting_since)
        waited = f'<time datetime="{since}">waiting {days} day{"" if days == 1 else "s"}</time>'
    row |= {
        "dom_id": item.dom_id,
        "noun": noun,
        "name": f"{noun}: {item.label}",
        "what": SafeString("\n    ".join(what)),
        "waited": SafeString(waited),
        "done": f"{capfirst(record.status)} just now",
    }
    return row


def inbox_tr(row: Row, *, may_decide: bool, decided: bool = False) -> SafeString:
    """An inbox row's ``<tr>``, written here: the inbox shows 50, and each cell through the
    template language costs more than the rest of the row together."""
    dom_id = esc(row["dom_id"])
    cells = []
    if may_decide:
        select = (
            ""
            if decided
            else f'<input type="checkbox" name="items" value="{esc(row["key"])}" form="bulk-form"'
            f' data-key-select aria-label="Select {esc(row["label"])}">'
        )
        cells.append(f'<td class="select">{select}</td>')
    cells.append(f'<td><span class="kind kind-{esc(row["kind"])}">{esc(row["noun"])}</span></td>')
    cells.append(f'<td id="{dom_id}-what">{esc(row["what"])}</td>')
    waited = f'<span class="done">{esc(row["done"])}</span>' if decided else esc(row["waited"])
    cells.append(f'<td class="waiting">{waited}</td>')
    if may_decide:
        cells.append(f'<td class="row-actions">{esc(row.get("decide", ""))}</td>')
    mark = " data-decided" if decided else ""
    return SafeString(
        f'<tr id="{dom_id}" data-row data-kind="{esc(row["kind"])}" data-name="{esc(row["name"])}"'
        f' tabindex="-1"{mark} aria-describedby="{dom_id}-what">\n  '
        + "\n  ".join(cells)
        + "\n</tr>\n"
    )
