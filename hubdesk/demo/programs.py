"""Demo programs for last year and this year (MOTIE, MAFRA, MSS, MOHW, province, city): budget lines by
source and cost item, milestones in every derived status, monthly expenditures against the lines,
participating companies, KPI targets and events. One program (MOHW) runs over both years."""

from __future__ import annotations

import datetime as dt
import random

from hubdesk.demo.context import Context

# (funder, Korean name, English name, national, provincial, city, private budget in 100 million KRW, manager)
_PROGRAMS = (
    ("motie", "지역혁신 바이오헬스 선도산업 육성사업", "Regional bio-health leading industry program",
     28.0, 8.0, 4.0, 3.0, "사업기획팀 김태호"),
    ("mafra", "제천 한방천연물 산업클러스터 활성화 사업", "Jecheon herbal natural products cluster",
     15.0, 4.0, 2.5, 1.5, "클러스터지원팀 이보람"),
    ("mss", "바이오 스타트업 스케일업 지원사업", "Bio start-up scale-up support", 9.0, 2.0, 1.0, 0.8, "창업성장팀 윤서준"),
    ("mohw", "첨단재생의료 임상진입 지원사업", "Advanced regenerative medicine clinical entry support",
     12.0, 4.0, 0.0, 0.0, "임상진입지원팀 정하은"),
    ("province", "충청북도 K-뷰티·한방 수출지원사업", "Chungbuk K-beauty and herbal export support",
     0.0, 6.0, 0.0, 0.5, "해외사업팀 송지민"),
    ("city", "제천시 한방바이오 기업 성장지원사업", "Jecheon herbal bio company growth support",
     0.0, 0.0, 3.5, 0.3, "클러스터지원팀 문경호"),
)
_MULTI_YEAR = "mohw"   # one program for both years instead of one per year
# Share of each source's budget by cost item (ExpenseCategory values).
_SPLIT = {
    "national": (("personnel", 0.2), ("company_support", 0.4), ("equipment", 0.15), ("outsourcing", 0.1),
                 ("operating", 0.1), ("travel", 0.05)),
    "provincial": (("company_support", 0.6), ("operating", 0.3), ("business_promotion", 0.1)),
    "city": (("company_support", 0.7), ("operating", 0.3)),
    "private": (("materials", 0.6), ("company_support", 0.4)),
}
_MILESTONES = ("사업 공고 및 수요기업 모집", "지원기업 선정평가위원회 개최", "협약 체결 및 사업비 교부",
               "상반기 중간점검", "공동마케팅 박람회 참가", "하반기 성과점검 및 현장실사", "연차평가 보고서 제출",
               "최종 정산 및 결과보고")
_SPEND_NOTES = {"personnel": "사업 전담인력 인건비", "company_support": "지원기업 바우처 지급",
                "equipment": "분석장비 구축", "outsourcing": "기업진단 컨설팅 용역", "operating": "행사 운영비",
                "travel": "국내외 출장 여비", "business_promotion": "협력기관 간담회", "materials": "시제품 원료 구입"}
_ROLES = ("beneficiary", "cohort_member", "partner")
_TARGET_KPIS = {
    "motie": ("companies_supported", "support_equipment_use", "support_testing", "new_jobs", "sales_krw",
              "investment_agreed_krw", "utilisation_rate", "fee_revenue_krw"),
    "mafra": ("companies_supported", "support_prototype", "support_marketing", "sales_krw", "events",
              "certifications_new"),
    "mss": ("companies_supported", "support_consulting", "investment_executed_krw", "new_jobs",
            "patents_filed"),
    "mohw": ("case_submissions", "case_approvals", "median_review_days"),
    "province": ("export_consultations", "export_contracts_krw", "buyer_meetings", "exports_krw"),
    "city": ("companies_supported", "support_marketing", "event_participants"),
}
_TARGET_SCALE = {
    "companies_supported": 40, "support_equipment_use": 60, "support_testing": 50, "support_prototype": 20,
    "support_marketing": 25, "support_consulting": 30, "new_jobs": 35, "sales_krw": 12_000_000_000,
    "investment_agreed_krw": 5_000_000_000, "investment_executed_krw": 3_000_000_000,
    "utilisation_rate": 0.65, "fee_revenue_krw": 800_000_000, "events": 12, "certifications_new": 10,
    "patents_filed": 15, "case_submissions": 6, "case_approvals": 4, "median_review_days": 90,
    "export_consultations": 80, "export_contracts_krw": 2_500_000_000, "buyer_meetings": 60,
    "exports_krw": 6_000_000_000, "event_participants": 600,
}
_RATIO_OR_DAYS = {"utilisation_rate", "median_review_days"}

