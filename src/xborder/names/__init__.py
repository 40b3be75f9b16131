"""Names across scripts: script detection, the ASCII matching key, transliteration systems.

Police cooperation has to recognise one person under Владимир Путин, Vladimir Poutine and
VLADIMIR PUTIN; this package knows how those forms arise so that search (`fold`) and the
synthetic world (`twin.namegen`) can rely on it. Pure functions; packaged JSON is the only
data read, once.
"""

from xborder.names.latin import german_expand, icao_latin, mrz, strip_diacritics
from xborder.names.scripts import char_script, detect_script, fold
from xborder.names.transliterate import (
    SYSTEMS,
    System,
    default_lang,
    latin_variants,
    render,
    systems_for,
    transliterate,
)

__all__ = [
    "SYSTEMS",
    "System",
    "char_script",
    "default_lang",
    "detect_script",
    "fold",
    "german_expand",
    "icao_latin",
    "latin_variants",
    "mrz",
    "render",
    "strip_diacritics",
    "systems_for",
    "transliterate",
]
