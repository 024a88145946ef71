"""``mailtriage import``: .eml files, folders of them, and mbox files, in batches.

Resumable twice over: every message is de-duplicated on store, and an mbox records how far it got
in ``mailbox_checkpoints`` so a re-run skips straight past what is done.
"""

from __future__ import annotations

import mailbox as mbox_lib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session, sessionmaker

from mailtriage.db import unit_of_work
from mailtriage.errors import InvalidInput
from mailtriage.ingest.service import InboundMessage, store_inbound
from mailtriage.models import MailboxCheckpoint
from mailtriage.pipeline.queue import TaskQueue

CHECKPOINT_SOURCE = "import"


@dataclass(frozen=True, slots=True)
class ImportItem:
    origin: str  # file path, or "path#index" inside an mbox
    raw: bytes
    mbox: Path | None = None
    index: int = 0


@dataclass
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    skipped_by_checkpoint: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)
    email_ids: list[int] = field(default_factory=list)


def _is_mbox(path: Path) -> bool:
    if path.suffix.lower() == ".mbox":
        return True
    with path.open("rb") as handle:
        return handle.read(5) == b"From "


def _files(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in {".eml", ".mbox"}
            )
        else:
            yield path


def _mbox_checkpoint(session: Session, path: Path) -> int:
    cursor = session.scalar(
        select(MailboxCheckpoint.cursor).where(
            MailboxCheckpoint.source == CHECKPOINT_SOURCE, MailboxCheckpoint.mailbox == str(path)
        )
    )
    return int(cursor) if cursor else 0


def _save_checkpoint(session: Session, path: Path, done: int) -> None:
    session.execute(
        insert(MailboxCheckpoint)
        .values(source=CHECKPOINT_SOURCE, mailbox=str(path), cursor=str(done))
        .on_conflict_do_update(index_elements=["source", "mailbox"], set_={"cursor": str(done)})
    )


def count_messages(paths: list[Path]) -> int:
    total = 0
    for path in _files(paths):
        total += len(mbox_lib.mbox(str(path), create=False)) if _is_mbox(path) else 1
    return total


def _items(paths: list[Path], sessions: sessionmaker[Session], report: ImportReport) -> Iterator[ImportItem]:
    for path in _files(paths):
        resolved = path.resolve()
        if not _is_mbox(path):
            yield ImportItem(origin=str(path), raw=path.read_bytes())
            continue
        with unit_of_work(sessions) as session:
            done = _mbox_checkpoint(session, resolved)
        box = mbox_lib.mbox(str(path), create=False)
        for index, key in enumerate(box.iterkeys()):
            if index < done:
                report.skipped_by_checkpoint += 1
                continue
            # get_bytes keeps the message as written; mbox's "From " line is not part of it.
            yield ImportItem(origin=f"{path}#{index}", raw=box.get_bytes(key), mbox=resolved, index=index + 1)


def import_paths(
    paths: list[Path],
    *,
    mailbox: str,
    sessions: sessionmaker[Session],
    queue: TaskQueue | None,
    max_bytes: int,
    config_version: str,
    batch_size: int = 100,
    on_item: Callable[[], None] = lambda: None,
) -> ImportReport:
    report = ImportReport()
    batch: list[ImportItem] = []

    def flush() -> None:
        new_ids: list[int] = []
        with unit_of_work(sessions) as session:
            for item in batch:
                try:
                    with session.begin_nested():
                        stored = store_inbound(
                            session,
                            InboundMessage(mailbox=mailbox, source="import", raw=item.raw),
                            max_bytes=max_bytes,
                            config_version=config_version,
                        )
                except InvalidInput as exc:
                    report.errors.append((item.origin, exc.message))
                    continue
                if stored.created:
                    new_ids.append(stored.email_id)
                else:
                    report.duplicates += 1
            # The furthest message of each mbox in this batch, committed with the messages.
            progress = {i.mbox: i.index for i in batch if i.mbox is not None}
            for path, done in progress.items():
                if path is not None:
                    _save_checkpoint(session, path, done)
        # Enqueue only after the commit above: a worker must find the rows it is told about.
        report.stored += len(new_ids)
        report.email_ids.extend(new_ids)
        if queue is not None and new_ids:
            queue.enqueue(new_ids)
        batch.clear()

    for item in _items(paths, sessions, report):
        batch.append(item)
        on_item()
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return report
