"""Simplified and variant spellings of the site's words, as generated synonyms.

Many new residents type Simplified Chinese (户籍誊本, 身份证), and citizens on Traditional
input methods type variant or mistaken characters (身分証, 戶藉謄本, 印鑒, 新台幣). Material's
search only matches indexed words exactly or by prefix, and the query cannot
be rewritten without patching Material's JavaScript, so the mapping is applied when the index
is built: every vocabulary word whose spelling changes gets the changed spelling as a synonym
(户籍誊本 → 戶籍謄本), which index.py adds where the word is in a title or keywords. A query's
last character never counts (docs/search.md), so 身份证 already finds 身份證; the spellings
matter for the characters before it (户籍誊本 is searched as 户籍誊*).

`SIMPLIFIED` maps each Traditional character that occurs in the site's sources (content/,
faq/, forms/, stats/, site.yml; 2026-11) to its Simplified form, one pair after another. It
was generated with the CUHK table of hanziconv 0.3.2 (Apache-2.0) plus 鑑鉴 and 註注, without
著 (著 / 着 depends on the word); hanziconv is not a dependency. A word with a character
missing here simply gets no Simplified synonym: add the pair (Traditional first) to keep it
findable.
"""

from __future__ import annotations

from collections.abc import Iterable

from .synonyms import Synonym

_PAIRS = (
    "並并來来係系個个們们偽伪備备傳传傷伤償偿儲储兒儿內内兩两別别刪删則则動动務务匯汇區区協协卻却參参員员問问啟启喪丧單单嗎吗"
    "國国圍围圖图執执報报場场塊块壽寿媽妈嬤嬷嬰婴學学實实審审寫写寬宽寶宝將将專专尋寻對对導导屍尸層层屬属師师帶带幫帮幾几庫库"
    "廢废廣广張张彙汇後后從从復复惡恶愛爱態态憑凭應应戶户捲卷掃扫掛挂換换損损撥拨撫抚擇择擔担據据攏拢攜携攝摄數数斷断於于時时"
    "暫暂書书會会東东條条業业構构樂乐樓楼標标樣样橋桥機机檔档檢检檯台櫃柜欄栏權权歡欢歲岁歷历殮殓毀毁決决沒没況况淺浅測测準准"
    "溝沟滅灭滿满濱滨瀏浏瀨濑為为無无熱热營营狀状獨独現现產产畢毕畫画異异當当療疗發发盡尽監监盤盘眾众矯矫確确碼码磚砖礙碍稅税"
    "種种稱称積积竄窜筆笔節节範范築筑簡简簽签籤签紀纪約约紙纸級级細细終终組组結结絕绝絡络給给統统經经綜综維维網网線线緝缉緣缘"
    "編编縣县總总織织繳缴繼继續续罰罚羈羁義义聯联聲声職职聽听脫脱臥卧臨临臺台與与舉举舊旧華华萬万蓋盖藍蓝處处虛虚號号螢萤補补"
    "裝装裡里製制複复見见規规視视親亲覽览訂订計计訊讯記记設设許许訴诉診诊註注詞词詢询試试詮诠話话該该詳详誌志認认語语誤误說说"
    "誰谁課课調调談谈請请論论謄誊證证識识譯译議议護护讀读變变讓让豐丰負负責责買买費费貼贴賃赁資资賣卖質质購购蹤踪軍军軟软載载"
    "輩辈輯辑輸输轄辖轉转辦办逕迳這这連连進进運运過过違违適适遷迁選选遺遗還还邊边郵邮鄉乡鄰邻醫医釋释釘钉銷销錄录錢钱錯错鍰锾"
    "鍵键鎮镇鏡镜鐘钟鑑鉴長长門门閉闭開开間间閱阅關关陸陆隊队際际隨随隱隐隸隶雙双離离難难電电靜静響响頁页頂顶項项順顺須须預预"
    "頒颁領领頭头題题額额願愿類类顧顾顯显養养館馆饋馈駐驻驗验驟骤體体鷹鹰鹽盐麼么點点齊齐齡龄"
)
SIMPLIFIED = str.maketrans({_PAIRS[i]: _PAIRS[i + 1] for i in range(0, len(_PAIRS), 2)})

# Variant characters and look-alike typos in what citizens type (身分証, 戶藉, 戶籍騰本,
# 戶口名薄, 新台幣, 印鑒): the site's character → theirs.
VARIANTS = {"證": "証", "籍": "藉", "謄": "騰", "簿": "薄", "臺": "台", "鑑": "鑒"}


def to_simplified(text: str) -> str:
    return text.translate(SIMPLIFIED)


def spellings(word: str, typos: bool = True) -> set[str]:
    """Other ways citizens write `word`: fully Simplified, or with one variant character."""
    found = {to_simplified(word)}
    if typos:
        found.update(word.replace(site, typed) for site, typed in VARIANTS.items() if site in word)
    found.discard(word)
    return found


def variant_synonyms(words: Iterable[str], synonyms: Iterable[Synonym] = ()) -> list[Synonym]:
    """Synonyms for the other spellings of the site's words, and for the Simplified spelling of
    the staff synonyms (报户口 → 出生登記).

    Staff synonyms are already what citizens type, so they get no typo spellings of their own
    (國民身份証 would only grow the index). A spelling that is already a site word or a staff
    synonym is left alone; one spelling of several words (乾/幹 → 干) finds all of them.
    Sorted, so the index stays deterministic.
    """
    words = sorted(set(words))
    staff = list(synonyms)
    taken = set(words) | {s.word for s in staff}
    found: dict[str, set[str]] = {}
    entries = [(w, (w,), True) for w in words] + [(s.word, s.terms, False) for s in staff]
    for word, terms, typos in entries:
        for spelling in spellings(word, typos) - taken:
            found.setdefault(spelling, set()).update(terms)
    return [Synonym(word, tuple(sorted(terms)), 0, spelling=True)
            for word, terms in sorted(found.items())]
