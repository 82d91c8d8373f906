"""The form for one IP restriction line: an address or a CIDR range (IPv4 or IPv6), access.

The address field takes one address or a range, IPv4 or IPv6, or an IPv4
address and a subnet mask; the form returns a schema_version 2 line. As the
admin types it says what is wrong, or what the line covers and what an audit
will call it, in the model's and the audit's words (`cores.ip_lines`). When the
connector already has lines, their access mode is fixed here, with the reason:
mixing allowed and disallowed lines is not useful (with allowed lines every
other address is already blocked). Returns the new line, or None when cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, RadioSet, Static

from acwizard.cores.ip_lines import describe_line
from acwizard.dialogs.form import FormDialog
from acwizard.model import Access, IpRestriction
from acwizard.widgets.key_footer import KeyFooter
from acwizard.widgets.plain_checkbox import PlainButton, PlainRadioButton, PlainRadioSet

__all__ = ["IpRestrictionForm"]


FRAME_LINES = 7
"""Lines around the fields besides the message: footer, border, title and button row."""


class IpRestrictionForm(FormDialog[IpRestriction]):
    """New or edit one IP restriction line."""

    DEFAULT_CSS = """
    IpRestrictionForm #ip-fields {
        height: auto;
    }
    IpRestrictionForm #ip-access {
        layout: horizontal;
        height: 1;
    }
    IpRestrictionForm #ip-access PlainRadioButton {
        margin-right: 2;
    }
    IpRestrictionForm #ip-access:focus > PlainRadioButton.-selected > .toggle--label {
        text-style: bold underline;
    }
    """
    """Fits 60x20 with its buttons in view (`fit_fields` caps the fields' height). The choice
    under the cursor of the focused access set is bold and underlined: Textual marks it by
    background colour alone, which NO_COLOR and 16-colour terminals lose. The labels' top
    margin is app.tcss's `#ip-form .field-label`: it overrides app.tcss's `.field-label`, and
    app CSS beats DEFAULT_CSS whatever the selector."""

    OK_BUTTON = "ip-ok"
    PLACE = "ip_form"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ip-form.cancel"),
        Binding("ctrl+s,f10", "ok", "OK", id="ip-form.ok"),
    ]
    """Enter in a field or ctrl+s/F10 accepts; Escape cancels."""

    def __init__(
        self,
        line: IpRestriction | None,
        others: list[IpRestriction],
        fixed_access: Access | None,
    ) -> None:
        super().__init__(classes="dialog")
        self.line = line
        self.others = others
        self.fixed_access = fixed_access
        self.message_text = ""
        """What the message under the fields says now; its height is left to the fields."""

    def compose(self) -> ComposeResult:
        """Address, mask, access and OK/Cancel."""
        line = self.line
        access = self.fixed_access or (line.access if line else "allowed")
        title = "Edit IP restriction" if line else "New IP restriction"
        with Vertical(classes="dialog-box", id="ip-form"):
            yield Static(title, classes="dialog-title")
            with VerticalScroll(id="ip-fields", can_focus=False):
                yield from self.fields(line, access)
            # Outside the scrolling fields, so what is wrong or risky is always in view.
            yield Static(id="ip-message", classes="field-message")
            with Horizontal(classes="button-row"):
                yield PlainButton("OK", id="ip-ok", variant="primary", compact=True)
                yield PlainButton("Cancel", id="ip-cancel", compact=True)
        yield KeyFooter()

    def fields(self, line: IpRestriction | None, access: Access) -> ComposeResult:
        """The fields and messages; they scroll on a short terminal, the buttons stay."""
        yield Static("Address or range, IPv4 or IPv6 (CIDR)", classes="field-label")
        yield Input(
            # A version 1 line (address + subnet mask) is shown as the range it is.
            line.summary() if line else "",
            placeholder="203.0.113.7, 10.0.0.0/8, 2001:db8:10::/48",
            id="ip-address",
            compact=True,
        )
        yield Static("Subnet mask (IPv4: 255.255.255.0 or /24; optional)", classes="field-label")
        yield Input(
            "",
            placeholder="none: as the address says",
            id="ip-mask",
            compact=True,
        )
        locked = f" (locked to '{self.fixed_access}': see below)" if self.fixed_access else ""
        yield Static(f"Access{locked}", classes="field-label")
        with PlainRadioSet(id="ip-access", compact=True):
            yield PlainRadioButton("allowed", value=access == "allowed", id="allowed")
            yield PlainRadioButton("disallowed", value=access == "disallowed", id="disallowed")
        if self.fixed_access:
            yield Static(
                Content(
                    f"This connector's lines are all '{self.fixed_access}'. Mixing allowed "
                    "and disallowed lines is not useful: with allowed lines every address "
                    "not listed is already blocked."
                ),
                classes="field-help",
            )

    def on_mount(self) -> None:
        """Start in the address; lock the access mode when it is fixed."""
        self.query_one("#ip-access", RadioSet).disabled = self.fixed_access is not None
        self.query_one("#ip-address", Input).focus()

    def on_resize(self) -> None:
        """Fit the fields to the terminal."""
        self.fit_fields()

    def fit_fields(self) -> None:
        """Let the fields scroll in what title, message, buttons and footer leave.

        At 60x20 the whole form is taller than the screen; without a limit the
        OK and Cancel buttons were pushed off it.
        """
        message = self.query_one("#ip-message", Static)
        width = max(10, self.query_one("#ip-fields").content_size.width)
        height = len(Content(self.message_text).wrap(width)) if self.message_text else 1
        room = self.size.height - FRAME_LINES - height
        self.query_one("#ip-fields").styles.max_height = max(3, room)
        message.styles.max_height = max(1, self.size.height - FRAME_LINES - 3)

    @property
    def access(self) -> Access:
        """The access chosen in the radio set."""
        pressed = self.query_one("#ip-access", RadioSet).pressed_button
        return "disallowed" if pressed is not None and pressed.id == "disallowed" else "allowed"

    def current(self) -> tuple[IpRestriction | None, str]:
        """The line the fields describe, or None, and a message for the user."""
        address = self.query_one("#ip-address", Input).value
        mask = self.query_one("#ip-mask", Input).value
        return describe_line(address, mask, self.access, self.others)

    @on(Input.Changed)
    @on(RadioSet.Changed)
    def revalidate(self) -> None:
        """Say what is wrong, or what the line covers, as the user types."""
        line, message = self.current()
        widget = self.query_one("#ip-message", Static)
        self.message_text = message
        widget.update(Content(message))
        widget.set_class((line is None and bool(message)) or "\n! " in message, "-error")
        self.fit_fields()

    def action_ok(self) -> None:
        """Return the line when it is valid; otherwise say why not."""
        line, message = self.current()
        if line is None:
            self.revalidate()
            if not message:
                self.query_one("#ip-message", Static).update(Content("! address: is required"))
            self.app.bell()
            return
        self.dismiss(line)
