"""Korean (and common alternative) spellings accepted for enum cells, besides the value itself
(`research_institute`) and its English label (`Research institute`), which are always accepted."""

from __future__ import annotations

from hubdesk.db.enums import (BookingStatus, EventKind, ExpenseCategory, Funder, FundingSource, GrowthStage,
                              IncidentKind, OrgKind, OrgStatus, ParticipantRole, ProgramStatus, RecurFrequency,
                              Sector, SubsidyKind, SubsidyPeriod, WindowKind)

LABELS = {
    OrgKind: {
        OrgKind.COMPANY: ("기업", "회사", "업체", "doanh nghiệp"),
        OrgKind.UNIVERSITY: ("대학", "대학교", "đại học"),
        OrgKind.RESEARCH_INSTITUTE: ("연구기관", "연구소", "연구원", "viện nghiên cứu"),
        OrgKind.GOVERNMENT: ("정부", "지자체", "공공기관", "기관", "chính phủ"),
        OrgKind.HOSPITAL: ("병원", "의료기관", "bệnh viện"),
        OrgKind.FOREIGN_PARTNER: ("해외 파트너", "해외기관", "해외협력기관", "đối tác nước ngoài"),
    },
    Sector: {
        Sector.HERBAL_MEDICINE: ("한약", "한방", "한약재", "생약"),
        Sector.BIO: ("바이오",),
        Sector.COSMETICS: ("화장품",),
        Sector.PROCESSOR: ("가공", "가공업체", "가공업"),
        Sector.RAW_HERB_SUPPLIER: ("원료 공급", "약초 공급", "원료공급업체", "약초"),
        Sector.REGENERATIVE_MEDICINE: ("재생의료", "첨단재생의료"),
        Sector.MEDICAL_DEVICE: ("의료기기",),
        Sector.OTHER: ("기타",),
    },
    GrowthStage: {
        GrowthStage.PRE_STARTUP: ("예비창업", "예비 창업"),
        GrowthStage.STARTUP: ("창업", "스타트업"),
        GrowthStage.EARLY: ("초기", "초기기업"),
        GrowthStage.GROWTH: ("성장", "성장기"),
        GrowthStage.SCALE_UP: ("스케일업", "도약"),
        GrowthStage.MATURE: ("성숙", "성숙기"),
    },
    OrgStatus: {
        OrgStatus.PROSPECT: ("잠재", "잠재기업", "유치대상"),
        OrgStatus.MEMBER: ("회원", "회원사"),
        OrgStatus.TENANT: ("입주", "입주기업"),
        OrgStatus.PARTNER: ("협력", "협력기관", "파트너"),
        OrgStatus.ALUMNI: ("졸업", "졸업기업"),
        OrgStatus.INACTIVE: ("비활성", "휴면"),
    },
    BookingStatus: {
        BookingStatus.REQUESTED: ("신청", "요청"),
        BookingStatus.APPROVED: ("승인",),
        BookingStatus.REJECTED: ("반려", "거절"),
        BookingStatus.CONFIRMED: ("확정",),
        BookingStatus.IN_USE: ("사용중", "사용 중", "in use"),
        BookingStatus.COMPLETED: ("완료", "사용완료"),
        BookingStatus.CANCELLED: ("취소", "canceled"),
        BookingStatus.NO_SHOW: ("노쇼", "불참", "no show"),
    },
    Funder: {
        Funder.MOTIE: ("산업통상자원부", "산업부", "산자부"),
        Funder.MAFRA: ("농림축산식품부", "농식품부", "농림부"),
        Funder.MSS: ("중소벤처기업부", "중기부"),
        Funder.MOHW: ("보건복지부", "복지부"),
        Funder.MSIT: ("과학기술정보통신부", "과기정통부", "과기부"),
        Funder.PROVINCE: ("도", "충청북도", "광역자치단체"),
        Funder.CITY: ("시", "시·군", "제천시", "기초자치단체"),
        Funder.OTHER: ("기타",),
    },
    FundingSource: {
        FundingSource.NATIONAL: ("국비", "국고", "국고보조금"),
        FundingSource.PROVINCIAL: ("도비", "시도비", "local", "지방비"),
        FundingSource.CITY: ("시비", "군비", "시·군비", "시군비"),
        FundingSource.PRIVATE: ("민간부담금", "자부담", "민자", "민간"),
        FundingSource.OTHER: ("기타", "기타재원"),
    },
    ExpenseCategory: {
        ExpenseCategory.PERSONNEL: ("인건비",),
        ExpenseCategory.OPERATING: ("운영비", "일반운영비", "사업운영비"),
        ExpenseCategory.TRAVEL: ("여비", "국내여비", "국외여비"),
        ExpenseCategory.BUSINESS_PROMOTION: ("업무추진비",),
        ExpenseCategory.EQUIPMENT: ("자산취득비", "장비구축비", "장비비", "장비"),
        ExpenseCategory.MATERIALS: ("재료비", "연구재료비"),
        ExpenseCategory.OUTSOURCING: ("위탁사업비", "위탁용역비", "용역비", "외주", "외주용역비"),
        ExpenseCategory.COMPANY_SUPPORT: ("기업지원비", "민간이전", "민간경상보조"),
        ExpenseCategory.INDIRECT: ("간접비",),
        ExpenseCategory.UNASSIGNED: ("미지정", "미분류"),
    },
    ProgramStatus: {
        ProgramStatus.PLANNED: ("계획", "예정"),
        ProgramStatus.ACTIVE: ("진행", "진행중", "진행 중", "수행중"),
        ProgramStatus.CLOSED: ("종료", "완료"),
    },
    ParticipantRole: {
        ParticipantRole.BENEFICIARY: ("수혜기업", "지원기업", "수혜"),
        ParticipantRole.COHORT_MEMBER: ("참여기업", "기수", "참여"),
        ParticipantRole.PARTNER: ("협력기관", "파트너", "협력"),
    },
    EventKind: {
        EventKind.NETWORKING: ("네트워킹", "교류회"),
        EventKind.JOINT_MARKETING: ("공동마케팅", "공동 마케팅"),
        EventKind.BUYER_MEETING: ("구매상담회", "바이어 상담회", "바이어상담회"),
        EventKind.EXPORT_CONSULTATION: ("수출상담회", "수출 상담회"),
        EventKind.SEMINAR: ("세미나", "설명회"),
        EventKind.EXHIBITION: ("전시회", "박람회", "엑스포"),
        EventKind.TRAINING: ("교육", "연수", "교육훈련"),
    },
    RecurFrequency: {
        RecurFrequency.DAILY: ("매일", "hằng ngày"),
        RecurFrequency.WEEKLY: ("매주", "hằng tuần"),
        RecurFrequency.MONTHLY: ("매월", "hằng tháng"),
        RecurFrequency.YEARLY: ("매년", "hằng năm"),
    },
    IncidentKind: {
        IncidentKind.BREAKDOWN: ("고장", "장애", "hỏng hóc"),
        IncidentKind.DEVIATION: ("일탈", "이탈", "sai lệch"),
        IncidentKind.REPAIR: ("수리", "보수", "sửa chữa"),
        IncidentKind.CALIBRATION: ("교정", "검교정", "hiệu chuẩn"),
    },
    SubsidyKind: {
        SubsidyKind.SHARE: ("비율", "이용료 비율", "정률", "tỷ lệ"),
        SubsidyKind.HOURS: ("시간", "이용시간", "số giờ"),
        SubsidyKind.AMOUNT: ("금액", "정액", "số tiền"),
    },
    SubsidyPeriod: {
        SubsidyPeriod.YEAR: ("연", "연간", "năm"),
        SubsidyPeriod.QUARTER: ("분기", "분기별", "quý"),
    },
    WindowKind: {
        WindowKind.MAINTENANCE: ("점검", "유지보수", "정비", "bảo trì"),
        WindowKind.REQUALIFICATION: ("재적격성", "재검증", "적격성 평가", "tái thẩm định"),
    },
}


def labels_for(enum_cls):
    return LABELS.get(enum_cls, {})
