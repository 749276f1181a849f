"""What travels in a change package, read from the schema itself (issue 16).

Every main-row table of the metadata travels; no table is named here except in the short list of
what does not. A row travels as its *state*: every column but the local `id` and `version`, its
foreign keys written as the `uid` of the row they point to (ids differ between installations), and
the rows of the plain tables that belong to it (`booking_person`, `booking_status_change`,
`case_stage_change`: a non-main table whose foreign keys all point to travelling tables belongs to
the row its first foreign key points to) as a sorted list under `CHILDREN`.

What does not travel: the audit trail (each installation keeps its own, and records there which
package brought a change), the local settings (`setting`: the foundation's name, logo and zone are
set on each PC), the sign-in throttle, the exchange's own tables, and of an account its password
hash and the operating-system account mapped to it (a new account that arrives by package has no
password: an administrator sets one on that PC before it can sign in).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator, cast

from sqlalchemy import Column, Date, DateTime, Enum, LargeBinary, Numeric, Table, select
from sqlalchemy.orm import Session

from hubdesk.db.schema import Base, MainRow, UTCDateTime

# Tables that never travel (besides the exchange's own, which are not main rows).
LOCAL_TABLES = frozenset({"audit_event", "setting", "sign_in_throttle", "installation", "exchange_clock",
                          "exchange_tombstone", "exchange_conflict", "alembic_version"})
# Columns that never travel: the row's local id and version everywhere, and these.
LOCAL_COLUMNS: dict[str, frozenset[str]] = {"app_user": frozenset({"password_hash", "os_account"})}
ALWAYS_LOCAL = frozenset({"id", "version"})
CHILDREN = "_children"
CHUNK = 500


@dataclass
class ChildTable:
    table: Table
    owner_column: str                 # the foreign key to the owning row
    columns: list[Column]             # what travels of a child row (not its id, not the owner key)
    fks: dict[str, str]               # column -> referenced travelling table


@dataclass
class TravellingTable:
    name: str
    table: Table
    columns: list[Column]             # what travels (not id, version, local columns)
    fks: dict[str, str]               # column -> referenced travelling table
    children: list[ChildTable] = field(default_factory=list)
    unique_keys: list[tuple[str, ...]] = field(default_factory=list)   # natural keys besides uid


def _main_tables() -> dict[str, Table]:
    found: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        table = cast(Table, mapper.local_table)
        if issubclass(mapper.class_, MainRow) and table.name not in LOCAL_TABLES:
            found[table.name] = table
    return found


@lru_cache(maxsize=1)
def travelling_tables() -> tuple[TravellingTable, ...]:
    """The travelling tables in foreign-key order (a table after those it points to)."""
    mains = _main_tables()
    result: dict[str, TravellingTable] = {}
    for table in Base.metadata.sorted_tables:
        if table.name not in mains:
            continue
        local = ALWAYS_LOCAL | LOCAL_COLUMNS.get(table.name, frozenset())
        fks = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys
               if fk.column.table.name in mains}
        uniques = []
        for constraint in table.constraints:
            cols = tuple(c.name for c in getattr(constraint, "columns", ()))
            if type(constraint).__name__ == "UniqueConstraint" and cols and cols != ("uid",) \
                    and not set(cols) & local:
                uniques.append(cols)
        for col in table.columns:
            if col.unique and col.name not in local and col.name != "uid":
                uniques.append((col.name,))
        result[table.name] = TravellingTable(table.name, table, [c for c in table.columns if c.name not in local],
                                             fks, unique_keys=uniques)
    for table in Base.metadata.sorted_tables:
        if table.name in mains or table.name in LOCAL_TABLES:
            continue
        fk_cols = [c for c in table.columns if c.foreign_keys]
        targets = [next(iter(c.foreign_keys)).column.table.name for c in fk_cols]
        if not fk_cols or not all(t in mains for t in targets):
            continue
        owner = fk_cols[0]
        pk = [c.name for c in table.primary_key.columns]
        own_id = {"id"} if pk == ["id"] and not table.c.id.foreign_keys else set()
        columns = [c for c in table.columns if c.name not in own_id and c.name != owner.name]
        fks = {c.name: t for c, t in zip(fk_cols, targets) if c.name != owner.name}
        result[targets[0]].children.append(ChildTable(table, owner.name, columns, fks))
    return tuple(result.values())


def by_name() -> dict[str, TravellingTable]:
    return {t.name: t for t in travelling_tables()}


# --- values ----------------------------------------------------------------------------------

def encode(column: Column, value: Any) -> Any:
    """A column's value as JSON (the same on every installation)."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(column: Column, value: Any) -> Any:
    """The value to write into `column` from its JSON form."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Enum) and kind.enum_class is not None:
        return kind.enum_class(value)
    if isinstance(kind, Numeric) and kind.asdecimal:
        return decimal.Decimal(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value


class UidMaps:
    """id ↔ uid of the rows of travelling tables, read once per table when first needed."""

    def __init__(self, session: Session):
        self.session = session
        self._uid_of: dict[str, dict[int, str]] = {}
        self._id_of: dict[str, dict[str, int]] = {}

    def _load(self, name: str) -> None:
        if name in self._uid_of:
            return
        table = by_name()[name].table
        rows = self.session.execute(select(table.c.id, table.c.uid)).all()
        self._uid_of[name] = {i: u for i, u in rows}
        self._id_of[name] = {u: i for i, u in rows}

    def uid(self, name: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        self._load(name)
        return self._uid_of[name].get(row_id)

    def id(self, name: str, uid: str | None) -> int | None:
        if uid is None:
            return None
        self._load(name)
        return self._id_of[name].get(uid)

    def ids(self, name: str) -> dict[str, int]:
        self._load(name)
        return self._id_of[name]

    def add(self, name: str, uid: str, row_id: int) -> None:
        self._load(name)
        self._uid_of[name][row_id] = uid
        self._id_of[name][uid] = row_id

    def forget(self, name: str, uid: str) -> None:
        self._load(name)
        row_id = self._id_of[name].pop(uid, None)
        if row_id is not None:
            self._uid_of[name].pop(row_id, None)


def chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _encode_row(columns: Iterable[Column], fks: dict[str, str], row: Any, maps: UidMaps) -> dict[str, Any]:
    state = {}
    for col in columns:
        value = row._mapping[col]
        state[col.name] = maps.uid(fks[col.name], value) if col.name in fks else encode(col, value)
    return state


def read_states(session: Session, name: str, uids: Iterable[str], maps: UidMaps) -> dict[str, dict[str, Any]]:
    """The travelling state of the rows of `name` with these uids (missing ones left out)."""
    spec = by_name()[name]
    wanted = list(uids)
    states: dict[str, dict[str, Any]] = {}
    ids: dict[int, str] = {}
    for part in chunks(wanted):
        for row in session.execute(select(spec.table.c.id, *spec.columns).where(spec.table.c.uid.in_(part))):
            state = _encode_row(spec.columns, spec.fks, row, maps)
            if spec.children:
                state[CHILDREN] = {child.table.name: [] for child in spec.children}
            states[state["uid"]] = state
            ids[row.id] = state["uid"]
    for child in spec.children:
        owner = child.table.c[child.owner_column]
        for part in chunks(list(ids)):
            for row in session.execute(select(owner, *child.columns).where(owner.in_(part))):
                states[ids[row._mapping[owner]]][CHILDREN][child.table.name].append(
                    _encode_row(child.columns, child.fks, row, maps))
        for state in states.values():
            state[CHILDREN][child.table.name].sort(key=lambda r: repr(sorted(r.items())))
    return states


class MissingReference(Exception):
    """A state points to a record this database does not hold."""

    def __init__(self, table: str, uid: str):
        super().__init__(table, uid)
        self.table = table
        self.uid = uid


def _decode_row(columns: Iterable[Column], fks: dict[str, str], state: dict[str, Any],
                maps: UidMaps) -> dict[str, Any]:
    values = {}
    for col in columns:
        raw = state.get(col.name)
        if col.name in fks:
            values[col.name] = maps.id(fks[col.name], raw)
            if raw is not None and values[col.name] is None:
                raise MissingReference(fks[col.name], raw)
        else:
            values[col.name] = decode(col, raw)
    return values


def missing_reference(name: str, state: dict[str, Any], maps: UidMaps) -> MissingReference | None:
    """The first record `state` points to that is not here, or None."""
    spec = by_name()[name]
    try:
        _decode_row(spec.columns, spec.fks, state, maps)
        for child in spec.children:
            for row in state.get(CHILDREN, {}).get(child.table.name, []):
                _decode_row(child.columns, child.fks, row, maps)
    except MissingReference as missing:
        return missing
    return None


def decoded(name: str, state: dict[str, Any], maps: UidMaps) -> dict[str, Any]:
    spec = by_name()[name]
    return _decode_row(spec.columns, spec.fks, state, maps)


def write_state(session: Session, name: str, state: dict[str, Any], maps: UidMaps,
                before: dict[str, Any] | None = None) -> int:
    """Insert the row of `state`, or update the row with its uid; its children replaced (unless
    `before`, the row's state here, has the same). Returns the row's id. Raises MissingReference
    when a record it points to is not here."""
    spec = by_name()[name]
    values = _decode_row(spec.columns, spec.fks, state, maps)
    row_id = maps.id(name, state["uid"])
    table = spec.table
    if row_id is None:
        row_id = session.execute(table.insert().values(**values, version=1).returning(table.c.id)).scalar_one()
        maps.add(name, state["uid"], row_id)
    else:
        session.execute(table.update().where(table.c.id == row_id)
                        .values(**values, version=table.c.version + 1))
    for child in spec.children:
        wanted = state.get(CHILDREN, {}).get(child.table.name, [])
        if before is not None and (before.get(CHILDREN) or {}).get(child.table.name) == wanted:
            continue
        rows = [dict(_decode_row(child.columns, child.fks, r, maps), **{child.owner_column: row_id})
                for r in wanted]
        session.execute(child.table.delete().where(child.table.c[child.owner_column] == row_id))
        if rows:
            session.execute(child.table.insert(), rows)
    return row_id


def delete_row(session: Session, name: str, uid: str, maps: UidMaps) -> None:
    spec = by_name()[name]
    row_id = maps.id(name, uid)
    if row_id is None:
        return
    for child in spec.children:
        session.execute(child.table.delete().where(child.table.c[child.owner_column] == row_id))
    session.execute(spec.table.delete().where(spec.table.c.id == row_id))
    maps.forget(name, uid)


def dependents(session: Session, name: str, uid: str, maps: UidMaps) -> list[tuple[str, str]]:
    """Travelling rows here that point to the row (table, uid): it cannot be removed before them."""
    row_id = maps.id(name, uid)
    if row_id is None:
        return []
    found = []
    for spec in travelling_tables():
        for col, target in spec.fks.items():
            if target == name:
                for dep_uid in session.scalars(select(spec.table.c.uid).where(spec.table.c[col] == row_id).limit(5)):
                    found.append((spec.name, dep_uid))
    return found


def differing_fields(mine: dict[str, Any] | None, theirs: dict[str, Any] | None) -> list[str]:
    """The fields (children lists count as one field each) whose values differ."""
    mine, theirs = mine or {}, theirs or {}
    names: list[str] = []
    for key in list(mine) + [k for k in theirs if k not in mine]:
        if key == CHILDREN:
            mc, tc = mine.get(CHILDREN) or {}, theirs.get(CHILDREN) or {}
            for child in list(mc) + [k for k in tc if k not in mc]:
                if mc.get(child) != tc.get(child):
                    names.append(child)
        elif mine.get(key) != theirs.get(key) and key not in names:
            names.append(key)
    return names


def field_value(state: dict[str, Any] | None, name: str) -> Any:
    if state is None:
        return None
    if name in state:
        return state[name]
    return (state.get(CHILDREN) or {}).get(name)


def with_fields(mine: dict[str, Any], theirs: dict[str, Any], take_theirs: set[str]) -> dict[str, Any]:
    """`mine` with the named fields taken from `theirs`."""
    result = dict(mine)
    if CHILDREN in mine:
        result[CHILDREN] = dict(mine[CHILDREN])
    for name in take_theirs:
        if name in (theirs.get(CHILDREN) or {}):
            result[CHILDREN][name] = theirs[CHILDREN][name]
        else:
            result[name] = theirs.get(name)
    return result


LABEL_FIELDS = ("name", "title", "display_name", "username", "purpose", "product_name", "description")
BOOKKEEPING = frozenset({"created_at", "updated_at"})


def label(state: dict[str, Any] | None) -> str | None:
    """What a person calls the record of `state` (its name or title), when it has one."""
    for key in LABEL_FIELDS:
        value = (state or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value if len(value) <= 60 else value[:57] + "…"
    return None
