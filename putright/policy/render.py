"""A procedure rendered as a readable page ("our complaints procedure"), in English or Welsh.

Plain text with light markdown (``#`` headings, ``-`` lists), generated only from the procedure
definition, so the public page, the staff view and ``putright procedures show`` say the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from putright.policy.model import Procedure, Stage
from putright.policy.text import Text, format_date, is_welsh

__all__ = ["render_procedure"]

_LABELS: Mapping[str, Text] = MappingProxyType(
    {
        "version": Text(
            "Version {version}. In force from: {date}.", "Fersiwn {version}. Mewn grym o: {date}."
        ),
        "who": Text("Who can complain", "Pwy all gwyno"),
        "who_body": Text(
            "Anyone affected can complain, or a representative or advocate acting for them.",
            "Gall unrhyw un yr effeithiwyd arno gwyno, neu gynrychiolydd neu eiriolwr ar ei ran.",
        ),
        "consent": Text(
            "We need the person’s written consent before we share any of their information with "
            "their representative.",
            "Mae angen caniatâd ysgrifenedig y person arnom cyn i ni rannu unrhyw wybodaeth "
            "amdano â’i gynrychiolydd.",
        ),
        "when": Text("How long you have", "Faint o amser sydd gennych chi"),
        "when_event": Text(
            "Tell us within {months} of the event or outcome you are complaining about.",
            "Dywedwch wrthym o fewn {months} i’r digwyddiad neu’r canlyniad rydych chi’n cwyno "
            "amdano.",
        ),
        "when_later": Text(
            "Tell us within {months} of the event, or of finding out you had reason to complain, "
            "whichever is later.",
            "Dywedwch wrthym o fewn {months} i’r digwyddiad, neu i chi ddod i wybod bod gennych "
            "reswm i gwyno, pa un bynnag sydd hwyraf.",
        ),
        "tell": Text("What to tell us", "Beth i’w ddweud wrthym"),
        "what_went_wrong": Text(
            "what you think has gone wrong",
            "beth rydych chi’n meddwl sydd wedi mynd o’i le",
        ),
        "put_right": Text(
            "what you think we should do to put it right",
            "beth rydych chi’n meddwl y dylen ni ei wneud i’w unioni",
        ),
        "not_covered": Text(
            "What this procedure does not cover", "Beth nad yw’r drefn hon yn ymdrin ag ef"
        ),
        "about": Text("What you can complain about", "Beth y gallwch chi gwyno amdano"),
        "happens": Text("What happens", "Beth sy’n digwydd"),
        "ack": Text(
            "We acknowledge your complaint within {days} working days.",
            "Byddwn ni’n cydnabod eich cwyn o fewn {days} diwrnod gwaith.",
        ),
        "target_receipt": Text(
            "We aim to respond within {days} working days of receiving your complaint.",
            "Ein nod yw ymateb o fewn {days} diwrnod gwaith ar ôl cael eich cwyn.",
        ),
        "target_escalation-request": Text(
            "We aim to respond within {days} working days of your asking for this stage.",
            "Ein nod yw ymateb o fewn {days} diwrnod gwaith ar ôl i chi ofyn am y cam hwn.",
        ),
        "extension": Text(
            "This can be extended; if it is, we tell you the reason and the new date.",
            "Gellir ymestyn hyn; os felly, byddwn ni’n dweud wrthych y rheswm a’r dyddiad newydd.",
        ),
        "findings": Text(
            "The review looks particularly at these questions:",
            "Mae’r adolygiad yn edrych yn benodol ar y cwestiynau hyn:",
        ),
        "escalate": Text(
            "If you are unhappy with the outcome, you can ask for the next stage within {months} "
            "of our response.",
            "Os ydych chi’n anfodlon â’r canlyniad, gallwch ofyn am y cam nesaf "
            "o fewn {months} i’n hymateb.",
        ),
        "remedies": Text("Putting things right", "Unioni pethau"),
        "remedies_body": Text(
            "We assess each case individually: there are no standard or automatic remedies. "
            "If we got something wrong, putting it right may include:",
            "Rydyn ni’n asesu pob achos yn unigol: nid oes camau unioni safonol nac awtomatig. "
            "Os gwnaethon ni rywbeth o’i le, gall unioni pethau gynnwys:",
        ),
        "final": Text("Our final response", "Ein hymateb terfynol"),
        "phone": Text("Phone", "Ffôn"),
        "email": Text("Email", "E-bost"),
    }
)


def _months(n: int, lang: str) -> str:
    if is_welsh(lang):
        return f"{n} mis"
    return f"{n} month" if n == 1 else f"{n} months"


def _stage(number: int, stage: Stage, lang: str) -> list[str]:
    def label(key: str) -> str:
        return _LABELS[key].get(lang)

    lines = ["", f"### {number}. {stage.title.get(lang)}", "", stage.description.get(lang)]
    if stage.target_working_days is not None:
        lines += ["", label(f"target_{stage.clock}").format(days=stage.target_working_days)]
        if stage.extension.allowed:
            lines[-1] += " " + label("extension")
    if stage.findings:
        lines += ["", label("findings"), ""]
        lines += [f"- {q.text.get(lang)}" for q in stage.findings]
    if stage.escalation is not None:
        months = _months(stage.escalation.window_months, lang)
        lines += ["", label("escalate").format(months=months)]
    return lines


def render_procedure(procedure: Procedure, lang: str = "en") -> str:
    """The procedure as a page of plain text with light markdown, in English or Welsh."""

    def label(key: str) -> str:
        return _LABELS[key].get(lang)

    p = procedure
    lines = [f"# {p.title.get(lang)}", "", p.summary.get(lang), ""]
    lines.append(
        label("version").format(version=p.version, date=format_date(p.effective_from, lang))
    )
    lines += ["", f"## {label('who')}", "", label("who_body")]
    if p.consent_required:
        lines[-1] += " " + label("consent")
    when = "when_event" if p.time_limit.starts_from == "event" else "when_later"
    lines += ["", f"## {label('when')}", ""]
    lines.append(label(when).format(months=_months(p.time_limit.months, lang)))
    lines.append(p.time_limit_note.get(lang))
    if p.required_fields:
        lines += ["", f"## {label('tell')}", ""]
        lines += [f"- {label(r.name)}" for r in p.required_fields]
    if p.exclusions:
        lines += ["", f"## {label('not_covered')}", ""]
        lines += [f"- {e.title.get(lang)}. {e.signposting.get(lang)}" for e in p.exclusions]
    lines += ["", f"## {label('about')}", ""]
    lines += [f"- {c.title.get(lang)}" for c in p.categories]
    lines += ["", f"## {label('happens')}", ""]
    lines.append(label("ack").format(days=p.acknowledgement_working_days))
    for number, stage in enumerate(p.stages, start=1):
        lines += _stage(number, stage, lang)
    lines += ["", f"## {label('remedies')}", "", label("remedies_body"), ""]
    lines += [f"- {r.title.get(lang)}" for r in p.remedies]
    lines += ["", f"## {label('final')}", "", p.finality.get(lang)]
    if p.ombudsman is not None:
        o = p.ombudsman
        lines += ["", o.name, *o.address]
        lines += [f"{label('phone')}: {o.phone}", f"{label('email')}: {o.email}"]
    return "\n".join(lines) + "\n"
