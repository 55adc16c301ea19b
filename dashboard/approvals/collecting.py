"""Where a bulk job's items and their names come from: WebWork's own lists.

- "All matching the filter": the job lists the matching items page by page, and records each
  page listed with its items (one transaction), so a run that stops resumes after the last page
  listed. Pages are read oldest first where WebWork sorts, so items submitted meanwhile come last
  instead of shifting the pages already listed.
- Items selected on a page carry the label the browser sent, which is never audited. Their names
  come from one read of their kind's waiting list (100 a page, through the service layer's list
  cache: records the dashboard read moments ago are WebWork's own words) instead of one read per
  item; an item not found there is read on its own before it is sent (see ``jobs``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction

from dashboard.webwork.client import WebworkClient
from dashboard.webwork.errors import WebworkAuthError, WebworkError
from dashboard.webwork.resources.query import Paging

from .kinds import KINDS, Kind
from .models import BulkItem, BulkJob

PAGE_SIZE = 100  # WebWork's largest page


def collect_page(job: BulkJob, client: WebworkClient, number: int) -> bool:
    """List page ``number`` of the job's filter into its items; True when it was the last page.

    A filter that is not understood raises ``ValidationError``; WebWork's errors propagate.
    """
    kind = KINDS[job.collect_kind]
    filters = kind.bulk_filters(job.collect_filters)
    paging = Paging(number, PAGE_SIZE, refresh=True, sort=kind.oldest_first)
    page = kind.list_page(client, filters, paging)
    waiting = [record for record in page if record.status == kind.waiting]
    people = kind.label_references(client).people if waiting else {}
    last = not page.has_next
    with transaction.atomic():
        position = job.items.count()
        for record in waiting:
            _, created = BulkItem.objects.get_or_create(
                job=job,
                kind=job.collect_kind,
                target_id=record.id,
                defaults={"label": kind.label(record, people)[:255], "position": position},
            )
            position += int(created)
        BulkJob.objects.filter(pk=job.pk).update(collected_pages=number, collection_done=last)
    job.collected_pages, job.collection_done = number, last
    return last


def name_from_lists(job: BulkJob, client: WebworkClient) -> int:
    """Name the selected items not sent yet from their kinds' waiting lists; answers how many.

    Only items found waiting there are named (and so sent without a read of their own).
    """
    unnamed: dict[str, dict[str, BulkItem]] = defaultdict(dict)
    selected = job.items.filter(label_from_request=True, status=BulkItem.Status.PENDING, attempts=0)
    for item in selected:
        unnamed[item.kind][item.target_id] = item
    named = 0
    for kind_name, items in unnamed.items():
        labels = _listed_labels(KINDS[kind_name], client, set(items))
        for target_id, label in labels.items():
            item = items[target_id]
            item.label, item.label_from_request = label[:255], False
            item.save(update_fields=["label", "label_from_request", "updated_at"])
        named += len(labels)
    return named


def _listed_labels(kind: Kind[Any], client: WebworkClient, wanted: set[str]) -> dict[str, str]:
    """WebWork's labels of the ``wanted`` ids found waiting, reading no more pages than the
    reads of the items still unnamed would cost."""
    found: dict[str, Any] = {}
    reads, number = 0, 1
    filters = {"status": kind.waiting}
    while len(wanted) - len(found) > reads:
        try:
            page = kind.list_page(client, filters, Paging(number, PAGE_SIZE))
        except WebworkAuthError:
            raise
        except WebworkError:
            break  # each item is read on its own instead, as before
        reads += 1
        found |= {r.id: r for r in page if r.id in wanted and r.status == kind.waiting}
        if not page.has_next:
            break
        number += 1
    if not found:
        return {}
    try:
        people = kind.label_references(client).people
    except WebworkAuthError:
        raise
    except WebworkError:
        return {}
    return {target_id: kind.label(record, people) for target_id, record in found.items()}
