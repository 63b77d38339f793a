"""Amazon Textract AnalyzeExpense as an `OcrEngine` (production; English bills).

The boto3 client is handed in by the composition root (`boto3.client("textract")`); tests pass
a client under botocore's Stubber (moto does not implement analyze_expense).
"""

from __future__ import annotations

import time
from typing import Any

from domain.ocr.model import OcrResult
from domain.ocr.port import ImageRejected
from domain.ocr.textract_map import lines_from_blocks, map_expense


class TextractEngine:
    name = "textract"

    def __init__(self, client: Any) -> None:
        self._client = client

    def read(self, image: bytes) -> OcrResult:
        started = time.perf_counter()
        try:
            response = self._client.analyze_expense(Document={"Bytes": image})
        except self._client.exceptions.UnsupportedDocumentException as exc:
            raise ImageRejected("unsupported") from exc
        except self._client.exceptions.BadDocumentException as exc:
            raise ImageRejected("unreadable") from exc
        except self._client.exceptions.DocumentTooLargeException as exc:
            raise ImageRejected("too_large") from exc
        return OcrResult(
            engine=self.name,
            lines=lines_from_blocks(response),
            structured=map_expense(response),
            seconds=time.perf_counter() - started,
        )
