"""Voice notes in, voice replies out: audio conversion, speech-to-text and text-to-speech ports.

Imports nothing of Munshi; adapters take plain constructor arguments (boto3 clients are passed in).
See voice/README.md for which languages each engine covers.
"""

from voice.audio import MAX_SECONDS, Clip, to_ogg_opus, to_wav16k
from voice.errors import AudioRejected, LanguageNotSupported, SpeechFailed, TranscriptionFailed, VoiceError
from voice.languages import LANGUAGES, script_matches, script_of
from voice.spoken import speakable, to_ssml
from voice.stt import SpeechToText, Transcript, build_stt, default_whisper_model_dir
from voice.tts import Speech, TextToSpeech, build_tts

__all__ = [
    "LANGUAGES",
    "MAX_SECONDS",
    "AudioRejected",
    "Clip",
    "LanguageNotSupported",
    "Speech",
    "SpeechFailed",
    "SpeechToText",
    "TextToSpeech",
    "Transcript",
    "TranscriptionFailed",
    "VoiceError",
    "build_stt",
    "build_tts",
    "default_whisper_model_dir",
    "script_matches",
    "script_of",
    "speakable",
    "to_ogg_opus",
    "to_ssml",
    "to_wav16k",
]
