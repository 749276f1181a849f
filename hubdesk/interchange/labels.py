"""Korean (and common alternative) spellings accepted for enum cells, besides the value itself
(`research_institute`) and its English label (`Research institute`), which are always accepted."""

from __future__ import annotations

from hubdesk.db.enums import BookingStatus, GrowthStage, OrgKind, OrgStatus, Sector

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
}


def labels_for(enum_cls):
    return LABELS.get(enum_cls, {})
