"""Amazon Transcribe (batch) behind the SpeechToText port, with a per-shop custom vocabulary.

Upload to S3, StartTranscriptionJob with LanguageCode or IdentifyLanguage (never both), a bounded
poll, the transcript read from our bucket, then nothing kept. FAILED, timeout or AWS errors raise
TranscriptionFailed. Vocabularies `munshi-<shop>-<xx-IN>` are created or updated when names change.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence

from botocore.exceptions import BotoCoreError, ClientError

from voice.audio import Clip
from voice.errors import TranscriptionFailed
from voice.languages import LANGUAGES, Language, char_script, language
from voice.stt import Transcript

log = logging.getLogger(__name__)

_MAX_PHRASE_CHARS = 256
_MAX_VOCABULARY_CHARS = 40_000  # the service caps a vocabulary at 50 KB
_LATIN_PHRASE = re.compile(r"^[A-Za-z'.\-]+$")


def vocabulary_phrases(names: Sequence[str], lang: Language) -> list[str]:
    """The names Transcribe will accept in this language's vocabulary, as list-format phrases:
    words joined by hyphens ("Ramesh-Kumar"), only letters of the language's script (or Latin
    letters, apostrophe and period for English), each phrase at most 256 characters."""
    phrases: list[str] = []
    total = 0
    for name in names:
        words = unicodedata.normalize("NFC", str(name)).replace("-", " ").split()
        phrase = "-".join(words)
        if not phrase or len(phrase) > _MAX_PHRASE_CHARS or phrase in phrases:
            continue
        if lang.script == "Latn":
            if not _LATIN_PHRASE.match(phrase):
                continue
        elif any(char_script(c) not in (lang.script,) and c != "-" for c in phrase):
            continue
        if total + len(phrase) > _MAX_VOCABULARY_CHARS:
            break
        phrases.append(phrase)
        total += len(phrase) + 1
    return phrases


def vocabulary_name(key: str, lang: Language, prefix: str = "munshi") -> str:
    slug = re.sub(r"[^0-9A-Za-z._-]+", "-", key).strip("-")[:150] or "shop"
    return f"{prefix}-{slug}-{lang.transcribe}"


def _error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class TranscribeSpeechToText:
    """Amazon Transcribe batch jobs; `client` is a boto3 "transcribe" client, `s3_client` an "s3"
    client, `bucket` where clips, transcripts and vocabulary digests live (under `prefix`)."""

    engine = "transcribe"

    def __init__(
        self,
        client,
        s3_client,
        bucket: str,
        *,
        prefix: str = "munshi/voice/",
        poll_seconds: float = 1.0,
        max_wait_seconds: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        job_names: Callable[[], str] | None = None,
        vocabulary_prefix: str = "munshi",
    ) -> None:
        if not bucket:
            raise ValueError("Amazon Transcribe needs an S3 bucket for the audio (MUNSHI_TRANSCRIBE_BUCKET)")
        self.client = client
        self.s3 = s3_client
        self.bucket = bucket
        self.prefix = prefix
        self.poll_seconds = poll_seconds
        self.max_wait_seconds = max_wait_seconds
        self.sleep = sleep
        self.clock = clock
        self.job_names = job_names or (lambda: f"munshi-{uuid.uuid4().hex}")
        self.vocabulary_prefix = vocabulary_prefix
        self._vocabularies: dict[str, tuple[str, str]] = {}  # name -> (digest, state) seen by this process

    languages = tuple(LANGUAGES)

    # -- custom vocabulary -------------------------------------------------------------------------

    def _digest_key(self, name: str) -> str:
        return f"{self.prefix}vocabularies/{name}.json"

    def _stored_digest(self, name: str) -> str | None:
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self._digest_key(name))["Body"].read()
        except ClientError as exc:
            if _error_code(exc) in ("NoSuchKey", "404", "NotFound"):
                return None
            raise
        return json.loads(body).get("digest")

    def ensure_vocabulary(self, key: str, lang: Language, names: Sequence[str]) -> str | None:
        """Create or update the shop's vocabulary for `lang`; its name when READY to use, else None."""
        phrases = vocabulary_phrases(names, lang)
        if not phrases:
            return None
        name = vocabulary_name(key, lang, self.vocabulary_prefix)
        digest = hashlib.sha256("\n".join(sorted(phrases)).encode()).hexdigest()[:16]
        known = self._vocabularies.get(name)
        if known == (digest, "READY"):
            return name
        if known == (digest, "FAILED"):
            return None
        try:
            if known is None or known[0] != digest:
                if self._stored_digest(name) != digest:
                    self._write_vocabulary(name, lang, phrases)
                    self.s3.put_object(
                        Bucket=self.bucket, Key=self._digest_key(name),
                        Body=json.dumps({"digest": digest, "phrases": len(phrases)}).encode(),
                        ContentType="application/json",
                    )  # fmt: skip
            state = self.client.get_vocabulary(VocabularyName=name)["VocabularyState"]
        except (ClientError, BotoCoreError) as exc:
            log.warning("custom vocabulary %s unavailable: %s", name, exc)
            return None
        self._vocabularies[name] = (digest, state)
        if state == "FAILED":
            log.warning("custom vocabulary %s FAILED; transcribing without it", name)
        return name if state == "READY" else None

    def _write_vocabulary(self, name: str, lang: Language, phrases: list[str]) -> None:
        try:
            self.client.update_vocabulary(VocabularyName=name, LanguageCode=lang.transcribe, Phrases=phrases)
        except ClientError as exc:
            if _error_code(exc) not in ("NotFoundException", "BadRequestException"):
                raise
            self.client.create_vocabulary(VocabularyName=name, LanguageCode=lang.transcribe, Phrases=phrases)

    # -- transcription -----------------------------------------------------------------------------

    def transcribe(
        self,
        clip: Clip,
        lang_hint: str | None = None,
        languages: Sequence[str] = (),
        vocabulary: Sequence[str] = (),
        *,
        vocabulary_key: str | None = None,
    ) -> Transcript:
        job = self.job_names()
        audio_key = f"{self.prefix}{job}.wav"
        transcript_key = f"{self.prefix}{job}.json"
        if lang_hint:
            candidates = [language(lang_hint)]
        else:
            candidates = list({language(code).code: language(code) for code in languages}.values())
            candidates = candidates or list(LANGUAGES.values())
        vocabularies = {
            lang.transcribe: self.ensure_vocabulary(vocabulary_key, lang, vocabulary)
            for lang in candidates
            if vocabulary_key and vocabulary
        }
        params: dict = {
            "TranscriptionJobName": job,
            "Media": {"MediaFileUri": f"s3://{self.bucket}/{audio_key}"},
            "MediaFormat": "wav",
            "MediaSampleRateHertz": clip.sample_rate,
            "OutputBucketName": self.bucket,
            "OutputKey": transcript_key,
        }
        if len(candidates) == 1:
            params["LanguageCode"] = candidates[0].transcribe
            if vocabularies.get(candidates[0].transcribe):
                params["Settings"] = {"VocabularyName": vocabularies[candidates[0].transcribe]}
        else:
            params["IdentifyLanguage"] = True
            params["LanguageOptions"] = [lang.transcribe for lang in candidates]
            ready = {code: {"VocabularyName": name} for code, name in vocabularies.items() if name}
            if ready:
                params["LanguageIdSettings"] = ready
        try:
            self.s3.put_object(Bucket=self.bucket, Key=audio_key, Body=clip.wav, ContentType="audio/wav")
            self.client.start_transcription_job(**params)
            finished = self._wait(job)
            return self._read(finished, transcript_key)
        except (ClientError, BotoCoreError) as exc:
            raise TranscriptionFailed("failed", str(exc)[:200], engine=self.engine) from exc
        finally:
            self._clean_up(job, audio_key, transcript_key)

    def _wait(self, job: str) -> dict:
        deadline = self.clock() + self.max_wait_seconds
        while True:
            found = self.client.get_transcription_job(TranscriptionJobName=job)["TranscriptionJob"]
            status = found["TranscriptionJobStatus"]
            if status == "COMPLETED":
                return found
            if status == "FAILED":
                raise TranscriptionFailed("failed", found.get("FailureReason", "")[:200], engine=self.engine)
            if self.clock() + self.poll_seconds >= deadline:
                raise TranscriptionFailed("timeout", f"{job} still {status}", engine=self.engine)
            self.sleep(self.poll_seconds)

    def _read(self, job: dict, transcript_key: str) -> Transcript:
        body = self.s3.get_object(Bucket=self.bucket, Key=transcript_key)["Body"].read()
        try:
            results = json.loads(body)["results"]
        except (ValueError, KeyError, TypeError) as exc:
            raise TranscriptionFailed("failed", f"unreadable transcript: {exc!r}"[:200], engine=self.engine) from exc
        text = " ".join(t["transcript"] for t in results.get("transcripts", [])).strip()
        if not text:
            raise TranscriptionFailed("no_speech", "empty transcript", engine=self.engine)
        scores = [
            float(item["alternatives"][0]["confidence"])
            for item in results.get("items", [])
            if item.get("type") == "pronunciation" and item.get("alternatives")
        ]
        confidence = sum(scores) / len(scores) if scores else 0.0
        code = job.get("LanguageCode") or results.get("language_code") or "en-IN"
        return Transcript(text=text, lang=language(code).code, confidence=round(confidence, 3), engine=self.engine)

    def _clean_up(self, job: str, *keys: str) -> None:
        """Voice notes are personal: nothing of the job is kept once its text is read."""
        for key in keys:
            try:
                self.s3.delete_object(Bucket=self.bucket, Key=key)
            except (ClientError, BotoCoreError) as exc:
                log.warning("could not delete s3://%s/%s: %s", self.bucket, key, exc)
        try:
            self.client.delete_transcription_job(TranscriptionJobName=job)
        except (ClientError, BotoCoreError) as exc:
            log.info("transcription job %s not deleted: %s", job, exc)
