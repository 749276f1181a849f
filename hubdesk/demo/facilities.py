"""Demo facilities: a GMP plant (grade B/C suites), two cell processing facilities (one licence
expiring within 120 days), a QC lab, a pilot plant and, for the larger sizes, analysis labs full of
hour-bookable instruments; rates per user class, maintenance and requalification windows,
qualifications and the foundation's closure days."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from hubdesk.domain import clock
from hubdesk.demo.context import KST, UTC, Context, OrgRef

HOUR_BOOKINGS_PER_DAY = 1.9  # what one busy instrument of the analysis labs holds on a working day


@dataclass
class ResourceSpec:
    id: int
    name: str
    facility_key: str
    unit: str              # "hour" | "day"
    changeover_hours: float
    min_units: int
    max_units: int
    requires_qualification: bool
    rates: dict[str, int]  # user class code -> fee per unit (KRW)
    users: str             # which organizations book it: "gmp", "cpf", "pilot", "qc"
    blocked: set[dt.date] = field(default_factory=set)  # local days touched by a window
    qualified: dict[int, tuple[int, str]] = field(default_factory=dict)  # org id -> (contact id, name)
    bookable: bool = True


# (name, code, kind, grade, unit, changeover h, min, max, requalification days, qualification?, base fee, users)
_GMP = (
    ("GMP 제조실 B-1 (세포배양)", "GMP-B1", "suite", "B", "day", 24, 1, 14, 365, True, 1_500_000, "gmp"),
    ("GMP 제조실 B-2 (무균충전)", "GMP-B2", "suite", "B", "day", 24, 1, 10, 365, True, 1_600_000, "gmp"),
    ("GMP 제조실 C-1 (한약제제)", "GMP-C1", "suite", "C", "day", 24, 1, 10, 365, True, 900_000, "gmp"),
    ("GMP 제조실 C-2 (천연물 추출)", "GMP-C2", "suite", "C", "day", 24, 1, 10, 365, True, 850_000, "gmp"),
    ("GMP 제조실 C-3 (화장품 원료)", "GMP-C3", "suite", "C", "day", 24, 1, 7, 365, True, 800_000, "gmp"),
    ("포장실 D-1", "GMP-D1", "room", "D", "day", 0, 1, 5, None, False, 300_000, "gmp"),
)
_CPF = (
    ("세포처리실 CPF-1", "CPF-1", "suite", "B", "day", 24, 1, 21, 180, True, 2_000_000, "cpf"),
    ("세포처리실 CPF-2", "CPF-2", "suite", "B", "day", 24, 1, 21, 180, True, 2_000_000, "cpf"),
    ("무균작업대 BSC-A1", "CPF-BSC1", "equipment", "A", "hour", 1, 2, 8, 180, True, 50_000, "cpf"),
)
_CPF2 = (
    ("병원 세포처리실 H-1", "HCPF-1", "suite", "B", "day", 24, 1, 14, 180, True, 1_800_000, "cpf"),
)
_QC = (
    ("HPLC #1 (Agilent 1260)", "QC-HPLC1", "equipment", None, "hour", 1, 1, 8, None, False, 40_000, "qc"),
    ("HPLC #2 (Waters Alliance)", "QC-HPLC2", "equipment", None, "hour", 1, 1, 8, None, False, 40_000, "qc"),
    ("LC-MS/MS (Sciex 6500+)", "QC-LCMS", "equipment", None, "hour", 1, 2, 8, 365, True, 120_000, "qc"),
    ("GC-MS", "QC-GCMS", "equipment", None, "hour", 1, 1, 8, None, False, 80_000, "qc"),
    ("ICP-MS (중금속)", "QC-ICPMS", "equipment", None, "hour", 1, 1, 6, None, False, 90_000, "qc"),
    ("UV-Vis 분광광도계", "QC-UV", "equipment", None, "hour", 0, 1, 4, None, False, 15_000, "qc"),
    ("FT-IR", "QC-FTIR", "equipment", None, "hour", 0, 1, 4, None, False, 20_000, "qc"),
    ("유세포분석기 (FACS)", "QC-FACS", "equipment", None, "hour", 1, 1, 6, 365, True, 70_000, "qc"),
    ("실시간 PCR", "QC-QPCR", "equipment", None, "hour", 0, 1, 4, None, False, 30_000, "qc"),
    ("엔도톡신 분석기", "QC-LAL", "equipment", None, "hour", 0, 1, 3, None, False, 25_000, "qc"),
    ("미생물 동정기", "QC-MID", "equipment", None, "hour", 1, 1, 4, None, False, 35_000, "qc"),
    ("입자계수기", "QC-PC", "equipment", None, "hour", 0, 1, 4, None, False, 10_000, "qc"),
    ("안정성 시험 챔버", "QC-STAB", "equipment", None, "day", 24, 7, 90, None, False, 30_000, "qc"),
)
_PILOT = (
    ("추출·농축 라인", "PP-EXT", "equipment", None, "day", 24, 1, 5, None, False, 600_000, "pilot"),
    ("분무건조기", "PP-SD", "equipment", None, "day", 24, 1, 3, None, False, 400_000, "pilot"),
    ("유동층 과립기", "PP-FBG", "equipment", None, "day", 0, 1, 3, None, False, 300_000, "pilot"),
    ("동결건조기", "PP-FD", "equipment", None, "day", 24, 2, 7, None, False, 350_000, "pilot"),
)
_LAB_INSTRUMENTS = (
    ("HPLC", 40_000, 1), ("UPLC", 50_000, 1), ("LC-MS", 100_000, 1), ("GC", 35_000, 1),
    ("원자흡광광도계", 30_000, 1), ("UV-Vis", 15_000, 0), ("수분측정기", 8_000, 0),
    ("점도계", 8_000, 0), ("용출시험기", 25_000, 1), ("실시간 PCR", 30_000, 0),
    ("세포계수기", 10_000, 0), ("플레이트 리더", 15_000, 0),
)
_CLASS_FACTOR = {"member": 1.0, "non_member": 1.5, "academic": 0.7, "public": 0.5}


def _rates(base: int) -> dict[str, int]:
    return {cls: int(round(base * f / 1000.0)) * 1000 for cls, f in _CLASS_FACTOR.items()}


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), KST).astimezone(UTC)


def build(ctx: Context) -> list[ResourceSpec]:
    rng = ctx.rng("facilities")
    w = ctx.writer
    start, end = ctx.horizon
    today = ctx.today
    foundation = ctx.special["foundation"]
    specs: list[ResourceSpec] = []

    def facility(key: str, name: str, kind: str, licence: str | None, expires: dt.date | None,
                 address: str, operator: int) -> int:
        fid = w.add("facility", {
            "name": name, "kind": kind, "licence_no": licence,
            "licence_authority": "식품의약품안전처" if licence else None, "licence_expires_on": expires,
            "timezone": clock.DEFAULT_ZONE, "address": address, "operator_id": operator,
        }, stamp=ctx.stamp_on(start - dt.timedelta(days=700)))["id"]
        ctx.facilities[key] = fid
        return fid

    def resources(key: str, fid: int, rows) -> None:
        for (name, code, kind, grade, unit, changeover, lo, hi, requal, qual, fee, users) in rows:
            spec = _resource(ctx, rng, fid, key, name, code, kind, grade, unit, changeover, lo, hi,
                             requal, qual, fee, users)
            specs.append(spec)

    fid = facility("gmp", "한빛 바이오의약품 GMP 센터", "gmp_plant", "제2019-0417호",
                   None, "충청북도 청주시 흥덕구 오송읍 오송생명로 123", foundation)
    resources("gmp", fid, _GMP)
    # The licence of the foundation's cell processing facility expires within 120 days: the
    # renewal alert shows.
    fid = facility("cpf", "첨단재생의료 세포처리시설 (바이오혁신센터)", "cell_processing",
                   "첨단재생-세포처리-제2022-03호", today + dt.timedelta(days=rng.randint(45, 110)),
                   "충청북도 청주시 흥덕구 오송읍 오송생명로 125", foundation)
    resources("cpf", fid, _CPF)
    fid = facility("cpf2", "한빛재생의료병원 세포처리시설", "cell_processing",
                   "첨단재생-세포처리-제2024-11호", today + dt.timedelta(days=rng.randint(500, 900)),
                   "충청북도 청주시 흥덕구 오송읍 오송가락로 77", ctx.special["hosp3"])
    resources("cpf2", fid, _CPF2)
    fid = facility("qc", "품질관리(QC) 시험실", "qc_lab", None, None,
                   "충청북도 청주시 흥덕구 오송읍 오송생명로 125, 3층", foundation)
    resources("qc", fid, _QC)
    # Two instruments that cannot be booked: one under repair, one retired.
    for name, code, status in (("용출시험기 (수리 중)", "QC-DISS", "out_of_service"),
                               ("구형 HPLC (불용 처리)", "QC-HPLC0", "retired")):
        spec = _resource(ctx, rng, fid, "qc", name, code, "equipment", None, "hour", 0, 1, 4, None, False,
                         20_000, "qc", status=status)
        spec.bookable = False
        specs.append(spec)
    fid = facility("pilot", "천연물 파일럿 플랜트", "pilot_plant", None, None,
                   "충청북도 제천시 한방엑스포로 19", foundation)
    resources("pilot", fid, _PILOT)

    if ctx.size.labs:
        working_days = sum(1 for i in range((end - start).days + 1)
                           if (start + dt.timedelta(days=i)).weekday() < 5)
        hour_now = sum(1 for s in specs if s.unit == "hour" and s.bookable)
        needed = math.ceil(ctx.size.bookings / (working_days * HOUR_BOOKINGS_PER_DAY)) - hour_now
        per_lab = max(1, math.ceil(needed / ctx.size.labs))
        made = 0
        for lab in range(1, ctx.size.labs + 1):
            key = f"lab{lab}"
            fid = facility(key, f"분석지원센터 {lab}관", "qc_lab", None, None,
                           f"충청북도 청주시 흥덕구 오송읍 바이오산업로 {100 + lab}", foundation)
            rows = []
            for k in range(per_lab):
                if made >= needed:
                    break
                base, fee, changeover = _LAB_INSTRUMENTS[k % len(_LAB_INSTRUMENTS)]
                rows.append((f"{base} #{k // len(_LAB_INSTRUMENTS) + 1}", f"L{lab:02d}-{k + 1:03d}",
                             "equipment", None, "hour", changeover, 1, 3, None, False, fee, "qc"))
                made += 1
            resources(key, fid, rows)

    _closure_days(ctx)
    _qualifications(ctx, rng, specs)
    return specs


def _resource(ctx: Context, rng, fid: int, key: str, name: str, code: str, kind: str, grade: str | None,
              unit: str, changeover: float, lo: int, hi: int, requal: int | None, qual: bool, fee: int,
              users: str, *, status: str = "available") -> ResourceSpec:
    w = ctx.writer
    start, end = ctx.horizon
    last_qualified = None
    windows: list[tuple[dt.date, int, str, str]] = []  # (first day, days, kind, note)
    if requal:
        # The last requalification ended between 20 days ago and early enough that the next one is
        # due after the current quarter; earlier ones every `requal` days before it.
        offset = rng.randint(20, max(21, min(requal - 100, 250)))
        last_qualified = ctx.today - dt.timedelta(days=offset)
        done = last_qualified
        while done > start - dt.timedelta(days=requal):
            windows.append((done - dt.timedelta(days=3), 3, "requalification", "정기 재적격성 평가 (PQ)"))
            done -= dt.timedelta(days=requal)
    # Preventive maintenance: one day (hour-booked equipment) or two (suites, day-booked) each
    # quarter, plus one in the next quarter.
    quarters = ctx.quarters + [ctx.quarters[-1].next()]
    requal_days = {x + dt.timedelta(days=i) for x, n, _k, _t in windows for i in range(n)}
    for q in quarters:
        length = 1 if unit == "hour" else 2
        first = q.start + dt.timedelta(days=rng.randint(10, 80))
        if {first + dt.timedelta(days=i) for i in range(-1, length + 1)} & requal_days:
            continue
        windows.append((first, length, "maintenance", "정기 예방정비"))
    row = w.add("resource", {
        "facility_id": fid, "name": name, "code": code, "kind": kind, "cleanroom_grade": grade,
        "booking_unit": unit, "changeover_hours": float(changeover), "min_units": lo, "max_units": hi,
        "requalification_days": requal, "last_qualified_on": last_qualified,
        "requires_qualification": qual, "status": status,
    }, stamp=ctx.stamp_on(start - dt.timedelta(days=600)))
    spec = ResourceSpec(row["id"], name, key, unit, float(changeover), lo, hi, qual, _rates(fee), users)
    for cls, cls_id in ctx.user_classes.items():
        w.add("resource_rate", {"resource_id": spec.id, "user_class_id": cls_id,
                                "fee_per_unit_krw": spec.rates[cls]}, stamp=ctx.stamp_on(start))
    for first, n, kind_, note in sorted(windows):
        w.add("maintenance_window", {
            "resource_id": spec.id, "kind": kind_, "starts_at": _local_midnight(first),
            "ends_at": _local_midnight(first + dt.timedelta(days=n)), "note": note,
        }, stamp=ctx.stamp_on(min(first, ctx.today) - dt.timedelta(days=30)))
        spec.blocked.update(first + dt.timedelta(days=i) for i in range(n))
    return spec


def _closure_days(ctx: Context) -> None:
    start, end = ctx.horizon
    for year in range(start.year, end.year + 2):
        for day, name in ((dt.date(year, 5, 20), "재단 창립기념일"), (dt.date(year, 12, 31), "연말 휴무")):
            ctx.writer.add("closure_day", {"day": day, "name": name}, stamp=ctx.stamp_on(dt.date(year, 1, 2)))


def _qualifications(ctx: Context, rng, specs: list[ResourceSpec]) -> None:
    """Clear the booking organizations' first contact for each resource that requires it (valid well
    past the five quarters); a few more qualifications expire soon or have expired (never named on a
    booking after their end)."""
    start, end = ctx.horizon
    pools = user_pools(ctx)
    cap = 6 if ctx.size.name == "small" else 25
    for spec in specs:
        if not spec.requires_qualification or not spec.bookable:
            continue
        candidates = [o for o in pools[spec.users] if o.contacts]
        chosen = rng.sample(candidates, min(cap, len(candidates)))
        for org in chosen:
            contact_id, contact_name = org.contacts[0]
            granted = start - dt.timedelta(days=rng.randint(10, 300))
            ctx.writer.add("qualification", {
                "resource_id": spec.id, "contact_id": contact_id, "organization_id": None,
                "granted_on": granted, "valid_until": end + dt.timedelta(days=rng.randint(200, 700)),
            }, stamp=ctx.stamp_on(granted))
            spec.qualified[org.id] = (contact_id, contact_name)
            if len(org.contacts) > 1 and rng.random() < 0.4:
                other_id = org.contacts[1][0]
                valid_until = ctx.today + dt.timedelta(days=rng.randint(-60, 30))
                ctx.writer.add("qualification", {
                    "resource_id": spec.id, "contact_id": other_id, "organization_id": None,
                    "granted_on": valid_until - dt.timedelta(days=365), "valid_until": valid_until,
                }, stamp=ctx.stamp_on(valid_until - dt.timedelta(days=365)))


def user_pools(ctx: Context) -> dict[str, list[OrgRef]]:
    """Which organizations book which kind of resource (deterministic order)."""
    companies = ctx.companies()
    academic = [o for o in ctx.orgs if o.kind in ("university", "research_institute")]
    vn = [o for o in ctx.orgs if o.kind == "foreign_partner" and o.country == "VN"]
    gmp = [o for o in companies if o.sector in ("herbal_medicine", "bio", "cosmetics", "regenerative_medicine")]
    cpf = [o for o in companies if o.sector in ("regenerative_medicine", "bio")] + \
        [o for o in academic + ctx.kind("hospital") if o.sector == "regenerative_medicine"]
    pilot = [o for o in companies if o.sector in ("herbal_medicine", "processor", "raw_herb_supplier",
                                                  "cosmetics")] + academic
    qc = companies + academic + vn
    return {"gmp": gmp, "cpf": cpf, "pilot": pilot, "qc": qc}
