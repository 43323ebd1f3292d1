"""Plans that change who is who: members added, edited and removed, and a hand-over.

Each is a `changes.Planner`, carried out by `changes.write_change` like any other
write (locked, judged, verified, journalled for undo).  The ownership rules are
those of `assign`: a hand-over moves only what the new owner may hold, and the
write engine refuses a change that would leave an owner in the wrong body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date

from amanat_cli.errors import BadValue, RuleRefused
from amanat_cli.i18n import _
from amanat_cli.model import Body, Indicator, Member, Roadmap, Section
from amanat_cli.read.scope import find_member
from amanat_cli.write.changes import (
    Plan,
    Planner,
    eligible_members,
    member_label,
    ownership_rule,
    with_owner,
)
from amanat_cli.write.edit import (
    ROOT,
    AppendItem,
    Edit,
    ItemEdit,
    RemoveItem,
    RemoveKey,
    SetKey,
    Value,
    update_item,
)


@dataclass(frozen=True, slots=True)
class MemberFields:
    """What `member edit` changes: None leaves a field alone, "" removes an optional one."""

    name: str | None = None
    bodies: tuple[Body, ...] | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None
    lang: str | None = None


OPTIONAL_FIELDS = ("position", "email", "phone", "lang")
"""The member's keys that may be removed (ROADMAP.md: only id, name, bodies are required)."""


def _written(member: Member) -> dict[str, Value]:
    """A member's keys as the file writes them, in ROADMAP.md's order, absent ones left out."""
    keys: dict[str, Value] = {
        "id": member.id,
        "name": member.name,
        "bodies": tuple(body.value for body in member.bodies),
    }
    keys |= {key: getattr(member, key) for key in OPTIONAL_FIELDS if getattr(member, key)}
    return keys


def _place(roadmap: Roadmap, member: Member) -> int:
    """The member's index in `members:` (the file has no errors of reading: one node each)."""
    return next(n for n, m in enumerate(roadmap.members) if m is member)


def _without(roadmap: Roadmap, index: int) -> Roadmap:
    return replace(roadmap, members=roadmap.members[:index] + roadmap.members[index + 1 :])


def owned_by(roadmap: Roadmap, member_id: str) -> list[Section | Indicator]:
    """The sections and indicators whose owner is `member_id`, in file order."""
    items: list[Section | Indicator] = [s for s in roadmap.sections if s.owner == member_id]
    items += [i for i in roadmap.indicators() if i.owner == member_id]
    return items


def _ids(items: Sequence[Section | Indicator]) -> str:
    return ", ".join(item.id for item in items)


def _reasons(items: Sequence[Section | Indicator]) -> str:
    """`id: the rule it is held by` for each item, for a refusal."""
    return "; ".join(f"{item.id}: {ownership_rule(item)}" for item in items)


def _hand(
    roadmap: Roadmap, items: Sequence[Section | Indicator], owner: Member
) -> tuple[Roadmap, list[ItemEdit]]:
    """The roadmap with `owner` as the owner of each item, and the edits that say so."""
    for item in items:
        roadmap = update_item(roadmap, item.id, with_owner(owner.id))
    return roadmap, [ItemEdit(item.id, SetKey((), "owner", owner.id)) for item in items]


