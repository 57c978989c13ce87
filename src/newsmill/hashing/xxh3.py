"""XXH3-64 of many short byte strings at once, with numpy.

Computes ``xxhash.xxh3_64_intdigest(buffer[start : start + length])`` for many
``(start, length)`` pairs of one buffer, without a Python call per string.
The algorithm is XXH3 64-bit from the xxHash specification
(https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md) with
seed 0 and the default 192-byte secret ``kSecret``, for inputs of 0 to 240
bytes, each length class as the reference implementation computes it:

- 0 bytes: ``XXH64_avalanche(secret[56:64] ^ secret[64:72])``;
- 1-3 bytes: the first, middle and last byte and the length packed into
  32 bits, xor ``secret[0:4] ^ secret[4:8]``, then ``XXH64_avalanche``;
- 4-8 bytes: the first and last 4 bytes as one 64-bit word, xor
  ``secret[8:16] ^ secret[16:24]``, then ``XXH3_rrmxmx``;
- 9-16 bytes: the first and last 8 bytes, keyed with ``secret[24:56]``,
  folded with one 64×64→128-bit multiply, then ``XXH3_avalanche``;
- 17-128 bytes: ``len · PRIME64_1`` plus ``mix16B`` of 16-byte blocks taken
  from both ends against ``secret[0:128]``, then ``XXH3_avalanche``;
- 129-240 bytes: eight ``mix16B`` from the start, ``XXH3_avalanche``, the
  remaining whole 16-byte blocks against ``secret[3:]``, the last 16 bytes
  against ``secret[119:135]``, then ``XXH3_avalanche``.

Every value is a ``uint64`` and arithmetic wraps modulo 2^64 as in C; the
128-bit product of ``mul128_fold64`` is assembled from 32-bit limbs. Longer
strings (never the shingles' common case) go through ``xxhash`` one by one.
"""

from __future__ import annotations

import numpy as np
import xxhash

#: The strings this module hashes itself; longer ones use ``xxhash``.
MAX_LENGTH = 240

#: Strings hashed per numpy operation: bounds the temporaries (8 bytes each) to what stays in cache.
BLOCK_ROWS = 16_384

K_SECRET = bytes.fromhex(
    "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
    "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
    "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
    "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
    "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
    "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e"
)

_U64 = np.uint64
_M32 = _U64(0xFFFFFFFF)
PRIME32_1 = 0x9E3779B1
PRIME64_1 = _U64(0x9E3779B185EBCA87)
PRIME64_2 = _U64(0xC2B2AE3D27D4EB4F)
PRIME64_3 = _U64(0x165667B19E3779F9)
PRIME_MX1 = _U64(0x165667919E3779F9)
PRIME_MX2 = _U64(0x9FB21C651E98DF25)


def _secret64(offset: int) -> np.uint64:
    return _U64(int.from_bytes(K_SECRET[offset : offset + 8], "little"))


def _secret32(offset: int) -> int:
    return int.from_bytes(K_SECRET[offset : offset + 4], "little")


def _shift(n: int) -> np.uint64:
    return _U64(n)


def xxh64_avalanche(h: np.ndarray) -> np.ndarray:
    """XXH64's finaliser, element-wise (in place on ``h``, which is returned)."""
    h ^= h >> _shift(33)
    h *= PRIME64_2
    h ^= h >> _shift(29)
    h *= PRIME64_3
    h ^= h >> _shift(32)
    return h


def xxh3_avalanche(h: np.ndarray) -> np.ndarray:
    """XXH3's finaliser, element-wise (in place on ``h``, which is returned)."""
    h ^= h >> _shift(37)
    h *= PRIME_MX1
    h ^= h >> _shift(32)
    return h


def rrmxmx(h: np.ndarray, length: np.ndarray) -> np.ndarray:
    """XXH3's finaliser of the 4-8 byte inputs, element-wise (in place on ``h``)."""
    h ^= ((h << _shift(49)) | (h >> _shift(15))) ^ ((h << _shift(24)) | (h >> _shift(40)))
    h *= PRIME_MX2
    h ^= (h >> _shift(35)) + length
    h *= PRIME_MX2
    h ^= h >> _shift(28)
    return h


