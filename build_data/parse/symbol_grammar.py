"""The grammar of OSCE document symbols, as patterns: ``BODY[(meeting)].KIND[/number[/yy]]``
then ``/Rev.n``, ``/Add.n``, ``/Corr.n`` and a distribution marker (``OSCE+``, ``Restr.``).

Its tokens are declared once here. ``GRAMMAR`` is the strict grammar that
``normalize/symbols.py`` turns into ``Symbol`` values (with the prose citations 'Decision
No. 5/11', 'PC Journal No. 976'); the parse stage uses the same tokens to recognise a
symbol where it only needs to know that one stands there (a page header, a header line
of a decision), read loosely: the series, then any slash-separated fields.
"""

from __future__ import annotations

import re

COUNCIL = r"(?:PC|FSC|MC)"  # the decision-making bodies whose journals are read
BODY = r"[A-Z]{2,6}"  # any issuing body: PC, FSC, MC, SEC, CIO, ODIHR ...
MEETING_NUMBER = r"\d{1,3}"  # the Ministerial Council meeting in MC(12)
KIND = r"[A-Z]{2,5}"  # DEC, JOUR, DEL, GAL, DD ...
SERIES = rf"{BODY}(?:\({MEETING_NUMBER}\))?\.{KIND}"
FIELDS = r"(?:/[\w.]+)*"  # what follows the series, read loosely: number, year, Rev.1 ...
SYMBOL = rf"{SERIES}{FIELDS}"  # a symbol as a page header or a header line prints it
DECISION_SERIES = rf"{COUNCIL}(?:\({MEETING_NUMBER}\))?\.DEC"  # PC.DEC, MC(9).DEC
JOURNAL_SERIES = rf"{COUNCIL}(?:\({MEETING_NUMBER}\))?\.JOUR"  # PC.JOUR, MC(12).JOUR
# The journals numbered in their symbol (PC.JOUR/976, FSC.JOUR/972) and the Ministerial
# Council's, numbered by meeting (MC(12).JOUR, MC(12).JOUR/2 for a second day).
NUMBERED_JOURNAL_BODY = r"(?:PC|FSC)"
NUMBERED_JOURNAL_SERIES = rf"{NUMBERED_JOURNAL_BODY}\.JOUR"
MC_JOURNAL_SERIES = rf"MC\({MEETING_NUMBER}\)\.JOUR"
# A journal's symbol, its parts in groups: body, number, corrigendum of a PC or FSC journal;
# meeting and number of an MC journal (own_marks.symbol_of reads them).
JOURNAL_SYMBOL = (
    rf"\b({NUMBERED_JOURNAL_BODY})\.JOUR/(\d+)(?:/Corr\.(\d))?"
    rf"|\bMC\(({MEETING_NUMBER})\)\.JOUR(?:/(\d+))?"
)

WS = r"[ \t]{0,2}(?:\n[ \t]*)?"  # stray blank or line wrap; unambiguous (linear)
SEP = rf"{WS}/{WS}"
BODY_NAMES = (
    r"(?:OSCE\s+)?(?:Ministerial\s+Council|Permanent\s+Council"
    r"|Forum\s+for\s+Security\s+Co-operation|MC|PC|FSC)"
)
# The strict grammar: a citation in prose, or a symbol with its parts as named groups.
GRAMMAR = re.compile(
    rf"""
    (?P<cite>                                   # a citation in prose
        (?<![\w.])(?:(?P<cbody>{BODY_NAMES})\s+)?
        (?:(?P<dec>Decision|DECISION)|(?P<jour>Journal))\s+No\.\s*
        (?P<cnum>\d{{1,5}}(?:/\d{{2}})?)(?![\d/])
    )
    |
    (?P<sym>
        (?<![\w.])
        (?P<body>{BODY})(?:\((?P<meeting>{MEETING_NUMBER})\))?\.(?P<kind>{KIND})
        (?:
            (?:{SEP}|[ \t](?=\d{{1,5}}{SEP}\d{{2}}(?!\d)))  # 'PC.DEL 978/20'
            (?P<number>\d{{1,5}})
            (?:{SEP}(?P<year>\d{{2}})(?P<mark>\d(?![\d/]))?(?!\d))?
        )?
        (?(number)|(?(meeting)|(?!)))           # bare 'PC.DEL' is not a symbol
        (?P<suffixes>(?:{SEP}(?:Rev|Corr|Add)\.[ ]?\d{{1,2}}(?!\d))*)
        (?![\w/])
        (?:\s+(?P<dist>OSCE\+|Restr\.))?
    )
    """,
    re.VERBOSE,
)
SUFFIX_RE = re.compile(r"(Rev|Corr|Add)\.[ ]?(\d+)")
