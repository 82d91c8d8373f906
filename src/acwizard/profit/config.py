"""The admin's own settings for calling Profit: never from the workspace.

A pull request can change every file in a workspace, `acwizard.toml`
included, so nothing that decides where credentials go or where they come
from is read there. These settings come from the environment or from the
user's own config file, `acwizard/config.toml` in the user config directory
(platformdirs: `$XDG_CONFIG_HOME/acwizard/config.toml`, by default
`~/.config/acwizard/config.toml`):

    credential_helper = "pass-afas"     # or a list: ["op-afas", "--vault", "IT"]
    base_url = "https://profit.example.com/ProfitRestServices"   # on-premises
    trust = "system"                    # verify TLS with the system trust store

and the environment overrides the file: `ACWIZARD_CREDENTIAL_HELPER` (a
command line), `ACWIZARD_TRUST` (`system` or `default`). `--base-url` on the
command line overrides `base_url`.

The file is read only when it is a regular file of this user that nobody
else may write to, and not inside the workspace; anything else is refused
with the reason. This module never imports Textual.
"""

from __future__ import annotations

import os
import shlex
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from acwizard.profit.hosts import checked_rest_base
from acwizard.text import visible

CONFIG_NAME = "config.toml"
MAX_CONFIG_BYTES = 64 * 1024
ENV_HELPER = "ACWIZARD_CREDENTIAL_HELPER"
ENV_TRUST = "ACWIZARD_TRUST"
KEYS = ("credential_helper", "base_url", "trust")
Trust = Literal["default", "system"]
"""`default`: certifi's CAs, or SSL_CERT_FILE / SSL_CERT_DIR when set; `system`: the
operating system's trust store (truststore), for a company's own CA or a TLS-inspecting proxy."""


class ConfigError(ValueError):
    """Why the admin's settings cannot be used; a sentence naming the file or variable."""


@dataclass(frozen=True)
class UserConfig:
    """What the admin set outside the repository."""

    helper: tuple[str, ...] | None = None
    """The credential helper's command (argv), or None."""
    helper_source: str = ""
    """Where the helper was named: the variable or the config file."""
    base_url: str | None = None
    """A REST base from the config file (checked), or None."""
    trust: Trust = "default"
    path: Path | None = None
    """The config file that was read, if any."""


def config_path() -> Path | None:
    """`acwizard/config.toml` in the user config directory (platformdirs; never a relative
    XDG_CONFIG_HOME, which could name a workspace); None without a home directory."""
    from acwizard.files.userdirs import config_directory

    directory = config_directory()
    return None if directory is None else directory / CONFIG_NAME


def _read_config_file(path: Path, workspace: Path | None) -> dict[str, Any]:
    """The config file's table, {} when there is none; ConfigError when it is unusable."""
    from acwizard.files.reading import read_regular_file

    shown = visible(str(path), 200)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot be read: {exc.strerror or 'error'}") from None
    if workspace is not None and path.resolve().is_relative_to(workspace.resolve()):
        raise ConfigError(f"{shown} is inside the workspace: acwizard does not read it there")
    if not stat.S_ISREG(info.st_mode):
        raise ConfigError(f"{shown} is not a regular file (a link or directory): not read")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise ConfigError(f"{shown} belongs to another user: not read")
    if info.st_mode & 0o022:
        raise ConfigError(
            f"{shown} may be changed by others, who could send your credentials elsewhere: "
            f"not read (chmod go-w {shown})"
        )
    try:
        raw = read_regular_file(path, MAX_CONFIG_BYTES)
        if len(raw) > MAX_CONFIG_BYTES:
            raise ConfigError(f"{shown} is larger than 64 KiB: not read")
        return tomllib.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{shown}: cannot be read: {exc.strerror or 'error'}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{shown} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown} is not valid TOML: {visible(str(exc), 200)}") from None


def _helper_argv(value: Any, source: str) -> tuple[str, ...]:
    """A helper command from a command line (shell words) or a list of strings."""
    try:
        if isinstance(value, str):
            argv = shlex.split(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            argv = list(value)
        else:
            raise ValueError
    except ValueError:
        raise ConfigError(f"{source} must be a command line or a list of words") from None
    if not argv or not argv[0]:
        raise ConfigError(f"{source} is empty")
    if any("\x00" in word for word in argv):
        raise ConfigError(f"{source} holds a NUL character")
    return tuple(argv)


def _trust(value: Any, source: str) -> Trust:
    """`default` or `system`."""
    if value == "system":
        return "system"
    if value == "default":
        return "default"
    raise ConfigError(f'{source} must be "system" or "default"')


def load_user_config(env: Mapping[str, str], workspace: Path | None = None) -> UserConfig:
    """The admin's settings: the environment over the user's config file."""
    path = config_path()
    shown = visible(str(path), 200)
    table = {} if path is None else _read_config_file(path, workspace)
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        names = ", ".join(visible(key, 40) for key in unknown)
        raise ConfigError(f"{shown}: unknown key {names}; it may hold {', '.join(KEYS)}")
    helper: tuple[str, ...] | None = None
    helper_source = ""
    if "credential_helper" in table:
        helper_source = f"credential_helper in {shown}"
        helper = _helper_argv(table["credential_helper"], helper_source)
    if env.get(ENV_HELPER, "").strip():
        helper_source = ENV_HELPER
        helper = _helper_argv(env[ENV_HELPER], ENV_HELPER)
    base_url = None
    if "base_url" in table:
        value = table["base_url"]
        if not isinstance(value, str):
            raise ConfigError(f"base_url in {shown} must be a text")
        try:
            base_url = checked_rest_base(value)
        except ValueError as exc:
            raise ConfigError(f"base_url in {shown} {exc}") from None
    trust: Trust = _trust(table["trust"], f"trust in {shown}") if "trust" in table else "default"
    if env.get(ENV_TRUST, "").strip():
        trust = _trust(env[ENV_TRUST].strip(), ENV_TRUST)
    return UserConfig(helper, helper_source, base_url, trust, path if table else None)
