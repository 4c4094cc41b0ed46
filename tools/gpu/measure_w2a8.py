#!/usr/bin/env python3
"""Measure a simple W2A8 GEMV on the GPU: ternary weights packed 4 per byte (2-bit codes), int8
activations, int32 accumulation — the "MatMul-free model on the GPU" kernel class (the paper used
BitBLAS W2A8 kernels; this is a plain Triton kernel, no tuning beyond a block-size sweep).

For each matrix shape of the zoo's Llama/MMfree sizes it checks the result against a reference,
times the kernel with CUDA events (median of --reps after warm-up) and reports the packed-weight
bytes per second. Writes one JSON document (--out).

    python3 tools/gpu/measure_w2a8.py --out w2a8.json
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

import torch
import triton
import triton.language as tl

from measure import timed  # tools/gpu/measure.py: CUDA-event timings of fn, in ms


@triton.jit
def w2a8_gemv(Wp, X, Y, N, K4, stride_w, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    """Y[n] = Σ_k w[n, k] · x[k], w in {-1, 0, 1} stored as codes {0, 1, 2} four to a byte."""
    pid = tl.program_id(0)
    rows = pid * BLOCK_N + tl.arange(0, BLOCK_N)
    acc = tl.zeros((BLOCK_N,), dtype=tl.int32)
    for k0 in range(0, K4, BLOCK_K):
        kb = k0 + tl.arange(0, BLOCK_K)
        w = tl.load(Wp + rows[:, None] * stride_w + kb[None, :], mask=(rows[:, None] < N) & (kb[None, :] < K4), other=0x55).to(tl.int32)
        for j in tl.static_range(4):
            q = ((w >> (2 * j)) & 3) - 1
            x = tl.load(X + kb * 4 + j, mask=kb < K4, other=0).to(tl.int32)
            acc += tl.sum(q * x[None, :], axis=1)
    tl.store(Y + rows, acc, mask=rows < N)


def pack(codes: torch.Tensor) -> torch.Tensor:
    """codes [N, K] in {0,1,2} (uint8) → [N, K/4] bytes, code j of a byte at bits 2j."""
    c = codes.view(codes.shape[0], -1, 4).to(torch.int32)
    return (c[..., 0] | (c[..., 1] << 2) | (c[..., 2] << 4) | (c[..., 3] << 6)).to(torch.uint8).contiguous()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--reps", type=int, default=50)
    a = ap.parse_args()
    g = torch.Generator(device="cuda").manual_seed(0)
    # (N, K): d×d, d→I, I→d of the 1.3B/2.7B/7B shapes, and a big 16384×16384 for the asymptote.
    shapes = [(2048, 2048), (5632, 2048), (2048, 5632), (2560, 2560), (6912, 2560), (2560, 6912), (4096, 4096), (11008, 4096), (4096, 11008), (16384, 16384)]
    rows = []
    for N, K in shapes:
        codes = torch.randint(0, 3, (N, K), device="cuda", dtype=torch.uint8, generator=g)
        x = torch.randint(-128, 128, (K,), device="cuda", dtype=torch.int8, generator=g)
        wp = pack(codes)
        y = torch.empty(N, device="cuda", dtype=torch.int32)
        ref = ((codes.to(torch.int32) - 1) * x.to(torch.int32)[None, :]).sum(dim=1)
        best = None
        for bn, bk in [(16, 128), (32, 128), (64, 64), (16, 256), (32, 256), (8, 512)]:
            grid = (triton.cdiv(N, bn),)
            run = lambda: w2a8_gemv[grid](wp, x, y, N, K // 4, wp.stride(0), BLOCK_N=bn, BLOCK_K=bk)  # noqa: E731
            run()
            torch.cuda.synchronize()
            if not torch.equal(y, ref):
                print(f"mismatch at {N}x{K} block {bn}x{bk}", file=sys.stderr)
                continue
            for _ in range(5):
                run()
            ms = statistics.median(timed(run, a.reps))
            if best is None or ms < best[0]:
                best = (ms, bn, bk)
        if best is None:
            continue
        ms, bn, bk = best
        bytes_ = wp.numel()
        rows.append({"n": N, "k": K, "packedBytes": bytes_, "ms": ms, "bytesPerSecond": bytes_ / (ms / 1e3), "block": [bn, bk]})
        print(f"W2A8 {N}x{K}: {ms*1e3:.1f} us, {bytes_ / (ms / 1e3) / 1e9:.0f} GB/s of packed weights (block {bn}x{bk})", file=sys.stderr, flush=True)
    doc = {"tool": "tools/gpu/measure_w2a8.py", "gpu": torch.cuda.get_device_properties(0).name, "torch": torch.__version__, "triton": triton.__version__, "date": time.strftime("%Y-%m-%d", time.gmtime()), "kernels": rows}
    tmp = a.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(doc, fh, indent=1)
    os.replace(tmp, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
