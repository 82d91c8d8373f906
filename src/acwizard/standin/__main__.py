"""`python -m acwizard.standin`: serve a workspace's connectors as a stand-in Profit, by hand.

    python -m acwizard.standin --workspace data            # http://127.0.0.1:8080/...
    python -m acwizard.standin --workspace data --tls      # https, with a test CA
    python -m acwizard.standin helper get O12345AA payroll-sync   # the credential helper

It prints the REST base and the commands to try `acwizard verify` and
`acwizard import --live` against it; Ctrl+C stops it.
"""

from __future__ import annotations

import argparse
import re
import shlex
import sys
from pathlib import Path

from acwizard.standin.fromworkspace import default_credentials_dir, from_workspace
from acwizard.standin.server import base_url, make_server

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def helper(argv: list[str]) -> int:
    """The credential helper protocol: `get ENVIRONMENT_ID CONNECTOR_ID` prints one JSON."""
    parser = argparse.ArgumentParser(prog="python -m acwizard.standin helper")
    parser.add_argument("action")
    parser.add_argument("environment")
    parser.add_argument("connector")
    parser.add_argument("--credentials-dir", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.action != "get":
        print("unknown action (only get)", file=sys.stderr)
        return 2
    if not (_NAME.fullmatch(args.environment) and _NAME.fullmatch(args.connector)):
        print("no such environment or connector", file=sys.stderr)
        return 1
    directory = args.credentials_dir or default_credentials_dir()
    path = directory / args.environment / f"{args.connector}.json"
    try:
        sys.stdout.write(path.read_text(encoding="utf-8"))
    except OSError:
        print(f"the stand-in has no credentials for {args.connector}", file=sys.stderr)
        return 1
    return 0


def _tls_context(directory: Path) -> object:
    """A server TLS context from a fresh test CA (trustme); the CA is written for clients."""
    import trustme

    authority = trustme.CA()
    certificate = authority.issue_cert("127.0.0.1", "::1", "localhost")
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    authority.cert_pem.write_to_path(str(directory / "ca.pem"))
    return context


def serve(argv: list[str]) -> int:
    """Serve the workspace's connectors until Ctrl+C."""
    parser = argparse.ArgumentParser(
        prog="python -m acwizard.standin",
        description="A stand-in Profit on a loopback address, granting what the workspace's "
        "connector files grant, with made-up credentials.",
    )
    parser.add_argument("--workspace", "-w", type=Path, default=Path("data"))
    parser.add_argument("--host", choices=("127.0.0.1", "::1"), default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0: any free port")
    parser.add_argument("--tls", action="store_true", help="https with a test CA (trustme)")
    parser.add_argument("--seed", default="demo", help="what the made-up credentials derive from")
    parser.add_argument("--credentials-dir", type=Path, default=None)
    parser.add_argument("--no-special", action="store_true", help="list no special connectors")
    parser.add_argument("--ready-file", type=Path, help="write the REST base here once serving")
    args = parser.parse_args(argv)
    directory = args.credentials_dir or default_credentials_dir()
    standin, served = from_workspace(args.workspace, args.seed, directory, not args.no_special)
    context = _tls_context(directory) if args.tls else None
    server = make_server(standin, args.host, args.port, context)  # type: ignore[arg-type]
    base = base_url(server)
    python = shlex.quote(sys.executable)
    helper_command = f"{python} -m acwizard.standin helper"
    if args.credentials_dir:
        helper_command += f" --credentials-dir {shlex.quote(str(directory))}"
    workspace = shlex.quote(str(args.workspace))
    trust = f"SSL_CERT_FILE={shlex.quote(str(directory / 'ca.pem'))} " if args.tls else ""
    print(
        f"Stand-in Profit for {standin.environment}: {len(standin.connectors)} app connectors, "
        f"{served} with made-up credentials\nREST base: {base}\n\nTry:\n"
        f"  {trust}ACWIZARD_CREDENTIAL_HELPER={shlex.quote(helper_command)} "
        f"acwizard -w {workspace} verify --base-url {base}\n\nCtrl+C stops it.",
        flush=True,
    )
    if args.ready_file:
        args.ready_file.write_text(base, encoding="utf-8")
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Serve, or act as the credential helper."""
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["helper"]:
        return helper(arguments[1:])
    return serve(arguments)


if __name__ == "__main__":
    sys.exit(main())
