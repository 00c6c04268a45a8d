"""Turn the policy engine's plain-text rendering of a procedure into blocks a template can show.

The text comes from ``putright.policy.render_procedure`` (the same text ``putright procedures
show`` prints), so the public page and the command can never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    kind: str  # "h1" | "h2" | "h3" | "p" | "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(text: str) -> list[Block]:
    out: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(Block("p", "\n".join(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        for marker, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1")):
            if line.startswith(marker):
                flush()
                out.append(Block(kind, line[len(marker) :]))
                break
        else:
            if line.startswith("- "):
                flush()
                if not out or out[-1].kind != "list":
                    out.append(Block("list"))
                out[-1].items.append(line[2:])
            else:
                paragraph.append(line)
    flush()
    return out
