"""A bare Textual app: the yardstick that mstui's start-up is compared to in the same run."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Bare app ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