def plan_member_add(member: Member) -> Planner:
    """Append a member to `members:` (refused if the id is taken)."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        from amanat_cli.check.rules import ID_PATTERN

        if not ID_PATTERN.fullmatch(member.id):
            raise BadValue(
                _(
                    "'{id}' is not a valid member id; use lowercase Latin letters, digits, "
                    "'-', '_' and '.', e.g. temirkhanov-d"
                ).format(id=member.id)
            )
        taken = roadmap.member(member.id)
        if taken is not None:
            raise RuleRefused(
                _(
                    "member {member} is already in {path}; nothing written — "
                    "change them with amanat member edit"
                ).format(member=member_label(taken), path=roadmap.path)
            )
        add = AppendItem((), "members", _written(member), flow_when_new=False)
        summary = _("added member {member} to {path}").format(
            member=member_label(member), path=roadmap.path
        )
        intended = replace(roadmap, members=(*roadmap.members, member))
        return Plan([ItemEdit(ROOT, add)], intended, summary)

    return plan


def _bodies(now: tuple[Body, ...], asked: tuple[Body, ...] | None) -> tuple[Body, ...]:
    """The bodies asked for, or those the member has when they are the same set in any order."""
    return now if asked is None or set(asked) == set(now) else asked


def _optional(now: str | None, asked: str | None) -> str | None:
    """A field as `member edit` leaves it: unchanged (None asked), removed (""), or new."""
    return now if asked is None else asked or None


def plan_member_edit(ref: str, changed: MemberFields) -> Planner:
    """Change a member's fields; the write is refused if it would put an owner in the wrong body."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        member = find_member([roadmap], ref)
        index = _place(roadmap, member)
        new = replace(
            member,
            name=changed.name or member.name,
            bodies=_bodies(member.bodies, changed.bodies),
            position=_optional(member.position, changed.position),
            email=_optional(member.email, changed.email),
            phone=_optional(member.phone, changed.phone),
            lang=_optional(member.lang, changed.lang),
        )
        keys = [f.name for f in fields(changed) if getattr(new, f.name) != getattr(member, f.name)]
        if not keys:
            return _("member {member} already has these; nothing written").format(
                member=member_label(member)
            )
        edits: list[Edit] = []
        for key in keys:
            value = _written(new).get(key)
            path = ("members", index)
            edits.append(RemoveKey(path, key) if value is None else SetKey(path, key, value))
        members = list(roadmap.members)
        members[index] = new
        summary = _("changed {keys} of member {member} in {path}").format(
            keys=", ".join(keys), member=member_label(new), path=roadmap.path
        )
        intended = replace(roadmap, members=tuple(members))
        return Plan([ItemEdit(ROOT, e) for e in edits], intended, summary)

    return plan


def plan_member_remove(ref: str, hand_to: str | None) -> Planner:
    """Remove a member; what they own goes to `hand_to` (all of it, or nothing is written)."""

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        member = find_member([roadmap], ref)
        owned = owned_by(roadmap, member.id)
        intended: Roadmap = roadmap
        edits: list[ItemEdit] = []
        summary = _("removed member {member} from {path}").format(
            member=member_label(member), path=roadmap.path
        )
        if owned and hand_to is None:
            raise RuleRefused(
                _(
                    "{member} still owns {ids}; nothing written — hand them over with "
                    "--hand-to MEMBER"
                ).format(member=member_label(member), ids=_ids(owned))
            )
        if owned and hand_to is not None:
            heir = find_member([roadmap], hand_to)
            if heir.id == member.id:
                raise BadValue(_("--hand-to names the member being removed"))
            stuck = [item for item in owned if heir not in eligible_members(roadmap, item)]
            if stuck:
                raise RuleRefused(
                    _("cannot hand everything of {member} to {heir} ({reasons}); nothing written")
                    .format(member=member.id, heir=member_label(heir), reasons=_reasons(stuck))
                )  # fmt: skip
            intended, edits = _hand(roadmap, owned, heir)
            summary = _("removed member {member} from {path}; {ids} now owned by {heir}").format(
                member=member_label(member), path=roadmap.path, ids=_ids(owned),
                heir=member_label(heir),
            )  # fmt: skip
        index = _place(roadmap, member)
        edits.append(ItemEdit(ROOT, RemoveItem((), "members", index)))
        return Plan(edits, _without(intended, index), summary)

    return plan


def plan_hand_over(from_ref: str, to_ref: str) -> Planner:
    """Give `to_ref` every section and indicator of `from_ref` that the rules allow.

    What cannot move (an indicator to a member outside the Political Council)
    stays, and each is named with its reason; only when nothing can move is the
    write refused.
    """

    def plan(roadmap: Roadmap, today: date) -> Plan | str:
        old = find_member([roadmap], from_ref)
        new = find_member([roadmap], to_ref)
        if old.id == new.id:
            raise BadValue(_("--from and --to name the same member"))
        owned = owned_by(roadmap, old.id)
        if not owned:
            return _("{member} owns nothing; nothing written").format(member=member_label(old))
        movable = [item for item in owned if new in eligible_members(roadmap, item)]
        stuck = [item for item in owned if item not in movable]
        reasons = tuple(
            _("not moved: {id} stays with {member}: {rule}").format(
                id=item.id, member=old.id, rule=ownership_rule(item)
            )
            for item in stuck
        )
        if not movable:
            raise RuleRefused(
                _("nothing of {member} can go to {heir}: {reasons}").format(
                    member=old.id, heir=member_label(new), reasons=_reasons(stuck)
                )
            )
        intended, edits = _hand(roadmap, movable, new)
        summary = _("handed {ids} from {old} to {member} in {path}").format(
            ids=_ids(movable), old=old.id, member=member_label(new), path=roadmap.path
        )
        return Plan(edits, intended, summary, reasons)

    return plan
