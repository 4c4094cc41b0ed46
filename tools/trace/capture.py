#!/usr/bin/env python3
"""Capture a ternsim trace (format version 2, JSON Lines) from a real PyTorch model.

Runs one decode step (or one prefill) of a model built from a Hugging Face ``config.json`` with
random weights — nothing is downloaded — and records its ops with forward hooks on the linear
layers (nn.Linear and BitLinear) and the RMSNorms, plus the ops between them, then writes the trace
that ``ternsim trace inspect`` / ``ternsim simulate --trace`` read. See docs/trace-format.md.

Two backends:

* ``builtin`` (default; needs only ``torch``): minimal reference implementations in plain torch of
  the three families ternsim models — HGRN-Bit (the MatMul-free LM, ``model_type: "hgrn_bit"``),
  Llama-style Transformers (``model_type: "llama"``) and BitNet b1.58 (``model_type: "bitnet"``, or
  ``"llama"`` with ``weight_bits``/``input_bits``, as the 1bitLLM configs are). Module names are the
  Hugging Face parameter names and every op id is the one ``ternsim trace export`` gives, so a
  captured trace can be compared op by op with an exported one. Ternary layers record their
  measured zero fraction (absmean ternarization of the random weights).
* ``transformers`` (needs ``transformers``): any causal LM that ``AutoModelForCausalLM.from_config``
  builds offline. Only what hooks see is recorded: linear layers, RMSNorm/LayerNorm modules,
  activation modules, and one attention op per attention module; residual adds, RoPE and the
  gated-MLP multiply are not modules and are missing, so such a trace is partial (the header's
  family is ``trace`` unless the model is a plain Llama).

Usage (see docs/trace-format.md):

    python3 tools/trace/capture.py --config config.json --out decode.jsonl
    python3 tools/trace/capture.py --config config.json --phase prefill --prompt 128 --batch 2 --out prefill.jsonl
    python3 tools/trace/capture.py --config config.json --backend transformers --out hf.jsonl

The script checks the graph it writes (unique ids, deps on earlier ops); ternsim's reader checks the
rest (shapes, weight bytes).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import torch
import torch.nn as nn
import torch.nn.functional as F

TRACE_FORMAT = "ternsim-trace"
TRACE_VERSION = 2
DEFAULT_CONTEXT = 1024
FP16_BYTES = 2
PARAM_KEYS = ["total", "ternaryBlocks", "ternaryHead", "denseBlocks", "denseHead", "embedding", "other"]
WEIGHT_BITS = {"ternary": 2, "bf16": 16, "fp16": 16, "int8": 8, "int4": 4}


def weight_bytes(dtype: str, d_in: int, d_out: int) -> int:
    """Bytes under the trace format's stated packing: each row ceil(dIn * bits / 8) bytes."""
    return d_out * ((d_in * WEIGHT_BITS[dtype] + 7) // 8)


def ternary_zero_fraction(w: torch.Tensor) -> float:
    """Fraction of zeros after absmean ternarization: round(W / mean|W|) clamped to [-1, 1]."""
    w = w.detach().float()
    s = 1.0 / w.abs().mean().clamp(min=1e-5)
    q = (w * s).round().clamp(-1, 1)
    return float((q == 0).float().mean().item())


# ---------------------------------------------------------------------------------------------
# The recorder.
# ---------------------------------------------------------------------------------------------

Dep = Union[str, torch.Tensor, None]


class Tracer:
    """Collects ops in program order. Dependencies follow tensors: every recorded op tags its
    output tensor with its id (attribute ``_ternsim_op``); an op reading a tagged tensor depends on
    the op that tagged it. An input without a tag (a view made after the producer) falls back to
    the most recent op."""

    def __init__(self) -> None:
        self.ops: List[Dict[str, Any]] = []
        self.ids: set = set()
        self.enabled = False

    # -- dependencies -----------------------------------------------------------------------
    def tag(self, t: Any, op_id: str) -> None:
        if isinstance(t, torch.Tensor):
            try:
                t._ternsim_op = op_id  # type: ignore[attr-defined]
            except Exception:  # pragma: no cover - some tensor subclasses refuse attributes
                pass

    def dep_of(self, d: Dep) -> Optional[str]:
        if d is None:
            return None
        if isinstance(d, str):
            return d
        op = getattr(d, "_ternsim_op", None)
        if op is None and self.ops:
            return self.ops[-1]["id"]
        return op

    def deps(self, ds: Sequence[Dep]) -> List[str]:
        out: List[str] = []
        for d in ds:
            x = self.dep_of(d)
            if x is not None and x not in out:
                out.append(x)
        return out

    # -- recording --------------------------------------------------------------------------
    def _push(self, op: Dict[str, Any], out: Any = None) -> str:
        if op["id"] in self.ids:
            raise RuntimeError(f"duplicate op id {op['id']}")
        for d in op["deps"]:
            if d not in self.ids:
                raise RuntimeError(f"op {op['id']} depends on {d}, which is not an earlier op")
        self.ids.add(op["id"])
        self.ops.append(op)
        self.tag(out, op["id"])
        return op["id"]

    def base(self, kind: str, op_id: str, deps: Sequence[Dep], layer: int) -> Dict[str, Any]:
        return {"kind": kind, "id": op_id, "deps": self.deps(deps), "layer": layer}

    def rmsnorm(self, op_id: str, layer: int, x: Dep, length: int, rows: int, out: Any = None) -> str:
        return self._push({**self.base("rmsnorm", op_id, [x], layer), "length": length, "rows": rows}, out)

    def quantize(self, op_id: str, layer: int, x: Dep, length: int, rows: int, out: Any = None) -> str:
        return self._push({**self.base("quantize", op_id, [x], layer), "length": length, "rows": rows}, out)

    def ew(self, op_id: str, layer: int, fn: str, deps: Sequence[Dep], length: int, out: Any = None) -> str:
        return self._push({**self.base("elementwise", op_id, deps, layer), "fn": fn, "length": int(length)}, out)

    def transfer(self, kind: str, op_id: str, layer: int, deps: Sequence[Dep], tensor: str, space: str, nbytes: int, out: Any = None) -> str:
        return self._push({**self.base(kind, op_id, deps, layer), "tensor": tensor, "bytes": int(nbytes), "space": space}, out)

    def matvec(self, op_id: str, layer: int, x: Dep, weight: str, dtype: str, d_in: int, d_out: int, batch: int, zero_fraction: float, out: Any = None) -> str:
        op = {
            **self.base("matvec", op_id, [x], layer),
            "weight": weight,
            "weightDtype": dtype,
            "dIn": d_in,
            "dOut": d_out,
            "batch": batch,
            "zeroFraction": zero_fraction,
            "weightBytes": weight_bytes(dtype, d_in, d_out),
        }
        return self._push(op, out)

    def attention(self, op_id: str, layer: int, deps: Sequence[Dep], heads: int, kv_heads: int, head_dim: int, context: int, batch: int, sequences: int, kv_bytes: int, out: Any = None) -> str:
        op = {
            **self.base("attention", op_id, deps, layer),
            "heads": heads,
            "kvHeads": kv_heads,
            "headDim": head_dim,
            "context": context,
            "batch": batch,
            "sequences": sequences,
            "kvBytesPerElement": kv_bytes,
        }
        return self._push(op, out)


TRACER = Tracer()


def layer_of(name: str) -> int:
    m = re.search(r"(?:^|\.)layers\.(\d+)\.", name + ".")
    return int(m.group(1)) if m else -1


def op_prefix(name: str) -> str:
    """ternsim's op id prefix of a module: its HF name without the leading ``model.``."""
    return name[len("model."):] if name.startswith("model.") else name


# ---------------------------------------------------------------------------------------------
# Modules of the built-in reference models.
# ---------------------------------------------------------------------------------------------


class RMSNorm(nn.Module):
    """x · rsqrt(mean(x²) + eps) · gain."""

    def __init__(self, dim: int, eps: float) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        xf = x.float()
        y = xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)
        return (y * self.weight.float()).to(x.dtype)


