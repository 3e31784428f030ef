"""Clients generated from the live OpenAPI document (issue 15 item 4): without a warning, and working.

The Python client comes from openapi-python-client (pinned in the dev extra) and is imported and
called against the real server; the TypeScript types come from the npm registry in this test only
(`npx --yes openapi-typescript@<pinned>`) and must compile with `tsc --noEmit --strict`.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from services.api_contract import DOCUMENT_MEDIA
from tests.e2e.helpers import TENANT, officer, operator

OPENAPI_TYPESCRIPT = "openapi-typescript@7.13.0"
TYPESCRIPT = "typescript@5.9.3"
#: What the generators print when they drop or doubt a part of the document.
COMPLAINTS = ("warning", "unable", "cannot", "could not", "failure", "invalid", "conflict", "skipping")


def _document(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "openapi.json"
    path.write_bytes(httpx.get(f"{url}/docs/openapi.json").raise_for_status().content)
    return path


def _quiet(done: subprocess.CompletedProcess) -> str:
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    complaints = [line for line in output.splitlines() if any(word in line.lower() for word in COMPLAINTS)]
    assert not complaints, output
    return output


def test_a_generated_python_client_has_no_warning_and_calls_the_server(live_server, tmp_path):
    document = _document(tmp_path, live_server.url)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    generator = Path(sys.executable).parent / "openapi-python-client"
    # The printable documents answer DOCX or PDF only: the client is told they are files, as it is
    # told nothing else (the generator knows no such media type by itself).
    config = tmp_path / "client.json"
    config.write_text(json.dumps({"content_type_overrides": {media: "application/octet-stream"
                                                              for media in DOCUMENT_MEDIA.values()}}))
    _quiet(subprocess.run([str(generator), "generate", "--path", str(document), "--meta", "none",
                           "--config", str(config), "--output-path", str(tmp_path / "cascade_client")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300))
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("cascade_client")
        list_tenants = importlib.import_module("cascade_client.api.tenants.list_tenants")
        post_command = importlib.import_module("cascade_client.api.commands.post_command")
        models = importlib.import_module("cascade_client.models")
        api = live_server.api
        with client_module.AuthenticatedClient(base_url=live_server.url, token=api.token(operator())) as client:
            tenants = list_tenants.sync(client=client)
            assert TENANT in {tenant.id for tenant in tenants}
        with client_module.AuthenticatedClient(base_url=live_server.url, token=api.token(officer())) as client:
            command = models.RegisterSchool.from_dict({"type": "register_school", "school": "k-9", "name": "Школа"})
            answer = post_command.sync_detailed(client=client, tenant_id=TENANT, body=command)
            assert answer.status_code == 201, answer.content
            assert answer.parsed.command == "register_school" and answer.headers["location"]
            refused = post_command.sync_detailed(client=client, tenant_id=TENANT, body=command)
            assert refused.status_code == 409 and refused.parsed.type_ == "/problems/already-exists"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [name for name in sys.modules if name.split(".")[0] == "cascade_client"]:
            del sys.modules[name]


USE = """
import type { paths, components } from "./schema";
type Tenants = paths["/api/v1/tenants"]["get"]["responses"]["200"]["content"]["application/json"];
type Command = paths["/api/v1/tenants/{tenant_id}/commands"]["post"]["requestBody"];
type Problem = components["schemas"]["Problem"];
const kind: Problem["type"] = "/problems/not-found";
export const use = (tenants: Tenants, command: Command) => [tenants[0].id, command, kind];
"""


@pytest.mark.skipif(shutil.which("npx") is None, reason="node and npm are not installed")
def test_generated_typescript_types_have_no_warning_and_compile(live_server, tmp_path):
    document = _document(tmp_path, live_server.url)
    npx = shutil.which("npx")
    output = _quiet(subprocess.run([npx, "--yes", OPENAPI_TYPESCRIPT, str(document), "-o", "schema.d.ts"],
                                   capture_output=True, text=True, cwd=tmp_path, timeout=300))
    assert "schema.d.ts" in output
    (tmp_path / "use.ts").write_text(USE)
    _quiet(subprocess.run([npx, "--yes", "-p", TYPESCRIPT, "tsc", "--noEmit", "--strict", "use.ts", "schema.d.ts"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300))