def mul128_fold64(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Low 64 bits xor high 64 bits of the 128-bit products ``a · b``, element-wise.

    Consumes ``a`` and ``b`` (their buffers are reused; pass temporaries). The
    low half is numpy's wrapping ``a · b``; the high half is assembled from
    the 32-bit limbs' products ``ll, hl, lh, hh`` (``a_lo · b_lo``,
    ``a_hi · b_lo``, …) as ``hh + (t >> 32) + ((t mod 2³² + lh) >> 32)``
    with ``t = hl + (ll >> 32)``; no sum can overflow 64 bits. Each step
    writes into an existing array (``out=``), which saves numpy an
    allocation per operation.
    """
    low = a * b
    a_lo = a & _M32
    b_lo = b & _M32
    a >>= _shift(32)  # a_hi
    b >>= _shift(32)  # b_hi
    t = a_lo * b_lo  # ll
    t >>= _shift(32)
    b_lo *= a  # hl
    t += b_lo  # t = hl + (ll >> 32)
    a_lo *= b  # lh
    a *= b  # hh
    np.right_shift(t, _shift(32), out=b)
    a += b  # hh + (t >> 32)
    t &= _M32
    t += a_lo
    t >>= _shift(32)
    a += t  # the high half
    a ^= low
    return a


class Words:
    """Little-endian 64-bit words, and pairs of consecutive ones, at any byte offset of a zero-padded buffer.

    Both are gathered through views of the bytes as 8- and 16-byte void items
    at every offset (stride 1): numpy copies an unaligned item per index at a
    nearly fixed cost, so one 16-byte gather costs about what one 8-byte one
    does, half of the two it replaces.
    """

    def __init__(self, data: np.ndarray) -> None:
        self.bytes = np.concatenate((data, np.zeros(16, dtype=np.uint8)))
        self._words = np.ndarray((len(data) + 9,), dtype="V8", buffer=self.bytes, strides=(1,))
        self._pairs = np.ndarray((len(data) + 1,), dtype="V16", buffer=self.bytes, strides=(1,))

    def __getitem__(self, offsets: np.ndarray) -> np.ndarray:
        return self._words[offsets].view("<u8")

    def pairs(self, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The words at ``offsets`` and at ``offsets + 8`` (read up to 16 bytes past the data: zeros)."""
        both = self._pairs[offsets].view("<u8")
        return both[0::2], both[1::2]

    def mix16(self, offsets: np.ndarray, secret: int) -> np.ndarray:
        """XXH3_mix16B (seed 0) of the 16 bytes at each of ``offsets`` against ``secret[secret:secret+16]``."""
        low, high = self.pairs(offsets)
        return mul128_fold64(low ^ _secret64(secret), high ^ _secret64(secret + 8))


