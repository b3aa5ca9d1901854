"""Random bytes read in blocks: every value fresh, never shared between threads or with a forked child."""

from __future__ import annotations

import os
import threading
import uuid

from samen import random_bytes


def test_values_have_the_asked_length_and_never_repeat():
    values = [random_bytes.token_bytes(12) for _ in range(2_000)]  # several blocks' worth
    assert all(len(v) == 12 for v in values)
    assert len(set(values)) == len(values)


def test_a_request_larger_than_a_block_is_read_directly():
    assert len(random_bytes.token_bytes(10_000)) == 10_000


def test_uuids_are_random_version_4():
    made = {random_bytes.uuid4() for _ in range(1_000)}
    assert len(made) == 1_000 and all(u.version == 4 and u.variant == uuid.RFC_4122 for u in made)


def test_threads_do_not_hand_out_the_same_bytes():
    seen: list[bytes] = []
    lock = threading.Lock()

    def draw():
        mine = [random_bytes.token_bytes(16) for _ in range(500)]
        with lock:
            seen.extend(mine)

    threads = [threading.Thread(target=draw) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == len(seen) == 4_000


def test_a_forked_child_does_not_reuse_the_parents_block():
    random_bytes.token_bytes(16)  # this thread now holds a block with unused bytes
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child sends the bytes it would hand out next, then leaves at once
        os.write(write_end, random_bytes.token_bytes(32))
        os._exit(0)
    os.close(write_end)
    child = os.read(read_end, 32)
    os.waitpid(pid, 0)
    assert len(child) == 32
    assert child != random_bytes.token_bytes(32)
