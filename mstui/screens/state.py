"""State the screens share: the board filters (they survive switching screens)."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class BoardFilter:
    """What the board (and the lists that follow it) show."""

    text: str = ""
    project: str = ""
    owner: str = ""
    department: str = ""
    mine: bool = False
    show_cancelled: bool = False

    @property
    def active(self) -> bool:
        return bool(self.text or self.project or self.owner or self.department or self.mine)

    def parts(self) -> list[str]:
        """Each active filter in words (plain text; user text inside)."""
        out = []
        if self.mine:
            out.append("mine only")
        if self.project:
            out.append(f"project {self.project}")
        if self.owner and not self.mine:
            out.append(f"owner {self.owner}")
        if self.department:
            out.append(f"department {self.department}")
        if self.text:
            out.append(f'title contains "{self.text}"')
        return out

    def cleared(self) -> BoardFilter:
        return BoardFilter(show_cancelled=self.show_cancelled)

    def but(self, **changes: object) -> BoardFilter:
        return replace(self, **changes)  # type: ignore[arg-type]


NO_PROJECTS = "No projects yet — press n to create one"
"""What an empty board, dashboard and timeline say."""
