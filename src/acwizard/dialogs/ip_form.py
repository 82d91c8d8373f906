"""The form for one IP restriction line: an address or a CIDR range (IPv4 or IPv6), access.

The address field takes one address or a range as Profit 8 writes it
(`203.0.113.7`, `192.168.10.0/24`, `2001:db8:10::/48`); an IPv4 range may
also be given as an address and a subnet mask, as Profit 5 to 7 asked for it.
Either way the form returns a schema_version 2 line: the range in `address`,
no `subnet_mask`. Validates as the model does, while typing (the model's
`parse_address` words, "did you mean" included). When the connector already
has lines, their access mode is fixed here, with the reason: mixing allowed
and disallowed lines is not useful (with allowed lines every other address is
already blocked). Says what an access audit will call the line (a /8, or an
IPv6 /32, is "high"; a range holding an AFAS Connect address) and when a line
overlaps another, in the audit's own words, before the admin accepts it.
Returns the new line, or None when cancelled.
"""

from __future__ import annotations

import ipaddress
from typing import Any, ClassVar

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, RadioSet, Static

from acwizard.dialogs.form import FormDialog
from acwizard.model import Access, AppConnector, IpNetwork, IpRestriction
from acwizard.problems import first_error
from acwizard.rules import afas_connect_addresses_in, connector_findings
from acwizard.widgets.plain_checkbox import PlainButton, PlainRadioButton, PlainRadioSet

__all__ = [
    "FormError",
    "IpRestrictionForm",
    "address_count",
    "address_number",
    "line_from_fields",
    "written_for",
]


class FormError(ValueError):
    """The form's fields cannot describe one line; the message says why."""


def is_number(text: str) -> bool:
    """Digits 0-9 only: `str.isdigit` also takes superscript, Arabic-Indic and full-width digits, which int() or ipaddress then
    refused with an exception (typed in the form, it ended the TUI)."""
    return text.isascii() and text.isdigit()


def prefix_mask(prefix: str) -> str:
    """The dotted subnet mask for a prefix length such as `24`."""
    if not is_number(prefix) or not 0 <= int(prefix) <= 32:
        raise FormError(f"/{prefix}: a prefix length is a number from 0 to 32")
    return str(ipaddress.IPv4Network(f"0.0.0.0/{prefix}").netmask)


def line_from_fields(address: str, mask: str, access: Access) -> IpRestriction:
    """Build a schema_version 2 line from the form's text.

    People write ranges in several ways; all of these give the same line,
    `10.0.0.0/8`: address `10.0.0.0/8`; address `10.0.0.0` with mask
    `255.0.0.0`, `/8` or `8`. IPv6 ranges are written with their prefix
    (`2001:db8:10::/48`, or `/48` in the mask field). The model checks the
    address and says "did you mean" when the host bits are set.
    """
    address, mask = address.strip(), mask.strip()
    if "/" in address and mask:
        raise FormError(
            "give the range once: either /nn after the address or a subnet mask, not both"
        )
    if mask.startswith("/") or is_number(mask):
        prefix = mask.lstrip("/")
        if ":" not in address:
            prefix_mask(prefix)  # the IPv4 wording for a prefix out of range
        return IpRestriction(address=f"{address}/{prefix}", access=access)
    if mask:
        if ":" in address:
            raise FormError(
                "a subnet mask is IPv4 only: write an IPv6 range with its prefix, "
                "such as 2001:db8:10::/48"
            )
        # Checked as version 1 wrote it (the model's words for a bad mask and for
        # host bits), then written as version 2 does.
        return IpRestriction(address=address, subnet_mask=mask, access=access).as_cidr()
    return IpRestriction(address=address, access=access)


def written_for(line: IpRestriction, schema_version: int) -> dict[str, Any]:
    """`line` as plain data in the form a connector of `schema_version` holds.

    The form makes version 2 lines; a version 1 connector still being edited as
    version 1 writes an IPv4 range as address and subnet mask (an IPv6 line
    stays as it is, and the model says it needs version 2).
    """
    network = line.range
    if schema_version != 1 or network.version != 4 or line.network is None:
        return line.model_dump()
    return IpRestriction(
        address=str(network.network_address),
        subnet_mask=str(network.netmask),
        access=line.access,
    ).model_dump()


def address_number(network: IpNetwork) -> str:
    """How many addresses a range holds: `256`, or `2^80` where the number is too long to read."""
    count = network.num_addresses
    if network.version == 6 and count > 2**32:
        return f"2^{network.max_prefixlen - network.prefixlen}"
    return str(count)


def address_count(network: IpNetwork) -> str:
    """The same with its noun: `1 address`, `256 addresses`, `2^80 addresses`."""
    number = address_number(network)
    return f"{number} address" if number == "1" else f"{number} addresses"


FRAME_LINES = 7
"""Lines around the fields besides the message: footer, border, title and button row."""

LINE_FINDINGS = frozenset({"wide-range", "afas-connect-allowed"})
"""Audit findings that one IP line causes on its own."""


def audit_notes(line: IpRestriction) -> list[str]:
    """What `acwizard audit` will say about `line`, in its words, for an active connector."""
    probe = AppConnector(
        schema_version=2,
        description="probe",
        user_group="probe",
        blocked=False,
        ip_restrictions=[line],
    )
    return [
        f"Audit ({finding.level}): {finding.message}"
        for finding in connector_findings("", probe)
        if finding.code in LINE_FINDINGS
    ]


def overlap_notes(line: IpRestriction, others: list[IpRestriction]) -> list[str]:
    """Where `line` lies inside another line's range, or holds another line inside its own."""
    mine = line.range
    notes = []
    for other in others:
        theirs = other.range
        if mine == theirs or mine.version != theirs.version:
            continue
        if _inside(mine, theirs):
            notes.append(
                f"{line.summary()} is already inside {other.summary()}: this line adds nothing"
            )
        elif _inside(theirs, mine):
            notes.append(f"{line.summary()} already holds {other.summary()}, which is listed too")
    return notes


def _inside(inner: IpNetwork, outer: IpNetwork) -> bool:
    """True when every address of `inner` is in `outer` (both of one IP version)."""
    return int(outer.network_address) <= int(inner.network_address) and int(
        inner.broadcast_address
    ) <= int(outer.broadcast_address)


def error_text(exc: ValidationError) -> str:
    """The first validation error, with the field it belongs to."""
    field, text = first_error(exc.errors())
    return f"{field}: {text}" if field else text


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
        yield Footer()

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
        if not address.strip():
            return None, ""
        try:
            line = line_from_fields(address, mask, self.access)
        except ValidationError as exc:
            return None, f"! {error_text(exc)}"
        except FormError as exc:
            return None, f"! {exc}"
        for other in self.others:
            # Compared as ranges: a version 1 line (address + mask) is the same range.
            if other.range == line.range:
                return None, f"! {line.summary()} is already listed"
        note = ""
        if line.access == "allowed" and line.network is None and afas_connect_addresses_in(line):
            note = "Note: an AFAS Connect test address; remove it once testing is done. "
        if line.prefix_length == 0 and line.access == "allowed":
            note = (
                "Warning: this allows every address, the same as no restriction. "
                if line.range.version == 4
                else "Warning: this allows every IPv6 address. "
            )
        warnings = overlap_notes(line, self.others)
        if line.access == "allowed":
            warnings += audit_notes(line)
        text = f"{note}{line.summary()} {line.access}: {address_count(line.range)}"
        return line, "\n".join([text, *(f"! {warning}" for warning in warnings)])

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
