"""A local stand-in of Bedrock's Converse wire: an HTTP server answering POST /model/{id}/converse
with scripted Converse JSON, for the real boto3 client pointed at it through
AWS_ENDPOINT_URL_BEDROCK_RUNTIME. Each scripted step is a function of the request body (so a step
can read the tool results it was sent) returning a response body, or an `Error(status, code)`.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

from tests.integration.webhooks.standin import POLL_SECONDS

Step = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Error:
    status: int
    code: str
    message: str = "stand-in failure"


def tool_use(*calls: tuple[str, dict[str, Any]], text: str | None = None) -> dict[str, Any]:
    content: list[dict[str, Any]] = [{"text": text}] if text else []
    for n, (name, args) in enumerate(calls):
        content.append({"toolUse": {"toolUseId": f"tu-{name}-{n}", "name": name, "input": args}})
    return _body(content, "tool_use")


def answer(text: str) -> dict[str, Any]:
    return _body([{"text": text}], "end_turn")


def _body(content: list[dict[str, Any]], stop: str) -> dict[str, Any]:
    return {"output": {"message": {"role": "assistant", "content": content}}, "stopReason": stop,
            "usage": {"inputTokens": 900, "outputTokens": 60, "totalTokens": 960}, "metrics": {"latencyMs": 5}}


def tool_results(request: dict[str, Any]) -> list[dict[str, Any]]:
    """The toolResult blocks of the request's last user message, their JSON text parsed."""
    results = []
    for block in request["messages"][-1]["content"]:
        if "toolResult" in block:
            result = dict(block["toolResult"])
            result["json"] = json.loads(result["content"][0]["text"])
            results.append(result)
    return results


class ConverseStandIn:
    def __init__(self, script: list[Step | dict | Error] | None = None) -> None:
        self.script: list[Any] = list(script or [])
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                standin.paths.append(unquote(self.path))
                standin.requests.append(body)
                step = standin.script.pop(0) if standin.script else Error(500, "InternalServerException", "script ran out")
                out = step(body) if callable(step) else step
                if isinstance(out, Error):
                    self._send(out.status, {"message": out.message}, out.code)
                elif not (self.path.startswith("/model/") and self.path.endswith("/converse")):
                    self._send(404, {"message": "unknown path"}, "ResourceNotFoundException")
                else:
                    self._send(200, out)

            def _send(self, status: int, body: dict[str, Any], code: str | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if code:
                    self.send_header("x-amzn-ErrorType", code)
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> ConverseStandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