class BitLinear(nn.Linear):
    """BitNet b1.58 linear layer: per-token absmax int8 activations, absmean ternary weights, one
    dequantization multiply per output. ``norm_eps`` given: its own RMSNorm on the input first
    (the MatMul-free LM's BitLinear); absent: the norm sits outside (BitNet's)."""

    def __init__(self, in_features: int, out_features: int, norm_eps: Optional[float] = None) -> None:
        super().__init__(in_features, out_features, bias=False)
        self.norm = RMSNorm(in_features, norm_eps) if norm_eps is not None else None
        self._norm_out: Optional[torch.Tensor] = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.norm is not None:
            x = self.norm(x)
        self._norm_out = x
        xf = x.float()
        a_scale = 127.0 / xf.abs().amax(-1, keepdim=True).clamp(min=1e-5)
        xq = (xf * a_scale).round().clamp(-128, 127)
        wf = self.weight.float()
        w_scale = 1.0 / wf.abs().mean().clamp(min=1e-5)
        wq = (wf * w_scale).round().clamp(-1, 1)
        y = F.linear(xq, wq) / (a_scale * w_scale)
        return y.to(x.dtype)


def final_norm_and_head(t: "Tracer", norm: nn.Module, lm_head: nn.Module, x: torch.Tensor, vocab: int, S: int) -> torch.Tensor:
    """Every family's end: the final norm, the lm_head on each sequence's last token only (what a
    generator samples from), and the fp16 logits store."""
    xn = norm(x)
    last = xn[:, -1:, :]
    t.tag(last, t.dep_of(xn) or "norm")
    logits = lm_head(last)
    t.transfer("store", "logits.store", -1, [logits], "logits", "activation", FP16_BYTES * vocab * S)
    return logits


def is_norm_module(m: nn.Module) -> bool:
    n = type(m).__name__
    return "RMSNorm" in n or "LayerNorm" in n or isinstance(m, nn.LayerNorm)


