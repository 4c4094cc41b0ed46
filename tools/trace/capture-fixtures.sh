#!/usr/bin/env bash
# Regenerates test/fixtures/traces/captured/ (the traces test/workload/captured-traces.test.ts
# compares with ternsim's own op graphs): tools/trace/capture.py on randomly initialised models of
# every family, decode and prefill, builtin backend (bf16 on the GPU; the tiny BitNet on the CPU),
# and three partial traces through Hugging Face transformers (hf-*). Usage: capture-fixtures.sh DIR
set -euo pipefail
export PYTHONUNBUFFERED=1
D=${1:?usage: capture-fixtures.sh DIR}
mkdir -p "$D"
Z=src/workload/zoo
F=test/fixtures/traces
C=tools/trace/capture.py
python3 -c 'import torch, transformers; print("torch", torch.__version__, "transformers", transformers.__version__, "cuda", torch.cuda.is_available())'
python3 $C --config $F/tiny-llama.config.json --out "$D/tiny-llama-decode.jsonl" --context 40 --batch 2
python3 $C --config $F/tiny-llama.config.json --out "$D/tiny-llama-prefill.jsonl" --phase prefill --prompt 8 --context 20 --batch 3
python3 $C --config $F/tiny-bitnet.config.json --out "$D/tiny-bitnet-decode.jsonl" --context 17 --device cpu
python3 $C --config $F/tiny-hgrn-bit.config.json --out "$D/tiny-hgrn-prefill.jsonl" --phase prefill --prompt 5 --batch 2
python3 $C --config $Z/mmfree-370m.config.json --out "$D/mmfree-370m-decode.jsonl" --model-name mmfree-370m
python3 $C --config $Z/bitnet-b1.58-700m.config.json --out "$D/bitnet-700m-decode.jsonl" --context 64 --model-name bitnet-b1.58-700m
python3 $C --config $Z/bitnet-b1.58-2b-4t.config.json --out "$D/bitnet-2b4t-decode.jsonl" --context 128 --batch 2 --model-name bitnet-b1.58-2b-4t
python3 $C --config $Z/llama-370m.config.json --out "$D/llama-370m-prefill.jsonl" --phase prefill --prompt 16 --context 32 --batch 2 --model-name llama-370m
python3 $C --config $Z/llama-2-7b.config.json --out "$D/llama-2-7b-decode.jsonl" --context 256 --model-name llama-2-7b
python3 $C --config $F/tiny-llama.config.json --out "$D/hf-tiny-llama-decode.jsonl" --backend transformers --context 12
python3 $C --config $Z/llama-370m.config.json --out "$D/hf-llama-370m-prefill.jsonl" --backend transformers --phase prefill --prompt 8 --context 24
python3 $C --config $Z/bitnet-b1.58-700m.config.json --out "$D/hf-bitnet-700m-decode.jsonl" --backend transformers --context 16 || echo "hf bitnet capture failed (transformers may not know this config)"
ls -la "$D"
