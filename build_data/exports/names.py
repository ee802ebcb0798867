"""Names shared by the export formats: Akoma Ntoso IRIs, the actor of each body, and text
made safe for XML."""

from __future__ import annotations

import re

# The actor (in the registry) that is each decision-making body.
BODY_ACTORS = {
    "PC": "permanent-council",
    "FSC": "forum-for-security-co-operation",
    "MC": "ministerial-council",
}
# Akoma Ntoso puts a country code where `osce` stands: the OSCE is the jurisdiction.
AKN_JURISDICTION = "osce"
_NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SPACE = re.compile(r"\s+")


def xml_text(text: str | None) -> str:
    """Text without the control characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text or "")


def token(value: str) -> str:
    """A value usable in an eId or an IRI component: no whitespace, no slash."""
    return _SPACE.sub("-", value.strip()).replace("/", "-").replace("#", "-") or "-"


def decision_work_iri(body: str, date: str, number: str) -> str:
    """`/akn/osce/statement/deliberation/pc/2013-12-06/1107` (AKN4UN pattern)."""
    return f"/akn/{AKN_JURISDICTION}/statement/deliberation/{body.lower()}/{date}/{token(number)}"


def actor_iri(actor_id: str) -> str:
    return f"/akn/ontology/organization/{AKN_JURISDICTION}/{token(actor_id)}"
