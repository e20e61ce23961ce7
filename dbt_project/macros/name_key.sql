{#-
  A name's matching key: the one home of the rule that matches names written by people (a submission's
  填报单位 / 地区 / 指标, a plan's 责任单位 cell, the CLI's --department) to reference names and aliases.
  Full-width forms become ASCII (ＡＢＣ１２３，（） → ABC123,(); the ideographic space, − and — too), all
  whitespace goes, letters are lower case: 宁波市 经信局 / ＮＩＮＧＢＯ / ningbo match 宁波市经信局 / Ningbo.
  Simplified and Traditional are not folded: both spellings are reference names (dim_*.name_zh_hant, aliases).
  The loader's checks render this macro for their temp macro pt_norm (orchestration/defs/submissions/validate.py);
  int_name_keys keys every reference name with it.
  full_width() and half_width() are the translation's two sides, character for character.
-#}
{% macro full_width() -%}
！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～　−—
{%- endmacro %}

{% macro half_width() -%}
!"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~ --
{%- endmacro %}

{% macro name_key(text) -%}
    lower(regexp_replace(
        translate(coalesce({{ text }}, ''), '{{ full_width() }}', '{{ half_width() | replace("'", "''") }}'),
        '\s+', '', 'g'
    ))
{%- endmacro %}
