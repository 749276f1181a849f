"""Name pools for demo data: Korean, English and Vietnamese people, company-name parts, places.

Korean entries carry their romanization so that English names and e-mail addresses match.
"""

from __future__ import annotations

import random

# --- people ------------------------------------------------------------------------------------

KO_SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("김", "Kim", 21), ("이", "Lee", 15), ("박", "Park", 8), ("최", "Choi", 5), ("정", "Jung", 5),
    ("강", "Kang", 2), ("조", "Cho", 2), ("윤", "Yoon", 2), ("장", "Jang", 2), ("임", "Lim", 2),
    ("한", "Han", 1), ("오", "Oh", 1), ("서", "Seo", 1), ("신", "Shin", 1), ("권", "Kwon", 1),
    ("황", "Hwang", 1), ("안", "Ahn", 1), ("송", "Song", 1), ("류", "Ryu", 1), ("홍", "Hong", 1),
    ("전", "Jeon", 1), ("고", "Ko", 1), ("문", "Moon", 1), ("양", "Yang", 1), ("배", "Bae", 1),
)

KO_GIVEN: tuple[tuple[str, str], ...] = (
    ("민준", "Minjun"), ("서연", "Seoyeon"), ("지훈", "Jihun"), ("하은", "Haeun"),
    ("도윤", "Doyun"), ("지우", "Jiwoo"), ("서준", "Seojun"), ("수빈", "Subin"),
    ("예준", "Yejun"), ("지민", "Jimin"), ("현우", "Hyunwoo"), ("유진", "Yujin"),
    ("성민", "Sungmin"), ("은지", "Eunji"), ("준호", "Junho"), ("혜진", "Hyejin"),
    ("영수", "Youngsoo"), ("미경", "Mikyung"), ("상훈", "Sanghoon"), ("지영", "Jiyoung"),
    ("동현", "Donghyun"), ("수진", "Sujin"), ("재원", "Jaewon"), ("보람", "Boram"),
    ("태호", "Taeho"), ("나연", "Nayeon"), ("승우", "Seungwoo"), ("다은", "Daeun"),
    ("경호", "Kyungho"), ("정희", "Junghee"), ("병철", "Byungchul"), ("소희", "Sohee"),
    ("우진", "Woojin"), ("채원", "Chaewon"), ("형준", "Hyungjun"), ("아름", "Areum"),
    ("기현", "Kihyun"), ("윤서", "Yunseo"), ("명수", "Myungsoo"), ("선영", "Sunyoung"),
)

VI_SURNAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4),
    ("Phan", 4), ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1),
)
VI_MIDDLE = ("Văn", "Thị", "Minh", "Thu", "Ngọc", "Đức", "Thanh", "Hữu", "Quốc", "Hoài", "Bảo")
VI_GIVEN = ("Anh", "Bình", "Châu", "Dũng", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương",
            "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn",
            "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến", "Đạt", "Thủy")

EN_FIRST = ("James", "Emily", "Daniel", "Sarah", "Michael", "Laura", "David", "Anna", "Thomas",
            "Grace", "Robert", "Olivia", "Peter", "Hannah", "Mark", "Chloe", "Andrew", "Rachel")
EN_LAST = ("Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Walker", "Wright",
           "Hughes", "Lim", "Tan", "Evans", "Turner", "Cooper", "Reed", "Morgan")

# --- titles and departments ----------------------------------------------------------------

KO_TITLES = ("대표이사", "이사", "연구소장", "품질보증팀장", "생산팀장", "책임연구원", "선임연구원",
             "연구원", "영업부장", "해외사업팀 과장", "경영지원팀 대리", "QC 담당")
KO_DEPARTMENTS = ("경영지원팀", "기업부설연구소", "품질관리팀", "품질보증팀", "생산팀", "해외사업팀",
                  "영업마케팅팀", "인허가팀")
