/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Access to fields in shared memory. Every load is a single atomic access so
 * the compiler can never read a guest-written field twice; LGMP's reference
 * implementation uses sequentially consistent atomics and so do we, except
 * for the hot write-pointer loads, which acquire.
 */
#ifndef GUEST_PROTO_SHM_ACCESS_H
#define GUEST_PROTO_SHM_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-proto/clock.h"

#define shm_ld32(p) __atomic_load_n((uint32_t *)(p), __ATOMIC_SEQ_CST)
#define shm_ld64(p) __atomic_load_n((uint64_t *)(p), __ATOMIC_SEQ_CST)
#define shm_acq32(p) __atomic_load_n((uint32_t *)(p), __ATOMIC_ACQUIRE)
#define shm_st32(p, v) __atomic_store_n((uint32_t *)(p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define shm_st64(p, v) __atomic_store_n((uint64_t *)(p), (uint64_t)(v), __ATOMIC_SEQ_CST)
#define shm_rel32(p, v) __atomic_store_n((uint32_t *)(p), (uint32_t)(v), __ATOMIC_RELEASE)
#define shm_add32(p, v) __atomic_add_fetch((uint32_t *)(p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define shm_sub32(p, v) __atomic_sub_fetch((uint32_t *)(p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define shm_and32(p, v) __atomic_fetch_and((uint32_t *)(p), (uint32_t)(v), __ATOMIC_SEQ_CST)
#define shm_or64(p, v) __atomic_fetch_or((uint64_t *)(p), (uint64_t)(v), __ATOMIC_SEQ_CST)
#define shm_xchg32(p, v) __atomic_exchange_n((uint32_t *)(p), (uint32_t)(v), __ATOMIC_SEQ_CST)

/*
 * Copy n bytes out of shared memory with relaxed atomic loads (plain moves
 * on x86), for data another thread or side may be writing meanwhile: a
 * hostile guest can point a message's payload at memory this process's
 * other threads write, such as a queue's client fields. The caller
 * validates the copy, as always.
 */
static inline void shm_copy_out(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n && ((uintptr_t)s & 7u)) {
		*d++ = __atomic_load_n(s++, __ATOMIC_RELAXED);
		n--;
	}
	for (; n >= 8; n -= 8, s += 8, d += 8) {
		uint64_t w = __atomic_load_n((const uint64_t *)(const void *)s, __ATOMIC_RELAXED);
		__builtin_memcpy(d, &w, 8);
	}
	while (n--)
		*d++ = __atomic_load_n(s++, __ATOMIC_RELAXED);
}

static inline void shm_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield");
#endif
}

static inline bool shm_trylock(uint32_t *lock)
{
	uint32_t expected = 0;
	return __atomic_compare_exchange_n(lock, &expected, 1u, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

/*
 * Take a spinlock in shared memory, giving up after max_us microseconds: the
 * other side may have died (or be hostile) while holding it.
 */
static inline bool shm_lock(uint32_t *lock, uint64_t max_us)
{
	for (unsigned spins = 0; spins < 1000; ++spins)
		if (shm_trylock(lock))
			return true;
	uint64_t deadline = lgp_monotonic_ns() + max_us * 1000u;
	do {
		lgp_sleep_us(1);
		if (shm_trylock(lock))
			return true;
	} while (lgp_monotonic_ns() < deadline);
	return false;
}

static inline void shm_unlock(uint32_t *lock)
{
	shm_st32(lock, 0);
}

#endif