# (kind, Korean name, location, languages of the guests)
_EVENTS = (
    ("networking", "한방바이오 산학연관 네트워킹 데이", "제천 한방엑스포공원 국제회의실"),
    ("joint_marketing", "K-한방 공동브랜드 공동마케팅 팝업스토어", "서울 성수동"),
    ("buyer_meeting", "베트남 바이어 초청 1:1 구매상담회", "충북 오송 C&V센터"),
    ("export_consultation", "하노이 한방·화장품 수출상담회 (Hội chợ xúc tiến xuất khẩu)", "Hà Nội, Việt Nam"),
    ("export_consultation", "호치민 K-뷰티 수출상담회", "TP. Hồ Chí Minh, Việt Nam"),
    ("seminar", "첨단재생의료 임상진입 설명회", "오송 바이오혁신센터 세미나실"),
    ("exhibition", "제천국제한방바이오산업엑스포 공동관", "제천 한방엑스포공원"),
    ("exhibition", "CPHI Korea 공동관 참가", "서울 코엑스"),
    ("buyer_meeting", "Global Buyer Matching Day (English sessions)", "충북 오송 C&V센터"),
)


def _won(x: float) -> int:
    return int(round(x / 1000.0)) * 1000


def build(ctx: Context) -> None:
    rng = ctx.rng("programs")
    w = ctx.writer
    year = ctx.today.year
    scale = max(1.0, (ctx.size.organizations / 60) ** 0.5)
    wanted = ["done", "late", "at_risk", "on_track"]  # this year's first milestones, then random
    multi: int | None = None
    for fiscal in (year - 1, year):
        for funder, name, name_en, nat, prov, city, priv, manager in _PROGRAMS:
            budgets = {src: _won(v * 1e8 * rng.uniform(0.9, 1.1)) if v else 0
                       for src, v in (("national", nat), ("provincial", prov), ("city", city), ("private", priv))}
            if funder == _MULTI_YEAR and multi is not None:
                pid = multi
            else:
                last = year if funder == _MULTI_YEAR else None
                pid = w.add("program", {
                    "name": name if last else f"{fiscal}년 {name}", "name_en": name_en, "funder": funder,
                    "fiscal_year": fiscal, "last_fiscal_year": last,
                    "status": "closed" if fiscal < year and not last else "active",
                    "starts_on": dt.date(fiscal, 3, 1), "ends_on": dt.date(last or fiscal, 12, 31),
                    "manager": manager,
                    "description": f"{name} ({fiscal}–{last} 회계연도)" if last else f"{name} ({fiscal} 회계연도)",
                }, stamp=ctx.stamp_on(dt.date(fiscal, 1, 2) if fiscal < year else min(ctx.today, dt.date(fiscal, 1, 2))))["id"]
                if funder == _MULTI_YEAR:
                    multi = pid
                _participants(ctx, rng, pid, fiscal)
            ctx.programs.append((pid, fiscal, funder))
            _milestones(ctx, rng, pid, fiscal, manager, wanted,
                        prefix=f"{fiscal}년 " if funder == _MULTI_YEAR else "")
            _expenditures(ctx, rng, pid, fiscal, budgets)
            for kpi in _TARGET_KPIS[funder]:
                base = _TARGET_SCALE[kpi]
                value = base if kpi in _RATIO_OR_DAYS else base * scale * rng.uniform(0.8, 1.2)
                if kpi not in _RATIO_OR_DAYS:
                    value = float(round(value)) if value < 1e6 else float(_won(value))
                w.add("kpi_target", {"program_id": pid, "year": fiscal, "quarter": None, "kpi": kpi,
                                     "target_value": value}, stamp=ctx.stamp_on(dt.date(fiscal, 1, 2)))
    # Foundation-wide quarterly targets for the five quarters.
    for q in ctx.quarters:
        for kpi in ("companies_supported", "utilisation_rate", "events", "fee_revenue_krw"):
            base = _TARGET_SCALE[kpi]
            value = base if kpi == "utilisation_rate" else float(round(base * scale / 4))
            w.add("kpi_target", {"program_id": None, "year": q.year, "quarter": q.quarter, "kpi": kpi,
                                 "target_value": value}, stamp=ctx.stamp_on(q.start))
    _events(ctx, rng, scale)


