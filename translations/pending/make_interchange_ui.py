"""Korean and Vietnamese for the import wizard and list export (hubdesk/ui/interchange), written as
.po fragments next to this script for the catalog owner to merge:

    .venv/bin/python translations/pending/make_interchange_ui.py      # writes interchange-ui.{ko,vi}.po
    msgcat --use-first translations/ko/LC_MESSAGES/hubdesk.po translations/pending/interchange-ui.ko.po ...
    (or copy the entries in, then `python -m hubdesk.i18n_tools update && ... compile && ... check`)
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOURCES = ["hubdesk/ui/interchange/dialog.py", "hubdesk/ui/interchange/export.py",
           "hubdesk/ui/interchange/table_model.py"]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

T = {
    "Organizations (with their primary contact)": ("기관 (대표 연락처 포함)", "Tổ chức (kèm liên hệ chính)"),
    "Contacts": ("연락처", "Liên hệ"),
    "Bookings": ("예약", "Lượt đặt"),
    "Quarterly KPI values": ("분기별 KPI 실적", "Giá trị KPI theo quý"),
    "Program milestones": ("사업 마일스톤", "Mốc tiến độ chương trình"),
    "Choose the file to import": ("가져올 파일 선택", "Chọn tệp cần nhập"),
    "Spreadsheets (*.xlsx *.csv *.tsv *.txt);;All files (*)":
        ("스프레드시트 (*.xlsx *.csv *.tsv *.txt);;모든 파일 (*)", "Bảng tính (*.xlsx *.csv *.tsv *.txt);;Mọi tệp (*)"),
    "Reading {file}…": ("{file} 읽는 중…", "Đang đọc {file}…"),
    "Checking row {done} of {total}…": ("{total}행 중 {done}행 검사 중…", "Đang kiểm tra dòng {done}/{total}…"),
    "Checking every row of {file}…": ("{file}의 모든 행을 검사하는 중…", "Đang kiểm tra mọi dòng của {file}…"),
    "Importing row {done} of {total}…": ("{total}행 중 {done}행 가져오는 중…", "Đang nhập dòng {done}/{total}…"),
    "Importing {file}…": ("{file} 가져오는 중…", "Đang nhập {file}…"),
    "Rows checked: {rows} · to create: {created} · to update: {updated} · unchanged: {unchanged} · problems: {problems}":
        ("검사한 행: {rows} · 새로 만들 것: {created} · 수정할 것: {updated} · 변경 없음: {unchanged} · 문제: {problems}",
         "Dòng đã kiểm tra: {rows} · sẽ tạo: {created} · sẽ cập nhật: {updated} · không đổi: {unchanged} · "
         "lỗi: {problems}"),
    "Cancelled: nothing was written.": ("취소했습니다. 아무것도 저장하지 않았습니다.", "Đã hủy: không ghi gì cả."),
    "Cancelling…": ("취소하는 중…", "Đang hủy…"),
    "Import from Excel or CSV": ("엑셀 또는 CSV에서 가져오기", "Nhập từ Excel hoặc CSV"),
    "Step 1 of 4: what to import, and from which file": ("1/4단계: 무엇을 어느 파일에서 가져올지 선택",
                                                          "Bước 1/4: nhập gì, từ tệp nào"),
    "Step 2 of 4: how the file's columns are read": ("2/4단계: 파일의 열을 읽는 방법 확인",
                                                      "Bước 2/4: các cột của tệp được đọc thế nào"),
    "Step 3 of 4: check every row": ("3/4단계: 모든 행 검사", "Bước 3/4: kiểm tra mọi dòng"),
    "Step 4 of 4: done": ("4/4단계: 완료", "Bước 4/4: xong"),
    "Import:": ("가져올 항목:", "Nhập:"),
    "File:": ("파일:", "Tệp:"),
    "An .xlsx or .csv file": (".xlsx 또는 .csv 파일", "Tệp .xlsx hoặc .csv"),
    "Browse…": ("찾아보기…", "Duyệt…"),
    "The first row must hold the column headers, in English or Korean (for example name or 기업명). CSV files "
    "may be UTF-8 or CP949 (what Korean Excel writes), separated by commas, semicolons or tabs. Nothing is "
    "written until every row has been checked and you press Import.":
        ("첫 행에는 영어나 한국어로 된 열 제목이 있어야 합니다(예: name 또는 기업명). CSV 파일은 UTF-8이나 "
         "CP949(한국어 엑셀이 저장하는 형식)이고 쉼표, 세미콜론 또는 탭으로 구분되어 있으면 됩니다. 모든 행을 "
         "검사하고 [가져오기]를 누르기 전에는 아무것도 저장하지 않습니다.",
         "Dòng đầu tiên phải chứa tiêu đề cột, bằng tiếng Anh hoặc tiếng Hàn (ví dụ name hoặc 기업명). Tệp CSV "
         "có thể là UTF-8 hoặc CP949 (định dạng Excel tiếng Hàn lưu), phân tách bằng dấu phẩy, dấu chấm phẩy "
         "hoặc tab. Không có gì được ghi cho đến khi mọi dòng đã được kiểm tra và bạn bấm Nhập."),
    "{file}: {count} data row.": (("{file}: 데이터 {count}행.",), ("{file}: {count} dòng dữ liệu.",)),
    "comma": ("쉼표", "dấu phẩy"),
    "semicolon": ("세미콜론", "dấu chấm phẩy"),
    "tab": ("탭", "tab"),
    "A CSV file in {encoding}, separated by {delimiter}.": ("{encoding} 인코딩의 CSV 파일이며 {delimiter}(으)로 "
                                                            "구분되어 있습니다.",
                                                            "Tệp CSV mã hóa {encoding}, phân tách bằng {delimiter}."),
    "An Excel workbook.": ("엑셀 통합 문서입니다.", "Một sổ làm việc Excel."),
    "The first row as it is in the file:": (("파일에 있는 그대로의 처음 {count}행:",),
                                            ("{count} dòng đầu tiên đúng như trong tệp:",)),
    "< Back": ("◀ 이전", "◀ Quay lại"),
    "Check all rows >": ("모든 행 검사 ▶", "Kiểm tra mọi dòng ▶"),
    "Next >": ("다음 ▶", "Tiếp ▶"),
    "Import": ("가져오기", "Nhập"),
    "Cancel": ("취소", "Hủy"),
    "Close": ("닫기", "Đóng"),
    "These columns of the file were not imported: {columns}.": ("파일의 다음 열은 가져오지 않았습니다: {columns}.",
                                                                "Các cột sau của tệp không được nhập: {columns}."),
    "UTF-8 with BOM": ("UTF-8 (BOM 포함)", "UTF-8 có BOM"),
    "CP949 (Korean Excel)": ("CP949 (한국어 엑셀)", "CP949 (Excel tiếng Hàn)"),
    "Export the list": ("목록 내보내기", "Xuất danh sách"),
    "Excel workbook (*.xlsx);;CSV file (*.csv)": ("엑셀 통합 문서 (*.xlsx);;CSV 파일 (*.csv)",
                                                  "Sổ làm việc Excel (*.xlsx);;Tệp CSV (*.csv)"),
    "Writing row {done} of {total}…": ("{total}행 중 {done}행 쓰는 중…", "Đang ghi dòng {done}/{total}…"),
    "Exporting {file}…": ("{file}(으)로 내보내는 중…", "Đang xuất {file}…"),
    "{count} row written to {path}": (("{path}에 {count}행을 저장했습니다",), ("Đã ghi {count} dòng vào {path}",)),
    "Column in the file": ("파일의 열", "Cột trong tệp"),
    "Field": ("항목", "Trường"),
    "How it is used": ("사용 방법", "Cách dùng"),
    "Imported": ("가져옴", "Được nhập"),
    "Ignored: hubdesk has no such field": ("무시함: hubdesk에 없는 항목", "Bỏ qua: hubdesk không có trường này"),
    "Not in the file: left as it is": ("파일에 없음: 그대로 둠", "Không có trong tệp: giữ nguyên"),
    "Required, but not in the file: add this column": ("필수인데 파일에 없음: 이 열을 추가하세요",
                                                       "Bắt buộc nhưng không có trong tệp: hãy thêm cột này"),
    "Row": ("행", "Dòng"),
    "Problem": ("문제", "Lỗi"),
}


def main() -> None:
    for i, lang in enumerate(("ko", "vi")):
        catalog = Catalog(locale=lang, project="hubdesk", fuzzy=False)
        for source in SOURCES:
            for lineno, msg, _comments, _ctx in extract_from_file("python", str(ROOT / source),
                                                                  keywords=KEYWORDS):
                key = msg[0] if isinstance(msg, tuple) else msg
                catalog.add(msg, T[key][i], locations=[(source, lineno)])
        with (HERE / f"interchange-ui.{lang}.po").open("wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    main()
