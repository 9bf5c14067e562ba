"""Chinese names, help text and value labels for every field the editor shows.

The generator refuses a model field that has no label here (tests/test_editor_config.py), so a
new field cannot reach the editor with an English key as its name. Help text is the field's
own `description=` in the model when it has one, else the hint written here.
"""

from __future__ import annotations

# Model class name → field name → (label, hint or None).
FIELDS: dict[str, dict[str, tuple[str, str | None]]] = {
    "Procedure": {
        "id": ("代號（id）", "決定網址與檔名，建立後請勿修改"),
        "title": ("名稱", "例如「出生登記」"),
        "category": ("分類", "site.yml 的分類 id，例如 birth-adoption"),
        "order": ("排序", "同一分類中數字小的排前面"),
        "summary": ("摘要", "一兩句說明這項業務"),
        "applicants": ("申請人", "每一種可以申請的人寫一項"),
        "where": ("辦理地點", None),
        "deadline": ("申請期限", "沒有期限時不填"),
        "documents": ("應備文件", "文件依「必備、視情況、擇一」分組"),
        "fees": ("規費", None),
        "processing_time": ("處理時間", "還不知道時請留空，網站會顯示「待確認」"),
        "steps": ("辦理步驟", "至少兩個步驟"),
        "tips": ("小提醒", None),
        "legal_basis": ("法令依據", None),
        "forms": ("相關書表", "forms/forms.yml 的書表 id"),
        "online": ("線上辦理", "內政部等全國性網站上可以辦的服務；網址以 https:// 開頭"),
        "en": ("英文版", "要出現在英文網頁時才填；每一項都要對應中文的項目，金額要相同"),
        "updated": ("更新日期", None),
        "review_by": ("下次檢視日期", "不可早於更新日期，例如半年後"),
    },
    "EnglishProcedure": {
        "title": ("英文名稱", None),
        "summary": ("英文摘要", None),
        "applicants": ("申請人（英文）", "與中文的申請人一一對應"),
        "where": ("辦理地點（英文）", None),
        "deadline": ("申請期限（英文）", "中文有期限時才填"),
        "documents": ("應備文件（英文）", "分組與項目要和中文一樣多"),
        "fees": ("規費（英文）", "金額要和中文相同"),
        "processing_time": ("處理時間（英文）", "中文有填時才填"),
        "steps": ("辦理步驟（英文）", "步驟數要和中文相同"),
        "tips": ("小提醒（英文）", None),
        "online": ("線上辦理（英文）", "與中文的線上服務一一對應"),
        "note": ("英文版附註", "只在英文網頁出現，例如說明身分證只發給國民"),
    },
    "EnglishDocumentGroup": {
        "title": ("分組標題（英文）", None),
        "items": ("文件（英文）", None),
    },
    "EnglishItem": {
        "name": ("名稱（英文）", None),
        "note": ("說明（英文）", None),
    },
    "EnglishFee": {
        "item": ("項目（英文）", None),
        "amount": ("金額（新臺幣元）", "要和中文的金額相同；不知道請留空"),
        "note": ("說明（英文）", None),
    },
    "EnglishStep": {
        "title": ("步驟標題（英文）", None),
        "text": ("步驟說明（英文）", None),
        "decision": ("判斷（英文）", "中文步驟有判斷時才填"),
    },
    "EnglishDecision": {
        "question": ("問題（英文）", None),
        "if_not": ("「否」時（英文）", None),
    },
    "EnglishOnline": {
        "title": ("服務名稱（英文）", None),
        "site": ("網站名稱（英文）", None),
        "note": ("說明（英文）", None),
    },
    "OnlineService": {
        "title": ("服務名稱", "例如「申請電子戶籍謄本」"),
        "site": ("網站名稱", "連結文字會寫出網站名稱，例如「內政部戶政司全球資訊網」"),
        "url": ("網址", "以 https:// 開頭"),
        "needs": ("需要準備", "例如「自然人憑證」，一項寫一行"),
        "note": ("備註", None),
    },
    "Deadline": {
        "period": ("期限", "例如「出生後 60 日內」"),
        "late_fine": ("逾期罰鍰", "勾選後網頁會列出戶籍法第79條的罰鍰"),
    },
    "DocumentGroup": {
        "title": ("分組標題", None),
        "kind": ("類型", None),
        "items": ("文件", "至少一項"),
    },
    "DocumentItem": {
        "name": ("文件名稱", None),
        "note": ("說明", None),
    },
    "Fee": {
        "item": ("收費項目", None),
        "amount": ("金額（新臺幣元）", "只寫數字，不可小於 0；還不知道時請留空，網站會顯示「待確認」"),
        "basis": ("收費依據", None),
        "note": ("備註", None),
    },
    "Step": {
        "id": ("步驟代號（id）", "小寫英文字母、數字與連字號，例如 prepare"),
        "title": ("步驟名稱", None),
        "text": ("說明", None),
        "logic": ("與下一步的關係", None),
        "decision": ("判斷問題", "需要民眾先回答「是／否」時才填"),
    },
    "Decision": {
        "question": ("問題", "以問號結尾，例如「生母一起簽名？」"),
        "if_not": ("回答「否」時", None),
        "goto": ("回答「否」時跳到步驟", "本流程某個步驟的代號；不跳步時留空"),
    },
    "LegalBasis": {
        "law": ("法規名稱", None),
        "article": ("條次", "例如「第29條」"),
        "url": ("法規網址", "以 https:// 開頭"),
    },
    "FaqFile": {
        "category": ("分類", "與檔名相同，建立後請勿修改"),
        "updated": ("更新日期", None),
        "entries": ("問答", "至少一題"),
    },
    "FaqEntry": {
        "id": ("代號（id）", "決定網址中的錨點，建立後請勿修改"),
        "question": ("問題", None),
        "answer": ("回答", "可用 Markdown：空一行分段，「- 」開頭為清單"),
        "procedures": ("相關申辦須知", "申辦須知的 id，例如 birth-registration"),
        "forms": ("相關書表", "書表的 id"),
        "keywords": ("搜尋關鍵字", "民眾可能輸入的詞"),
        "updated": ("更新日期", None),
        "source": ("查證來源", "同仁查證規定的出處，不會顯示在網站上"),
    },
    "NewsMeta": {
        "title": ("標題", None),
        "date": ("發布日期", None),
        "category": ("類別", None),
        "summary": ("摘要", "一兩句，顯示在消息列表與訂閱"),
        "updated": ("更正日期", "發布後修正內容時才填"),
        "expiry": ("下架日期", "這天之後不再顯示於首頁"),
        "banner": ("首頁橫幅", "勾選時必須填下架日期"),
    },
    "Disclosure": {
        "id": ("代號（id）", "與檔名相同，建立後請勿修改"),
        "category": ("款次（第幾款）", "政府資訊公開法第7條第1項第 1 至 10 款"),
        "published": ("發布日期", None),
        "updated": ("更新日期", "不可早於發布日期"),
        "review_by": ("下次檢視日期", "不可早於更新日期"),
        "not_applicable": ("不適用理由", "只有本款確實不適用本所時才填；填了就不要填標題以下的欄位"),
        "title": ("標題", None),
        "summary": ("摘要", None),
        "details": ("詳細說明", None),
        "page": ("本站頁面", "例如 contact.md；page、file、url、generated 只能填一個"),
        "file": ("檔案", "例如 files/budget-2026.pdf，檔案放在 content/disclosures/files/"),
        "url": ("其他網站網址", "以 https:// 開頭，並在「網站名稱」寫出網站"),
        "site": ("網站名稱", "填了網址時必填，例如「高雄市法規查詢系統」"),
        "generated": ("由網站資料產生", None),
    },
    "FormRegistry": {
        "forms": ("書表", None),
    },
    "Form": {
        "id": ("代號（id）", "決定檔名，建立後請勿修改"),
        "title": ("書表名稱", None),
        "number": ("表單編號", "沒有編號時留空"),
        "category": ("分類", "site.yml 的分類 id"),
        "description": ("用途說明", None),
        "files": ("檔案", "ODT（可編輯）與 PDF（列印用）；不可上傳 Word 檔"),
        "sample": ("範例表單", "本所尚未提供正式表單時勾選，網站會標示「範例」"),
        "updated": ("更新日期", None),
    },
    "FormFiles": {
        "odt": ("ODT 檔（可編輯）", "用 LibreOffice 另存為 .odt"),
        "ods": ("ODS 檔（試算表）", None),
        "pdf": ("PDF 檔（列印用）", None),
    },
    "Office": {
        "name": ("機關名稱", None),
        "short_name": ("簡稱", None),
        "name_en": ("英文名稱", None),
        "parent_agency": ("上級機關", None),
        "description": ("機關簡介", None),
        "district": ("行政區", None),
        "contact": ("聯絡資訊", "還不知道的欄位請留空，網站會顯示「待確認」"),
        "metadata": ("詮釋資料", None),
        "categories": ("業務分類", None),
        "villages": ("里", None),
        "updated": ("更新日期", None),
        "published_mobiles": ("公開的手機號碼", "本所決定公開的手機號碼（例如值班電話）"),
        "badge": ("無障礙標章", "取得標章後才填；四個欄位要一起填"),
    },
    "Badge": {
        "level": ("檢測等級", None),
        "expires": ("有效期限", None),
        "href": ("標章連結", None),
        "image": ("標章圖檔", "88×31 的圖檔，放在儲存庫中"),
    },
    "Contact": {
        "address": ("地址", None),
        "postal_code": ("郵遞區號", None),
        "phone": ("電話", None),
        "fax": ("傳真", None),
        "email": ("電子郵件", None),
        "website": ("網站", None),
        "hours": ("服務時間", None),
        "transport": ("交通方式", None),
        "booking": ("線上預約", "網址或預約方式；還不知道請留空"),
        "case_status": ("案件進度查詢", "網址或查詢方式；還不知道請留空"),
        "mailbox": ("民意信箱", "信箱網頁的網址或電子郵件地址；還不知道請留空"),
    },
    "Metadata": {
        "agency_code": ("機關代碼", None),
        "theme": ("主題分類代碼", None),
        "cake": ("施政分類代碼", None),
        "service": ("服務分類代碼", None),
        "coverage": ("涵蓋範圍", None),
        "keywords": ("關鍵字", None),
    },
    "Category": {
        "id": ("代號（id）", None),
        "title": ("名稱", None),
        "service_class": ("服務分類", None),
    },
    "Village": {
        "id": ("代號（id）", None),
        "code": ("里代碼", "11 位數字"),
        "name": ("里名", None),
        "valid_from": ("生效日期", None),
        "valid_until": ("失效日期", None),
        "replaced_by": ("併入的里", "里的 id"),
        "note": ("備註", None),
    },
}

# Allowed values shown in Chinese; the stored value stays the model's.
VALUES: dict[str, dict[str, str]] = {
    "DocumentGroup.kind": {"required": "必備", "optional": "視情況需要", "choice": "擇一"},
    "Step.logic": {"and": "接著做下一步（and）", "or": "與下一步擇一（or）"},
    "Disclosure.generated": {"laws": "法規（取自申辦須知，第1款）",
                             "contact": "組織與聯絡資訊（取自 site.yml，第3款）",
                             "statistics": "業務統計（連到統計專區，第5款）"},
}

# Fields edited in a multi-line box rather than a single line.
LONG_TEXT = {"FaqEntry.answer", "Procedure.summary", "Procedure.where", "Step.text",
             "Disclosure.summary", "Disclosure.details", "Disclosure.not_applicable",
             "NewsMeta.summary", "Office.description", "Form.description"}


def label(model: str, field: str) -> tuple[str, str | None]:
    """(label, hint) of a field; KeyError names a field the editor cannot show yet."""
    try:
        return FIELDS[model][field]
    except KeyError:
        raise KeyError(f"{model}.{field}: 編輯器沒有這個欄位的中文名稱（missing label），"
                       "請在 hrosite/editor/labels.py 補上") from None
