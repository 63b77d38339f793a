"""The dialogue store: the database is the truth, saves are optimistic, Redis is only a cache."""

from __future__ import annotations

import pytest
import redis

from bot.conversation.dialogue import DialogueState, DialogueStore, StaleDialogue, State

PHONE = "+919800000009"


def test_a_saved_dialogue_is_loaded_back_with_its_version(session_factory):
    store = DialogueStore(session_factory)
    state, version = store.load(PHONE)
    assert (state.state, version) == (State.IDLE, 0)
    state.lang = "ta"
    assert store.save(PHONE, state, version) == 1
    again, version = store.load(PHONE)
    assert (again.lang, version) == ("ta", 1)


def test_a_save_from_a_stale_version_is_refused(session_factory):
    store = DialogueStore(session_factory)
    first, version = store.load(PHONE)
    second, _ = store.load(PHONE)
    store.save(PHONE, first, version)
    with pytest.raises(StaleDialogue):
        store.save(PHONE, second, version)


@pytest.mark.redis
def test_redis_caches_the_dialogue_and_a_conflict_drops_the_cache(session_factory, redis_url):
    client = redis.Redis.from_url(redis_url)
    store = DialogueStore(session_factory, cache=client)
    state, version = store.load(PHONE)
    state.lang = "hi"
    version = store.save(PHONE, state, version)
    assert client.get(f"munshi:dialogue:{PHONE}") is not None
    # Another process saves behind this cache's back: the cached copy is now stale.
    DialogueStore(session_factory).save(PHONE, DialogueState(lang="en"), version)
    cached, cached_version = store.load(PHONE)
    assert (cached.lang, cached_version) == ("hi", version)
    with pytest.raises(StaleDialogue):
        store.save(PHONE, cached, cached_version)
    fresh, fresh_version = store.load(PHONE)
    assert (fresh.lang, fresh_version) == ("en", version + 1)
    client.close()