def _len_1to3(buf: Words, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    data = buf.bytes
    combined = (data[start].astype(np.uint64) << _shift(16)) | (
        data[start + (length >> 1)].astype(np.uint64) << _shift(24)
    )
    combined |= data[start + length - 1].astype(np.uint64)
    combined |= length.astype(np.uint64) << _shift(8)
    combined ^= _U64(_secret32(0) ^ _secret32(4))
    return xxh64_avalanche(combined)


def _len_4to8(buf: Words, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    first = buf[start] << _shift(32)
    keyed = (buf[start + length - 4] & _M32) + first
    keyed ^= _secret64(8) ^ _secret64(16)
    return rrmxmx(keyed, length.astype(np.uint64))


def _len_9to16(buf: Words, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    # The last 8 bytes lie in the 16 read at ``start``, ``length - 8`` bytes in: funnel-shifted out
    # of that pair (by 8 to 64 bits; numpy's shifts by 64 give 0), cheaper than gathering them.
    first, second = buf.pairs(start)
    skipped_bits = length.astype(np.uint64)
    skipped_bits -= _U64(8)
    skipped_bits <<= _shift(3)
    high = second << (_shift(64) - skipped_bits)
    high |= first >> skipped_bits
    high ^= _secret64(40) ^ _secret64(48)
    low = first ^ (_secret64(24) ^ _secret64(32))
    acc = length.astype(np.uint64)
    acc += low.byteswap()
    acc += high
    acc += mul128_fold64(low, high)
    return xxh3_avalanche(acc)


def _len_17to128(buf: Words, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    end = start + length
    acc = length.astype(np.uint64) * PRIME64_1
    acc += buf.mix16(start, 0)
    acc += buf.mix16(end - 16, 16)
    for above, offset in ((32, 16), (64, 32), (96, 48)):
        rows = np.flatnonzero(length > above)
        if not len(rows):
            break
        acc[rows] += buf.mix16(start[rows] + offset, 2 * offset) + buf.mix16(end[rows] - offset - 16, 2 * offset + 16)
    return xxh3_avalanche(acc)


def _len_129to240(buf: Words, start: np.ndarray, length: np.ndarray) -> np.ndarray:
    acc = length.astype(np.uint64) * PRIME64_1
    for block in range(8):
        acc += buf.mix16(start + 16 * block, 16 * block)
    acc = xxh3_avalanche(acc)
    for block in range(8, MAX_LENGTH // 16):
        rows = np.flatnonzero(length >= 16 * (block + 1))
        acc[rows] += buf.mix16(start[rows] + 16 * block, 16 * (block - 8) + 3)
    acc += buf.mix16(start + length - 16, 119)
    return xxh3_avalanche(acc)


_CLASSES = (
    (1, 3, _len_1to3),
    (4, 8, _len_4to8),
    (9, 16, _len_9to16),
    (17, 128, _len_17to128),
    (129, MAX_LENGTH, _len_129to240),
)
_EMPTY = int(xxh64_avalanche(np.array([_secret64(56) ^ _secret64(64)]))[0])


def xxh3_64(data: bytes | np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """``xxhash.xxh3_64_intdigest(data[s : s + n])`` for each ``s, n`` of ``starts, lengths``, as ``uint64``.

    data: the bytes (or a ``uint8`` array) the strings lie in; starts, lengths:
    integer arrays of equal shape with every string inside ``data``. Each
    length class is computed in blocks of ``BLOCK_ROWS`` strings, so that the
    temporaries stay in cache.
    """
    array = np.frombuffer(data, dtype=np.uint8) if isinstance(data, bytes) else data
    starts = np.asarray(starts, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    out = np.full(starts.shape, _EMPTY, dtype=np.uint64)
    if not out.size:
        return out
    buf = Words(array)
    shortest, longest = int(lengths.min()), int(lengths.max())
    for low, high, compute in _CLASSES:
        if high < shortest or longest < low:
            continue  # no string of this class (word shingles: two or three of the five have some)
        rows = np.flatnonzero((lengths >= low) & (lengths <= high))
        for first in range(0, len(rows), BLOCK_ROWS):
            block = rows[first : first + BLOCK_ROWS]
            out[block] = compute(buf, starts[block], lengths[block])
    long_rows = np.flatnonzero(lengths > MAX_LENGTH).tolist()
    if long_rows:
        raw = array.tobytes()
        out[long_rows] = [
            xxhash.xxh3_64_intdigest(raw[s : s + n])
            for s, n in zip(starts[long_rows].tolist(), lengths[long_rows].tolist(), strict=False)
        ]
    return out


def xxh3_64_windows(data: bytes, width: int) -> np.ndarray:
    """``xxhash.xxh3_64_intdigest(data[i : i + width])`` for every ``i`` from 0 to ``len(data) - width``,
    as ``uint64``, for a ``width`` of 4 to 8 bytes (the character shingles of the near search).

    The 4-8 byte class read in place: window i's first and last four bytes are
    the ``uint32`` at offsets ``i`` and ``i + width - 4`` of two strided views of
    ``data``, so no offsets are gathered, ``BLOCK_ROWS`` windows at a time.
    """
    if not 4 <= width <= 8:
        raise ValueError(f"a window of 4 to 8 bytes, not {width}")
    count = len(data) - width + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    array = np.frombuffer(data, dtype=np.uint8)
    heads = np.ndarray((count,), dtype="<u4", buffer=array, strides=(1,))
    tails = np.ndarray((count,), dtype="<u4", buffer=array, offset=width - 4, strides=(1,))
    out = np.empty(count, dtype=np.uint64)
    for first in range(0, count, BLOCK_ROWS):
        keyed = heads[first : first + BLOCK_ROWS].astype(np.uint64) << _shift(32)
        keyed += tails[first : first + BLOCK_ROWS]
        keyed ^= _secret64(8) ^ _secret64(16)
        out[first : first + BLOCK_ROWS] = rrmxmx(keyed, _U64(width))
    return out
