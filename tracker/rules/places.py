"""Where was someone born: the Mainland, Hong Kong, Macao, Taiwan, or overseas?

ASSG needs "born overseas", which excludes those four places. A place of
birth is free text ("Shenzhen, Guangdong", "Hong Kong SAR", "Toronto,
Canada", "台灣"), so it is split on commas and each part is matched against
known names of the four places (English and Chinese spellings, provinces and
big cities), then against countries and their subdivisions (pycountry, the
ISO 3166 data). A place that matches nothing is "unknown": the app never
assumes a place is overseas.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

import pycountry

from tracker.rules.text import Text

Region = Literal["mainland", "hong_kong", "macao", "taiwan", "overseas", "unknown"]
REGION_LABELS: dict[Region, Text] = {
    "mainland": Text("the Mainland"), "hong_kong": Text("Hong Kong"), "macao": Text("Macao"),
    "taiwan": Text("Taiwan"), "overseas": Text("overseas"), "unknown": Text("not recognised"),
}

_HONG_KONG = {"hong kong", "hongkong", "hk", "hksar", "hong kong sar", "香港", "kowloon",
              "new territories", "hong kong island", "hong kong s a r", "九龍", "九龙", "新界"}
_MACAO = {"macao", "macau", "macao sar", "macau sar", "macao s a r", "macau s a r", "澳門", "澳门"}
_TAIWAN = {"taiwan", "roc", "republic of china", "chinese taipei", "formosa", "台灣", "台湾",
           "taiwan roc", "taiwan province of china"}
_MAINLAND = {"china", "prc", "pr china", "p r china", "peoples republic of china",
             "mainland", "mainland china", "chinese mainland", "中国", "中國", "中华人民共和国",
             "中華人民共和國", "中国大陆", "中國大陸", "内地", "內地", "大陆", "大陸",
             # Big cities that are not ISO subdivisions (provinces come from pycountry).
             "shenzhen", "guangzhou", "dongguan", "foshan", "zhuhai", "xiamen", "hangzhou",
             "nanjing", "wuhan", "chengdu", "xian", "xi an", "suzhou", "shantou", "harbin",
             "shenyang", "dalian", "qingdao", "kunming", "changsha", "zhengzhou", "jinan",
             "fuzhou", "hefei", "nanning", "ningbo", "wuxi", "深圳", "广州", "廣州", "上海",
             "北京"}
# Common names pycountry does not know (it wants "United Kingdom", "Russian Federation" …).
_COUNTRY_ALIASES = {
    "uk": "GB", "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "america": "US", "united states of america": "US",
    "russia": "RU", "korea": "KR", "south korea": "KR", "republic of korea": "KR",
    "vietnam": "VN", "iran": "IR", "laos": "LA", "syria": "SY", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "czech republic": "CZ", "us": "US",
    "the netherlands": "NL", "holland": "NL", "turkey": "TR", "ivory coast": "CI",
}
_EXCLUDED_CODES: dict[str, Region] = {"CN": "mainland", "HK": "hong_kong", "MO": "macao",
                                      "TW": "taiwan"}
_SUBDIVISION_SUFFIXES = re.compile(
    r"\s+(sheng|shi|zizhiqu|zhuangzu zizhiqu|uygur zizhiqu|huizu zizhiqu|sar)$")


@dataclass(frozen=True)
class BirthPlace:
    """The region of a place of birth, and the country it was read as (if any)."""

    region: Region
    country: str | None = None


def normalise(text: str) -> str:
    """Lower-case, accents and punctuation dropped, spaces collapsed (CJK kept)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"['’]", "", text)  # "People's" → "peoples"
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _mainland_provinces() -> set[str]:
    """Mainland province names from ISO 3166-2, with 'Sheng'/'Shi'… stripped."""
    names: set[str] = set()
    for sub in pycountry.subdivisions.get(country_code="CN") or ():
        if sub.code in ("CN-HK", "CN-MO", "CN-TW"):
            continue
        names.add(_SUBDIVISION_SUFFIXES.sub("", normalise(sub.name)))
    return names


@cache
def _named() -> tuple[tuple[Region, frozenset[str]], ...]:
    """The four excluded places' names, checked in this order ("Hong Kong, China" → HK)."""
    mainland = frozenset(_MAINLAND | _mainland_provinces())
    return (("hong_kong", frozenset(_HONG_KONG)), ("macao", frozenset(_MACAO)),
            ("taiwan", frozenset(_TAIWAN)), ("mainland", mainland))


@cache
def _country_index() -> dict[str, str]:
    """Normalised country and subdivision names → ISO alpha-2 country code."""
    index: dict[str, str] = {}
    for sub in pycountry.subdivisions:
        index.setdefault(normalise(sub.name), sub.country_code)
    for country in pycountry.countries:  # countries win over same-named subdivisions
        for attr in ("name", "official_name", "common_name", "alpha_3"):
            value = getattr(country, attr, None)
            if value:
                index[normalise(value)] = country.alpha_2
    index.update(_COUNTRY_ALIASES)
    return index


def birth_place(place: str | None) -> BirthPlace:
    """Read a free-text place of birth as one of the regions ASSG distinguishes."""
    if not place or not place.strip():
        return BirthPlace("unknown")
    parts = [normalise(p) for p in re.split(r"[,，、/;]", place) if normalise(p)]
    candidates = [*parts, normalise(place)]
    for region, names in _named():
        if any(part in names for part in candidates):
            return BirthPlace(region)
    for part in reversed(parts):  # the country is usually last
        code = _country_index().get(part)
        if code in _EXCLUDED_CODES:
            return BirthPlace(_EXCLUDED_CODES[code])
        if code is not None:
            country = pycountry.countries.get(alpha_2=code)  # every indexed code is known
            return BirthPlace("overseas", country.name if country else None)
    return BirthPlace("unknown")
