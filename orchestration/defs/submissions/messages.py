"""The message catalogue for the people who fill in submissions: Chinese first, English by setting.

Every text a department clerk reads (rejection and warning reasons, the quarantine report, the
`submit`, `status` and `template` output) is a key in the gettext catalogue
`orchestration/locale/<lang>/LC_MESSAGES/plantrack.po` (read with Babel, no compiled .mo to keep
in git). A message is a `str.format` template with named parameters (`{indicator}`, `{value}`).

Language: `PLANTRACK_LANG` (`zh`, the default, or `en`); the commands' `--lang en` sets it.

The SQL rules (validate.py) do not build sentences: they produce a message key and a JSON object
of parameters per problem, and `load_catalogue` puts the catalogue into a DuckDB temp table so the
reasons are rendered set-based (`pt_msg(key, params)`), in the same language as everything else.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"


def language() -> str:
    lang = (os.environ.get("PLANTRACK_LANG") or DEFAULT_LANGUAGE).strip().lower().replace("-", "_")
    return "en" if lang.startswith("en") else "zh"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[str, str]:
    """key → template of one language (the .po file's msgid → msgstr; an empty msgstr falls back to English)."""
    from babel.messages.pofile import read_po

    with (LOCALE_DIR / lang / "LC_MESSAGES" / "plantrack.po").open("rb") as handle:
        po = read_po(handle)
    out = {m.id: m.string for m in po if m.id and m.string}
    if lang != "en":
        return {**catalogue("en"), **out}
    return out


def t(key: str, lang: str | None = None, **params) -> str:
    """The message `key` in the current language, with its parameters filled in."""
    template = catalogue(lang or language()).get(key)
    if template is None:
        return key + (" " + json.dumps(params, ensure_ascii=False, default=str) if params else "")
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template


def render(key: str, params: dict | str | None, lang: str | None = None) -> str:
    """A (key, parameters) pair as stored by the loader: parameters a dict or a JSON text."""
    if isinstance(params, str):
        params = json.loads(params or "{}")
    return t(key, lang, **(params or {}))


CATALOGUE_DDL = "create or replace temp table msg_catalogue (key varchar primary key, template varchar)"

# The catalogue's template with `{name}` replaced by params->>'name' for every key of the JSON object.
RENDER_MACRO = """
create or replace temp macro pt_msg(msg_key, msg_params) as coalesce(
    (select case when msg_params is null then c.template
                 else list_reduce(json_keys(msg_params),
                                  lambda acc, k: replace(acc, '{' || k || '}', coalesce(msg_params ->> k, '')),
                                  c.template) end
     from msg_catalogue c where c.key = msg_key),
    msg_key);
"""


def load_catalogue(conn, lang: str | None = None) -> None:
    """The catalogue of `lang` (default: the current language) as temp table msg_catalogue, and pt_msg."""
    items = sorted(catalogue(lang or language()).items())
    conn.execute(CATALOGUE_DDL)
    conn.execute("insert into msg_catalogue select unnest(?), unnest(?)", [[k for k, _ in items], [v for _, v in items]])
    conn.execute(RENDER_MACRO)
