"""Refuse oversized bodies before anything parses them.

A declared `Content-Length` over the limit is answered here at once, as a problem document;
bodies streamed without one are counted by Starlette's `RequestBodyLimitMiddleware` (installed
inside this one), whose 413 FastAPI recognises and the app renders as the same problem.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send


class DeclaredBodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            declared = dict(scope.get("headers") or []).get(b"content-length")
            if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
                await self._reject(send)
                return
        await self.app(scope, receive, send)

    async def _reject(self, send: Send) -> None:
        body = json.dumps(
            {
                "type": "/problems/payload-too-large",
                "title": "Payload too large",
                "status": 413,
                "detail": f"request body exceeds {self.max_bytes} bytes",
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
