"""A CJK web font inside the page, cut to the characters the page uses, so it reads on any machine.

Without a Chinese font installed (a fresh Linux desktop, a server's headless browser) every Chinese
character is a box. The page therefore carries its own: Noto Sans CJK SC (SIL Open Font License, from
the `manimgx-fonts-cjk` package on PyPI), subset at build time by fontTools to the characters of this
page only (a few hundred glyphs, ~150 KB as WOFF). The page's font list names installed CJK fonts
first, then this one, so a machine with its own CJK font keeps it.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

FAMILY = "plantrack CJK"
SC_NAME = "Noto Sans CJK SC"


def _font_file() -> Path:
    import manimgx_fonts_cjk

    return Path(manimgx_fonts_cjk.__file__).with_name("NotoSansCJK-VF.otf.ttc")


def _sc_index(path: Path) -> int:
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == SC_NAME:
            return index
    raise LookupError(f"{SC_NAME} is not in {path}")


def _needs_font(char: str) -> bool:
    return ord(char) >= 0x2E80  # CJK radicals, punctuation, ideographs, full-width forms


@lru_cache(maxsize=8)
def _subset(chars: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = _font_file()
    font = TTFont(str(path), fontNumber=_sc_index(path))
    options = subset.Options()
    options.layout_features = []  # horizontal CJK text needs no OpenType features
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    font.flavor = "woff"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_face_css(*texts: str) -> str:
    """@font-face rules for the CJK characters of `texts` (empty when there are none). Two faces of
    the same glyphs, normal and bold, so a bold heading never asks the browser to embolden (or vary)
    the variable font, which it cannot do for a subset and draws boxes instead."""
    chars = "".join(sorted({c for text in texts for c in text if _needs_font(c)}))
    if not chars:
        return ""
    data = base64.b64encode(_subset(chars)).decode("ascii")
    source = f'url(data:font/woff;base64,{data}) format("woff")'
    return "".join(
        f'@font-face{{font-family:"{FAMILY}";src:{source};font-weight:{weight};font-display:block}}' for weight in (400, 700)
    )


FONT_STACK = f'"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "{FAMILY}", system-ui, sans-serif'
