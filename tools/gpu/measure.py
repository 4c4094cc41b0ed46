#!/usr/bin/env python3
"""Measure the MatMul GPU baseline: a bf16 Llama-style model's decode and prefill on this GPU.

For each Hugging Face ``config.json`` (model_type "llama"), builds the model in plain PyTorch with
random bf16 weights (nothing is downloaded; timing does not depend on the values) and measures:

* decode: one new token per sequence at context C and batch B, the step captured in a CUDA graph
  (static K/V cache, fused QKV and gate/up projections, as serving engines run it) and also run
  eagerly op by op (launch-bound, as a plain Hugging Face ``generate`` runs); median step time over
  ``--steps`` replays, tokens/s = B / step time;
* energy: NVML's total-energy counter across a timed loop of graph replays of at least
  ``--energy-seconds``: average board power and joules per token; idle board power before it;
* prefill: one prompt of N tokens at batch 1 (time to first token, without sampling);
* calibration: device-to-device copy bandwidth and a large bf16 GEMM's throughput.

Writes one JSON document (``--out``) with the GPU, driver, clocks, library versions and every
measurement; ternsim's GPU model (src/gpu/) reads it as calibration data. Run it on the GPU:

    python3 tools/gpu/measure.py --configs src/workload/zoo/llama-370m.config.json ... --out h200.json
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import sys
import time
from typing import Any, Dict, List

import torch
import torch.nn.functional as F

try:
    import pynvml  # nvidia-ml-py

    pynvml.nvmlInit()
    NVML = pynvml.nvmlDeviceGetHandleByIndex(0)
except Exception:  # noqa: BLE001 - power is optional; every other figure stands without it
    pynvml = None
    NVML = None


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def energy_mj() -> float | None:
    if NVML is None:
        return None
    try:
        return float(pynvml.nvmlDeviceGetTotalEnergyConsumption(NVML))
    except Exception:  # noqa: BLE001
        return None


def power_w() -> float | None:
    if NVML is None:
        return None
    try:
        return pynvml.nvmlDeviceGetPowerUsage(NVML) / 1000.0
    except Exception:  # noqa: BLE001
        return None


class Llama:
    """A Llama-style decoder in plain torch: fused QKV and gate/up projections, RoPE, SDPA, static K/V cache."""

    def __init__(self, cfg: Dict[str, Any], batch: int, max_ctx: int, dev: str, dtype: torch.dtype) -> None:
        g = torch.Generator(device=dev).manual_seed(0)
        self.d = int(cfg["hidden_size"])
        self.H = int(cfg["num_attention_heads"])
        self.KV = int(cfg.get("num_key_value_heads") or self.H)
        self.hd = int(cfg.get("head_dim") or self.d // self.H)
        self.inter = int(cfg["intermediate_size"])
        self.vocab = int(cfg["vocab_size"])
        self.L = int(cfg["num_hidden_layers"])
        self.eps = float(cfg.get("rms_norm_eps", 1e-6))
        self.theta = float(cfg.get("rope_theta", 10000.0))
        self.dtype = dtype
        d, H, KV, hd, I = self.d, self.H, self.KV, self.hd, self.inter

        def w(o: int, i: int) -> torch.Tensor:
            return (torch.randn(o, i, device=dev, dtype=dtype, generator=g) * 0.02).contiguous()

        self.embed = w(self.vocab, d)
        self.layers = []
        for _ in range(self.L):
            self.layers.append(
                {
                    "ln1": torch.ones(d, device=dev, dtype=dtype),
                    "wqkv": w((H + 2 * KV) * hd, d),
                    "wo": w(d, H * hd),
                    "ln2": torch.ones(d, device=dev, dtype=dtype),
                    "wgu": w(2 * I, d),
                    "wd": w(d, I),
                    "k": torch.zeros(batch, KV, max_ctx, hd, device=dev, dtype=dtype),
                    "v": torch.zeros(batch, KV, max_ctx, hd, device=dev, dtype=dtype),
                }
            )
        self.norm = torch.ones(d, device=dev, dtype=dtype)
        self.head = w(self.vocab, d)
        self.weight_bytes = sum(t.numel() * t.element_size() for l in self.layers for k, t in l.items() if k.startswith("w")) + self.head.numel() * self.head.element_size()
        self.params = sum(t.numel() for l in self.layers for k, t in l.items() if k not in ("k", "v")) + self.embed.numel() + self.norm.numel() + self.head.numel()
        inv = 1.0 / (self.theta ** (torch.arange(0, hd, 2, device=dev, dtype=torch.float32) / hd))
        ang = torch.outer(torch.arange(max_ctx, device=dev, dtype=torch.float32), inv)
        self.cos = torch.cat((ang.cos(), ang.cos()), -1).to(dtype)
        self.sin = torch.cat((ang.sin(), ang.sin()), -1).to(dtype)

    def rms(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        return (xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(self.dtype) * w

    @staticmethod
    def rot(x: torch.Tensor) -> torch.Tensor:
        a, b = x.chunk(2, dim=-1)
        return torch.cat((-b, a), dim=-1)

    def forward(self, tokens: torch.Tensor, start: int) -> torch.Tensor:
        """tokens [B, n] at positions start … start+n-1; returns the next token of each sequence."""
        B, n = tokens.shape
        H, KV, hd = self.H, self.KV, self.hd
        cos = self.cos[start : start + n][None, None]
        sin = self.sin[start : start + n][None, None]
        x = F.embedding(tokens, self.embed)
        for l in self.layers:
            h = self.rms(x, l["ln1"])
            qkv = h @ l["wqkv"].t()
            q, k, v = qkv.split([H * hd, KV * hd, KV * hd], dim=-1)
            q = q.view(B, n, H, hd).transpose(1, 2)
            k = k.view(B, n, KV, hd).transpose(1, 2)
            v = v.view(B, n, KV, hd).transpose(1, 2)
            q = q * cos + self.rot(q) * sin
            k = k * cos + self.rot(k) * sin
            l["k"][:, :, start : start + n] = k
            l["v"][:, :, start : start + n] = v
            K = l["k"][:, :, : start + n]
            V = l["v"][:, :, : start + n]
            if n == 1:
                a = F.scaled_dot_product_attention(q, K, V, enable_gqa=KV != H)
            else:
                a = F.scaled_dot_product_attention(q, K, V, is_causal=start == 0, enable_gqa=KV != H)
            a = a.transpose(1, 2).reshape(B, n, H * hd)
            x = x + a @ l["wo"].t()
            h = self.rms(x, l["ln2"])
            gu = h @ l["wgu"].t()
            gate, up = gu.chunk(2, dim=-1)
            x = x + (F.silu(gate) * up) @ l["wd"].t()
        x = self.rms(x[:, -1:], self.norm)
        return (x @ self.head.t()).argmax(-1)


def timed(fn, steps: int) -> List[float]:
    """Milliseconds of each of `steps` calls of fn, by CUDA events."""
    out = []
    for _ in range(steps):
        s = torch.cuda.Event(enable_timing=True)
        e = torch.cuda.Event(enable_timing=True)
        s.record()
        fn()
        e.record()
        e.synchronize()
        out.append(s.elapsed_time(e))
    return out


EAGER_WARMUP = 20
EAGER_BLOCKS = 7
EAGER_BLOCK_STEPS = 20


def measure_eager(m: Llama, batch: int, ctx: int) -> Dict[str, Any]:
    """Eager decode step, timed robustly: the Python garbage collector off, EAGER_WARMUP steps of
    warm-up, then EAGER_BLOCKS blocks of EAGER_BLOCK_STEPS back-to-back steps, each block timed on
    the wall clock up to a final synchronize (the host-side launch rate is what bounds an eager step);
    the median of the blocks' per-step times."""
    tok = torch.zeros(batch, 1, dtype=torch.long, device="cuda")
    start = ctx - 1
    gc.collect()
    gc.disable()
    try:
        for _ in range(EAGER_WARMUP):
            m.forward(tok, start)
        torch.cuda.synchronize()
        blocks = []
        for _ in range(EAGER_BLOCKS):
            t0 = time.perf_counter()
            for _ in range(EAGER_BLOCK_STEPS):
                m.forward(tok, start)
            torch.cuda.synchronize()
            blocks.append((time.perf_counter() - t0) * 1e3 / EAGER_BLOCK_STEPS)
    finally:
        gc.enable()
    blocks.sort()
    return {"batch": batch, "context": ctx, "eagerMsMedian": statistics.median(blocks), "eagerMsBlocks": blocks}


