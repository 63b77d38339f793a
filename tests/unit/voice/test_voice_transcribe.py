"""Amazon Transcribe adapter: the exact requests (botocore Stubber) and S3 traffic (moto), Hindi and Tamil."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws
from voice_clips import make_clip

from voice import TranscriptionFailed
from voice.languages import language
from voice.transcribe import TranscribeSpeechToText, vocabulary_name, vocabulary_phrases

BUCKET = "munshi-voice-test"
JOB = "munshi-job-1"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def aws(monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "ap-south-1"}.items():  # fmt: skip
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name="ap-south-1")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-south-1"})
        transcribe = boto3.client("transcribe", region_name="ap-south-1")
        with Stubber(transcribe) as stubber:
            yield s3, transcribe, stubber
            stubber.assert_no_pending_responses()


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def adapter(s3, transcribe, clock: FakeClock | None = None, **kw) -> TranscribeSpeechToText:
    clock = clock or FakeClock()
    return TranscribeSpeechToText(
        transcribe, s3, BUCKET, poll_seconds=2.0, max_wait_seconds=10.0, sleep=clock.sleep, clock=clock,
        job_names=lambda: JOB, **kw,
    )  # fmt: skip


def job_request(**language) -> dict:
    return {
        "TranscriptionJobName": JOB,
        "Media": {"MediaFileUri": f"s3://{BUCKET}/munshi/voice/{JOB}.wav"},
        "MediaFormat": "wav",
        "MediaSampleRateHertz": 16000,
        "OutputBucketName": BUCKET,
        "OutputKey": f"munshi/voice/{JOB}.json",
        **language,
    }


def job_status(status: str, code: str | None = None, reason: str | None = None) -> dict:
    job = {"TranscriptionJobName": JOB, "TranscriptionJobStatus": status, "CreationTime": NOW}
    if code:
        job["LanguageCode"] = code
    if reason:
        job["FailureReason"] = reason
    return {"TranscriptionJob": job}


def write_transcript(s3, text: str, confidences: list[str]) -> None:
    """What Transcribe itself writes to OutputBucketName/OutputKey when the job completes."""
    items = [
        {"type": "pronunciation", "alternatives": [{"confidence": c, "content": w}]}
        for c, w in zip(confidences, text.split(), strict=False)
    ]
    body = {"jobName": JOB, "results": {"transcripts": [{"transcript": text}], "items": items}}
    s3.put_object(Bucket=BUCKET, Key=f"munshi/voice/{JOB}.json", Body=json.dumps(body).encode())


def keys(s3) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_hindi_note_is_sent_with_hi_in_as_language_code_and_its_transcript_read_back(aws):
    s3, transcribe, stubber = aws
    vocab = "munshi-sharma-kirana-hi-IN"
    phrases = ["चीनी", "रमेश-कुमार"]
    stubber.add_client_error(
        "update_vocabulary", "NotFoundException", expected_params={"VocabularyName": vocab, "LanguageCode": "hi-IN",
                                                                   "Phrases": phrases},
    )  # fmt: skip
    stubber.add_response(
        "create_vocabulary", {"VocabularyName": vocab, "LanguageCode": "hi-IN", "VocabularyState": "PENDING"},
        {"VocabularyName": vocab, "LanguageCode": "hi-IN", "Phrases": phrases},
    )  # fmt: skip
    stubber.add_response("get_vocabulary", {"VocabularyName": vocab, "VocabularyState": "PENDING"}, {"VocabularyName": vocab})
    # a vocabulary still PENDING is not named: the job runs with the language code alone
    stubber.add_response("start_transcription_job", job_status("QUEUED"), job_request(LanguageCode="hi-IN"))
    stubber.add_response("get_transcription_job", job_status("IN_PROGRESS"), {"TranscriptionJobName": JOB})
    stubber.add_response("get_transcription_job", job_status("COMPLETED", "hi-IN"), {"TranscriptionJobName": JOB})
    stubber.add_response("delete_transcription_job", {}, {"TranscriptionJobName": JOB})
    write_transcript(s3, "रमेश को दो किलो चीनी उधार", ["0.9", "0.8", "1.0", "0.9", "0.7", "1.0"])
    clock = FakeClock()

    transcript = adapter(s3, transcribe, clock).transcribe(
        make_clip(), lang_hint="hi", languages=["hi", "en"],
        vocabulary=["Sugar", "चीनी", "Ramesh Kumar", "रमेश कुमार"], vocabulary_key="sharma-kirana",
    )  # fmt: skip

    assert (transcript.text, transcript.lang, transcript.engine) == ("रमेश को दो किलो चीनी उधार", "hi", "transcribe")
    assert transcript.confidence == pytest.approx(0.883, abs=0.001)
    assert clock.sleeps == [2.0]
    # the clip and the transcript are gone; the vocabulary's digest stays for the next process
    assert keys(s3) == {f"munshi/voice/vocabularies/{vocab}.json"}


def test_hindi_job_names_the_shop_vocabulary_once_it_is_ready(aws):
    s3, transcribe, stubber = aws
    vocab = "munshi-sharma-kirana-hi-IN"
    stubber.add_response("update_vocabulary", {"VocabularyName": vocab, "VocabularyState": "PENDING"})
    stubber.add_response("get_vocabulary", {"VocabularyName": vocab, "VocabularyState": "PENDING"})
    stubber.add_response("start_transcription_job", job_status("QUEUED"), job_request(LanguageCode="hi-IN"))
    stubber.add_response("get_transcription_job", job_status("COMPLETED", "hi-IN"))
    stubber.add_response("delete_transcription_job", {})
    # second note: the phrases are unchanged, so nothing is written; READY now, so it is used
    stubber.add_response("get_vocabulary", {"VocabularyName": vocab, "VocabularyState": "READY"}, {"VocabularyName": vocab})
    stubber.add_response(
        "start_transcription_job", job_status("QUEUED"),
        job_request(LanguageCode="hi-IN", Settings={"VocabularyName": vocab}),
    )  # fmt: skip
    stubber.add_response("get_transcription_job", job_status("COMPLETED", "hi-IN"))
    stubber.add_response("delete_transcription_job", {})
    stt = adapter(s3, transcribe)
    names = ["चीनी", "रमेश कुमार"]

    write_transcript(s3, "चीनी", ["0.9"])
    stt.transcribe(make_clip(), lang_hint="hi", vocabulary=names, vocabulary_key="sharma-kirana")
    write_transcript(s3, "रमेश को चीनी", ["0.9", "0.9", "0.9"])
    second = stt.transcribe(make_clip(), lang_hint="hi", vocabulary=names, vocabulary_key="sharma-kirana")

    assert second.text == "रमेश को चीनी"


def test_tamil_note_without_a_hint_is_identified_among_the_shop_languages_only(aws):
    s3, transcribe, stubber = aws
    ta, en = "munshi-murugan-stores-ta-IN", "munshi-murugan-stores-en-IN"
    stubber.add_response(
        "update_vocabulary", {"VocabularyName": ta, "VocabularyState": "PENDING"},
        {"VocabularyName": ta, "LanguageCode": "ta-IN", "Phrases": ["சர்க்கரை", "முருகன்"]},
    )  # fmt: skip
    stubber.add_response("get_vocabulary", {"VocabularyName": ta, "VocabularyState": "READY"}, {"VocabularyName": ta})
    stubber.add_response(
        "update_vocabulary", {"VocabularyName": en, "VocabularyState": "PENDING"},
        {"VocabularyName": en, "LanguageCode": "en-IN", "Phrases": ["Sugar", "Selvi-Raman"]},
    )  # fmt: skip
    stubber.add_response("get_vocabulary", {"VocabularyName": en, "VocabularyState": "FAILED"}, {"VocabularyName": en})
    # never LanguageCode together with IdentifyLanguage; only the READY vocabulary is named
    stubber.add_response(
        "start_transcription_job", job_status("QUEUED"),
        job_request(IdentifyLanguage=True, LanguageOptions=["ta-IN", "en-IN"],
                    LanguageIdSettings={"ta-IN": {"VocabularyName": ta}}),
    )  # fmt: skip
    stubber.add_response("get_transcription_job", job_status("COMPLETED", "ta-IN"), {"TranscriptionJobName": JOB})
    stubber.add_response("delete_transcription_job", {}, {"TranscriptionJobName": JOB})
    write_transcript(s3, "செல்விக்கு இரண்டு கிலோ சர்க்கரை கடன்", ["0.95", "0.9", "0.85", "0.9", "0.8"])

    transcript = adapter(s3, transcribe).transcribe(
        make_clip(), lang_hint=None, languages=["ta", "en", "ta"],
        vocabulary=["Sugar", "சர்க்கரை", "Selvi Raman", "முருகன்", "Ramesh@Kumar"], vocabulary_key="murugan-stores",
    )  # fmt: skip

    assert transcript.lang == "ta"
    assert transcript.text == "செல்விக்கு இரண்டு கிலோ சர்க்கரை கடன்"


def test_failed_job_raises_transcription_failed_and_keeps_nothing(aws):
    s3, transcribe, stubber = aws
    stubber.add_response("start_transcription_job", job_status("QUEUED"), job_request(LanguageCode="ta-IN"))
    stubber.add_response("get_transcription_job", job_status("FAILED", reason="The media format is not supported"))
    stubber.add_response("delete_transcription_job", {}, {"TranscriptionJobName": JOB})

    with pytest.raises(TranscriptionFailed) as failed:
        adapter(s3, transcribe).transcribe(make_clip(), lang_hint="ta")

    assert failed.value.reason == "failed"
    assert "media format" in failed.value.detail
    assert keys(s3) == set()


def test_job_still_running_at_the_deadline_times_out_without_waiting_longer(aws):
    s3, transcribe, stubber = aws
    stubber.add_response("start_transcription_job", job_status("QUEUED"), job_request(LanguageCode="hi-IN"))
    for _ in range(5):
        stubber.add_response("get_transcription_job", job_status("IN_PROGRESS"))
    stubber.add_response("delete_transcription_job", {})
    clock = FakeClock()

    with pytest.raises(TranscriptionFailed) as failed:
        adapter(s3, transcribe, clock).transcribe(make_clip(), lang_hint="hi")

    assert failed.value.reason == "timeout"
    assert sum(clock.sleeps) <= 10.0


def test_a_restarted_process_does_not_rewrite_an_unchanged_vocabulary(aws):
    s3, transcribe, stubber = aws
    lang = language("hi")
    vocab = vocabulary_name("sharma-kirana", lang)
    stubber.add_response("update_vocabulary", {"VocabularyName": vocab, "VocabularyState": "PENDING"})
    stubber.add_response("get_vocabulary", {"VocabularyName": vocab, "VocabularyState": "PENDING"})
    stubber.add_response("get_vocabulary", {"VocabularyName": vocab, "VocabularyState": "READY"})

    assert adapter(s3, transcribe).ensure_vocabulary("sharma-kirana", lang, ["चीनी"]) is None
    # a new process: the digest in the bucket matches, so only the state is asked
    assert adapter(s3, transcribe).ensure_vocabulary("sharma-kirana", lang, ["चीनी"]) == vocab


def test_vocabulary_phrases_keep_the_language_script_and_join_words_with_hyphens():
    names = ["Sugar", "चीनी", "Ramesh Kumar", "रमेश कुमार", "चीनी", "Atta (5kg)", "O'Brien", "சர்க்கரை", ""]

    assert vocabulary_phrases(names, language("hi")) == ["चीनी", "रमेश-कुमार"]
    assert vocabulary_phrases(names, language("en")) == ["Sugar", "Ramesh-Kumar", "O'Brien"]
    assert vocabulary_phrases(names, language("ta")) == ["சர்க்கரை"]
    assert vocabulary_name("Sharma Kirana/ Lucknow", language("ta")) == "munshi-Sharma-Kirana-Lucknow-ta-IN"


def test_an_adapter_without_a_bucket_is_refused():
    with pytest.raises(ValueError, match="bucket"):
        TranscribeSpeechToText(client=None, s3_client=None, bucket="")


def test_an_unreachable_bucket_is_a_transcription_failure_not_a_crash(aws):
    s3, transcribe, stubber = aws
    stubber.add_client_error("delete_transcription_job", "NotFoundException")  # the job never started

    with pytest.raises(TranscriptionFailed) as failed:
        TranscribeSpeechToText(transcribe, s3, "no-such-bucket-here", job_names=lambda: JOB).transcribe(
            make_clip(), lang_hint="hi"
        )

    assert failed.value.reason == "failed" and "NoSuchBucket" in failed.value.detail
