"""The meeting pack as JSON: everything the other formats show, fractions unrounded."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from amanat_cli.compute.pack import MeetingPack
from amanat_cli.render.diff import change_json
from amanat_cli.render.pack_tables import Table, headline_rows, pack_tables


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _records(table: Table) -> list[dict[str, Any]]:
    keys = [c.key for c in table.columns]
    return [{k: _plain(v) for k, v in zip(keys, row, strict=True)} for row in table.rows]


def pack_data(pack: MeetingPack) -> dict[str, Any]:
    """The pack as JSON-ready data with stable English keys."""
    branch = pack.roadmap.branch
    return {
        "branch": {"id": branch.id, "name": branch.name, "programme": branch.programme},
        "as_of": pack.as_of.isoformat(),
        "meeting": pack.meeting,
        "sample": pack.sample,
        "body": pack.body.value if pack.body else None,
        "member": pack.member.id if pack.member else None,
        "headline": {key: value for key, _label, value, _kind in headline_rows(pack)},
        "since": _plain(pack.since),
        "since_revision": pack.since_revision,
        **{table.name: _records(table) for table in pack_tables(pack)},
        "changes_detail": [change_json(c) for c in pack.changes],
    }


def render_json(pack: MeetingPack) -> str:
    """The pack as indented JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(pack_data(pack), ensure_ascii=False, indent=2) + "\n"
