"""The user's own directories for acwizard: state (recovery drafts, verify's results), cache
(validate's) and configuration (the credential helper, a REST base).

Where the platform keeps them, as platformdirs says (`$XDG_STATE_HOME/acwizard`
or `~/.local/state/acwizard` and `$XDG_CACHE_HOME/acwizard` or
`~/.cache/acwizard` on Linux; `~/Library/...` on macOS; `%LOCALAPPDATA%` on
Windows), never in a workspace. Two guarantees platformdirs alone does not
give:

- A relative `XDG_*_HOME` is ignored, as the XDG specification says: taken as
  it is, it would put drafts in the working directory, a workspace perhaps.
- What an older acwizard left in its own place (the XDG defaults on every
  platform, before platformdirs) is still found: while that directory exists
  and the platform's does not, it stays the one used.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "acwizard"


def state_directory() -> Path | None:
    """acwizard's state directory (drafts live in it); None when the user has no home."""
    return _chosen(
        platformdirs.user_state_dir(APP, appauthor=False),
        _before_platformdirs("XDG_STATE_HOME", ".local/state"),
    )


def cache_directory() -> Path | None:
    """acwizard's cache directory (validate's results); None when the user has no home."""
    return _chosen(
        platformdirs.user_cache_dir(APP, appauthor=False),
        _before_platformdirs("XDG_CACHE_HOME", ".cache"),
    )


def config_directory() -> Path | None:
    """acwizard's directory in the user's own configuration (config.toml, outside every
    workspace); None when the user has no home."""
    return _chosen(
        platformdirs.user_config_dir(APP, appauthor=False),
        _before_platformdirs("XDG_CONFIG_HOME", ".config"),
    )


def _before_platformdirs(variable: str, default: str) -> Path | None:
    """Where acwizard put it before using platformdirs: `$VARIABLE/acwizard` when absolute,
    else `~/<default>/acwizard`; None without a home directory."""
    base = os.environ.get(variable, "")
    if os.path.isabs(base):
        return Path(base) / APP
    try:
        return Path.home() / default / APP
    except (RuntimeError, KeyError):  # no HOME and no passwd entry (CI containers)
        return None


def _chosen(platform: str, earlier: Path | None) -> Path | None:
    """The platform's directory, unless it is relative (a relative XDG variable, no home) or
    only the earlier one exists."""
    current = Path(platform) if os.path.isabs(platform) else None
    if current is None:
        return earlier
    if earlier is not None and earlier != current and _exists(earlier) and not _exists(current):
        return earlier
    return current


def _exists(path: Path) -> bool:
    """True when something (a link too) is at `path`; an unreadable parent counts as nothing."""
    try:
        return os.path.lexists(path)
    except OSError:
        return False