VI_TITLES = ("Giám đốc", "Phó giám đốc", "Trưởng phòng kinh doanh", "Trưởng phòng nhập khẩu",
             "Chuyên viên", "Dược sĩ trưởng")
VI_DEPARTMENTS = ("Phòng kinh doanh", "Phòng xuất nhập khẩu", "Phòng nghiên cứu", "Ban giám đốc")
EN_TITLES = ("CEO", "Business development manager", "Purchasing manager", "Regulatory affairs lead",
             "Sales director")
INST_TITLES = ("교수", "부교수", "책임연구원", "주무관", "사무관", "팀장", "과장", "연구부장")

# --- company names -------------------------------------------------------------------------

# Syllables that make plausible company brand names, with romanization.
BRAND_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("한", "Han"), ("빛", "bit"), ("초", "Cho"), ("록", "rok"), ("푸", "Pu"), ("른", "reun"),
    ("솔", "Sol"), ("담", "dam"), ("가", "Ga"), ("온", "on"), ("다", "Da"), ("움", "um"),
    ("누", "Nu"), ("리", "ri"), ("새", "Sae"), ("봄", "bom"), ("해", "Hae"), ("들", "deul"),
    ("참", "Cham"), ("진", "jin"), ("청", "Cheong"), ("명", "myeong"), ("백", "Baek"),
    ("두", "du"), ("월", "Wol"), ("악", "ak"), ("금", "Geum"), ("강", "gang"), ("태", "Tae"),
    ("성", "seong"), ("휴", "Hyu"), ("림", "rim"), ("아", "A"), ("람", "ram"), ("미", "Mi"),
    ("소", "so"), ("은", "Eun"), ("하", "ha"), ("지", "Ji"), ("원", "won"), ("세", "Se"),
    ("인", "in"), ("보", "Bo"), ("향", "hyang"), ("수", "Su"), ("연", "yeon"), ("나", "Na"),
    ("래", "rae"), ("도", "Do"), ("담", "dam"),
)

SECTOR_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "herbal_medicine": (("한방제약", "Herbal Pharm"), ("한약", "Herbal Medicine"),
                        ("생약", "Botanical Pharma"), ("한방바이오", "Herbal Bio")),
    "bio": (("바이오", "Bio"), ("바이오텍", "Biotech"), ("바이오로직스", "Biologics"),
            ("생명과학", "Life Sciences")),
    "cosmetics": (("코스메틱", "Cosmetics"), ("뷰티", "Beauty"), ("화장품", "Cosmetics Co."),
                  ("더마", "Derma")),
    "processor": (("식품", "Foods"), ("건강식품", "Health Foods"), ("F&B", "F&B"),
                  ("천연물가공", "Natural Products Processing")),
    "raw_herb_supplier": (("약초영농조합", "Herb Farming Association"), ("약초", "Herb Farm"),
                          ("약용작물", "Medicinal Crops")),
    "regenerative_medicine": (("셀", "Cell"), ("셀바이오", "CellBio"), ("재생의학", "Regenerative"),
                              ("진셀", "GenCell")),
    "medical_device": (("메디칼", "Medical"), ("메디텍", "Meditech")),
    "other": (("테크", "Tech"), ("랩스", "Labs")),
}

KO_LEGAL = (("주식회사 {name}", "{name} Co., Ltd."), ("(주){name}", "{name} Inc."),
            ("{name} 주식회사", "{name} Corp."))
KO_FARM_LEGAL = (("농업회사법인 {name}", "{name} Agricultural Corp."),
                 ("{name} 영농조합법인", "{name} Farming Association"))

VI_COMPANY_CORES = ("Dược liệu Xanh Việt", "Dược phẩm Sao Mai", "Thảo dược Hồng Lam",
                    "Mỹ phẩm Thiên Nhiên", "Dược Hậu Giang Xanh", "Sâm Ngọc Linh Kon Tum",
                    "Thương mại Dược Bình An", "Xuất nhập khẩu Dược liệu Tây Bắc",
                    "Thực phẩm chức năng Minh Tâm", "Công nghệ Sinh học Việt Hàn",
                    "Phân phối Mỹ phẩm Hoa Sen", "Dược liệu Tuệ Linh", "Dược phẩm Phương Đông",
                    "Thảo mộc Lâm Đồng", "Y học cổ truyền Thái Hòa")
