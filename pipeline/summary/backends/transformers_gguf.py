"""transformers/torch on the packaged GGUF: the design's stack, and the
fallback where llama-cpp-python is not installed.

transformers reads a GGUF by dequantizing it (Qwen2.5-1.5B: ≈ 3.1 GB of
bf16 weights, 5.5 GB peak RSS and minutes on 2 cores), so the first load
saves the dequantized model into ``cache_dir/transformers/`` as
safetensors (atomically: a temporary folder renamed when complete) and
every later load reads that folder.

Output is constrained to the JSON schema with xgrammar when it is
installed; without it the stage's parse-and-retry catches bad JSON. The
time limit is a stopping criterion checked after every token.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import ErrorCode, ModelError, ProcessingError
from pipeline.summary.engine import Completion, GenerationTimeout, Message, TokenHook, check_deadline

log = logging.getLogger(__name__)

GENERATOR = "transformers"
_COMPLETE_MARKER = "callbrief-dequantized.json"


def is_installed() -> bool:
    return importlib.util.find_spec("transformers") is not None and importlib.util.find_spec("torch") is not None


def dequantized_dir(gguf_path: Path, cache_dir: Path) -> Path:
    """Where the dequantized copy of ``gguf_path`` lives (name and size identify the file)."""
    return cache_dir / "transformers" / f"{gguf_path.stem}-{gguf_path.stat().st_size}-bf16"


class TransformersSummarizer:
    name = GENERATOR

    def __init__(self, gguf_path: Path, cache_dir: Path, *, context_tokens: int, threads: int) -> None:
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise ModelError("transformers and torch are not installed", code=ErrorCode.MODEL_MISSING) from exc
        started = time.perf_counter()
        self._threads = threads
        try:
            weights = _ensure_dequantized(gguf_path, cache_dir)
            self._tokenizer = AutoTokenizer.from_pretrained(weights, local_files_only=True)
            self._model = AutoModelForCausalLM.from_pretrained(weights, dtype=torch.bfloat16, local_files_only=True)
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            raise ModelError(
                f"could not load {gguf_path.name} with transformers: {exc}", code=ErrorCode.MODEL_LOAD_FAILED
            ) from exc
        self._model.eval()
        self.model = gguf_path.stem
        self.context_tokens = context_tokens
        self._lock = threading.Lock()
        self._grammars = _Grammars.create(self._tokenizer, self._model.config.vocab_size)
        log.info(
            "transformers loaded %s in %.1f s (constrained JSON: %s)",
            self.model,
            time.perf_counter() - started,
            "xgrammar" if self._grammars else "no, parse and retry",
        )

    def count_tokens(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False))

    def complete(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        *,
        max_tokens: int,
        deadline: float,
        on_token: TokenHook | None = None,
    ) -> Completion:
        import torch
        from transformers import LogitsProcessorList, StoppingCriteriaList

        check_deadline(deadline)
        chat = [{"role": m.role, "content": m.content} for m in messages]
        inputs = self._tokenizer.apply_chat_template(
            chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
        )
        prompt_tokens = int(inputs["input_ids"].shape[1])
        processors = LogitsProcessorList()
        if self._grammars is not None:
            processors.append(self._grammars.processor(schema))
        past_deadline = _Deadline(deadline, prompt_tokens, on_token)
        with self._lock:
            # torch's thread count is per process: set it for this call only,
            # the diarization stage in the same worker wants its own.
            threads_before = torch.get_num_threads()
            torch.set_num_threads(self._threads)
            started = time.perf_counter()
            try:
                with torch.inference_mode():
                    output = self._model.generate(
                        **inputs,
                        max_new_tokens=max_tokens,
                        do_sample=False,
                        temperature=None,
                        top_p=None,
                        top_k=None,
                        logits_processor=processors,
                        stopping_criteria=StoppingCriteriaList([past_deadline]),
                        pad_token_id=self._tokenizer.pad_token_id or self._tokenizer.eos_token_id,
                    )
            except (RuntimeError, ValueError) as exc:
                raise ProcessingError(f"transformers generation failed: {type(exc).__name__}", code=ErrorCode.STAGE_FAILED) from exc
            finally:
                torch.set_num_threads(threads_before)
            seconds = time.perf_counter() - started
        if past_deadline.fired:
            raise GenerationTimeout("the summary took longer than its time limit")
        new_tokens = output[0, prompt_tokens:]
        stopped_on_eos = bool(len(new_tokens)) and int(new_tokens[-1]) in _eos_ids(self._model, self._tokenizer)
        finish_reason = "length" if len(new_tokens) >= max_tokens and not stopped_on_eos else "stop"
        text = self._tokenizer.decode(new_tokens, skip_special_tokens=True)
        return Completion(text, finish_reason, prompt_tokens, len(new_tokens), seconds)


class _Deadline:
    """A transformers stopping criterion, checked after every token: stop once
    the time budget is spent; report progress on the way."""

    def __init__(self, deadline: float, prompt_tokens: int, on_token: TokenHook | None) -> None:
        self.deadline = deadline
        self.prompt_tokens = prompt_tokens
        self.on_token = on_token
        self.fired = False

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        if self.on_token is not None:
            self.on_token(int(input_ids.shape[1]) - self.prompt_tokens)
        self.fired = time.monotonic() >= self.deadline
        return torch.full((input_ids.shape[0],), self.fired, dtype=torch.bool, device=input_ids.device)


class _Grammars:
    """xgrammar JSON-schema grammars for one tokenizer, compiled once per schema."""

    def __init__(self, compiler: Any) -> None:
        self._compiler = compiler
        self._compiled: dict[str, Any] = {}

    @classmethod
    def create(cls, tokenizer: Any, vocab_size: int) -> _Grammars | None:
        try:
            import xgrammar
        except ImportError:
            return None
        info = xgrammar.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab_size)
        return cls(xgrammar.GrammarCompiler(info))

    def processor(self, schema: dict[str, Any]) -> Any:
        import xgrammar.contrib.hf

        # Not sort_keys: property order is generation order.
        key = json.dumps(schema)
        if key not in self._compiled:
            self._compiled[key] = self._compiler.compile_json_schema(key, any_whitespace=False)
        # A processor holds one generation's matcher state: a new one per call.
        return xgrammar.contrib.hf.LogitsProcessor(self._compiled[key])


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    ids = model.generation_config.eos_token_id
    found = set(ids if isinstance(ids, list) else [ids] if ids is not None else [])
    if tokenizer.eos_token_id is not None:
        found.add(tokenizer.eos_token_id)
    return found


def _ensure_dequantized(gguf_path: Path, cache_dir: Path) -> Path:
    target = dequantized_dir(gguf_path, cache_dir)
    if (target / _COMPLETE_MARKER).is_file():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    log.info("dequantizing %s for transformers once (minutes; about 2x the GGUF's size in RAM)", gguf_path.name)
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf_path.parent, gguf_file=gguf_path.name, local_files_only=True)
        # dequantize=True: plain dense layers that save as ordinary safetensors.
        # Without it transformers keeps the blocks packed and looks for a matmul
        # kernel on the model hub (never reachable here), then unpacks the
        # weights again on every forward pass.
        model = AutoModelForCausalLM.from_pretrained(
            gguf_path.parent,
            gguf_file=gguf_path.name,
            dtype=torch.bfloat16,
            quantization_config=GgufConfig(dequantize=True),
            local_files_only=True,
        )
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        del model
        (tmp / _COMPLETE_MARKER).write_text(json.dumps({"gguf": gguf_path.name, "size": gguf_path.stat().st_size}))
        if target.exists():  # an incomplete folder from an older crash
            shutil.rmtree(target)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    log.info("dequantized %s in %.0f s", gguf_path.name, time.perf_counter() - started)
    return target