def _milestones(ctx: Context, rng: random.Random, pid: int, fiscal: int, owner: str, wanted: list[str], *,
                prefix: str = "") -> None:
    today = ctx.today
    year_end = dt.date(fiscal, 12, 31)
    count = 5
    for i in range(count):
        title = prefix + _MILESTONES[min(len(_MILESTONES) - 1, i * len(_MILESTONES) // count)]
        due = dt.date(fiscal, 1, 1) + dt.timedelta(days=int((i + 0.7) * 365 / count) + rng.randint(-10, 10))
        started = done = None
        if fiscal < today.year:
            # last year: almost all done, some late; one in six still open (late)
            if rng.random() < 0.85:
                done = due + dt.timedelta(days=rng.choice((-5, -2, 0, 3, 12, 25)))
                started = due - dt.timedelta(days=rng.randint(20, 60))
            else:
                started = due - dt.timedelta(days=rng.randint(20, 60))
        else:
            status = wanted.pop(0) if wanted else None
            if status == "done":
                due = min(due, today + dt.timedelta(days=20))
                started = due - dt.timedelta(days=40)
                done = min(today, due)
            elif status == "late" and today > dt.date(fiscal, 1, 1):
                due = today - dt.timedelta(days=rng.randint(1, min(30, (today - dt.date(fiscal, 1, 1)).days)))
                started = due - dt.timedelta(days=30)
            elif status == "at_risk":
                due = min(year_end, today + dt.timedelta(days=rng.randint(3, 13)))
            elif status == "on_track":
                due = min(year_end, today + dt.timedelta(days=rng.randint(20, 120)))
                started = today - dt.timedelta(days=rng.randint(1, 20))
            else:
                if due < today:
                    started = due - dt.timedelta(days=rng.randint(20, 60))
                    done = due + dt.timedelta(days=rng.choice((-7, -1, 0, 4))) if rng.random() < 0.8 else None
                    if done and done > today:
                        done = today
                elif due <= today + dt.timedelta(days=30) and rng.random() < 0.7:
                    started = today - dt.timedelta(days=rng.randint(0, 15))
            if started and started > today:
                started = today
        ctx.writer.add("milestone", {"program_id": pid, "title": title, "due_on": due, "started_on": started,
                                     "done_on": done, "owner": owner},
                       stamp=ctx.stamp_on(min(today, dt.date(fiscal, 1, 5))))


def _participants(ctx: Context, rng: random.Random, pid: int, fiscal: int) -> None:
    companies = ctx.companies()
    partners = [o for o in ctx.orgs if o.kind in ("university", "research_institute", "hospital")]
    joined = min(ctx.today, dt.date(fiscal, 4, 1))
    chosen = [(o, "beneficiary") for o in rng.sample(companies, min(len(companies), rng.randint(4, 8)))]
    chosen += [(o, "partner") for o in rng.sample(partners, min(len(partners), rng.randint(1, 2)))]
    for org, role in chosen:
        ctx.writer.add("participant", {"program_id": pid, "organization_id": org.id, "role": role,
                                       "joined_on": joined, "left_on": None, "note": None},
                       stamp=ctx.stamp_on(joined))


def _expenditures(ctx: Context, rng: random.Random, pid: int, fiscal: int, budgets: dict[str, int]) -> None:
    today = ctx.today
    for source, total in budgets.items():
        if not total:
            continue
        for category, share in _SPLIT[source]:
            budget = _won(total * share)
            line = ctx.writer.add("budget_line", {
                "program_id": pid, "fiscal_year": fiscal, "source": source, "category": category,
                "amount_krw": budget, "note": None}, stamp=ctx.stamp_on(dt.date(fiscal, 1, 2)))
            _spend(ctx, rng, line, budget)


def _spend(ctx: Context, rng: random.Random, line: dict, budget: int) -> None:
    today = ctx.today
    fiscal, pid, source, category = line["fiscal_year"], line["program_id"], line["source"], line["category"]
    # Last year ends at 92–100 % of the budget; this year runs at 70–100 % of the time elapsed.
    rate = rng.uniform(0.92, 0.99) if fiscal < today.year else rng.uniform(0.7, 1.0)
    spent = 0
    for month in range(1, 13):
        first = dt.date(fiscal, month, 1)
        if first > today:
            break
        share = budget * rate / 12
        k = rng.randint(1, 3)
        for _k in range(k):
            last = (dt.date(fiscal + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            day = first + dt.timedelta(days=rng.randint(0, (min(last, today) - first).days))
            amount = min(_won(share / k * rng.uniform(0.8, 1.2)), budget - spent)
            if amount <= 0:
                break
            spent += amount
            ctx.writer.add("expenditure", {
                "program_id": pid, "budget_line_id": line["id"], "spent_on": day, "source": source,
                "amount_krw": amount, "category": category, "description": _SPEND_NOTES[category],
            }, stamp=ctx.stamp_on(day))


def _events(ctx: Context, rng: random.Random, scale: float) -> None:
    start, end = ctx.horizon
    first_day = dt.date(start.year, 1, 1)
    programs_by_year: dict[int, list[int]] = {}
    for pid, fiscal, _f in ctx.programs:
        programs_by_year.setdefault(fiscal, []).append(pid)
    n = int(round(len(_EVENTS) * 2 * scale))
    span = (end - first_day).days
    for i in range(n):
        kind, name, location = _EVENTS[i % len(_EVENTS)]
        day = first_day + dt.timedelta(days=rng.randint(0, span))
        past = day <= ctx.today
        participants = rng.randint(20, 180) if past else 0
        buyers = consult = contracts = 0
        consult_krw = contract_krw = 0
        if past and kind in ("buyer_meeting", "export_consultation", "exhibition"):
            buyers = rng.randint(8, 60)
            consult = rng.randint(5, buyers)
            consult_krw = _won(consult * rng.uniform(20e6, 150e6))
            contracts = rng.randint(0, max(1, consult // 4))
            contract_krw = _won(contracts * rng.uniform(15e6, 120e6))
        pid = rng.choice(programs_by_year.get(day.year) or [None]) if rng.random() < 0.9 else None
        eid = ctx.writer.add("event", {
            "program_id": pid, "name": f"{day.year} {name}", "kind": kind, "held_on": day, "location": location,
            "description": None,
            "participants": participants, "buyer_meetings": buyers, "export_consultations": consult,
            "export_consultation_krw": consult_krw, "export_contracts": contracts,
            "export_contract_krw": contract_krw,
        }, stamp=ctx.stamp_on(min(day, ctx.today) - dt.timedelta(days=20)))["id"]
        ctx.events.append((eid, day, participants))