VI_CORE_EN = ("Xanh Viet Herbal", "Sao Mai Pharma", "Hong Lam Herbs", "Thien Nhien Cosmetics",
              "Hau Giang Green Pharma", "Ngoc Linh Ginseng", "Binh An Pharma Trading",
              "Tay Bac Herbal Import-Export", "Minh Tam Health Foods", "Viet-Han Biotech",
              "Hoa Sen Cosmetics Distribution", "Tue Linh Herbs", "Phuong Dong Pharma",
              "Lam Dong Botanicals", "Thai Hoa Traditional Medicine")
VI_LEGAL = ("Công ty TNHH {name}", "Công ty Cổ phần {name}")
VI_CITIES = (("Hà Nội", "01"), ("TP. Hồ Chí Minh", "03"), ("Đà Nẵng", "04"), ("Hải Phòng", "02"),
             ("Lâm Đồng", "58"), ("Kon Tum", "61"))
VI_STREETS = ("Trần Duy Hưng", "Nguyễn Trãi", "Lê Lợi", "Hai Bà Trưng", "Điện Biên Phủ",
              "Phạm Văn Đồng", "Nguyễn Văn Linh", "Lý Thường Kiệt")

EN_PARTNERS = (("Pacific Botanicals Pte. Ltd.", "SG"), ("Greenleaf Naturals LLC", "US"),
               ("Evergreen Herbal Trading Ltd.", "GB"), ("Sunrise Wellness Sdn. Bhd.", "MY"),
               ("Lotus Beauty Distribution Pty Ltd", "AU"))

# --- places --------------------------------------------------------------------------------

KO_REGIONS = (("충청북도 제천시", "043", 5), ("충청북도 청주시 흥덕구 오송읍", "043", 4),
              ("충청북도 충주시", "043", 2), ("충청북도 음성군", "043", 1),
              ("강원특별자치도 원주시", "033", 1), ("경기도 성남시 분당구", "031", 2),
              ("서울특별시 강남구", "02", 2), ("대전광역시 유성구", "042", 1),
              ("경상북도 영천시", "054", 1))
KO_ROADS = ("한방엑스포로", "바이오산업로", "의림대로", "내토로", "오송생명로", "오송가락로",
            "첨단로", "약초로", "청풍호로", "봉양로", "산업단지로")


def weighted(rng: random.Random, items, weight_index: int = -1):
    """Pick an item of a tuple of tuples whose element `weight_index` is its weight."""
    weights = [it[weight_index] for it in items]
    return rng.choices(items, weights=weights, k=1)[0]


def korean_person(rng: random.Random) -> tuple[str, str]:
    """(name in Hangul, romanized "Given Surname")."""
    sur = weighted(rng, KO_SURNAMES)
    given = rng.choice(KO_GIVEN)
    return sur[0] + given[0], f"{given[1]} {sur[1]}"


def vietnamese_person(rng: random.Random) -> str:
    return f"{weighted(rng, VI_SURNAMES)[0]} {rng.choice(VI_MIDDLE)} {rng.choice(VI_GIVEN)}"


def english_person(rng: random.Random) -> str:
    return f"{rng.choice(EN_FIRST)} {rng.choice(EN_LAST)}"


def brand(rng: random.Random) -> tuple[str, str]:
    """A two-syllable brand name (Hangul, romanized)."""
    a, b = rng.sample(BRAND_SYLLABLES, 2)
    return a[0] + b[0], (a[1] + b[1].lower()).capitalize()


_ASCII = str.maketrans({"đ": "d", "Đ": "D"})


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits only (for e-mail addresses and web sites)."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text.translate(_ASCII))
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())
