"""The baseline of figure 9, verify: a plain httpx loop making the same calls.

    python bench/verifybase.py WORKSPACE REST_BASE HELPER

What any script that checks every connector against Profit must do at least:
read each connector file (tomllib) to leave the blocked ones out, ask the same
credential helper for each connector (8 at once, each in a thread), and GET /metainfo with its
token through one httpx client, at most 5 calls at once, parsing each answer.
No comparison, no report, no stored results.
"""

import asyncio
import base64
import json
import os
import subprocess
import sys
import tomllib

import httpx


def main() -> int:
    """Ask Profit about every connector not blocked; 1 if a call failed."""
    root, base, helper = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(os.path.join(root, "acwizard.toml"), "rb") as handle:
        environment = tomllib.load(handle)["environment"]
    folder = os.path.join(root, "connectors")
    ids = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            if not tomllib.load(handle).get("blocked", True):
                ids.append(name.removesuffix(".toml"))

    def credential(ident: str) -> bytes:
        command = [helper, "get", environment, ident]
        return subprocess.run(command, capture_output=True, timeout=30, check=True).stdout

    async def run() -> int:
        limits = httpx.Limits(max_connections=5)
        gate = asyncio.Semaphore(8)
        # At most 5 requests wait on httpx at once: 3,500 waiting in its pool made the loop
        # quadratic (over 3 minutes), which no script that wants an answer would keep.
        calls = asyncio.Semaphore(5)
        async with httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(30, pool=None)) as client:

            async def one(ident: str) -> bool:
                async with gate:
                    output = await asyncio.to_thread(credential, ident)
                answer = json.loads(output)
                token = base64.b64encode(answer["token"].encode()).decode()
                async with calls:
                    response = await client.get(
                        base + "/metainfo", headers={"Authorization": "AfasToken " + token}
                    )
                json.loads(response.content)
                return response.status_code == 200

            results = await asyncio.gather(*(one(ident) for ident in ids))
        return 0 if all(results) else 1

    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
