"""Demo interactions (meetings, consultations, support of every type, event attendance) and quarterly
KPI values of the companies, over the five quarters."""

from __future__ import annotations

import datetime as dt
import random

from hubdesk.demo.context import Context

_SUPPORT_TYPES = ("equipment_use", "prototype", "testing", "consulting", "certification", "marketing")
_SUMMARIES = {
    "equipment_use": "공동장비 활용 지원 (QC 시험실·GMP 제조실)",
    "prototype": "시제품 제작 지원 (파일럿 플랜트)",
    "testing": "품질 시험·분석 성적서 발급 지원",
    "consulting": "GMP·인허가 컨설팅",
    "certification": "HACCP·할랄·ISO 인증 취득 지원",
    "marketing": "공동브랜드 마케팅·온라인 판로 지원",
    "meeting": "기업 방문 상담 및 애로사항 청취",
    "consultation": "투자유치·기술이전 상담",
}
_SUMMARIES_VI = {
    "meeting": "Họp trao đổi hợp tác nhập khẩu dược liệu Hàn Quốc",
    "consultation": "Tư vấn đăng ký lưu hành mỹ phẩm tại Việt Nam",
}
_STAFF = ("클러스터지원팀 이보람", "창업성장팀 윤서준", "해외사업팀 송지민", "바이오혁신센터 한지원")

_HEADCOUNT = {"pre_startup": (1, 4), "startup": (3, 12), "early": (8, 25), "growth": (20, 80),
              "scale_up": (50, 200), "mature": (100, 500)}


def _day_in(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def build(ctx: Context) -> None:
    rng = ctx.rng("activity")
    w = ctx.writer
    today = ctx.today
    companies = ctx.companies()
    others = [o for o in ctx.orgs if o.kind != "company" and o.kind != "government"]
    for q in ctx.quarters:
        last = min(q.end, today)
        for org in companies:
            r = rng.random()
            if r < 0.45:
                for _k in range(rng.randint(1, 3)):
                    st = rng.choice(_SUPPORT_TYPES)
                    day = _day_in(rng, q.start, last)
                    w.add("interaction", {
                        "organization_id": org.id, "kind": "support", "support_type": st, "occurred_on": day,
                        "summary": _SUMMARIES[st], "staff": rng.choice(_STAFF), "event_id": None,
                    }, stamp=ctx.stamp_on(day))
            if rng.random() < 0.25:
                kind = rng.choice(("meeting", "consultation"))
                day = _day_in(rng, q.start, last)
                w.add("interaction", {
                    "organization_id": org.id, "kind": kind, "support_type": None, "occurred_on": day,
                    "summary": _SUMMARIES[kind], "staff": rng.choice(_STAFF), "event_id": None,
                }, stamp=ctx.stamp_on(day))
        for org in others:
            if rng.random() < 0.3:
                kind = rng.choice(("meeting", "consultation"))
                day = _day_in(rng, q.start, last)
                summary = _SUMMARIES_VI[kind] if org.language == "vi" else _SUMMARIES[kind]
                w.add("interaction", {
                    "organization_id": org.id, "kind": kind, "support_type": None, "occurred_on": day,
                    "summary": summary, "staff": rng.choice(_STAFF), "event_id": None,
                }, stamp=ctx.stamp_on(day))
    attendees = companies + [o for o in ctx.orgs if o.kind == "foreign_partner"]
    for eid, day, participants in ctx.events:
        if not participants:
            continue
        for org in rng.sample(attendees, min(len(attendees), max(1, participants // 4))):
            w.add("event_participant", {"event_id": eid, "organization_id": org.id, "note": None},
                  stamp=ctx.stamp_on(day))
            w.add("interaction", {
                "organization_id": org.id, "kind": "event_attendance", "support_type": None, "occurred_on": day,
                "summary": None, "staff": None, "event_id": eid,
            }, stamp=ctx.stamp_on(day))
    _kpi_values(ctx, rng)


def _kpi_values(ctx: Context, rng: random.Random) -> None:
    current = ctx.quarters[-1]
    for org in ctx.companies():
        lo, hi = _HEADCOUNT.get(rng.choice(tuple(_HEADCOUNT)), (3, 12))
        headcount = rng.randint(lo, hi)
        sales = headcount * rng.randint(40, 250) * 1_000_000 // 4
        exporter = rng.random() < 0.35
        for q in ctx.quarters:
            if q == current and rng.random() > 0.4:
                continue  # figures of the running quarter come in late
            hires = max(0, int(rng.gauss(headcount * 0.06, 1.5)))
            permanent = rng.randint(0, hires)
            headcount = max(1, headcount + hires - rng.randint(0, max(0, hires - 1)))
            sales = max(0, int(sales * rng.uniform(0.85, 1.25)))
            agreed = rng.choice((0,) * 12 + (500_000_000, 1_000_000_000, 2_000_000_000, 300_000_000))
            executed = int(agreed * rng.choice((0.0, 0.5, 1.0))) if agreed else \
                rng.choice((0,) * 15 + (200_000_000,))
            ctx.writer.add("kpi_value", {
                "organization_id": org.id, "year": q.year, "quarter": q.quarter, "headcount": headcount,
                "new_hires": hires, "permanent_hires": permanent, "sales_krw": sales // 1000 * 1000,
                "exports_krw": (sales * rng.randint(5, 40) // 100) // 1000 * 1000 if exporter else 0,
                "investment_agreed_krw": agreed, "investment_executed_krw": executed,
                "patents_filed": rng.choice((0, 0, 0, 1, 1, 2)), "patents_registered": rng.choice((0, 0, 0, 0, 1)),
            }, stamp=ctx.stamp_on(min(ctx.today, q.end)))
