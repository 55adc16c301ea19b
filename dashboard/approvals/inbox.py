"""Everything waiting for a decision, in one list: oldest waiting first, with flags.

The inbox is the home page, viewed far more often than its reads change. The cache hands every
reader of a stored value this process's one copy of it (``transport.cache``), so the same reads
are the same objects: an inbox made of them is kept (``_Made``) and not sorted, named and
flagged again, and each of its pages of rows is written once (``Inbox.rows_html``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, overload

from django.utils import timezone, translation
from django.utils.safestring import SafeString

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.resources.query import Paging

from .flags import FlagData
from .kinds import KINDS, Item, Kind, Lookups
from .kinds.rows import Links, Row, capfirst, esc, iso

PER_KIND = 100
FIRST = 50  # rows the inbox shows at first; "more" shows the rest of what was read
FLAG_WINDOW_DAYS = 70  # approved leave and manual time this far back feed the flags
KEPT = 32  # inboxes this process keeps, each by the reads it was made of
FIELDS = SafeString("\x00fields\x00")  # where a kept row has the page's decision fields
ROWS_KEPT = 8  # pages of rows an inbox keeps (whose path, role, part of the list, time zone)
_rows_lock = threading.Lock()


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
    _rows: OrderedDict[tuple[Any, ...], tuple[list[str], datetime]] = field(
        default_factory=OrderedDict, compare=False, repr=False
    )

    def flagged(self, items: Sequence[Item]) -> list[Item]:
        """``items`` with their flags, worked out only for the rows shown."""
        if self.flag_data is None:
            return list(items)
        data = self.flag_data
        return [replace(item, flags=item.kind.flags(item.record, data)) for item in items]

    def rows_html(
        self, which: slice, links: Links, *, may_decide: bool, now: datetime
    ) -> SafeString:
        """The ``<tr>`` of each item of ``items[which]``, flagged, for a page of ``links``.

        Written once and kept until a row's "waiting N days" would change: the rows depend only
        on this inbox, the page's links and role, and the time zone and language, but for the
        page's decision fields (its CSRF token), which are put in each time.
        """
        key = (
            which.start,
            which.stop,
            links.here,
            links.view,
            links.opened,
            may_decide,
            links.fields is None,
            timezone.get_current_timezone_name(),
            translation.get_language(),
        )
        kept = self._rows.get(key)
        if kept is None or now >= kept[1]:
            kept = self._write(which, links, may_decide=may_decide, now=now)
            with _rows_lock:  # an inbox is shared by every thread of the process
                self._rows[key] = kept
                while len(self._rows) > ROWS_KEPT:
                    self._rows.popitem(last=False)
        parts, _ = kept
        return SafeString((links.fields or "").join(parts))

    def _write(
        self, which: slice, links: Links, *, may_decide: bool, now: datetime
    ) -> tuple[list[str], datetime]:
        fields = None if links.fields is None else FIELDS
        marked = Links(links.here, links.view, fields=fields, opened=links.opened)
        shown = [inbox_row(item, marked, now) for item in self.flagged(self.items[which])]
        html = "".join(inbox_tr(row, may_decide=may_decide) for row in shown)
        return html.split(FIELDS), _next_day_of_waiting(self.items[which], now)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)

    @property
    def shown_less(self) -> bool:
        return len(self.items) < self.total


def _next_day_of_waiting(items: Sequence[Item], now: datetime) -> datetime:
    """When the first of ``items`` to do so next shows one more day waited."""
    changes = [
        item.waiting_since + timedelta(days=(now - item.waiting_since).days + 1)
        for item in items
        if item.waiting_since is not None
    ]
    return min(changes, default=datetime.max.replace(tzinfo=now.tzinfo))


class _Made:
    """The inboxes this process made last, each kept by the identities of the reads it was made
    of and by the day. The reads are held with it: while they live no other object has their
    ids, so the same ids are the same reads."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._inboxes: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Inbox]] = OrderedDict()

    def get(self, reads: tuple[Any, ...], day: date) -> Inbox | None:
        key = (*map(id, reads), day)
        with self._lock:
            found = self._inboxes.get(key)
            if found is None:
                return None
            self._inboxes.move_to_end(key)
            return found[1]

    def put(self, reads: tuple[Any, ...], day: date, inbox: Inbox) -> None:
        with self._lock:
            self._inboxes[(*map(id, reads), day)] = (reads, inbox)
            while len(self._inboxes) > self._size:
                self._inboxes.popitem(last=False)


_made = _Made(KEPT)


def load(client: WebworkClient, *, refresh: bool = False) -> Inbox:
    """One round of reads: each kind's waiting list, reference data and the flags' data (the
    reference data and the short-lived lists mostly come cached); an inbox made of the same
    reads before is the one answered."""
    kinds = list(KINDS.values())
    today = timezone.localdate()
    since = today - timedelta(days=FLAG_WINDOW_DAYS)
    waiting: list[Callable[[], Any]] = [_waiting(kind, client, refresh=refresh) for kind in kinds]
    # The flags' data is not refreshed on demand: it changes rarely and each read costs budget.
    reads = client.gather(
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
    made = _made.get(reads, today)
    if made is None:
        made = _make(kinds, reads)
        _made.put(reads, today, made)
    return made


def _make(kinds: list[Kind[Any]], reads: tuple[Any, ...]) -> Inbox:
    *pages, members, projects, contracts, on_leave, manual = reads
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