def install_hooks(model: nn.Module, ternary_names: Optional[set] = None, tied: Optional[Dict[int, str]] = None, dense_dtype: Optional[str] = None) -> List[Any]:
    """Forward hooks: a norm module records an ``rmsnorm``; a BitLinear (or a linear layer named in
    ``ternary_names``) records quantize → ternary matvec (measured zero fraction) → dequant mul; any
    other nn.Linear records one dense matvec. ``tied`` maps id(weight) → the name of the tensor it
    is tied to."""
    handles = []
    tied = tied or {}
    ternary_names = ternary_names or set()
    zero_cache: Dict[int, float] = {}

    for name, mod in model.named_modules():
        if is_norm_module(mod):

            def norm_hook(m: nn.Module, inputs: Tuple[Any, ...], output: Any, name: str = name) -> None:
                if not TRACER.enabled:
                    return
                x = inputs[0]
                length = x.shape[-1]
                TRACER.rmsnorm(op_prefix(name), layer_of(name), x, length, x.numel() // length, output)

            handles.append(mod.register_forward_hook(norm_hook))
        elif isinstance(mod, nn.Linear):

            def linear_hook(m: nn.Module, inputs: Tuple[Any, ...], output: Any, name: str = name) -> None:
                if not TRACER.enabled:
                    return
                x = inputs[0]
                d_in, d_out = m.in_features, m.out_features
                tokens = x.numel() // d_in
                layer = layer_of(name)
                p = op_prefix(name)
                weight = tied.get(id(m.weight), f"{name}.weight")
                ternary = isinstance(m, BitLinear) or name in ternary_names
                if ternary:
                    key = id(m.weight)
                    if key not in zero_cache:
                        zero_cache[key] = ternary_zero_fraction(m.weight)
                    src = getattr(m, "_norm_out", None)
                    q = TRACER.quantize(f"{p}.quant", layer, src if src is not None else x, d_in, tokens)
                    mv = TRACER.matvec(f"{p}.matvec", layer, q, weight, "ternary", d_in, d_out, tokens, zero_cache[key])
                    TRACER.ew(f"{p}.dequant", layer, "mul", [mv], d_out * tokens, output)
                else:
                    dtype = dense_dtype or torch_dtype_name(m.weight.dtype)
                    TRACER.matvec(f"{p}.matvec", layer, x, weight, dtype, d_in, d_out, tokens, 0, output)

            handles.append(mod.register_forward_hook(linear_hook))
    return handles


def torch_dtype_name(dt: torch.dtype) -> str:
    return "fp16" if dt == torch.float16 else "bf16"


def full_precision_dtype(cfg: Dict[str, Any]) -> str:
    """ternsim's rule: torch_dtype (or dtype) "float16" → fp16, anything else → bf16."""
    return "fp16" if (cfg.get("torch_dtype") or cfg.get("dtype")) == "float16" else "bf16"


# ---------------------------------------------------------------------------------------------
# HGRN-Bit (MatMul-free LM): github.com/ridgerchu/matmulfreellm, as ternsim's hgrn-bit.ts.
# ---------------------------------------------------------------------------------------------


def hgrn_intermediate(cfg: Dict[str, Any]) -> int:
    if cfg.get("intermediate_size") is not None:
        return int(cfg["intermediate_size"])
    d = int(cfg["hidden_size"])
    ratio = cfg.get("hidden_ratio") or 4
    return 256 * math.ceil(int(d * ratio * 2 / 3) / 256)


class HGRNBitAttention(nn.Module):
    def __init__(self, d: int, layer: int) -> None:
        super().__init__()
        self.layer = layer
        self.i_proj = BitLinear(d, d, 1e-8)
        self.f_proj = BitLinear(d, d, 1e-8)
        self.g_proj = BitLinear(d, d, 1e-8)
        self.g_norm = RMSNorm(d, 1e-5)
        self.o_proj = BitLinear(d, d, 1e-8)


class HGRNBitMLP(nn.Module):
    def __init__(self, d: int, inter: int) -> None:
        super().__init__()
        self.gate_proj = BitLinear(d, 2 * inter, 1e-8)
        self.down_proj = BitLinear(inter, d, 1e-8)


class HGRNBitBlock(nn.Module):
    def __init__(self, d: int, inter: int, eps: float, layer: int) -> None:
        super().__init__()
        self.attn_norm = RMSNorm(d, eps)
        self.attn = HGRNBitAttention(d, layer)
        self.mlp_norm = RMSNorm(d, eps)
        self.mlp = HGRNBitMLP(d, inter)


class HGRNBitInner(nn.Module):
    def __init__(self, cfg: Dict[str, Any]) -> None:
        super().__init__()
        d = int(cfg["hidden_size"])
        self.embeddings = nn.Embedding(int(cfg["vocab_size"]), d)
        eps = float(cfg.get("rms_norm_eps", 1e-6))
        inter = hgrn_intermediate(cfg)
        self.layers = nn.ModuleList([HGRNBitBlock(d, inter, eps, i) for i in range(int(cfg["num_hidden_layers"]))])
        self.norm = RMSNorm(d, eps)
        self.lower_bounds = nn.Parameter(torch.zeros(int(cfg["num_hidden_layers"]), d)) if cfg.get("use_lower_bound", True) else None


class HGRNBitModel(nn.Module):
    family = "hgrn_bit"

    def __init__(self, cfg: Dict[str, Any]) -> None:
        super().__init__()
        if cfg.get("expand_ratio", 1) != 1 or cfg.get("use_short_conv", False) or cfg.get("tie_word_embeddings", False):
            raise SystemExit("capture.py: expand_ratio != 1, use_short_conv and tied embeddings are not modelled (as in ternsim)")
        self.cfg = cfg
        self.model = HGRNBitInner(cfg)
        self.lm_head = BitLinear(int(cfg["hidden_size"]), int(cfg["vocab_size"]), 1e-8)

    def step(self, tokens: torch.Tensor, n_new: int, context: int) -> torch.Tensor:
        """One decode step (n_new = 1) or prefill (n_new = N) of S sequences: tokens [S, n_new]."""
        t = TRACER
        S = tokens.shape[0]
        T = S * n_new
        cfg = self.cfg
        d = int(cfg["hidden_size"])
        inter = hgrn_intermediate(cfg)
        L = int(cfg["num_hidden_layers"])
        x = self.model.embeddings(tokens)
        t.transfer("load", "embeddings.load", -1, [], "embedding", "embedding", FP16_BYTES * d * T, x)
        if self.model.lower_bounds is not None:
            lbs = torch.softmax(self.model.lower_bounds.float(), dim=0)
            lbs = torch.cumsum(lbs, dim=0) - lbs[0]
        for l, blk in enumerate(self.model.layers):
            p = f"layers.{l}"
            xn = blk.attn_norm(x)
            h_prev = torch.randn(S, d, device=x.device, dtype=x.dtype)  # the recurrent state, as if loaded
            t.transfer("load", f"{p}.attn.h.load", l, [], f"layer{l}.h", "state", FP16_BYTES * d * S, h_prev)
            a = blk.attn
            i = a.i_proj(xn)
            f_lin = a.f_proj(xn)
            g = a.g_proj(xn)
            f = torch.sigmoid(f_lin)
            t.ew(f"{p}.attn.f.sigmoid", l, "sigmoid", [f_lin], f.numel(), f)
            if self.model.lower_bounds is not None and l > 0:
                lb = lbs[l].to(x.dtype)
                scaled = (1 - lb) * f
                t.ew(f"{p}.attn.f.lb_mul", l, "mul", [f], scaled.numel(), scaled)
                f2 = lb + scaled
                t.ew(f"{p}.attn.f.lb_add", l, "add", [scaled], f2.numel(), f2)
                f = f2
            c = F.silu(i)
            t.ew(f"{p}.attn.c.silu", l, "silu", [i], c.numel(), c)
            omf = 1 - f
            t.ew(f"{p}.attn.one_minus_f", l, "sub", [f], omf.numel(), omf)
            # the recurrence h_t = f_t ⊙ h_{t-1} + (1 - f_t) ⊙ c_t over the n_new steps, recorded as whole ops
            inp = omf * c
            hs = []
            h = h_prev
            for k in range(n_new):
                h = f[:, k] * h + inp[:, k]
                hs.append(h)
            hseq = torch.stack(hs, dim=1)
            decay = f * hseq  # stands for the f ⊙ h_{t-1} products (same count)
            t.ew(f"{p}.attn.h.decay", l, "mul", [f, h_prev], decay.numel(), decay)
            t.ew(f"{p}.attn.h.input", l, "mul", [omf, c], inp.numel(), inp)
            t.ew(f"{p}.attn.h.add", l, "add", [decay, inp], hseq.numel(), hseq)
            t.transfer("store", f"{p}.attn.h.store", l, [hseq], f"layer{l}.h", "state", FP16_BYTES * d * S)
            gn = a.g_norm(g)
            hsil = F.silu(hseq)
            t.ew(f"{p}.attn.g_norm.silu", l, "silu", [hseq], hsil.numel(), hsil)
            gated = gn * hsil
            t.ew(f"{p}.attn.g_norm.mul", l, "mul", [gn, hsil], gated.numel(), gated)
            o = a.o_proj(gated)
            r1 = x + o
            t.ew(f"{p}.attn.residual", l, "add", [x, o], r1.numel(), r1)
            mn = blk.mlp_norm(r1)
            gu = blk.mlp.gate_proj(mn)
            gate, up = gu.split(inter, dim=-1)
            act = F.silu(gate)
            t.ew(f"{p}.mlp.silu", l, "silu", [gu], act.numel(), act)
            prod = act * up
            t.ew(f"{p}.mlp.mul", l, "mul", [act, gu], prod.numel(), prod)
            down = blk.mlp.down_proj(prod)
            x2 = r1 + down
            t.ew(f"{p}.mlp.residual", l, "add", [r1, down], x2.numel(), x2)
            x = x2
        return final_norm_and_head(t, self.model.norm, self.lm_head, x, int(cfg["vocab_size"]), S)

    def param_counts(self) -> Dict[str, int]:
        d = int(self.cfg["hidden_size"])
        ternary_blocks = sum(m.weight.numel() for n, m in self.model.named_modules() if isinstance(m, BitLinear))
        ternary_head = self.lm_head.weight.numel()
        embedding = self.model.embeddings.weight.numel()
        total = sum(p.numel() for p in self.parameters())
        other = total - ternary_blocks - ternary_head - embedding
        del d
        return {"total": total, "ternaryBlocks": ternary_blocks, "ternaryHead": ternary_head, "denseBlocks": 0, "denseHead": 0, "embedding": embedding, "other": other}


# ---------------------------------------------------------------------------------------------
# Llama-style Transformers and BitNet b1.58, as ternsim's transformer.ts.
# ---------------------------------------------------------------------------------------------


def transformer_variant(cfg: Dict[str, Any]) -> str:
    mt = cfg.get("model_type")
    if mt == "bitnet":
        return "bitnet-2b4t"
    if mt == "llama":
        archs = cfg.get("architectures") or []
        if "weight_bits" in cfg or "input_bits" in cfg or "BitnetForCausalLM" in archs:
            return "bitnet-1bitllm"
        return "llama"
    raise SystemExit(f"capture.py: model_type {mt!r} is not built in (hgrn_bit, llama, bitnet); try --backend transformers")


SUB_NORMS = {"bitnet-1bitllm": ("inner_attn_ln", "ffn_layernorm"), "bitnet-2b4t": ("attn_sub_norm", "ffn_sub_norm")}


class TAttention(nn.Module):
    def __init__(self, d: int, heads: int, kv_heads: int, head_dim: int, bitnet: bool, sub_norm: Optional[str], eps: float) -> None:
        super().__init__()
        lin = (lambda i, o: BitLinear(i, o)) if bitnet else (lambda i, o: nn.Linear(i, o, bias=False))
        self.q_proj = lin(d, heads * head_dim)
        self.k_proj = lin(d, kv_heads * head_dim)
        self.v_proj = lin(d, kv_heads * head_dim)
        self.o_proj = lin(heads * head_dim, d)
        self.sub_norm_name = sub_norm
        if sub_norm:
            setattr(self, sub_norm, RMSNorm(heads * head_dim, eps))


class TMLP(nn.Module):
    def __init__(self, d: int, inter: int, bitnet: bool, sub_norm: Optional[str], eps: float) -> None:
        super().__init__()
        lin = (lambda i, o: BitLinear(i, o)) if bitnet else (lambda i, o: nn.Linear(i, o, bias=False))
        self.gate_proj = lin(d, inter)
        self.up_proj = lin(d, inter)
        self.down_proj = lin(inter, d)
        self.sub_norm_name = sub_norm
        if sub_norm:
            setattr(self, sub_norm, RMSNorm(inter, eps))


class TLayer(nn.Module):
    def __init__(self, c: Dict[str, Any], bitnet: bool, subs: Tuple[Optional[str], Optional[str]]) -> None:
        super().__init__()
        self.input_layernorm = RMSNorm(c["d"], c["eps"])
        self.self_attn = TAttention(c["d"], c["heads"], c["kv_heads"], c["head_dim"], bitnet, subs[0], c["eps"])
        self.post_attention_layernorm = RMSNorm(c["d"], c["eps"])
        self.mlp = TMLP(c["d"], c["inter"], bitnet, subs[1], c["eps"])


class TInner(nn.Module):
    def __init__(self, c: Dict[str, Any], bitnet: bool, subs: Tuple[Optional[str], Optional[str]]) -> None:
        super().__init__()
        self.embed_tokens = nn.Embedding(c["vocab"], c["d"])
        self.layers = nn.ModuleList([TLayer(c, bitnet, subs) for _ in range(c["layers"])])
        self.norm = RMSNorm(c["d"], c["eps"])


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    a, b = x.chunk(2, dim=-1)
    return torch.cat((-b, a), dim=-1)


class TransformerModel(nn.Module):
    def __init__(self, cfg: Dict[str, Any]) -> None:
        super().__init__()
        self.cfg = cfg
        self.variant = transformer_variant(cfg)
        self.bitnet = self.variant != "llama"
        self.family = "bitnet" if self.bitnet else "llama"
        d = int(cfg["hidden_size"])
        heads = int(cfg["num_attention_heads"])
        kv = int(cfg.get("num_key_value_heads") or heads)
        head_dim = int(cfg.get("head_dim") or d // heads)
        self.c = {
            "d": d,
            "heads": heads,
            "kv_heads": kv,
            "head_dim": head_dim,
            "inter": int(cfg["intermediate_size"]),
            "vocab": int(cfg["vocab_size"]),
            "layers": int(cfg["num_hidden_layers"]),
            "eps": float(cfg.get("rms_norm_eps", 1e-6)),
            "act": cfg.get("hidden_act", "relu2" if self.variant == "bitnet-2b4t" else "silu"),
            "theta": float(cfg.get("rope_theta", 10000.0)),
            "max_pos": int(cfg.get("max_position_embeddings", 2048)),
        }
        if self.c["act"] not in ("silu", "relu2"):
            raise SystemExit(f"capture.py: hidden_act {self.c['act']!r} is not modelled (silu, relu2)")
        subs = SUB_NORMS.get(self.variant, (None, None))
        self.model = TInner(self.c, self.bitnet, subs)
        self.tied = bool(cfg.get("tie_word_embeddings", False))
        self.lm_head = nn.Linear(d, self.c["vocab"], bias=False)
        if self.tied:
            self.lm_head.weight = self.model.embed_tokens.weight
        # dtypes as ternsim states them: Llama projections bf16; BitNet's full-precision head per torch_dtype
        self.head_dtype = full_precision_dtype(cfg) if self.bitnet else "bf16"

    def step(self, tokens: torch.Tensor, n_new: int, context: int, kv_bytes: int = 2) -> torch.Tensor:
        t = TRACER
        c = self.c
        S = tokens.shape[0]
        T = S * n_new
        d, H, KV, hd = c["d"], c["heads"], c["kv_heads"], c["head_dim"]
        past = context - n_new
        dev, dt = self.model.embed_tokens.weight.device, self.model.embed_tokens.weight.dtype
        pos = torch.arange(past, context, device=dev, dtype=torch.float32)
        inv = 1.0 / (c["theta"] ** (torch.arange(0, hd, 2, device=dev, dtype=torch.float32) / hd))
        ang = torch.outer(pos, inv)
        cos = torch.cat((ang.cos(), ang.cos()), dim=-1).to(dt)[None, None]
        sin = torch.cat((ang.sin(), ang.sin()), dim=-1).to(dt)[None, None]
        mask = torch.full((n_new, context), float("-inf"), device=dev)
        mask = torch.triu(mask, diagonal=past + 1)  # query j sees positions <= past + j
        x = self.model.embed_tokens(tokens)
        t.transfer("load", "embeddings.load", -1, [], "embedding", "embedding", FP16_BYTES * d * T, x)
        for l, layer in enumerate(self.model.layers):
            p = f"layers.{l}"
            a = layer.self_attn
            xn = layer.input_layernorm(x)
            q = a.q_proj(xn)
            k = a.k_proj(xn)
            v = a.v_proj(xn)
            qh = q.view(S, n_new, H, hd).transpose(1, 2)
            kh = k.view(S, n_new, KV, hd).transpose(1, 2)
            vh = v.view(S, n_new, KV, hd).transpose(1, 2)
            qm = qh * cos + rotate_half(qh) * sin
            t.ew(f"{p}.self_attn.rope.q.mul", l, "mul", [q], 2 * q.numel())
            t.ew(f"{p}.self_attn.rope.q.add", l, "add", [f"{p}.self_attn.rope.q.mul"], q.numel(), qm)
            km = kh * cos + rotate_half(kh) * sin
            t.ew(f"{p}.self_attn.rope.k.mul", l, "mul", [k], 2 * k.numel())
            t.ew(f"{p}.self_attn.rope.k.add", l, "add", [f"{p}.self_attn.rope.k.mul"], k.numel(), km)
            # the K/V cache of the `past` earlier positions (random, as the weights are)
            K = torch.cat((torch.randn(S, KV, past, hd, device=dev, dtype=dt), km), dim=2)
            V = torch.cat((torch.randn(S, KV, past, hd, device=dev, dtype=dt), vh), dim=2)
            K = K.repeat_interleave(H // KV, dim=1)
            V = V.repeat_interleave(H // KV, dim=1)
            scores = (qm.float() @ K.float().transpose(-1, -2)) / math.sqrt(hd) + mask
            attn = (torch.softmax(scores, dim=-1) @ V.float()).to(dt)
            attn = attn.transpose(1, 2).reshape(S, n_new, H * hd)
            t.attention(f"{p}.self_attn.attention", l, [qm, km, v], H, KV, hd, context, T, S, kv_bytes, attn)
            if a.sub_norm_name:
                attn = getattr(a, a.sub_norm_name)(attn)
            o = a.o_proj(attn)
            r1 = x + o
            t.ew(f"{p}.self_attn.residual", l, "add", [x, o], r1.numel(), r1)
            mlp = layer.mlp
            mn = layer.post_attention_layernorm(r1)
            gate = mlp.gate_proj(mn)
            up = mlp.up_proj(mn)
            if c["act"] == "silu":
                act = F.silu(gate)
                t.ew(f"{p}.mlp.act_fn", l, "silu", [gate], act.numel(), act)
            else:  # relu²: one multiply, the clamp folded in (as ternsim emits it)
                act = F.relu(gate).square()
                t.ew(f"{p}.mlp.act_fn", l, "mul", [gate], act.numel(), act)
            m = act * up
            t.ew(f"{p}.mlp.mul", l, "mul", [act, up], m.numel(), m)
            if mlp.sub_norm_name:
                m = getattr(mlp, mlp.sub_norm_name)(m)
            down = mlp.down_proj(m)
            x2 = r1 + down
            t.ew(f"{p}.mlp.residual", l, "add", [r1, down], x2.numel(), x2)
            x = x2
        return final_norm_and_head(t, self.model.norm, self.lm_head, x, c["vocab"], S)

    def param_counts(self) -> Dict[str, int]:
        proj = sum(m.weight.numel() for m in self.model.layers.modules() if isinstance(m, nn.Linear))
        embedding = self.model.embed_tokens.weight.numel()
        head = 0 if self.tied else self.lm_head.weight.numel()
        total = sum(p.numel() for p in self.parameters())  # tied weights once
        other = total - proj - embedding - head
        return {
            "total": total,
            "ternaryBlocks": proj if self.bitnet else 0,
            "ternaryHead": 0,
            "denseBlocks": 0 if self.bitnet else proj,
            "denseHead": head,
            "embedding": embedding,
            "other": other,
        }


# ---------------------------------------------------------------------------------------------
# The transformers backend (partial traces of any causal LM).
# ---------------------------------------------------------------------------------------------

ACTIVATIONS = {"SiLU": "silu", "SiLUActivation": "silu", "Sigmoid": "sigmoid", "ReLUSquaredActivation": "mul"}


def capture_transformers(cfg_path: str, cfg: Dict[str, Any], S: int, n_new: int, context: int, device: str, dtype: torch.dtype) -> Tuple[Dict[str, Any], List[Dict[str, Any]]]:
    try:
        from transformers import AutoConfig, AutoModelForCausalLM
    except ImportError as e:  # pragma: no cover
        raise SystemExit(f"capture.py: --backend transformers needs the transformers package ({e})")
    del cfg_path
    hf_cfg = AutoConfig.for_model(cfg["model_type"], **{k: v for k, v in cfg.items() if k != "model_type"})
    model = AutoModelForCausalLM.from_config(hf_cfg).to(device=device, dtype=dtype).eval()
    L = int(getattr(hf_cfg, "num_hidden_layers", 0) or 0)
    heads = int(getattr(hf_cfg, "num_attention_heads", 1))
    kv = int(getattr(hf_cfg, "num_key_value_heads", None) or heads)
    hd = int(getattr(hf_cfg, "head_dim", None) or hf_cfg.hidden_size // heads)
    bitnet = transformer_variant(cfg) != "llama" if cfg.get("model_type") in ("llama", "bitnet") else False
    ternary = set()
    if bitnet:  # 1bitLLM configs load as plain Llama: treat the projections as ternary
        ternary = {n for n, m in model.named_modules() if isinstance(m, nn.Linear) and ".layers." in n}
    tied = {id(model.get_output_embeddings().weight): "model.embed_tokens.weight"} if getattr(hf_cfg, "tie_word_embeddings", False) else {}
    handles = install_hooks(model, ternary, tied)
    state = {"in_attn": None}
    warned = set()
    for name, mod in model.named_modules():
        cls = type(mod).__name__
        if cls.endswith("Attention") and re.search(r"layers\.\d+\.\w+$", name):

            def attn_pre(m: nn.Module, args: Any, name: str = name) -> None:
                state["in_attn"] = name

            handles.append(mod.register_forward_pre_hook(attn_pre))
        elif isinstance(mod, nn.Linear) and re.search(r"\.(o_proj|out_proj|dense|c_proj|wo)$", name):

            def out_pre(m: nn.Module, args: Any, name: str = name) -> None:
                owner = state["in_attn"]
                if TRACER.enabled and owner and name.startswith(owner + "."):
                    x = args[0]
                    TRACER.attention(f"{op_prefix(owner)}.attention", layer_of(name), [x], heads, kv, hd, context, S * n_new, S, 2 if dtype != torch.float32 else 4)
                    TRACER.tag(x, f"{op_prefix(owner)}.attention")
                    state["in_attn"] = None

            handles.append(mod.register_forward_pre_hook(out_pre))
        elif cls in ACTIVATIONS:

            def act_hook(m: nn.Module, inputs: Any, output: Any, name: str = name, fn: str = ACTIVATIONS[cls]) -> None:
                if TRACER.enabled:
                    TRACER.ew(op_prefix(name) + f".{len(TRACER.ops)}", layer_of(name), fn, [inputs[0]], output.numel(), output)

            handles.append(mod.register_forward_hook(act_hook))
        elif "Activation" in cls or cls in ("GELU", "GELUActivation", "NewGELUActivation"):
            warned.add(cls)
    if warned:
        print(f"capture.py: activation modules not recorded (no ternsim function): {', '.join(sorted(warned))}", file=sys.stderr)
    vocab = int(hf_cfg.vocab_size)
    past = context - n_new
    with torch.no_grad():
        cache = None
        if past > 0:
            out = model(torch.randint(0, vocab, (S, past), device=device), use_cache=True)
            cache = out.past_key_values
        TRACER.enabled = True
        model(torch.randint(0, vocab, (S, n_new), device=device), past_key_values=cache, use_cache=True)
        TRACER.enabled = False
    for h in handles:
        h.remove()
    total = sum(p.numel() for p in model.parameters())  # tied weights once
    blocks = sum(m.weight.numel() for n, m in model.named_modules() if isinstance(m, nn.Linear) and ".layers." in n)
    emb = model.get_input_embeddings().weight.numel()
    out_emb = model.get_output_embeddings()
    head = 0 if out_emb is None or out_emb.weight is model.get_input_embeddings().weight else out_emb.weight.numel()
    params = {
        "total": total,
        "ternaryBlocks": blocks if bitnet else 0,
        "ternaryHead": 0,
        "denseBlocks": 0 if bitnet else blocks,
        "denseHead": head,
        "embedding": emb,
        "other": total - blocks - head - emb,
    }
    family = ("bitnet" if bitnet else "llama") if cfg.get("model_type") == "llama" else "trace"
    header = {"family": family, "layers": L, "params": params}
    return header, TRACER.ops


# ---------------------------------------------------------------------------------------------
# Main.
# ---------------------------------------------------------------------------------------------


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Capture a ternsim trace (format version 2) from a PyTorch model built from a config.json (random weights).")
    ap.add_argument("--config", required=True, help="a Hugging Face config.json")
    ap.add_argument("--out", required=True, help="the trace to write (.jsonl)")
    ap.add_argument("--phase", choices=["decode", "prefill"], default="decode")
    ap.add_argument("--batch", type=int, default=1, help="sequences (default 1)")
    ap.add_argument("--context", type=int, help="context after the step (default min(1024, max_position_embeddings); prefill: the prompt)")
    ap.add_argument("--prompt", type=int, help="prefill: prompt tokens per sequence (default: the context)")
    ap.add_argument("--backend", choices=["builtin", "transformers"], default="builtin")
    ap.add_argument("--model-name", help="the header's model (default: the config file's name)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--dtype", choices=["bfloat16", "float16", "float32"], default=None, help="activation/weight dtype (default bfloat16 on a GPU, float32 on the CPU)")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(argv)

    with open(a.config, encoding="utf-8") as fh:
        cfg = json.load(fh)
    torch.manual_seed(a.seed)
    dtype = getattr(torch, a.dtype) if a.dtype else (torch.bfloat16 if a.device.startswith("cuda") else torch.float32)
    mt = cfg.get("model_type")
    max_pos = int(cfg.get("max_position_embeddings", 2048))
    if a.batch < 1:
        raise SystemExit("capture.py: --batch must be >= 1")
    if a.phase == "decode":
        if a.prompt is not None:
            raise SystemExit("capture.py: --prompt is a prefill option")
        n_new, context = 1, a.context or min(DEFAULT_CONTEXT, max_pos)
    else:
        n_new = a.prompt or a.context or min(DEFAULT_CONTEXT, max_pos)
        context = a.context or n_new
    if n_new < 1 or context < n_new:
        raise SystemExit("capture.py: need 1 <= prompt <= context")
    if mt != "hgrn_bit" and context > max_pos:
        raise SystemExit(f"capture.py: context {context} exceeds max_position_embeddings {max_pos}")
    name = a.model_name or re.sub(r"\.json$", "", os.path.basename(a.config))

    TRACER.__init__()
    if a.backend == "transformers":
        head, ops = capture_transformers(a.config, cfg, a.batch, n_new, context, a.device, dtype)
        family, layers, params = head["family"], head["layers"], head["params"]
        if mt == "hgrn_bit":
            context = 0
    else:
        if mt == "hgrn_bit":
            model: nn.Module = HGRNBitModel(cfg)
        else:
            model = TransformerModel(cfg)
        model = model.to(device=a.device, dtype=dtype).eval()
        tied = {}
        if isinstance(model, TransformerModel) and model.tied:
            tied[id(model.lm_head.weight)] = "model.embed_tokens.weight"
        dense = None
        if isinstance(model, TransformerModel):
            dense = "bf16"
        handles = install_hooks(model, tied=tied, dense_dtype=dense)
        if isinstance(model, TransformerModel):
            # the full-precision lm_head's dtype as ternsim states it
            head_dtype = model.head_dtype

            def head_fix(m: nn.Module, inputs: Any, output: Any) -> None:
                if TRACER.enabled and TRACER.ops and TRACER.ops[-1]["id"] == "lm_head.matvec":
                    TRACER.ops[-1]["weightDtype"] = head_dtype
                    op = TRACER.ops[-1]
                    op["weightBytes"] = weight_bytes(head_dtype, op["dIn"], op["dOut"])

            handles.append(model.lm_head.register_forward_hook(head_fix))
        vocab = int(cfg["vocab_size"])
        with torch.no_grad():
            TRACER.enabled = True
            tokens = torch.randint(0, vocab, (a.batch, n_new), device=a.device)
            if isinstance(model, HGRNBitModel):
                model.step(tokens, n_new, context)
                context = 0  # recurrent: no cache
            else:
                model.step(tokens, n_new, context)
            TRACER.enabled = False
        for h in handles:
            h.remove()
        family, layers, params = model.family, len(model.model.layers), model.param_counts()
        ops = TRACER.ops

    T = a.batch * n_new
    header = {
        "format": TRACE_FORMAT,
        "version": TRACE_VERSION,
        "model": name,
        "family": family,
        "phase": a.phase,
        "batch": T,
        "sequences": a.batch,
        "context": context,
        "layers": layers,
        "ops": len(ops),
        "params": {k: int(params[k]) for k in PARAM_KEYS},
    }
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(header, separators=(",", ":")) + "\n")
        for op in ops:
            fh.write(json.dumps(op, separators=(",", ":")) + "\n")
    os.replace(tmp, a.out)
    print(f"capture.py: wrote {a.out}: {name} ({family}) {a.phase}, batch {T}, context {context}, {len(ops)} ops", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