def measure_decode(m: Llama, batch: int, ctx: int, steps: int, energy_seconds: float) -> Dict[str, Any]:
    tok = torch.zeros(batch, 1, dtype=torch.long, device="cuda")
    start = ctx - 1
    eager = lambda: m.forward(tok, start)  # noqa: E731
    for _ in range(3):
        eager()
    torch.cuda.synchronize()
    eager_ms = timed(eager, max(10, steps // 5))
    s = torch.cuda.Stream()
    s.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(s):
        for _ in range(3):
            m.forward(tok, start)
    torch.cuda.current_stream().wait_stream(s)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        m.forward(tok, start)
    for _ in range(10):
        graph.replay()
    torch.cuda.synchronize()
    graph_ms = timed(graph.replay, steps)
    med = statistics.median(graph_ms)
    r: Dict[str, Any] = {
        "batch": batch,
        "context": ctx,
        "graphMsMedian": med,
        "graphMsP10": sorted(graph_ms)[len(graph_ms) // 10],
        "graphMsP90": sorted(graph_ms)[(9 * len(graph_ms)) // 10],
        "eagerMsMedian": statistics.median(eager_ms),
        "tokensPerSecond": batch * 1000.0 / med,
        "eagerTokensPerSecond": batch * 1000.0 / statistics.median(eager_ms),
        "kvCacheBytesRead": 2 * m.L * batch * m.KV * ctx * m.hd * 2,
    }
    e0 = energy_mj()
    if e0 is not None:
        n = max(20, int(math.ceil(energy_seconds * 1000.0 / med)))
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        for _ in range(n):
            graph.replay()
        torch.cuda.synchronize()
        dt = time.perf_counter() - t0
        e1 = energy_mj()
        joules = (e1 - e0) / 1000.0
        r.update({"energyLoopSteps": n, "energyLoopSeconds": dt, "averageWatts": joules / dt, "joulesPerToken": joules / (n * batch), "stepMsInEnergyLoop": dt * 1000.0 / n})
    del graph
    return r


def measure_prefill(m: Llama, prompt: int, reps: int) -> Dict[str, Any]:
    tok = torch.zeros(1, prompt, dtype=torch.long, device="cuda")
    for _ in range(2):
        m.forward(tok, 0)
    torch.cuda.synchronize()
    ms = timed(lambda: m.forward(tok, 0), reps)
    med = statistics.median(ms)
    return {"prompt": prompt, "msMedian": med, "tokensPerSecond": prompt * 1000.0 / med}


def calibrate() -> Dict[str, Any]:
    n = 2 ** 30  # 1 GiB of bytes each way
    a = torch.empty(n, dtype=torch.uint8, device="cuda")
    b = torch.empty_like(a)
    for _ in range(3):
        b.copy_(a)
    torch.cuda.synchronize()
    ms = statistics.median(timed(lambda: b.copy_(a), 20))
    copy = 2 * n / (ms / 1000.0)
    del a, b
    N = 8192
    x = torch.randn(N, N, device="cuda", dtype=torch.bfloat16)
    y = torch.randn(N, N, device="cuda", dtype=torch.bfloat16)
    for _ in range(3):
        x @ y
    torch.cuda.synchronize()
    gms = statistics.median(timed(lambda: x @ y, 10))
    # a GEMV-like read of a 1 GiB bf16 matrix at batch 1: the bandwidth decode can reach
    W = torch.randn(16384, 32768, device="cuda", dtype=torch.bfloat16)
    v = torch.randn(1, 32768, device="cuda", dtype=torch.bfloat16)
    for _ in range(3):
        v @ W.t()
    torch.cuda.synchronize()
    vms = statistics.median(timed(lambda: v @ W.t(), 20))
    return {
        "copyBytesPerSecond": copy,
        "copyNote": "device-to-device copy of 1 GiB, bytes read + written per second",
        "gemmBf16FlopsPerSecond": 2 * N ** 3 / (gms / 1000.0),
        "gemmNote": "8192×8192×8192 bf16 matmul, random data",
        "gemvBf16BytesPerSecond": W.numel() * 2 / (vms / 1000.0),
        "gemvNote": "1×32768 · 32768×16384 bf16 (1 GiB of weights), weight bytes per second",
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--configs", nargs="+", required=True)
    ap.add_argument("--batches", default="1,8,32")
    ap.add_argument("--contexts", default="128,1024,2048")
    ap.add_argument("--prompts", default="128,512,2048")
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--energy-seconds", type=float, default=1.5)
    ap.add_argument("--out", required=True)
    ap.add_argument("--eager-only", action="store_true", help="only the eager decode steps, timed robustly (measure_eager)")
    a = ap.parse_args()
    torch.backends.cuda.matmul.allow_tf32 = False
    batches = [int(x) for x in a.batches.split(",")]
    contexts = [int(x) for x in a.contexts.split(",")]
    prompts = [int(x) for x in a.prompts.split(",")]
    props = torch.cuda.get_device_properties(0)
    doc: Dict[str, Any] = {
        "tool": "tools/gpu/measure.py",
        "gpu": props.name,
        "gpuMemoryBytes": props.total_memory,
        "multiprocessors": props.multi_processor_count,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "driver": pynvml.nvmlSystemGetDriverVersion() if NVML is not None else None,
        "powerLimitWatts": pynvml.nvmlDeviceGetEnforcedPowerLimit(NVML) / 1000.0 if NVML is not None else None,
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "idleWatts": power_w(),
        "calibration": None if a.eager_only else calibrate(),
        "eagerOnly": a.eager_only,
        "models": [],
    }
    log(f"gpu {props.name}; calibration {json.dumps(doc['calibration'])}")
    for path in a.configs:
        cfg = json.load(open(path))
        name = os.path.basename(path).replace(".config.json", "").replace(".json", "")
        max_pos = int(cfg.get("max_position_embeddings", 2048))
        ctxs = [c for c in contexts if c <= max_pos]
        entry: Dict[str, Any] = {"model": name, "config": path, "decode": [], "prefill": []}
        for B in batches:
            m = Llama(cfg, B, max(ctxs), "cuda", torch.bfloat16)
            entry["params"] = m.params
            entry["weightBytes"] = m.weight_bytes
            for C in ctxs:
                if a.eager_only:
                    r = measure_eager(m, B, C)
                    entry["decode"].append(r)
                    log(f"{name} B={B} C={C}: eager {r['eagerMsMedian']:.3f} ms (blocks {r['eagerMsBlocks'][0]:.3f}-{r['eagerMsBlocks'][-1]:.3f})")
                    continue
                r = measure_decode(m, B, C, a.steps, a.energy_seconds)
                entry["decode"].append(r)
                log(f"{name} B={B} C={C}: graph {r['graphMsMedian']:.3f} ms ({r['tokensPerSecond']:.1f} tok/s), eager {r['eagerMsMedian']:.3f} ms, {r.get('averageWatts', float('nan')):.0f} W")
            del m
            torch.cuda.empty_cache()
        if a.eager_only:
            doc["models"].append(entry)
            write_atomic(a.out, doc)
            continue
        m = Llama(cfg, 1, max(prompts), "cuda", torch.bfloat16)
        for P in [p for p in prompts if p <= max_pos]:
            r = measure_prefill(m, P, 10)
            entry["prefill"].append(r)
            log(f"{name} prefill {P}: {r['msMedian']:.2f} ms")
        del m
        torch.cuda.empty_cache()
        doc["models"].append(entry)
        write_atomic(a.out, doc)
    return 0


def write_atomic(path: str, doc: Dict[str, Any]) -> None:
    """Writes the JSON document through a temporary file, so an interrupted run leaves none half-written."""
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(doc, fh, indent=1)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main())
