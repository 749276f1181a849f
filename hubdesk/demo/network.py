"""Demo organizations of the herbal & natural-products cluster and the regenerative-medicine bio hub,
with user classes, contacts and certifications."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from hubdesk.db.schema import UserClass
from hubdesk.demo import idnumbers, names
from hubdesk.demo.context import Context, OrgRef

# The user classes the demo gives organizations: (code, Korean name, English name). A new database
# already holds the standard classes (migration 0003_network) with these codes; only missing ones
# are added, so the demo never makes a second class of the same code.
USER_CLASSES = (
    ("member", "회원기업", "Member company"),
    ("non_member", "비회원기업", "Non-member company"),
    ("academic", "대학·연구기관", "University or research institute"),
    ("public", "공공기관", "Public institution"),
)

# (key, Korean name, English name, kind, sector, region)
_INSTITUTIONS = (
    ("foundation", "한빛바이오헬스산업진흥재단", "Hanbit Bio-Health Industry Foundation", "government", "other",
     "충청북도 제천시"),
    ("motie", "산업통상자원부", "Ministry of Trade, Industry and Energy", "government", None, "세종특별자치시"),
    ("mafra", "농림축산식품부", "Ministry of Agriculture, Food and Rural Affairs", "government", None,
     "세종특별자치시"),
    ("mss", "중소벤처기업부", "Ministry of SMEs and Startups", "government", None, "세종특별자치시"),
    ("mohw", "보건복지부", "Ministry of Health and Welfare", "government", None, "세종특별자치시"),
    ("mfds", "식품의약품안전처", "Ministry of Food and Drug Safety", "government", None,
     "충청북도 청주시 흥덕구 오송읍"),
    ("province", "충청북도", "Chungcheongbuk-do Provincial Government", "government", None, "충청북도 청주시"),
    ("city", "제천시", "Jecheon City", "government", None, "충청북도 제천시"),
    ("kotra", "대한무역투자진흥공사(KOTRA) 충북지원단", "KOTRA Chungbuk Office", "government", None,
     "충청북도 청주시"),
    ("univ1", "세명대학교", "Semyung University", "university", "herbal_medicine", "충청북도 제천시"),
    ("univ2", "충북대학교", "Chungbuk National University", "university", "bio", "충청북도 청주시"),
    ("univ3", "대구한의대학교", "Daegu Haany University", "university", "herbal_medicine", "경상북도 경산시"),
    ("univ4", "한빛대학교 약학대학", "Hanbit University College of Pharmacy", "university", "bio",
     "충청북도 충주시"),
    ("inst1", "한국한의학연구원", "Korea Institute of Oriental Medicine", "research_institute",
     "herbal_medicine", "대전광역시 유성구"),
    ("inst2", "한국생명공학연구원", "Korea Research Institute of Bioscience and Biotechnology",
     "research_institute", "bio", "대전광역시 유성구"),
    ("inst3", "충청북도농업기술원", "Chungbuk Agricultural Research and Extension Services",
     "research_institute", "raw_herb_supplier", "충청북도 청주시"),
    ("inst4", "오송첨단의료산업진흥재단", "Osong Medical Innovation Foundation", "research_institute",
     "regenerative_medicine", "충청북도 청주시 흥덕구 오송읍"),
    ("hosp1", "충북대학교병원", "Chungbuk National University Hospital", "hospital",
     "regenerative_medicine", "충청북도 청주시"),
    ("hosp2", "세명대학교 부속 제천한방병원", "Semyung University Jecheon Korean Medicine Hospital",
     "hospital", "herbal_medicine", "충청북도 제천시"),
    ("hosp3", "한빛재생의료병원", "Hanbit Regenerative Medicine Hospital", "hospital",
     "regenerative_medicine", "충청북도 청주시 흥덕구 오송읍"),
    ("hosp4", "청풍대학교병원", "Cheongpung University Hospital", "hospital", "regenerative_medicine",
     "충청북도 충주시"),
)

_SECTOR_WEIGHTS = (("herbal_medicine", 18), ("bio", 18), ("cosmetics", 15), ("processor", 14),
                   ("raw_herb_supplier", 12), ("regenerative_medicine", 13), ("medical_device", 5),
                   ("other", 5))
_STATUS_WEIGHTS = (("member", 45), ("tenant", 15), ("prospect", 20), ("partner", 5), ("alumni", 10),
                   ("inactive", 5))
_GROWTH_WEIGHTS = (("pre_startup", 5), ("startup", 25), ("early", 25), ("growth", 25), ("scale_up", 12),
                   ("mature", 8))

_CERTS = {
    "herbal_medicine": ("kgmp", "gmp", "iso9001", "venture", "innobiz"),
    "bio": ("gmp", "iso9001", "venture", "innobiz"),
    "cosmetics": ("cosmetic_gmp", "iso9001", "halal", "venture"),
    "processor": ("haccp", "iso9001", "halal", "organic"),
    "raw_herb_supplier": ("organic", "haccp", "other"),
    "regenerative_medicine": ("gmp", "cgmp", "venture", "innobiz"),
    "medical_device": ("iso13485", "iso9001", "venture"),
    "other": ("venture", "iso9001"),
}
_ISSUERS = {
    "gmp": "식품의약품안전처", "kgmp": "식품의약품안전처", "cgmp": "식품의약품안전처",
    "cosmetic_gmp": "식품의약품안전처", "haccp": "한국식품안전관리인증원", "iso9001": "한국표준협회",
    "iso13485": "한국표준협회", "venture": "벤처기업확인기관", "innobiz": "중소벤처기업부",
    "halal": "한국이슬람교중앙회", "organic": "국립농산물품질관리원", "other": "국립농산물품질관리원 (GAP)",
}
_VALID_YEARS = {"gmp": 3, "kgmp": 3, "venture": 3, "innobiz": 3, "iso9001": 3, "iso13485": 3, "haccp": 3, "halal": 3,
                "organic": 1, "other": 2}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted], k=1)[0]


def _ko_phone(rng: random.Random, area: str) -> str:
    return f"{area}-{rng.randint(200, 899)}-{rng.randint(0, 9999):04d}"


def _ko_address(rng: random.Random, region: str) -> str:
    return f"{region} {rng.choice(names.KO_ROADS)} {rng.randint(1, 240)}"


def _days_before(rng: random.Random, day: dt.date, lo: int, hi: int) -> dt.date:
    return day - dt.timedelta(days=rng.randint(lo, hi))


def build(ctx: Context) -> None:
    rng = ctx.rng("network")
    w = ctx.writer
    existing = dict(w.session.execute(select(UserClass.code, UserClass.id)).all())
    for code, name, name_en in USER_CLASSES:
        ctx.user_classes[code] = existing.get(code) or w.add(
            "user_class", {"code": code, "name": name, "name_en": name_en}, stamp=ctx.stamp)["id"]

    n = ctx.size.organizations
    used_brn: set[str] = set()
    used_mst: set[str] = set()
    used_names: set[str] = set()
    start, _end = ctx.horizon

    def add_org(row: dict, *, language: str, key: str | None = None) -> OrgRef:
        row.setdefault("growth_stage", None)
        for col in ("business_no", "corporate_no", "vn_tax_code", "member_since", "agreement_signed_on",
                    "moved_in_on", "website", "notes", "sector", "name_en"):
            row.setdefault(col, None)
        cls = row.pop("user_class")
        row["user_class_id"] = ctx.user_classes[cls]
        since = row.get("member_since")
        w.add("organization", row, stamp=ctx.stamp_on(since or start - dt.timedelta(days=400)))
        ref = OrgRef(row["id"], row["kind"], row["sector"], cls, row["country"], row["name"], language,
                     since=since)
        ctx.orgs.append(ref)
        if key:
            ctx.special[key] = ref.id
        return ref

    def add_contacts(ref: OrgRef, count: int, domain: str) -> None:
        for i in range(count):
            if ref.language == "vi":
                person = names.vietnamese_person(rng)
                roman = names.ascii_slug(person.split()[-1]) + "." + names.ascii_slug(person.split()[0])
                title, dept = rng.choice(names.VI_TITLES), rng.choice(names.VI_DEPARTMENTS)
                phone = f"+84 {rng.randint(20, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            elif ref.language == "en":
                person = names.english_person(rng)
                roman = names.ascii_slug(person.replace(" ", "."))
                title, dept = rng.choice(names.EN_TITLES), None
                phone = f"+{rng.randint(1, 65)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            else:
                person, romanized = names.korean_person(rng)
                roman = names.ascii_slug(romanized.split()[0]) + "." + names.ascii_slug(romanized.split()[1])
                if ref.kind == "company":
                    title, dept = rng.choice(names.KO_TITLES), rng.choice(names.KO_DEPARTMENTS)
                else:
                    title, dept = rng.choice(names.INST_TITLES), None
                phone = f"010-{rng.randint(2000, 9999)}-{rng.randint(0, 9999):04d}"
            row = w.add("contact", {
                "organization_id": ref.id, "name": person, "title": title, "department": dept,
                "email": f"{roman}{rng.randint(1, 99) if i else ''}@{domain}", "phone": phone,
                "is_primary": i == 0, "language": ref.language,
            }, stamp=ctx.stamp_on(ref.since or start - dt.timedelta(days=400)))
            ref.contacts.append((row["id"], person))

    # Institutions: ministries, the drug authority, province, city, trade agency, universities,
    # institutes, partner hospitals. Larger sizes get more universities, institutes and hospitals.
    extra = {"university": max(0, n // 200 - 4), "research_institute": max(0, n // 300 - 4),
             "hospital": max(0, n // 250 - 4)}
    for key, ko, en, kind, sector, region in _INSTITUTIONS:
        cls = {"university": "academic", "research_institute": "academic"}.get(kind, "public")
        domain = names.ascii_slug(en)[:18] + (".ac.kr" if kind == "university" else ".go.kr"
                                              if kind == "government" else ".or.kr")
        ref = add_org({
            "name": ko, "name_en": en, "kind": kind, "sector": sector, "status": "partner",
            "region": region, "country": "KR", "address": _ko_address(rng, region),
            "phone": _ko_phone(rng, "043"), "email": f"info@{domain}", "website": f"https://www.{domain}",
            "user_class": cls,
        }, language="ko", key=key)
        add_contacts(ref, 1 if kind == "government" else rng.randint(1, 2), domain)
    suffix = {"university": ("대학교", "University", ".ac.kr"),
              "research_institute": ("생명과학연구원", "Life Science Institute", ".re.kr"),
              "hospital": ("의료원", "Medical Center", ".or.kr")}
    for kind, count in extra.items():
        ko_suffix, en_suffix, tld = suffix[kind]
        for _i in range(count):
            while True:
                b_ko, b_en = names.brand(rng)
                ko = b_ko + ko_suffix
                if ko not in used_names:
                    used_names.add(ko)
                    break
            region, area, _wt = names.weighted(rng, names.KO_REGIONS)
            domain = names.ascii_slug(b_en) + tld
            ref = add_org({
                "name": ko, "name_en": f"{b_en} {en_suffix}", "kind": kind,
                "sector": rng.choice(("bio", "herbal_medicine", "regenerative_medicine")),
                "status": "partner", "region": region, "country": "KR",
                "address": _ko_address(rng, region), "phone": _ko_phone(rng, area),
                "email": f"info@{domain}", "website": f"https://www.{domain}",
                "user_class": "academic" if kind != "hospital" else "public",
            }, language="ko")
            add_contacts(ref, rng.randint(1, 2), domain)

    # Foreign partners: Vietnamese companies (valid MST) and a few English-speaking buyers.
    n_vi = max(4, n // 20)
    n_en = max(1, n // 100)
    for i in range(n_vi):
        core_i = i % len(names.VI_COMPANY_CORES)
        core = names.VI_COMPANY_CORES[core_i]
        core_en = names.VI_CORE_EN[core_i]
        if i >= len(names.VI_COMPANY_CORES):
            city_tag = rng.choice(names.VI_CITIES)[0]
            core = f"{core} {city_tag} {i // len(names.VI_COMPANY_CORES)}"
            core_en = f"{core_en} {names.ascii_slug(city_tag).capitalize()} {i // len(names.VI_COMPANY_CORES)}"
        legal = rng.choice(names.VI_LEGAL)
        city, province = rng.choice(names.VI_CITIES)
        domain = names.ascii_slug(core_en)[:20] + ".com.vn"
        since = _days_before(rng, start, -200, 1500)
        ref = add_org({
            "name": legal.format(name=core), "name_en": f"{core_en} {'Co., Ltd.' if 'TNHH' in legal else 'JSC'}",
            "kind": "foreign_partner", "sector": rng.choice(("herbal_medicine", "cosmetics", "processor", "bio")),
            "status": rng.choice(("partner", "partner", "prospect")), "region": city, "country": "VN",
            "vn_tax_code": idnumbers.vietnamese_tax_code(rng, province, used_mst, branch=rng.random() < 0.15),
            "address": f"Số {rng.randint(1, 300)} Đường {rng.choice(names.VI_STREETS)}, {city}, Việt Nam",
            "phone": f"+84 {rng.randint(20, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            "email": f"contact@{domain}", "website": f"https://{domain}", "member_since": since,
            "agreement_signed_on": since, "user_class": "non_member",
        }, language="vi")
        add_contacts(ref, rng.randint(1, 2), domain)
    for i in range(n_en):
        base, country = names.EN_PARTNERS[i % len(names.EN_PARTNERS)]
        name = base if i < len(names.EN_PARTNERS) else f"{base} ({i // len(names.EN_PARTNERS) + 1})"
        domain = names.ascii_slug(base)[:20] + ".com"
        ref = add_org({
            "name": name, "name_en": name, "kind": "foreign_partner",
            "sector": rng.choice(("herbal_medicine", "cosmetics")), "status": "prospect", "region": None,
            "country": country, "address": None, "phone": None, "email": f"sales@{domain}",
            "website": f"https://www.{domain}", "user_class": "non_member",
        }, language="en")
        add_contacts(ref, 1, domain)

    # Companies: the rest.
    n_companies = max(10, n - len(ctx.orgs))
    for _i in range(n_companies):
        sector = _pick(rng, _SECTOR_WEIGHTS)
        status = _pick(rng, _STATUS_WEIGHTS)
        while True:
            b_ko, b_en = names.brand(rng)
            word_ko, word_en = rng.choice(names.SECTOR_WORDS[sector])
            base_ko, base_en = b_ko + word_ko, f"{b_en} {word_en}"
            if base_ko not in used_names:
                used_names.add(base_ko)
                break
        legal_ko, legal_en = rng.choice(names.KO_FARM_LEGAL if sector == "raw_herb_supplier" else names.KO_LEGAL)
        region, area, _wt = names.weighted(rng, names.KO_REGIONS)
        corporate = rng.random() < 0.85
        since = None
        if status in ("member", "tenant", "partner", "alumni", "inactive"):
            since = _days_before(rng, ctx.today, 30, 2500)
        agreement = moved_in = None
        if status in ("member", "tenant", "partner"):
            agreement = since
        if status == "tenant":
            moved_in = since + dt.timedelta(days=rng.randint(0, 90)) if since else None
            if moved_in and moved_in > ctx.today:
                moved_in = ctx.today
        domain = names.ascii_slug(base_en)[:20] + ".co.kr"
        ref = add_org({
            "name": legal_ko.format(name=base_ko), "name_en": legal_en.format(name=base_en),
            "kind": "company", "sector": sector, "growth_stage": _pick(rng, _GROWTH_WEIGHTS),
            "status": status, "region": region, "country": "KR",
            "business_no": idnumbers.business_number(rng, used_brn, corporate=corporate),
            "corporate_no": idnumbers.corporate_number(rng) if corporate else None,
            "address": _ko_address(rng, region), "phone": _ko_phone(rng, area),
            "email": f"info@{domain}", "website": f"https://www.{domain}" if rng.random() < 0.8 else None,
            "member_since": since, "agreement_signed_on": agreement, "moved_in_on": moved_in,
            "user_class": "member" if status in ("member", "tenant", "partner") else "non_member",
        }, language="ko")
        add_contacts(ref, rng.choice((1, 2, 2, 3)), domain)
        _certifications(ctx, rng, ref)


def _certifications(ctx: Context, rng: random.Random, ref: OrgRef) -> None:
    options = _CERTS[ref.sector or "other"]
    for ctype in rng.sample(options, rng.randint(0, min(3, len(options)))):
        issued = _days_before(rng, ctx.today, 0, 5 * 365)
        years = _VALID_YEARS.get(ctype)
        expires = issued.replace(year=issued.year + years) if years and not (issued.month == 2 and issued.day == 29) \
            else (issued + dt.timedelta(days=365 * years) if years else None)
        prefix = {"gmp": "GMP", "kgmp": "KGMP", "cgmp": "CGMP", "cosmetic_gmp": "CGMP-C", "haccp": "HACCP",
                  "iso9001": "QMS", "iso13485": "MD-QMS", "venture": "V", "innobiz": "INNO", "halal": "KMF",
                  "organic": "ORG", "other": "GAP"}[ctype]
        ctx.writer.add("certification", {
            "organization_id": ref.id, "type": ctype,
            "number": f"{prefix}-{issued.year}-{rng.randint(1, 99999):05d}",
            "issuer": _ISSUERS[ctype], "issued_on": issued, "expires_on": expires,
        }, stamp=ctx.stamp_on(issued))
